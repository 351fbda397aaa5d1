"""Consolidate one session into a `Report`: pure, deterministic (the time is passed in)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from itertools import combinations

from facilitate.domain import cooperation as coop
from facilitate.domain.clock import iso
from facilitate.domain.deciding import moves, objection_end, objections_to, vote_key
from facilitate.domain.records import (
    Action,
    Argument,
    Contribution,
    ContributionKind,
    Decision,
    EngagementRole,
    EventKind,
    MatrixItem,
    MeaningAnswer,
    Position,
    PowerKind,
    Proposal,
    Round,
    Source,
    Table,
    Tension,
    TensionStatus,
    Topic,
    Vote,
)
from facilitate.domain.session import Session
from facilitate.i18n import pick, pt, t
from facilitate.report.anonymise import anonymise as anonymise_session
from facilitate.report.grids import agreement_reports, matrix_reports
from facilitate.report.model import (
    ActionItem,
    AgendaRow,
    Antagonism,
    ArgumentItem,
    Charts,
    CooperationReport,
    Count,
    DebateReport,
    DecisionItem,
    Doubt,
    Facts,
    Item,
    MeaningItem,
    Moderation,
    Mover,
    NotesReport,
    Presence,
    ProposalItem,
    Report,
    RoundReport,
    StepItems,
    TableReport,
    TensionItem,
    TopicReport,
    Where,
)
from facilitate.report.statements import statements_reports

CHART_BARS = 25  # the votes chart shows the first proposals; the table lists them all
STILL_OPEN = frozenset({TensionStatus.OPEN, TensionStatus.UNRESOLVED, TensionStatus.PARKED})


def build_report(
    session: Session,
    *,
    now: datetime,
    lang: str | None = None,
    anonymise: bool = False,
    doubts: list[Doubt] | None = None,
) -> Report:
    """The whole report of `session` in `lang` (default: the session's language).

    Hidden (moderated) records are left out of everything but the facilitator's moderation
    log. `doubts` are the words an anonymisation done beforehand left alone."""
    lang = lang or session.info.lang or "fr"
    if anonymise:
        session, doubts = anonymise_session(session)
    b = _Builder(session, lang, now, anonymised=anonymise or doubts is not None)
    proposals = b.proposals()
    by_id = {p.id: p for p in proposals}
    return Report(
        lang=lang,
        slug=session.info.slug,
        generated=iso(now),
        anonymised=anonymise or doubts is not None,
        facts=b.facts(),
        agenda=b.agenda(),
        tables=b.tables(),
        plenary=b.plenary(),
        forum=b.forum(),
        decisions=b.decisions(by_id),
        adopted=[p for p in proposals if p.status == pt("proposal", "status.adopted", lang)],
        agreements=[
            b.item(c) for c in session.contributions() if c.kind == ContributionKind.AGREEMENT
        ],
        tensions=b.tensions(),
        blockages=[b.item(c) for c in coop.blockages(session)],
        proposals=proposals,
        actions=b.actions(),
        debates=b.debates(),
        meaning=b.meaning(),
        cooperation=b.cooperation(),
        charts=b.charts(proposals),
        presence=b.presence(),
        notes=b.notes(doubts or []),
        statements=statements_reports(session, lang),
        matrices=matrix_reports(session, lang),
        gradients=agreement_reports(session, lang),
    )


def _counts(values: list[str]) -> list[Count]:
    counter = Counter(values)
    return [Count(k, n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


class _Builder:
    def __init__(
        self, session: Session, lang: str, now: datetime, *, anonymised: bool = False
    ) -> None:
        self.s, self.lang, self.now, self.anonymised = session, lang, now, anonymised
        self.people = {p.id: p for p in session.participants}
        self.unknown = t("report.unknown", lang)
        self.order = {st.id: i for i, st in enumerate(session.info.steps)}
        self.time = coop.time_report(session, now)
        self.seats = coop.Seats(session)
        self.table_names = {x.id: x.name for x in session.tables}

    # helpers -----------------------------------------------------------------------------------

    def step_title(self, step_id: str | None) -> str:
        st = self.s.info.step(step_id) if step_id else None
        return st.text("title", self.lang) if st else (step_id or "")

    def author(self, rec: Contribution | Tension | Proposal) -> str:
        p = self.people.get(rec.author) if rec.author is not None else None
        return p.name if p else rec.author_name

    def item(self, c: Contribution) -> Item:
        return Item(
            t(f"contribution.{c.kind.value}", self.lang),
            c.text,
            self.author(c),
            c.reason,
            c.answer,
            self.where(c),
        )

    def where(self, rec: Contribution | Tension | Proposal) -> Where:
        """Its step, table and round, and whether a phone sent it (with the name it gave)."""
        table = self.seats.table_of(rec)
        return Where(
            step=self.step_title(rec.step),
            table=self.table_names.get(table, "") if table is not None else "",
            round=rec.round,
            phone=rec.source == Source.PORTAL,
            author=self.author(rec),
        )

    def minutes(self, seconds: float) -> float:
        return round(seconds / 60, 1)

    # sections ----------------------------------------------------------------------------------

    def facts(self) -> Facts:
        info, people = self.s.info, list(self.people.values())
        return Facts(
            title=info.title,
            date=info.date,
            venue=info.venue,
            venue_host=info.venue_host,
            format_name=pick(info.format_name, self.lang),
            facilitator=info.facilitator,
            project=info.project,
            participants=len(people),
            by_territory=_counts([p.territory or self.unknown for p in people]),
            by_structure=_counts([p.structure or self.unknown for p in people]),
            by_power=_counts(
                [
                    t(f"power.{p.power.value}", self.lang) if p.power else self.unknown
                    for p in people
                ]
            ),
            by_role=_counts(
                [t(f"role.{p.role.value}", self.lang) if p.role else self.unknown for p in people]
            ),
        )

    def agenda(self) -> list[AgendaRow]:
        return [
            AgendaRow(
                r.step,
                t(f"kind.{r.kind}", self.lang),
                pick(r.title, self.lang),
                self.minutes(r.planned_s),
                self.minutes(r.actual_s) if r.started else None,
                r.ran_over,
            )
            for r in self.time.steps
        ]

    def table_items(self) -> dict[tuple[int, int | None], list[Item]]:
        """Everything said at each table, by round: ideas, blockages, tensions, proposals."""
        said: dict[tuple[int, int | None], list[tuple[str, int, Item]]] = defaultdict(list)
        for c in self.s.contributions():
            if c.table is not None:
                said[(c.table, c.round)].append((c.at, c.id, self.item(c)))
        tension_kind = t("contribution.tension", self.lang)
        for x in self.s.all(Tension):
            table = self.seats.table_of(x)
            if table is not None and not x.hidden:
                item = Item(tension_kind, x.about, self.author(x), where=self.where(x))
                said[(table, x.round)].append((x.at, 10**9 + x.id, item))
        proposal_kind = t("contribution.proposal", self.lang)
        for p in self.s.all(Proposal):
            table = self.seats.table_of(p)
            if table is not None and not p.hidden:
                text = p.title + (f" — {p.text}" if p.text else "")
                item = Item(proposal_kind, text, self.author(p), where=self.where(p))
                said[(table, p.round)].append((p.at, 2 * 10**9 + p.id, item))
        return {k: [i for _, _, i in sorted(v, key=lambda x: x[:2])] for k, v in said.items()}

    def tables(self) -> list[TableReport]:
        rounds = sorted(
            (r for r in self.s.all(Round) if r.seating),
            key=lambda r: (self.order.get(r.step, 99), r.number),
        )
        said = self.table_items()
        out = []
        for table in self.s.tables:
            host = self.people.get(table.host) if table.host is not None else None
            rows = []
            numbers = set()
            for r in rounds:
                seated = [
                    self.people[i].name
                    for i in r.seating.get(str(table.id), [])
                    if i in self.people
                ]
                items = said.get((table.id, r.number), [])
                numbers.add(r.number)
                rows.append(RoundReport(r.number, r.question, seated, items))
            outside = [
                item
                for (tid, rnd), items in sorted(
                    said.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
                )
                if tid == table.id and rnd not in numbers
                for item in items
            ]
            out.append(
                TableReport(table.name, table.topic, host.name if host else "", rows, outside)
            )
        return out

    def plenary(self) -> list[StepItems]:
        groups: dict[str | None, list[Item]] = defaultdict(list)
        for c in self.s.contributions():
            if c.table is None and c.kind not in (
                ContributionKind.BLOCKAGE,
                ContributionKind.AGREEMENT,
            ):
                groups[c.step].append(self.item(c))
        steps = sorted(groups, key=lambda s: (self.order.get(s or "", 99), s or ""))
        return [StepItems(s or "", self.step_title(s), groups[s]) for s in steps]

    def forum(self) -> list[TopicReport]:
        """The open forum's topics by slot and space; a topic merged into another is no topic
        of its own: its title is named under the one it joined (the merge took the rest)."""
        every = {x.id: x for x in self.s.all(Topic)}

        def joined(x: Topic) -> Topic | None:
            """The topic `x` ended in after its merges; None if the chain is broken."""
            seen = {x.id}
            while x.merged_into is not None:
                nxt = every.get(x.merged_into)
                if nxt is None or nxt.id in seen:
                    return None
                seen.add(nxt.id)
                x = nxt
            return x

        aliases: dict[int, list[str]] = defaultdict(list)
        shown = []
        for x in sorted(every.values(), key=lambda x: x.id):
            home = joined(x)
            if home is None or home is x:
                shown.append(x)  # on the wall, or merged into a topic that is gone: kept
            elif x.title.casefold() != home.title.casefold():
                aliases[home.id].append(x.title)
        shown.sort(key=lambda x: (x.slot is None, x.slot or 0, x.space or 0, x.id))
        out = []
        for x in shown:
            space = self.s.get(Table, x.space)
            out.append(
                TopicReport(
                    x.title,
                    x.convener,
                    x.slot,
                    space.name if space else "",
                    x.report,
                    list(x.attendance),
                    list(x.interested),
                    merged=list(dict.fromkeys(aliases.get(x.id, []))),
                )
            )
        return out

    def proposals(self) -> list[ProposalItem]:
        votes: Counter[int] = Counter()
        voters: dict[int, set[str]] = defaultdict(set)
        for v in self.s.all(Vote):
            votes[v.proposal] += v.dots
            voters[v.proposal].add(vote_key(v) or v.voter)
        tensions = {x.id: x for x in self.s.all(Tension)}
        props = [p for p in self.s.all(Proposal) if not p.hidden]
        props.sort(key=lambda p: (-votes[p.id], p.id))
        return [
            ProposalItem(
                rank=i,
                id=p.id,
                title=p.title,
                text=p.text,
                origin=p.origin,
                status=pt("proposal", f"status.{p.status.value}", self.lang),
                votes=votes[p.id],
                voters=len(voters[p.id]),
                tensions=[
                    tensions[x].about
                    for x in p.tensions
                    if x in tensions and not tensions[x].hidden
                ],
                where=self.where(p),
                credited=self.seats.credited(p),
            )
            for i, p in enumerate(props, start=1)
        ]

    def decisions(self, proposals: dict[int, ProposalItem]) -> list[DecisionItem]:
        out = []
        for d in sorted(self.s.all(Decision), key=lambda d: d.id):
            prop = proposals.get(d.proposal) if d.proposal is not None else None
            out.append(
                DecisionItem(
                    d.text,
                    t(f"method.{d.method.value}", self.lang),
                    prop.title if prop else "",
                    prop.votes if prop else None,
                    [self.objection_line(x) for x in objections_to(self.s, d.proposal)],
                )
            )
        return out

    def objection_line(self, x: Tension) -> str:
        """« about »: how the objection ended (and the amendment, how it was lifted)."""
        end = objection_end(x)
        ending = t(f"deciding.end.{end.value}" if end else "deciding.end.open", self.lang)
        line = t("deciding.report.objection", self.lang, about=x.about, ending=ending)
        if x.amendment:
            line += " — " + t("deciding.report.amendment", self.lang, text=x.amendment)
        elif x.outcome:
            line += " — " + x.outcome
        return line.rstrip(" .")  # the lines are joined with "; "

    def tensions(self) -> list[TensionItem]:
        props = {p.id: p for p in self.s.all(Proposal)}
        items = [x for x in self.s.all(Tension) if not x.hidden]
        items.sort(key=lambda x: (x.status not in STILL_OPEN, x.id))
        return [
            TensionItem(
                id=x.id,
                about=x.about,
                category=t(f"category.{x.category.value}", self.lang),
                between=list(x.between),
                status=pt("tension", f"status.{x.status.value}", self.lang),
                outcome=x.outcome,
                still_open=x.status in STILL_OPEN,
                objection_to=props[x.objection_to].title if x.objection_to in props else "",
                answered_by=[props[p].title for p in x.proposals if p in props],
                step=self.step_title(x.step),
                ending=self.ending(x),
                amendment=x.amendment,
                where=self.where(x),
                credited=self.seats.credited(x),
                at_table=[] if x.between else self.territories_at(x),
            )
            for x in items
        ]

    def territories_at(self, rec: Tension) -> list[str]:
        """The territories seated at the table a tension came from (in its round)."""
        table = self.seats.table_of(rec)
        if table is None:
            return []
        seated = self.seats.seated(table, self.seats.round_of(rec))
        return sorted({p.territory for p in seated if p.territory}, key=str.casefold)

    def ending(self, x: Tension) -> str:
        end = objection_end(x)
        return t(f"deciding.end.{end.value}", self.lang) if end else ""

    def actions(self) -> list[ActionItem]:
        props = {p.id: p for p in self.s.all(Proposal)}
        acts = sorted(self.s.all(Action), key=lambda a: (a.due or "9999", a.id))
        return [
            ActionItem(
                a.what,
                a.owner,
                a.due,
                a.done,
                props[a.proposal].title if a.proposal in props else "",
            )
            for a in acts
        ]

    def debates(self) -> list[DebateReport]:
        positions: dict[tuple[str, int], list[Position]] = defaultdict(list)
        for p in sorted(self.s.all(Position), key=lambda p: p.id):
            positions[(p.step or "", p.statement)].append(p)
        arguments: dict[tuple[str, int], list[Argument]] = defaultdict(list)
        for a in sorted(self.s.all(Argument), key=lambda a: a.id):
            arguments[(a.step or "", a.statement)].append(a)
        keys = sorted(
            set(positions) | set(arguments), key=lambda k: (self.order.get(k[0], 99), k[0], k[1])
        )
        # the middle, where a format allows it, is the "rivière du doute" (zone of doubt)
        side = {s: t(f"deciding.side.{s}", self.lang) for s in ("agree", "disagree", "undecided")}
        out = []
        for step_id, index in keys:
            st = self.s.info.step(step_id)
            statements = st.settings.get("statements", []) if st else []
            text = ""
            if 1 <= index <= len(statements):
                raw = statements[index - 1]
                text = pick(raw, self.lang) if isinstance(raw, dict) else str(raw)
            text = text or t("report.statement_n", self.lang, n=index)
            per_round: dict[int, Counter[str]] = defaultdict(Counter)
            here = positions.get((step_id, index), [])
            last: dict[str, Position] = {}
            for p in sorted(here, key=lambda p: p.id):  # where each person stood, per round
                last[f"{p.round or 1}|{vote_key(p) or p.id}"] = p
            for key, p in last.items():
                per_round[int(key.split("|")[0])][p.side.value] += 1
            phone = t("deciding.anonymous_phone", self.lang)
            movers = [
                Mover(m.who or phone, m.round, side[m.before.value], side[m.after.value], m.because)
                for m in moves(here)
            ]
            towards = Counter(m.after for m in movers)
            rounds = [
                (
                    r,
                    {side[k]: per_round[r].get(k, 0) for k in ("agree", "disagree")}
                    | (
                        {side["undecided"]: per_round[r]["undecided"]}
                        if per_round[r].get("undecided")
                        else {}
                    ),
                )
                for r in sorted(per_round)
            ]
            args = [
                ArgumentItem(side[a.side.value], a.text, a.moved)
                for a in arguments.get((step_id, index), [])
            ]
            out.append(
                DebateReport(step_id, index, text, rounds, movers, args, sorted(towards.items()))
            )
        return out

    def meaning(self) -> list[MeaningItem]:
        return [
            MeaningItem(
                a.actor,
                a.territory,
                a.structure,
                a.purpose,
                a.serves,
                t(f"interest.{a.interest.value}", self.lang) if a.interest else "",
                a.tension,
            )
            for a in sorted(self.s.all(MeaningAnswer), key=lambda a: a.id)
        ]

    def cooperation(self) -> CooperationReport:
        matrix = coop.interest_matrix(self.s)
        antagonisms = []
        for answer, tension in coop.open_antagonisms(self.s):
            antagonisms.append(
                Antagonism(
                    answer.actor,
                    answer.territory,
                    answer.serves or answer.purpose,
                    tension.about if tension else "",
                    pt("tension", f"status.{tension.status.value}", self.lang) if tension else "",
                )
            )
        agenda = {r.step: r for r in self.agenda()}
        return CooperationReport(
            warnings=[w.message(self.lang) for w in coop.warnings(self.s)],
            territories=matrix.territories,
            tags=[t(f"interest.{g}", self.lang) for g in matrix.tags],
            matrix={
                terr: {t(f"interest.{g}", self.lang): n for g, n in row.items()}
                for terr, row in matrix.counts.items()
            },
            antagonisms=antagonisms,
            credits=coop.credits(self.s),
            followers=[
                f"{p.name} ({', '.join(x for x in (p.structure, p.territory) if x)})"
                if (p.structure or p.territory) and not self.anonymised
                else p.name
                for p in coop.followers(self.s)
            ],
            time_over=[agenda[r.step] for r in self.time.over],
            territory_minutes=self.time.territories,
            next_venue=coop.next_venue([self.s.info], self.s.participants),
        )

    def charts(self, proposals: list[ProposalItem]) -> Charts:
        people = list(self.people.values())
        territories = sorted({p.territory for p in people if p.territory})
        said: Counter[str] = Counter()
        for rec in (*self.s.contributions(), *self.s.all(MeaningAnswer)):
            p = self.people.get(rec.author) if rec.author is not None else None
            if p is not None and p.territory:
                said[p.territory] += 1
        headcount = Counter(p.territory for p in people if p.territory)
        participation = [(x, headcount[x], said[x]) for x in territories]
        territory_of = {p.structure: p.territory for p in people if p.structure and p.territory}
        shared: Counter[tuple[str, str]] = Counter()
        for x in self.s.all(Tension):
            if x.hidden:
                continue
            involved = sorted(
                {b if b in headcount else territory_of.get(b, "") for b in x.between} - {""}
            )
            for a, b in combinations(involved, 2):
                shared[(a, b)] += 1
                shared[(b, a)] += 1
        return Charts(
            votes=[(p.title, p.votes) for p in proposals[:CHART_BARS]],
            participation=participation,
            shared_territories=territories,
            shared=dict(sorted(shared.items())),
        )

    def presence(self) -> list[Presence]:
        """Who came, territory by territory (the most represented first)."""
        people: Counter[str] = Counter()
        structures: dict[str, set[str]] = defaultdict(set)
        for p in self.people.values():
            territory = p.territory or self.unknown
            people[territory] += 1
            if p.structure:
                structures[territory].add(p.structure)
        return [
            Presence(x, n, sorted(structures[x], key=str.casefold))
            for x, n in sorted(people.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        ]

    def notes(self, doubts: list[Doubt]) -> NotesReport:
        """The facilitator's side: powers and roles by territory, followers, moderation."""
        people = list(self.people.values())
        territories = sorted({p.territory or self.unknown for p in people}, key=str.casefold)

        def grid(values: list[str], of: object) -> dict[str, dict[str, int]]:
            counts: dict[str, Counter[str]] = {x: Counter() for x in territories}
            for p in people:
                value = getattr(p, str(of))
                counts[p.territory or self.unknown][
                    t(f"{of}.{value.value}", self.lang) if value else self.unknown
                ] += 1
            return {x: {v: counts[x][v] for v in values} for x in territories}

        powers = [t(f"power.{k.value}", self.lang) for k in PowerKind]
        if any(p.power is None for p in people):
            powers.append(self.unknown)
        roles = [t(f"role.{k.value}", self.lang) for k in EngagementRole]
        if any(p.role is None for p in people):
            roles.append(self.unknown)
        followers: dict[str, list[str]] = defaultdict(list)
        for p in coop.followers(self.s):
            name = p.name if self.anonymised or not p.structure else f"{p.name} ({p.structure})"
            followers[p.territory or self.unknown].append(name)
        return NotesReport(
            powers=powers,
            powers_by_territory=grid(powers, "power"),
            roles=roles,
            roles_by_territory=grid(roles, "role"),
            followers=dict(followers),
            moderation=self.moderation(),
            doubts=doubts,
        )

    def moderation(self) -> list[Moderation]:
        """What the facilitator hid, and when submissions closed or the address changed."""
        out: list[tuple[str, int, Moderation]] = []
        hidden: list[Contribution | Tension | Proposal] = [
            *(c for c in self.s.all(Contribution) if c.hidden),
            *(x for x in self.s.all(Tension) if x.hidden),
            *(p for p in self.s.all(Proposal) if p.hidden),
        ]
        for card in self.s.all(MatrixItem):  # a grid's card the facilitator hid
            if card.hidden:
                kind = t("notes.kind.matrix_card", self.lang)
                by = self.people[card.author].name if card.author in self.people else ""
                detail = card.text + (
                    f" — {by or card.author_name}" if by or card.author_name else ""
                )
                out.append(
                    (
                        card.at,
                        0,
                        Moderation(card.at, t("notes.hidden", self.lang, kind=kind), detail),
                    )
                )
        for rec in hidden:
            if isinstance(rec, Contribution):
                kind, text = t(f"contribution.{rec.kind.value}", self.lang), rec.text
            elif isinstance(rec, Tension):
                kind, text = t("contribution.tension", self.lang), rec.about
            else:
                kind, text = t("contribution.proposal", self.lang), rec.title
            where = self.where(rec)
            by = where.author or ""
            detail = text + (f" — {by}" if by else "")
            out.append(
                (rec.at, 0, Moderation(rec.at, t("notes.hidden", self.lang, kind=kind), detail))
            )
        logged = {
            EventKind.SUBMISSIONS_CLOSED,
            EventKind.SUBMISSIONS_OPENED,
            EventKind.TOKEN_ROTATED,
            EventKind.PORTAL_OPENED,
            EventKind.PORTAL_CLOSED,
        }
        for ev in self.s.events:
            if ev.kind in logged:
                what = t(f"notes.event.{ev.kind.value}", self.lang)
                out.append((ev.at, ev.id, Moderation(ev.at, what)))
        return [m for _, _, m in sorted(out, key=lambda x: (x[0], x[1]))]
