"""The facilitator's notes: what the facilitation team reads, and partners never receive.

Set-up warnings, the balance of powers and roles by territory, the followers to keep informed,
time per territory and where the agenda ran over, who moved in the debates, the moderation
log and, after an anonymised export, the words left alone for the facilitator to confirm.
"""

from __future__ import annotations

from facilitate.i18n import t
from facilitate.i18n.reporting import clock_time, day, minutes, moment, plural
from facilitate.report.document import (
    Block,
    Bullets,
    Chart,
    Grid,
    Heading,
    Para,
    label_sep,
    typeset_blocks,
)
from facilitate.report.grids import grid_notes
from facilitate.report.model import NotesReport, Report
from facilitate.report.statements import statements_notes


def _by_territory(
    heading: str, values: list[str], grid: dict[str, dict[str, int]], lang: str
) -> list[Block]:
    """Values down the side, territories across, a total column."""
    territories = list(grid)
    rows = []
    for v in values:
        counts = [grid[x].get(v, 0) for x in territories]
        if any(counts):
            rows.append([v, *(str(n) for n in counts), str(sum(counts))])
    totals = [sum(grid[x].values()) for x in territories]
    rows.append([t("notes.total", lang), *(str(n) for n in totals), str(sum(totals))])
    return [
        Heading(3, heading),
        Grid(
            ["", *territories, t("notes.total", lang)],
            rows,
            numeric=list(range(1, len(territories) + 2)),
        ),
    ]


def _moderation(n: NotesReport, lang: str) -> list[Block]:
    out: list[Block] = [Heading(2, t("notes.moderation", lang))]
    if not n.moderation:
        return [*out, Para(t("report.no_moderation", lang))]
    hidden = sum(1 for m in n.moderation if m.detail)
    if hidden:
        out.append(Para(plural("report.n_hidden", hidden, lang)))
    rows = [
        [f"{day(m.at, lang)}, {clock_time(m.at)}" if m.at else "–", m.what, m.detail]
        for m in n.moderation
    ]
    out.append(Grid([t("notes.when", lang), t("notes.what", lang), t("notes.detail", lang)], rows))
    return out


def _doubts(n: NotesReport, lang: str) -> list[Block]:
    out: list[Block] = [Heading(2, t("notes.doubts", lang))]
    out.append(Para(plural("report.n_doubts", len(n.doubts), lang), style="flag"))
    out.append(
        Grid(
            [
                t("notes.doubt_word", lang),
                t("notes.doubt_context", lang),
                t("notes.doubt_why", lang),
            ],
            [[d.word, d.context, t(f"notes.doubt.{d.why}", lang)] for d in n.doubts],
        )
    )
    return out


def notes_blocks(r: Report) -> list[Block]:
    """The facilitator's notes in reading order: what to watch first."""
    lang = r.lang

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    f, c = r.facts, r.cooperation
    n = r.notes or NotesReport([], {}, [], {}, {}, [])
    out: list[Block] = [Heading(1, tr("notes.title", title=f.title))]
    out.append(Para(tr("notes.internal"), style="flag"))
    for label, value in (
        (tr("report.date"), day(f.date, lang)),
        (tr("report.venue"), f.venue),
        (tr("report.participants"), plural("report.n_participants", f.participants, lang)),
    ):
        if value:
            out.append(Para(value, label=label))
    if r.anonymised:
        out.append(Para(tr("report.anonymised"), style="note"))

    out.append(Heading(2, tr("report.warnings")))
    out.append(Bullets(c.warnings, style="flag") if c.warnings else Para(tr("report.no_warning")))

    out.append(Heading(2, tr("notes.balance_powers")))
    out.append(
        Grid(
            [tr("report.territory"), tr("report.people"), tr("report.structures")],
            [[p.territory, str(p.people), str(len(p.structures))] for p in r.presence],
            numeric=[1, 2],
        )
    )
    if n.powers_by_territory:
        out += _by_territory(tr("notes.powers_by_territory"), n.powers, n.powers_by_territory, lang)
        out += _by_territory(tr("notes.roles_by_territory"), n.roles, n.roles_by_territory, lang)
    out.append(Chart("participation", tr("report.chart_participation")))
    if c.antagonisms:
        out.append(Heading(3, tr("report.antagonisms")))
        out.append(
            Grid(
                [
                    tr("report.actor"),
                    tr("report.territory"),
                    tr("report.tension"),
                    tr("report.status"),
                ],
                [[a.actor, a.territory, a.tension or a.serves, a.status] for a in c.antagonisms],
                [True] * len(c.antagonisms),
            )
        )

    out.append(Heading(2, tr("notes.followers_by_territory")))
    if n.followers:
        for territory, names in n.followers.items():
            out.append(Heading(3, f"{territory} ({len(names)})"))
            out.append(Bullets(names))
    else:
        out.append(Para(tr("report.no_follower")))

    out.append(Heading(2, tr("report.time")))
    if c.time_over:
        out.append(Para(tr("report.time_over"), style="flag"))
        out.append(
            Bullets(
                [
                    f"{a.title}{label_sep(lang)}{minutes(a.actual_min, lang)} / "
                    f"{minutes(a.planned_min, lang)}"
                    for a in c.time_over
                ],
                style="flag",
            )
        )
    else:
        out.append(Para(tr("report.no_time_over")))
    out.append(Heading(3, tr("notes.time_territory")))
    if c.territory_minutes:
        out.append(
            Grid(
                [tr("report.territory"), tr("report.actual")],
                [[x, minutes(m, lang)] for x, m in c.territory_minutes],
                numeric=[1],
            )
        )
    else:
        out.append(Para(tr("report.no_territory_time")))

    movers = [(d.statement, m) for d in r.debates for m in d.movers]
    if movers:
        out.append(Heading(2, tr("notes.who_moved")))
        out.append(
            Bullets(
                [
                    f"{tr('report.moved_to', who=m.who, side=m.after)}"
                    + (f" — {tr('report.because', why=m.because)}" if m.because else "")
                    + f" ({tr('report.round', n=m.round)} : {statement})"
                    for statement, m in movers
                ]
            )
        )

    out += statements_notes(r, tr)
    out += grid_notes(r, tr)
    out += _moderation(n, lang)
    if n.doubts:
        out += _doubts(n, lang)
    out.append(Para(tr("notes.generated", when=moment(r.generated, lang)), style="note"))
    return typeset_blocks(out, lang)
