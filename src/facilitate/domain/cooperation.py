"""The cooperation lens: balance of powers and territories, interests, credits, time, venues."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from facilitate.domain.clock import parse_iso
from facilitate.domain.records import (
    Action,
    Contribution,
    EngagementRole,
    EventKind,
    InterestTag,
    MeaningAnswer,
    Participant,
    PowerKind,
    Proposal,
    Round,
    SessionInfo,
    Table,
    Tension,
)
from facilitate.domain.session import Session
from facilitate.domain.timeline import rebuild

# Share above which a table or the session "leans" on one kind of power or one territory.
LEAN_SHARE = 0.5
# A territory with at least this many times another's weight dominates it.
DOMINANCE_RATIO = 2.0
# Kinds of power that can commit a structure (the seed's power games); technical staff and civil
# society weigh on the debate but do not sign for their structure.
DECISION_POWERS = frozenset(
    {PowerKind.POLITICAL, PowerKind.ADMINISTRATIVE, PowerKind.INSTITUTIONAL, PowerKind.ECONOMIC}
)
TAGS: tuple[InterestTag, ...] = (InterestTag.COMMON, InterestTag.CROSSED, InterestTag.ANTAGONISTIC)


# -- warnings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the name the brief and the TUI use
    """One imbalance to show the facilitator: `scope` is "session" or a table id."""

    code: str
    scope: str | int
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        from facilitate.i18n import t

        values = dict(self.values)
        if "power" in values:
            values["power"] = t(f"power.{values['power']}", lang)
        if "basis" in values:
            values["basis"] = t(f"coop.basis.{values['basis']}", lang)
        if "share" in values:
            values["percent"] = round(100 * float(values["share"]))
        return t(f"coop.{self.code}", lang, **values)


def table_members(
    session: Session, *, step: str | None = None, round_number: int | None = None
) -> dict[int, list[Participant]]:
    """Who sits at each table: the given round's seating, else the current or first round's.

    The host is always counted at their table; a table with no seating has its host alone.
    """
    rnd = _seating_round(session, step, round_number)
    people = {p.id: p for p in session.participants}
    out: dict[int, list[Participant]] = {}
    for table in session.tables:
        ids = list(rnd.seating.get(str(table.id), [])) if rnd else []
        if table.host is not None and table.host not in ids:
            ids.insert(0, table.host)
        out[table.id] = [people[i] for i in ids if i in people]
    return out


def _seating_round(session: Session, step: str | None, number: int | None) -> Round | None:
    rounds = [r for r in session.all(Round) if r.seating]
    if not rounds:
        return None
    if step is None:
        kinds = {s.id: s.kind for s in session.info.steps}
        live_step, live_round = None, None
        for ev in session.events:
            if ev.kind == EventKind.STEP_STARTED:
                live_step, live_round = ev.step, None
            elif ev.kind == EventKind.STEP_ENDED and ev.step == live_step:
                live_step, live_round = None, None
            elif ev.kind == EventKind.ROUND_STARTED and ev.step == live_step:
                live_round = ev.round
        if live_step is not None and kinds.get(live_step) == "rounds":
            step = live_step
            number = number if number is not None else live_round
        else:
            order = [s.id for s in session.info.steps]
            step = min(
                (r.step for r in rounds),
                key=lambda s: (order.index(s) if s in order else len(order), s),
            )
    candidates = sorted((r for r in rounds if r.step == step), key=lambda r: r.number)
    if not candidates:
        return None
    if number is not None:
        for r in candidates:
            if r.number == number:
                return r
    return candidates[0]


def _leaning(people: Sequence[Participant]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(power, count) and (territory, count) above the lean share, among `people`."""
    n = len(people)
    powers = Counter(p.power.value for p in people if p.power is not None)
    territories = Counter(p.territory for p in people if p.territory)
    lean_p = [(k, c) for k, c in sorted(powers.items()) if c / n > LEAN_SHARE]
    lean_t = [(k, c) for k, c in sorted(territories.items()) if c / n > LEAN_SHARE]
    return lean_p, lean_t


def warnings(
    session: Session, *, step: str | None = None, round_number: int | None = None
) -> list[Warning]:
    """Every imbalance of the set-up, tables first (in table order), then the whole session."""
    out: list[Warning] = []
    people = [p for p in session.participants if p.present]
    members = table_members(session, step=step, round_number=round_number)
    for table in session.tables:
        seated = [p for p in members.get(table.id, []) if p.present]
        if len(seated) < 2:
            continue
        name = table.name
        if not any(p.role == EngagementRole.COUNTERWEIGHT for p in seated):
            out.append(Warning("table_no_counterweight", table.id, {"table": name}))
        lean_p, lean_t = _leaning(seated)
        for power, count in lean_p:
            out.append(
                Warning(
                    "table_power_leans",
                    table.id,
                    {
                        "table": name,
                        "power": power,
                        "count": count,
                        "total": len(seated),
                        "share": round(count / len(seated), 3),
                    },
                )
            )
        for territory, count in lean_t:
            out.append(
                Warning(
                    "table_territory_leans",
                    table.id,
                    {
                        "table": name,
                        "territory": territory,
                        "count": count,
                        "total": len(seated),
                        "share": round(count / len(seated), 3),
                    },
                )
            )
    if not people:
        return out
    if not any(p.role == EngagementRole.COUNTERWEIGHT for p in people):
        out.append(Warning("no_counterweight", "session", {}))
    lean_p, lean_t = _leaning(people)
    for power, count in lean_p:
        out.append(
            Warning(
                "session_power_leans",
                "session",
                {
                    "power": power,
                    "count": count,
                    "total": len(people),
                    "share": round(count / len(people), 3),
                },
            )
        )
    for territory, count in lean_t:
        out.append(
            Warning(
                "session_territory_leans",
                "session",
                {
                    "territory": territory,
                    "count": count,
                    "total": len(people),
                    "share": round(count / len(people), 3),
                },
            )
        )
    out.extend(_dominance(people))
    for territory in sorted({p.territory for p in people if p.territory}):
        if not any(p.role == EngagementRole.DRIVER for p in people if p.territory == territory):
            out.append(Warning("territory_no_driver", "session", {"territory": territory}))
    return out


def _dominance(people: Sequence[Participant]) -> list[Warning]:
    """A territory that weighs at least twice another, in people or in decision-makers."""
    headcount = Counter(p.territory for p in people if p.territory)
    deciders = Counter(p.territory for p in people if p.territory and p.power in DECISION_POWERS)
    out: list[Warning] = []
    names = sorted(headcount)
    for strong in names:
        for weak in names:
            if strong == weak:
                continue
            for basis, counts in (("participants", headcount), ("decision_power", deciders)):
                a, b = counts.get(strong, 0), counts.get(weak, 0)
                if a >= 2 and a >= DOMINANCE_RATIO * max(b, 1):
                    out.append(
                        Warning(
                            "territory_dominates",
                            "session",
                            {
                                "territory": strong,
                                "other": weak,
                                "count": a,
                                "other_count": b,
                                "basis": basis,
                            },
                        )
                    )
                    break
    return out


# -- interests --------------------------------------------------------------------------------


@dataclass
class Matrix:
    """Territories by interests (common, crossed, antagonistic), with the answers in each cell."""

    territories: list[str]
    tags: tuple[str, ...]
    answers: dict[str, dict[str, list[MeaningAnswer]]]
    untagged: list[MeaningAnswer] = field(default_factory=list)

    def count(self, territory: str, tag: str) -> int:
        return len(self.answers.get(territory, {}).get(tag, []))

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {t: {g: self.count(t, g) for g in self.tags} for t in self.territories}

    def total(self, tag: str) -> int:
        return sum(self.count(t, tag) for t in self.territories)


def _territory_of(session: Session, answer: MeaningAnswer) -> str:
    if answer.territory:
        return answer.territory
    person = session.get(Participant, answer.author)
    return person.territory if person else ""


def interest_matrix(session: Session) -> Matrix:
    """Count the tagged meaning answers of each territory (territories sorted by name)."""
    answers = sorted(session.all(MeaningAnswer), key=lambda a: a.id)
    territories = sorted(
        {_territory_of(session, a) or "?" for a in answers}
        | {p.territory for p in session.participants if p.territory}
    )
    cells: dict[str, dict[str, list[MeaningAnswer]]] = {
        t: {g.value: [] for g in TAGS} for t in territories
    }
    untagged = []
    for a in answers:
        if a.interest is None:
            untagged.append(a)
            continue
        cells[_territory_of(session, a) or "?"][a.interest.value].append(a)
    return Matrix(territories, tuple(g.value for g in TAGS), cells, untagged)


def open_antagonisms(session: Session) -> list[tuple[MeaningAnswer, Tension | None]]:
    """Antagonistic answers with the tension they became, when that tension is still open."""
    out = []
    for a in sorted(session.all(MeaningAnswer), key=lambda a: a.id):
        if a.interest != InterestTag.ANTAGONISTIC:
            continue
        tension = session.get(Tension, a.tension)
        if (
            tension is None
            or not tension.hidden
            and tension.status.value
            in ("open", "unresolved", "parked", "became_proposal", "clarified")
        ):
            out.append((a, tension))
    return out


# -- recognition -------------------------------------------------------------------------------


@dataclass
class Credit:
    """What one structure brought to the session."""

    structure: str
    territory: str
    people: int = 0
    contributions: int = 0
    proposals: int = 0
    tensions: int = 0
    tables_hosted: int = 0
    actions: int = 0
    meaning: int = 0

    @property
    def total(self) -> int:
        return (
            self.contributions
            + self.proposals
            + self.tensions
            + self.tables_hosted
            + self.actions
            + self.meaning
        )


def owner_participant(session: Session, owner: str) -> Participant | None:
    """The participant an action owner names ("Name" or "Name (organisation)"), if any."""
    text = owner.strip().casefold()
    if not text:
        return None
    best = None
    for p in session.participants:
        name = p.name.casefold()
        named = text == name or text.startswith((name + " ", name + "("))
        if name and named and (best is None or len(p.name) > len(best.name)):
            best = p
    return best


def credits(session: Session) -> list[Credit]:
    """Per structure: contributions, proposals, tensions raised, tables hosted, actions, answers.

    Sorted by everything brought (most first), then by name; structures that brought nothing
    but came are listed too, so everyone's presence is recognised.
    """
    by_structure: dict[str, Credit] = {}
    territories: dict[str, Counter[str]] = {}

    def credit(structure: str, territory: str = "") -> Credit:
        c = by_structure.get(structure)
        if c is None:
            c = by_structure[structure] = Credit(structure, territory)
        if territory:
            territories.setdefault(structure, Counter())[territory] += 1
        return c

    people = {p.id: p for p in session.participants}
    for p in people.values():
        if p.structure:
            credit(p.structure, p.territory).people += 1

    def of_author(author: int | None) -> Credit | None:
        p = people.get(author) if author is not None else None
        return credit(p.structure) if p and p.structure else None

    for c in session.contributions():
        if (cr := of_author(c.author)) is not None:
            cr.contributions += 1
    seats = Seats(session)
    for prop in session.all(Proposal):
        if not prop.hidden:
            for structure in seats.credited(prop):
                credit(structure).proposals += 1
    for ten in session.all(Tension):
        if not ten.hidden:
            for structure in seats.credited(ten):
                credit(structure).tensions += 1
    for table in session.all(Table):
        if (cr := of_author(table.host)) is not None:
            cr.tables_hosted += 1
    for action in session.all(Action):
        owner = owner_participant(session, action.owner)
        if owner is not None and owner.structure:
            credit(owner.structure).actions += 1
    for ans in session.all(MeaningAnswer):
        structure = ans.structure or (people[ans.author].structure if ans.author in people else "")
        if structure:
            credit(structure, ans.territory if ans.structure else "").meaning += 1
    for name, cr in by_structure.items():
        if not cr.territory and name in territories:
            cr.territory = territories[name].most_common(1)[0][0]
    return sorted(by_structure.values(), key=lambda c: (-c.total, c.structure.casefold()))


class Seats:
    """Who sat where, to credit what a table or a phone brought.

    A proposal or tension from a table is credited to every structure seated at it in that
    round (the host included); one whose round is not known, to every structure seated at it
    in any round. One signed by a participant (an author, or a phone's name that is a
    participant's) is credited to that person's structure; a tension born of a meaning
    answer, to the answer's structure.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.people = {p.id: p for p in session.participants}
        self.by_name: dict[str, Participant | None] = {}
        for p in self.people.values():
            for key in {_fold(p.name), _fold(p.name.split(" ")[0])} - {""}:
                # a first name shared by two people names nobody
                self.by_name[key] = None if key in self.by_name else p
        self.tables = {t.id: t for t in session.tables}
        self.table_names = {_fold(t.name): t.id for t in self.tables.values()}
        self.rounds = [r for r in session.all(Round) if r.seating]
        self.answers = {a.tension: a for a in session.all(MeaningAnswer) if a.tension is not None}

    def table_of(self, rec: Proposal | Tension | Contribution) -> int | None:
        """The record's table, or the table its origin names ("Table Gare")."""
        if rec.table is not None:
            return rec.table
        origin = getattr(rec, "origin", "")
        return self.table_names.get(_fold(origin)) if origin else None

    def round_of(self, rec: Proposal | Tension | Contribution) -> Round | None:
        """The seating round the record was made in, when it names one."""
        if rec.round is None:
            return None
        same = [r for r in self.rounds if r.number == rec.round]
        return next((r for r in same if r.step == rec.step), same[0] if same else None)

    def seated(self, table: int, rnd: Round | None) -> list[Participant]:
        """Who sat at `table` in `rnd` (every round when None), the host first."""
        t = self.tables.get(table)
        ids: list[int] = [t.host] if t is not None and t.host is not None else []
        for r in [rnd] if rnd is not None else self.rounds:
            ids += [i for i in r.seating.get(str(table), []) if i not in ids]
        return [self.people[i] for i in ids if i in self.people]

    def author(self, rec: Proposal | Tension | Contribution) -> Participant | None:
        """The participant who signed the record, by id or by the name a phone gave."""
        if rec.author is not None:
            return self.people.get(rec.author)
        return self.by_name.get(_fold(rec.author_name)) if rec.author_name else None

    def credited(self, rec: Proposal | Tension) -> list[str]:
        """The structures credited with the record, in order of appearance."""
        who = self.author(rec)
        if who is not None:
            return [who.structure] if who.structure else []
        answer = self.answers.get(rec.id) if isinstance(rec, Tension) else None
        if answer is not None:
            p = self.people.get(answer.author) if answer.author is not None else None
            structure = answer.structure or (p.structure if p else "")
            return [structure] if structure else []
        table = self.table_of(rec)
        if table is None:
            return []
        out: list[str] = []
        for p in self.seated(table, self.round_of(rec)):
            if p.structure and p.structure not in out:
                out.append(p.structure)
        return out


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def followers(session: Session) -> list[Participant]:
    """The followers (suiveurs) to keep informed, by territory then name."""
    return sorted(
        (p for p in session.participants if p.role == EngagementRole.FOLLOWER),
        key=lambda p: (p.territory.casefold(), p.name.casefold()),
    )


# -- time ------------------------------------------------------------------------------------


@dataclass
class StepRow:
    """Planned against actual time of one step, in seconds."""

    step: str
    kind: str
    title: dict[str, str]
    planned_s: int
    actual_s: float
    extended_s: int
    started: bool

    @property
    def over_s(self) -> float:
        return self.actual_s - self.planned_s if self.started else 0.0

    @property
    def ran_over(self) -> bool:
        return self.started and self.actual_s > self.planned_s + 30


@dataclass
class TimeReport:
    steps: list[StepRow]
    territories: list[tuple[str, float]]

    @property
    def planned_s(self) -> int:
        return sum(s.planned_s for s in self.steps)

    @property
    def actual_s(self) -> float:
        return sum(s.actual_s for s in self.steps)

    @property
    def over(self) -> list[StepRow]:
        return [s for s in self.steps if s.ran_over]


def time_report(session: Session, now: datetime) -> TimeReport:
    """Planned against actual time per step (from the event log) and minutes per territory."""
    live = rebuild(session.info, session.events, now)
    rows = []
    for st in session.info.steps:
        tm = live.times[st.id]
        rows.append(
            StepRow(
                st.id, st.kind, dict(st.title), tm.planned_s, tm.actual_s, tm.extended_s, tm.started
            )
        )
    minutes: dict[str, float] = {}
    for ev in session.events:
        if ev.kind == EventKind.TERRITORY_TIME:
            name = str(ev.data.get("territory", "")) or "?"
            minutes[name] = minutes.get(name, 0.0) + float(ev.data.get("minutes", 0) or 0)
    ordered = sorted(minutes.items(), key=lambda kv: (-kv[1], kv[0]))
    return TimeReport(rows, ordered)


def session_end(session: Session) -> datetime:
    """The time of the last event (or the creation time): a stable `now` for a finished session."""
    events = session.events
    if events and events[-1].at:
        return max(parse_iso(e.at) for e in events if e.at)
    return parse_iso(session.info.created_at or f"{session.info.date}T00:00:00+00:00")


# -- place ---------------------------------------------------------------------------------------


@dataclass
class VenueSuggestion:
    """Venues so far (venue, host, territory), partners yet to host, and the one suggested."""

    hosted: list[tuple[str, str, str]]
    territories: list[str]
    structures: list[str]
    suggested_territory: str | None
    suggested_structure: str | None


def next_venue(
    series_infos: Iterable[SessionInfo], participants: Iterable[Participant]
) -> VenueSuggestion:
    """Suggest the next venue among partners who have not hosted yet.

    Territories that have not hosted come first, the least represented first (rotating towards
    the smaller partners); the structure suggested there is the one with the most participants,
    preferring one with a driver.
    """
    people = list(participants)
    territory_of: dict[str, str] = {}
    for p in people:
        if p.structure and p.territory:
            territory_of.setdefault(p.structure, p.territory)
    hosted = []
    hosted_structures, hosted_territories = set(), set()
    for info in series_infos:
        territory = territory_of.get(info.venue_host, "")
        hosted.append((info.venue, info.venue_host, territory))
        if info.venue_host:
            hosted_structures.add(info.venue_host)
            if territory:
                hosted_territories.add(territory)
    headcount = Counter(p.territory for p in people if p.territory)
    territories = sorted(
        (t for t in headcount if t not in hosted_territories),
        key=lambda t: (headcount[t], t.casefold()),
    )
    weight: Counter[str] = Counter()
    drivers: set[str] = set()
    for p in people:
        if p.structure and p.structure not in hosted_structures:
            weight[p.structure] += 1
            if p.role == EngagementRole.DRIVER:
                drivers.add(p.structure)
    structures = sorted(weight, key=lambda s: (s not in drivers, -weight[s], s.casefold()))
    suggested_t = territories[0] if territories else None
    suggested_s = None
    if suggested_t is not None:
        suggested_s = next((s for s in structures if territory_of.get(s) == suggested_t), None)
    elif structures:
        suggested_s = structures[0]
    return VenueSuggestion(hosted, territories, structures, suggested_t, suggested_s)


def blockages(session: Session) -> list[Contribution]:
    """Blockages recorded with their reasons and what could answer them."""
    return [c for c in session.contributions() if c.kind.value == "blockage"]
