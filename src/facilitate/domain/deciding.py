"""The rules of the three decision methods, read from a session's records: pure, no I/O.

- Dot voting (vote par gommettes): each voter has a fixed budget of dots, about a third of the
  options by default (the "N/3" rule of multi-voting, e.g. Ingrid Bens, *Facilitating with
  Ease!*, 2005; METHODS.md); a budget is counted per participant where the voter is known,
  per device otherwise, per step.
- Consent decision (sociocracy: Gerard Endenburg's sociocratic circle-organisation method, as
  described by Buck and Villines, *We the People*, 2007, and the Sociocracy 3.0 pattern
  "consent decision making"): rounds of presentation, clarifying questions, reactions and
  objections; an objection is a reasoned risk, never dropped: it is lifted, integrated by an
  amendment that is then tested again, or the proposal is withdrawn or postponed. Consent is
  there only when no objection remains.
- Moving debate (débat mouvant, French éducation populaire; METHODS.md): two camps, alternate
  short arguments, people cross the room when convinced; a middle, the "rivière du doute",
  only where the format allows it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from facilitate.domain.clock import parse_iso
from facilitate.domain.records import (
    Argument,
    Event,
    EventKind,
    ObjectionEnd,
    Position,
    Side,
    Step,
    Tension,
    TensionStatus,
    Vote,
)
from facilitate.domain.session import Session

# events a decision step's panel redraws for, the step and its round staying as they are
PANEL_EVENTS = frozenset(
    {
        EventKind.VOTE_REVEALED,
        EventKind.CONSENT_ROUND,
        EventKind.DEBATE_PREPARATION,
        EventKind.DEBATE_PASS,
        EventKind.AGREEMENT_POLL,
        EventKind.AGREEMENT_SHOWN,
        EventKind.STATEMENT_SHOWN,  # the statements step's next statement
    }
)

# -- dot voting ----------------------------------------------------------------------------------


def default_dots(options: int) -> int:
    """About a third of the options, at least one: 3 options -> 1, 5 -> 2, 9 -> 3, 15 -> 5."""
    return max(1, round(options / 3))


def fold_name(name: str) -> str:
    """A typed name as a budget key: case, accents and spacing do not make a new voter."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def voter_key(*, author: int | None = None, device: str = "", name: str = "") -> str:
    """Whose budget a dot comes out of: the participant, else the phone, else the typed name."""
    if author is not None:
        return f"p:{author}"
    if device:
        return f"d:{device}"
    folded = fold_name(name)
    return f"n:{folded}" if folded else ""


def vote_key(vote: Vote | Position) -> str:
    """The budget (or, for a debate position, the person) a record belongs to."""
    return voter_key(author=vote.author, device=vote.device, name=vote.voter)


def dots_used(session: Session, step: str | None, key: str) -> int:
    return sum(v.dots for v in session.all(Vote) if v.step == step and vote_key(v) == key)


def results_shown(step: Step | None, events: list[Event]) -> bool:
    """Whether the running count may be shown: after the facilitator's reveal (the default), or
    all along when the format says `live_results = true`."""
    if step is None:
        return False
    if step.settings.get("live_results"):
        return True
    shown = False
    for ev in events:
        if ev.kind == EventKind.VOTE_REVEALED and ev.step == step.id:
            shown = bool(ev.data.get("shown", True))
    return shown


# -- consent ---------------------------------------------------------------------------------------

CONSENT_ROUNDS = ("presentation", "questions", "reactions", "objections", "integration", "consent")
# What is recorded in each round when the facilitator adds "what is said".
ROUND_RECORDS = {
    "presentation": "",
    "questions": "question",
    "reactions": "reaction",
    "objections": "objection",
    "integration": "amendment",
    "consent": "",
}


def objection_blocks(tension: Tension) -> bool:
    """An objection stands in the way of consent until it is lifted or integrated.

    A withdrawn or postponed proposal keeps its objections: if it comes back, they are heard
    again. Objections lifted before endings were recorded (status resolved) count as lifted."""
    if tension.objection_to is None:
        return False
    if tension.ended in (ObjectionEnd.LIFTED, ObjectionEnd.INTEGRATED):
        return False
    return not (tension.ended is None and tension.status == TensionStatus.RESOLVED)


def objections_to(session: Session, proposal: int | None) -> list[Tension]:
    if proposal is None:
        return []
    found = (t for t in session.all(Tension) if t.objection_to == proposal)
    return sorted(found, key=lambda t: t.id)


def open_objections(session: Session, proposal: int | None) -> list[Tension]:
    return [t for t in objections_to(session, proposal) if objection_blocks(t)]


def objection_end(tension: Tension) -> ObjectionEnd | None:
    """The ending, reading old records (resolved, no ending) as lifted."""
    if tension.ended is not None:
        return tension.ended
    if tension.objection_to is not None and tension.status == TensionStatus.RESOLVED:
        return ObjectionEnd.INTEGRATED if tension.amendment else ObjectionEnd.LIFTED
    return None


@dataclass(frozen=True)
class ConsentWalk:
    """Where a consent step stands: the proposal on the table and the round it is in."""

    proposal: int | None
    round: str | None
    # the round each proposal of the step last reached
    reached: dict[int, str]


def consent_walk(events: list[Event], step_id: str) -> ConsentWalk:
    proposal: int | None = None
    current: str | None = None
    reached: dict[int, str] = {}
    for ev in events:
        if ev.kind != EventKind.CONSENT_ROUND or ev.step != step_id:
            continue
        pid = ev.data.get("proposal")
        name = ev.data.get("stage")
        if not isinstance(pid, int) or name not in CONSENT_ROUNDS:
            continue
        proposal, current = pid, str(name)
        reached[pid] = current
    return ConsentWalk(proposal, current, reached)


def consent_round_of(events: list[Event], proposal: int) -> str | None:
    """The round a proposal last reached in any consent step (None: never put to consent)."""
    found: str | None = None
    for ev in events:
        if ev.kind == EventKind.CONSENT_ROUND and ev.data.get("proposal") == proposal:
            name = ev.data.get("stage")
            found = str(name) if name in CONSENT_ROUNDS else found
    return found


def next_consent_round(current: str | None, objections_open: int) -> str:
    """The walk: presentation, questions, reactions, objections; with objections open, an
    integration round, then the amended proposal is tested again by a new objection round;
    with none, consent."""
    if current is None:
        return "presentation"
    if current == "objections":
        return "integration" if objections_open else "consent"
    if current == "integration":
        return "objections"
    if current == "consent":  # an objection raised at the last moment is worked on
        return "integration" if objections_open else "consent"
    return CONSENT_ROUNDS[CONSENT_ROUNDS.index(current) + 1]


# -- moving debate ---------------------------------------------------------------------------------

ARGUMENT_SECONDS = 60  # a turn's length when the format does not say: "keep turns short"
PREP_MINUTES = 3


def debate_sides(step: Step) -> list[Side]:
    """Agree and disagree; the middle only where the format allows it (classic rule: none)."""
    sides = [Side.AGREE, Side.DISAGREE]
    if step.settings.get("allow_undecided", False):
        sides.append(Side.UNDECIDED)
    return sides


def standings(positions: list[Position]) -> dict[int, dict[str, Position]]:
    """round -> person -> where they stood (the last position given in that round counts)."""
    out: dict[int, dict[str, Position]] = {}
    for p in sorted(positions, key=lambda p: p.id):
        out.setdefault(p.round or 1, {})[vote_key(p) or f"#{p.id}"] = p
    return out


@dataclass(frozen=True)
class Move:
    """Someone who crossed the room between two rounds, and why, if they said."""

    round: int
    who: str
    before: Side
    after: Side
    because: str


def moves(positions: list[Position]) -> list[Move]:
    """Everyone who stood somewhere else than in the round before, in round order."""
    by_round = standings(positions)
    out: list[Move] = []
    last: dict[str, Position] = {}
    for number in sorted(by_round):
        for key, pos in by_round[number].items():
            before = last.get(key)
            if before is not None and before.side != pos.side:
                out.append(Move(number, pos.voter, before.side, pos.side, pos.moved_because))
            last[key] = pos
    return out


@dataclass(frozen=True)
class Floor:
    """Who has the floor in a statement: preparation, then alternate turns with a timer."""

    statement: int
    preparing_s: float  # seconds of preparation left (0: none running)
    side: Side  # the camp whose turn it is
    turn: int  # the number of that turn (1 for the first argument)
    turn_elapsed_s: float
    turn_budget_s: int


def debate_floor(session: Session, step: Step, statement: int, now: datetime) -> Floor:
    """The turn now: the side opposite the last argument (or pass); the first turn goes to the
    smaller camp, so the minority is heard before the majority's weight shows."""
    events = [e for e in session.events if e.step == step.id]
    since: datetime | None = None
    prep_end: datetime | None = None
    passes: list[tuple[int, int, datetime, Side]] = []  # (arguments before it, id, at, side)
    for ev in events:
        opens = ev.kind == EventKind.STATEMENT_STARTED and ev.data.get("statement") == statement
        opens = opens or (ev.kind == EventKind.STEP_STARTED and statement == 1)
        # a new round of positions starts the exchange again
        if opens or (ev.kind == EventKind.ROUND_STARTED and since is not None):
            since = parse_iso(ev.at)
        elif ev.kind == EventKind.DEBATE_PREPARATION and ev.data.get("statement") == statement:
            prep_end = parse_iso(ev.at) + _seconds(ev.data.get("seconds"))
        elif ev.kind == EventKind.DEBATE_PASS and ev.data.get("statement") == statement:
            side, after = ev.data.get("side"), ev.data.get("after")
            if side in (Side.AGREE.value, Side.DISAGREE.value) and isinstance(after, int):
                passes.append((after, ev.id, parse_iso(ev.at), Side(str(side))))
    args = sorted(
        (a for a in session.all(Argument) if a.step == step.id and a.statement == statement),
        key=lambda a: a.id,
    )
    turns = len(args)
    # the speaking acts in order: each argument, then the passes made once it was heard
    ordered = sorted(passes)
    acts: list[tuple[datetime | None, Side]] = [(at, s) for n, _, at, s in ordered if n == 0]
    for k, arg in enumerate(args, start=1):
        acts.append((parse_iso(arg.at) if arg.at else None, arg.side))
        acts += [(at, s) for n, _, at, s in ordered if n == k]
    if acts:
        side = Side.DISAGREE if acts[-1][1] == Side.AGREE else Side.AGREE
    else:
        side = smaller_camp(session, step, statement)
    last_at = next((at for at, _ in reversed(acts) if at is not None), None)
    start = max([m for m in (since, prep_end, last_at) if m], default=now)
    preparing = (prep_end - now).total_seconds() if prep_end and prep_end > now else 0.0
    budget = int(step.settings.get("argument_seconds") or ARGUMENT_SECONDS)
    elapsed = 0.0 if preparing else max(0.0, (now - start).total_seconds())
    return Floor(statement, preparing, side, turns + 1, elapsed, budget)


def smaller_camp(session: Session, step: Step, statement: int) -> Side:
    positions = [p for p in session.all(Position) if p.step == step.id and p.statement == statement]
    by_round = standings(positions)
    if not by_round:
        return Side.DISAGREE
    latest = [p.side for p in by_round[max(by_round)].values()]
    agree, disagree = latest.count(Side.AGREE), latest.count(Side.DISAGREE)
    return Side.AGREE if agree < disagree else Side.DISAGREE


def _seconds(value: object) -> timedelta:
    return timedelta(seconds=int(value) if isinstance(value, int) else 0)
