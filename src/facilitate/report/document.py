"""The report laid out as a list of blocks (headings, paragraphs, lists, tables, charts).

Every document format renders these same blocks, so the Markdown, HTML, ODT and DOCX reports
say the same things in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitate.i18n import t
from facilitate.report.model import Report


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    label: str = ""
    style: str = ""  # "", "note", "flag"


@dataclass
class Bullets:
    items: list[str]
    style: str = ""


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    flags: list[bool] = field(default_factory=list)


@dataclass
class Chart:
    kind: str  # "votes", "participation", "shared"
    title: str


Block = Heading | Para | Bullets | Grid | Chart


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def layout(r: Report) -> list[Block]:
    """The report's blocks in reading order: what was agreed comes before how it was reached."""
    lang = r.lang

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    f = r.facts
    out: list[Block] = [Heading(1, f.title)]
    facts = [
        (tr("report.date"), f.date),
        (tr("report.venue"), f.venue),
        (tr("report.venue_host"), f.venue_host),
        (tr("report.format"), f.format_name),
        (tr("report.facilitator"), f.facilitator),
        (tr("report.project"), f.project),
        (tr("report.participants"), str(f.participants)),
    ]
    out += [Para(value, label=label) for label, value in facts if value]
    out.append(
        Para(
            tr(
                "report.summary_line",
                decisions=len(r.decisions),
                open=len(r.open_tensions),
                actions=len(r.actions),
                proposals=len(r.proposals),
            ),
            label=tr("report.summary"),
        )
    )
    if r.anonymised:
        out.append(Para(tr("report.anonymised"), style="note"))

    # what was agreed, what still divides, who does what ---------------------------------------
    out.append(Heading(2, tr("report.agreements")))
    if r.decisions:
        out.append(Heading(3, tr("report.decisions")))
        out.append(
            Bullets(
                [
                    d.text
                    + " ("
                    + tr("report.decided_by", method=d.method)
                    + (", " + tr("report.on_proposal", title=d.proposal) if d.proposal else "")
                    + (", " + tr("report.votes_n", n=d.votes) if d.votes is not None else "")
                    + ")"
                    + (
                        " — " + tr("deciding.report.objections", lines="; ".join(d.objections))
                        if d.objections
                        else ""
                    )
                    for d in r.decisions
                ]
            )
        )
    if r.adopted:
        out.append(Heading(3, tr("report.adopted")))
        out.append(Bullets([f"{p.title} ({tr('report.votes_n', n=p.votes)})" for p in r.adopted]))
    if r.agreements:
        out.append(Heading(3, tr("report.agreed_in_room")))
        out.append(Bullets([i.text for i in r.agreements]))
    if not (r.decisions or r.adopted or r.agreements):
        out.append(Para(tr("report.none")))

    out.append(Heading(2, tr("report.tensions")))
    tension_headers = [
        tr("report.tension"),
        tr("report.category"),
        tr("report.between"),
        tr("report.status"),
        tr("report.outcome"),
    ]

    def tension_row(x: object) -> list[str]:
        from facilitate.report.model import TensionItem

        assert isinstance(x, TensionItem)
        about = x.about
        if x.objection_to:
            about += " — " + tr("report.objection_to", title=x.objection_to)
        outcome = x.outcome
        if x.amendment:  # an objection integrated: the amendment that answers it
            amended = tr("deciding.report.amendment", text=x.amendment)
            outcome = (outcome + " — " if outcome else "") + amended
        if x.answered_by:
            outcome = (outcome + " — " if outcome else "") + tr(
                "report.answered_by", titles="; ".join(x.answered_by)
            )
        status = f"{x.status} ({x.ending})" if x.ending else x.status
        return [about, x.category, ", ".join(x.between), status, outcome]

    open_t = r.open_tensions
    closed_t = [x for x in r.tensions if not x.still_open]
    out.append(Heading(3, tr("report.open_tensions")))
    if open_t:
        out.append(Grid(tension_headers, [tension_row(x) for x in open_t], [True] * len(open_t)))
    else:
        out.append(Para(tr("report.none")))
    if closed_t:
        out.append(Heading(3, tr("report.closed_tensions")))
        out.append(Grid(tension_headers, [tension_row(x) for x in closed_t]))
    if r.blockages:
        out.append(Heading(3, tr("report.blockages")))
        out.append(
            Grid(
                [tr("report.blockage"), tr("report.reason"), tr("report.answer"), tr("report.who")],
                [[b.text, b.reason, b.answer, b.author] for b in r.blockages],
            )
        )

    out.append(Heading(2, tr("report.actions")))
    if r.actions:
        out.append(
            Grid(
                [tr("report.what"), tr("report.who"), tr("report.due")],
                [
                    [a.what + (f" ({tr('report.done')})" if a.done else ""), a.owner, a.due]
                    for a in r.actions
                ],
            )
        )
    else:
        out.append(Para(tr("report.none")))

    out.append(Heading(2, tr("report.proposals")))
    if r.proposals:
        out.append(
            Grid(
                [
                    tr("report.rank"),
                    tr("report.proposal"),
                    tr("report.votes"),
                    tr("report.status"),
                    tr("report.origin"),
                    tr("report.answers_tensions"),
                ],
                [
                    [
                        str(p.rank),
                        p.title + (" — " + p.text if p.text else ""),
                        str(p.votes),
                        p.status,
                        p.origin,
                        "; ".join(p.tensions),
                    ]
                    for p in r.proposals
                ],
            )
        )
        if any(v for _, v in r.charts.votes):
            out.append(Chart("votes", tr("report.chart_votes")))
    else:
        out.append(Para(tr("report.none")))

    # how it was reached -------------------------------------------------------------------------
    out.append(Heading(2, tr("report.agenda")))
    out.append(
        Grid(
            [tr("report.step"), tr("report.kind"), tr("report.planned"), tr("report.actual")],
            [
                [
                    a.title,
                    a.kind,
                    tr("report.minutes", n=_num(a.planned_min)),
                    tr("report.minutes", n=_num(a.actual_min))
                    if a.actual_min is not None
                    else tr("report.not_run"),
                ]
                for a in r.agenda
            ],
            [a.over for a in r.agenda],
        )
    )

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
                        m.actor + (f" — {m.structure}, {m.territory}" if m.structure else ""),
                        m.purpose,
                        m.serves,
                        m.interest,
                    ]
                    for m in r.meaning
                ],
            )
        )

    if r.tables:
        out.append(Heading(2, tr("report.tables")))
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
                    out.append(Bullets([_said(i.kind, i.text, i.author) for i in rnd.said]))
            if tb.outside:
                out.append(Heading(4, tr("report.outside_rounds")))
                out.append(Bullets([_said(i.kind, i.text, i.author) for i in tb.outside]))

    if r.plenary:
        out.append(Heading(2, tr("report.plenary")))
        for group in r.plenary:
            out.append(Heading(3, group.title))
            out.append(Bullets([_said(i.kind, i.text, i.author) for i in group.items]))

    if r.forum:
        out.append(Heading(2, tr("report.forum")))
        for topic in r.forum:
            out.append(Heading(3, topic.title))
            details = [
                (tr("report.convener"), topic.convener),
                (tr("report.slot"), "" if topic.slot is None else str(topic.slot)),
                (tr("report.space"), topic.space),
                (tr("report.attendance"), ", ".join(topic.attendance)),
            ]
            out += [Para(v, label=k) for k, v in details if v]
            out.append(
                Para(topic.report or tr("report.no_report"), style="" if topic.report else "note")
            )

    if r.debates:
        out.append(Heading(2, tr("report.debates")))
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
                    )
                )
            if d.movers:
                towards = ", ".join(
                    tr("deciding.report.towards", n=n, side=s) for s, n in d.towards
                )
                out.append(
                    Heading(4, tr("deciding.report.movers", n=len(d.movers), towards=towards))
                )
                out.append(
                    Bullets(
                        [
                            tr("report.moved_to", who=m.who, side=m.after)
                            + (" — " + tr("report.because", why=m.because) if m.because else "")
                            for m in d.movers
                        ]
                    )
                )
            if d.arguments:
                out.append(Heading(4, tr("report.arguments")))
                sep = " : " if lang == "fr" else ": "
                out.append(
                    Bullets(
                        [
                            f"{a.side}{sep}{a.text}"
                            + (f" ({tr('report.moved_n', n=a.moved)})" if a.moved else "")
                            for a in d.arguments
                        ]
                    )
                )

    # the cooperation lens ---------------------------------------------------------------------
    c = r.cooperation
    out.append(Heading(2, tr("report.cooperation")))
    out.append(Heading(3, tr("report.balance")))
    out.append(
        Grid(
            [tr("report.territory"), tr("report.count")],
            [[x.label, str(x.count)] for x in f.by_territory],
        )
    )
    out.append(
        Grid(
            [tr("report.power"), tr("report.count")], [[x.label, str(x.count)] for x in f.by_power]
        )
    )
    out.append(Chart("participation", tr("report.chart_participation")))
    if c.warnings:
        out.append(Heading(3, tr("report.warnings")))
        out.append(Bullets(c.warnings, style="flag"))
    if any(any(row.values()) for row in c.matrix.values()):
        out.append(Heading(3, tr("report.matrix")))
        out.append(
            Grid(
                [tr("report.territory"), *c.tags],
                [[terr, *(str(c.matrix[terr][g]) for g in c.tags)] for terr in c.territories],
            )
        )
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
    if len(r.charts.shared_territories) > 1 and r.charts.shared:
        out.append(Chart("shared", tr("report.chart_shared")))
    out.append(Heading(3, tr("report.credits")))
    out.append(
        Grid(
            [
                tr("report.structure"),
                tr("report.territory"),
                tr("report.credit_people"),
                tr("report.credit_contributions"),
                tr("report.credit_proposals"),
                tr("report.credit_tensions"),
                tr("report.credit_tables"),
                tr("report.credit_actions"),
                tr("report.credit_meaning"),
            ],
            [
                [
                    x.structure,
                    x.territory,
                    str(x.people),
                    str(x.contributions),
                    str(x.proposals),
                    str(x.tensions),
                    str(x.tables_hosted),
                    str(x.actions),
                    str(x.meaning),
                ]
                for x in c.credits
            ],
        )
    )
    if c.followers:
        out.append(Heading(3, tr("report.followers")))
        out.append(Bullets(c.followers))
    out.append(Heading(3, tr("report.time")))
    if c.time_over:
        out.append(Para(tr("report.time_over"), style="flag"))
        out.append(
            Bullets(
                [
                    f"{a.title}: {tr('report.minutes', n=_num(a.actual_min))} / "
                    f"{tr('report.minutes', n=_num(a.planned_min))}"
                    for a in c.time_over
                ],
                style="flag",
            )
        )
    else:
        out.append(Para(tr("report.no_time_over")))
    if c.territory_minutes:
        out.append(Para(tr("report.territory_time")))
        out.append(
            Grid(
                [tr("report.territory"), tr("report.actual")],
                [[x, tr("report.minutes", n=_num(m))] for x, m in c.territory_minutes],
            )
        )
    v = c.next_venue
    if v.suggested_territory or v.suggested_structure:
        out.append(Heading(3, tr("report.next_venue")))
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
    out.append(Para(tr("report.generated", when=r.generated), style="note"))
    return out


def _said(kind: str, text: str, author: str) -> str:
    return f"({kind}) {text}" + (f" — {author}" if author else "")
