"""The partner report: what an elected official or a partner's staff reads after the session.

What was agreed and how, the tensions with where they came from and between whom, proposals,
actions, what each partner brought, the time and the next venue. Nothing internal to the
facilitation (set-up warnings, followers, moderation): that is in the facilitator's notes.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitate.i18n import nt, t
from facilitate.i18n.reporting import day, duration, minutes, moment, plural
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
from facilitate.report.grids import agreement_part, grid_part
from facilitate.report.model import Item, ProposalItem, Report, TensionItem, Where
from facilitate.report.statements import statements_blocks

Tr = Callable[..., str]


def where_parts(w: Where, lang: str, *, author: bool = True) -> list[str]:
    """Where a record came from, as short phrases: the step, the table and round, the phone."""
    parts = [w.step] if w.step else []
    if w.table:
        parts.append(
            t("report.table_round", lang, table=w.table, n=w.round) if w.round else w.table
        )
    if w.phone:
        parts.append(
            t("report.from_phone_named", lang, name=w.author)
            if w.author and author
            else t("report.from_phone", lang)
        )
    elif w.author and author:
        parts.append(w.author)
    return parts


def said(item: Item, lang: str) -> str:
    """One line of a conversation: "(idée) text — author"."""
    who = item.author
    return f"({item.kind}) {item.text}" + (f" — {who}" if who else "")


def _facts(r: Report, tr: Tr) -> list[Block]:
    f, lang = r.facts, r.lang
    structures = len({s for p in r.presence for s in p.structures})
    territories = len([p for p in r.presence if p.territory != t("report.unknown", lang)])
    who = tr(
        "report.who_came_line",
        people=plural("report.n_participants", f.participants, lang),
        structures=plural("report.n_structures", structures, lang),
        territories=plural("report.n_territories", territories, lang),
    )
    facts = [
        (tr("report.date"), day(f.date, lang)),
        (tr("report.venue"), f.venue),
        (tr("report.venue_host"), f.venue_host),
        (tr("report.format"), f.format_name),
        (tr("report.facilitator"), f.facilitator),
        (tr("report.project"), f.project),
        (tr("report.participants"), who),
    ]
    out: list[Block] = [Para(value, label=label) for label, value in facts if value]
    glance = tr(
        "report.at_a_glance",
        decisions=plural("report.n_decisions", len(r.decisions), lang),
        open=plural("report.n_open_tensions", len(r.open_tensions), lang),
        actions=plural("report.n_actions", len(r.actions), lang),
        proposals=plural("report.n_proposals", len(r.proposals), lang),
    )
    out.append(Para(glance, label=tr("report.summary"), style="lead"))
    if r.anonymised:
        out.append(Para(tr("report.anonymised"), style="note"))
    return out


def _agreements(r: Report, tr: Tr) -> list[Block]:
    lang = r.lang
    out: list[Block] = [Heading(2, tr("report.agreements"))]
    if r.decisions:
        out.append(Heading(3, tr("report.decisions")))
        lines = []
        for d in r.decisions:
            how = [tr("report.decided_line", method=d.method)]
            if d.proposal:
                how.append(tr("report.on_proposal_q", title=d.proposal))
            if d.votes is not None:
                how.append(plural("report.n_votes", d.votes, lang))
            line = f"{d.text} ({', '.join(how)})"
            if d.objections:  # how each objection to the proposal ended
                line += " — " + tr("deciding.report.objections", lines="; ".join(d.objections))
            lines.append(line)
        out.append(Bullets(lines))
    if r.adopted:
        out.append(Heading(3, tr("report.adopted")))
        out.append(
            Bullets([f"{p.title} ({plural('report.n_votes', p.votes, lang)})" for p in r.adopted])
        )
    if r.agreements:
        out.append(Heading(3, tr("report.agreed_in_room")))
        out.append(Bullets([i.text for i in r.agreements]))
    if not (r.decisions or r.adopted or r.agreements):
        out.append(Para(tr("report.no_agreement")))
    return out


def _tension_row(x: TensionItem, lang: str) -> list[str]:
    about = x.about
    if x.objection_to:
        about += "\n" + t("report.objection_by", lang, title=x.objection_to)
    if x.between:
        between = ", ".join(x.between)
    elif x.at_table:
        between = (
            t("report.not_said", lang)
            + " — "
            + t("report.at_the_table", lang, names=", ".join(x.at_table))
        )
    else:
        between = t("report.not_said", lang)
    origin = where_parts(x.where, lang)
    if not x.where.table and x.credited:
        origin.append(", ".join(x.credited))
    state = [f"{x.status} ({x.ending})" if x.ending else x.status]  # an objection's ending
    if x.outcome:
        state.append(x.outcome)
    if x.amendment:
        state.append(t("deciding.report.amendment", lang, text=x.amendment))
    if x.answered_by:
        state.append(t("report.answered_by", lang, titles="; ".join(x.answered_by)))
    return [about, x.category, between, "\n".join(origin) or "–", "\n".join(state)]


def _tensions(r: Report, tr: Tr) -> list[Block]:
    headers = [
        tr("report.tension"),
        tr("report.category"),
        tr("report.between"),
        tr("report.where_from"),
        tr("report.state"),
    ]
    out: list[Block] = [Heading(2, tr("report.tensions")), Heading(3, tr("report.open_tensions"))]
    open_t = r.open_tensions
    closed = [x for x in r.tensions if not x.still_open]
    if open_t:
        out.append(
            Grid(
                headers,
                [_tension_row(x, r.lang) for x in open_t],
                [True] * len(open_t),
                strong=[0],
            )
        )
    else:
        out.append(Para(tr("report.no_open_tension")))
    if closed:
        out.append(Heading(3, tr("report.closed_tensions")))
        out.append(Grid(headers, [_tension_row(x, r.lang) for x in closed], strong=[0]))
    if len(r.charts.shared_territories) > 1 and r.charts.shared:
        out.append(Chart("shared", tr("report.chart_shared")))
    if r.blockages:
        out.append(Heading(3, tr("report.blockages")))
        out.append(
            Grid(
                [
                    tr("report.blockage"),
                    tr("report.reason"),
                    tr("report.answer"),
                    tr("report.where_from"),
                ],
                [
                    [b.text, b.reason, b.answer, "\n".join(where_parts(b.where, r.lang)) or "–"]
                    for b in r.blockages
                ],
            )
        )
    return out


def _actions(r: Report, tr: Tr) -> list[Block]:
    out: list[Block] = [Heading(2, tr("report.actions"))]
    if not r.actions:
        return [*out, Para(tr("report.no_action"))]
    rows = []
    for a in r.actions:
        what = a.what + (f" ({tr('report.done_yes')})" if a.done else "")
        if a.proposal:
            what += "\n" + tr("report.on_proposal_q", title=a.proposal)
        rows.append([what, a.owner, day(a.due, r.lang) if a.due else "–"])
    return [*out, Grid([tr("report.what"), tr("report.who"), tr("report.due")], rows)]


def _proposal_row(p: ProposalItem, lang: str) -> list[str]:
    text = p.title + (f"\n{p.text}" if p.text else "")
    if p.tensions:
        text += "\n" + t("report.answers", lang, titles="; ".join(p.tensions))
    origin = where_parts(p.where, lang)
    if not p.where.table and p.origin:
        origin.append(p.origin)
    if not p.where.table and p.credited:
        origin.append(", ".join(p.credited))
    return [str(p.rank), text, str(p.votes), p.status, "\n".join(origin) or "–"]


def _proposals(r: Report, tr: Tr) -> list[Block]:
    out: list[Block] = [Heading(2, tr("report.proposals"))]
    if not r.proposals:
        return [*out, Para(tr("report.no_proposal"))]
    headers = [
        tr("report.rank"),
        tr("report.proposal"),
        tr("report.votes_short"),
        tr("report.status"),
        tr("report.where_from"),
    ]
    rows = [_proposal_row(p, r.lang) for p in r.proposals]
    out.append(Grid(headers, rows, numeric=[0, 2], strong=[1]))
    if any(v for _, v in r.charts.votes):
        out.append(Chart("votes", tr("report.chart_votes")))
    return out


def _debates(r: Report, tr: Tr) -> list[Block]:
    if not r.debates:
        return []
    out: list[Block] = [Heading(2, tr("report.debates"))]
    sep = label_sep(r.lang)
    for d in r.debates:
        out.append(Heading(3, d.statement))
        if d.rounds:
            sides = list(d.rounds[0][1])
            out.append(
                Grid(
                    [tr("report.positions"), *sides],
                    [
                        [tr("report.round", n=n), *(str(c.get(s, 0)) for s in sides)]
                        for n, c in d.rounds
                    ],
                    numeric=list(range(1, len(sides) + 1)),
                )
            )
        if d.movers:  # how many crossed the room, and to which side (names: the notes)
            towards = ", ".join(tr("deciding.report.towards", n=n, side=s) for s, n in d.towards)
            out.append(Para(tr("deciding.report.movers", n=len(d.movers), towards=towards)))
        if d.arguments:
            out.append(Heading(4, tr("report.arguments")))
            out.append(
                Bullets(
                    [
                        f"{a.side}{sep}{a.text}"
                        + (f" ({plural('report.n_moved', a.moved, r.lang)})" if a.moved else "")
                        for a in d.arguments
                    ]
                )
            )
    return out


def _meaning(r: Report, tr: Tr) -> list[Block]:
    out: list[Block] = []
    if r.meaning:
        out.append(Heading(2, tr("report.meaning")))
        out.append(
            Grid(
                [
                    tr("report.actor"),
                    tr("report.purpose"),
                    tr("report.serves"),
                    tr("report.interest"),
                ],
                [
                    [
                        m.actor + (f"\n{m.structure}, {m.territory}" if m.structure else ""),
                        m.purpose,
                        m.serves,
                        m.interest,
                    ]
                    for m in r.meaning
                ],
                strong=[0],
            )
        )
    c = r.cooperation
    if any(any(row.values()) for row in c.matrix.values()):
        out.append(Heading(3, tr("report.matrix")))
        out.append(
            Grid(
                [tr("report.territory"), *c.tags],
                [[x, *(str(c.matrix[x][g]) for g in c.tags)] for x in c.territories],
                numeric=list(range(1, len(c.tags) + 1)),
            )
        )
    return out


def _tables(r: Report, tr: Tr) -> list[Block]:
    if not r.tables:
        return []
    out: list[Block] = [Heading(2, tr("report.tables"))]
    for tb in r.tables:
        out.append(Heading(3, tb.name))
        if tb.topic:
            out.append(Para(tb.topic, label=tr("report.topic")))
        if tb.host:
            out.append(Para(tb.host, label=tr("report.host")))
        for rnd in tb.rounds:
            out.append(Heading(4, tr("report.round", n=rnd.number)))
            if rnd.question:
                out.append(Para(rnd.question, label=tr("report.question")))
            if rnd.seated:
                out.append(Para(", ".join(rnd.seated), label=tr("report.seated")))
            if rnd.said:
                out.append(Bullets([said(i, r.lang) for i in rnd.said]))
        if tb.outside:
            out.append(Heading(4, tr("report.also_from_table")))
            out.append(
                Bullets(
                    [
                        said(i, r.lang) + (f" ({i.where.step})" if i.where.step else "")
                        for i in tb.outside
                    ]
                )
            )
    return out


def _plenary_and_forum(r: Report, tr: Tr) -> list[Block]:
    out: list[Block] = []
    if r.plenary:
        out.append(Heading(2, tr("report.plenary")))
        for group in r.plenary:
            out.append(Heading(3, group.title))
            out.append(Bullets([said(i, r.lang) for i in group.items]))
    if r.forum:
        out.append(Heading(2, tr("report.forum")))
        for topic in r.forum:
            out.append(Heading(3, topic.title))
            merged = ", ".join(topic.merged)
            details = [
                (nt("report.merged_topics", len(topic.merged), r.lang), merged),
                (tr("report.convener"), topic.convener),
                (tr("report.slot"), "" if topic.slot is None else str(topic.slot + 1)),
                (tr("report.space"), topic.space),
                (tr("report.attendance"), ", ".join(topic.attendance)),
            ]
            out += [Para(v, label=k) for k, v in details if v]
            out.append(
                Para(topic.report or tr("report.no_report"), style="" if topic.report else "note")
            )
    return out


def _credits(r: Report, tr: Tr) -> list[Block]:
    """Each structure, its people and what it brought, in words: "2 contributions,
    5 propositions, 1 action portée" (a wide grid of counts breaks on an A4 page)."""
    lang = r.lang
    headers = [
        tr("report.structure"),
        tr("report.territory"),
        tr("report.credit_people"),
        tr("report.brought"),
    ]
    rows = []
    for x in r.cooperation.credits:
        brought = [
            plural(f"report.n_{key}", n, lang)
            for key, n in (
                ("contributions", x.contributions),
                ("credited_proposals", x.proposals),
                ("credited_tensions", x.tensions),
                ("tables_hosted", x.tables_hosted),
                ("actions_owned", x.actions),
                ("meaning_answers", x.meaning),
            )
            if n
        ]
        rows.append(
            [x.structure, x.territory, str(x.people), ", ".join(brought) or tr("report.came")]
        )
    return [
        Heading(2, tr("report.credits")),
        Grid(headers, rows, numeric=[2], strong=[0]),
        Para(tr("report.credits_note"), style="note"),
    ]


def _time_and_venue(r: Report, tr: Tr) -> list[Block]:
    lang = r.lang
    out: list[Block] = [Heading(2, tr("report.agenda"))]
    out.append(
        Grid(
            [tr("report.step"), tr("report.kind"), tr("report.planned"), tr("report.actual")],
            [
                [
                    a.title,
                    a.kind,
                    minutes(a.planned_min, lang),
                    minutes(a.actual_min, lang)
                    if a.actual_min is not None
                    else tr("report.not_run"),
                ]
                for a in r.agenda
            ],
            [a.over for a in r.agenda],
            numeric=[2, 3],
        )
    )
    planned = sum(a.planned_min for a in r.agenda)
    actual = sum(a.actual_min or 0 for a in r.agenda)
    out.append(
        Para(tr("report.time_line", planned=duration(planned, lang), actual=duration(actual, lang)))
    )
    over = r.cooperation.time_over
    if over:
        out.append(Para(tr("report.time_over"), style="flag"))
        out.append(
            Bullets(
                [
                    f"{a.title}{label_sep(lang)}{minutes(a.actual_min, lang)} / "
                    f"{minutes(a.planned_min, lang)}"
                    for a in over
                ],
                style="flag",
            )
        )
    v = r.cooperation.next_venue
    if v.suggested_territory or v.suggested_structure:
        out.append(Heading(2, tr("report.next_venue")))
        out.append(
            Para(
                tr(
                    "report.next_venue_line",
                    territories=", ".join(v.territories) or "–",
                    territory=v.suggested_territory or "–",
                    structure=v.suggested_structure or "–",
                )
            )
        )
    return out


def partner_blocks(r: Report) -> list[Block]:
    """The partner report in reading order."""

    def tr(key: str, **values: object) -> str:
        return t(key, r.lang, **values)

    out: list[Block] = [Heading(1, r.facts.title)]
    for part in (
        _facts,
        _agreements,
        _tensions,
        _actions,
        _proposals,
        agreement_part,
        statements_blocks,
        _debates,
        grid_part,
        _meaning,
        _tables,
        _plenary_and_forum,
        _credits,
        _time_and_venue,
    ):
        out += part(r, tr)
    out.append(Para(tr("report.generated", when=moment(r.generated, r.lang)), style="note"))
    return typeset_blocks(out, r.lang)
