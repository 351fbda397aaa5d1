"""The statements step: short statements answered agree / disagree / pass, read by territory.

The method is Pol.is's (the Computational Democracy Project, https://compdemocracy.org; Small,
Bjorkegren, Erkkilä, Shaw and Megill, "Polis: Scaling deliberation by mapping high dimensional
opinion spaces", *Recerca* 26(2), 2021), as vTaiwan used it to find "rough consensus" before
a decision: people answer short statements (Pol.is keeps them to 140 characters) with agree,
disagree or pass; they may propose new ones, which a moderator accepts before anyone sees them;
what the analysis brings out is what every group agrees on, not what the largest group wants.
Pol.is finds its groups by clustering the votes; here the groups are the territories of an
inter-territorial cooperation, known in advance, and the kinds of power are read beside them.

The rules, all counted on each person's last answer (a changed answer replaces the earlier):

- A territory **leans** to agree when more than `majority` % of its answers are "agree" (the
  default, 50: more than half), to disagree likewise; passes count among its answers, so
  passing never makes a majority. Otherwise it has no majority.
- A territory **counts** for a statement when it gave at least `min_answers` answers to it
  (default 3). The territories of a step are those that answered any of its statements.
- **Uncertain**: a territory of the step gave fewer than `min_answers` answers, or fewer than
  two territories count, or passes reach `pass_percent` % of all answers (default 40).
- **Divides**: otherwise, at least one territory leans to agree and another to disagree.
- **Unites**: otherwise, every territory leans the same way: agree (what unites) or disagree
  (a statement every territory rejects, which is common ground too).
- **Mixed**: the rest (a territory without a majority, and no territory opposite another).

Beside the territories, the answers are split by kind of power (political, administrative,
technical...): `power_split` says when one kind leans to agree and another to disagree, with
the same `min_answers`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from facilitate.domain.records import Event, EventKind, Placed, PowerKind, Step

STATEMENT_MAX = 140  # characters, as Pol.is keeps its statements short
MIN_ANSWERS = 3
MAJORITY = 50
PASS_PERCENT = 40


class Answer(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"


class StatementStatus(enum.StrEnum):
    PENDING = "pending"  # proposed from a phone, waiting for the moderator
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class StatementOrigin(enum.StrEnum):
    TYPED = "typed"  # by the facilitator
    FORMAT = "format"  # prepared in the format file
    CONTRIBUTION = "contribution"  # picked from an idea (of the café...)
    TENSION = "tension"  # picked from a disagreement
    PHONE = "phone"  # proposed from a phone


class Verdict(enum.StrEnum):
    UNITES = "unites"
    DIVIDES = "divides"
    UNCERTAIN = "uncertain"
    MIXED = "mixed"


@dataclass(slots=True, kw_only=True)
class Statement(Placed):
    """A short statement of a statements step."""

    kind_name: ClassVar[str] = "statements"
    text: str = ""
    status: StatementStatus = StatementStatus.ACCEPTED
    origin: StatementOrigin = StatementOrigin.TYPED
    from_record: int | None = None  # the contribution or tension it was picked from
    device: str = ""  # the phone that proposed it
    tension: int | None = None  # the tension it became, once divisive
    hidden: bool = False


@dataclass(slots=True, kw_only=True)
class StatementAnswer(Placed):
    """One person's answer to one statement; a changed answer replaces this record."""

    kind_name: ClassVar[str] = "statement_answers"
    statement: int = 0
    answer: Answer = Answer.PASS
    voter: str = ""
    device: str = ""
    # whom the answer speaks for: from the participant, or as the phone said
    territory: str = ""
    power: PowerKind | None = None


@dataclass(frozen=True)
class Thresholds:
    """The numbers the verdicts use; a format's step may set each of them."""

    min_answers: int = MIN_ANSWERS
    majority: int = MAJORITY
    pass_percent: int = PASS_PERCENT

    @classmethod
    def of(cls, step: Step | None) -> Thresholds:
        s: dict[str, Any] = step.settings if step is not None else {}
        return cls(
            int(s.get("min_answers") or MIN_ANSWERS),
            int(s.get("majority") or MAJORITY),
            int(s.get("pass_percent") or PASS_PERCENT),
        )


@dataclass(frozen=True)
class Tally:
    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed

    def add(self, answer: Answer) -> Tally:
        return Tally(
            self.agree + (answer == Answer.AGREE),
            self.disagree + (answer == Answer.DISAGREE),
            self.passed + (answer == Answer.PASS),
        )

    def percent(self, answer: Answer) -> int:
        """The share of `answer` in whole percent (rounded half up), 0 with no answers."""
        n = {Answer.AGREE: self.agree, Answer.DISAGREE: self.disagree, Answer.PASS: self.passed}
        return (200 * n[answer] + self.total) // (2 * self.total) if self.total else 0

    def leaning(self, majority: int = MAJORITY) -> Answer | None:
        """Agree or disagree when more than `majority` % of the answers say so; else None."""
        if self.agree * 100 > majority * self.total:
            return Answer.AGREE
        if self.disagree * 100 > majority * self.total:
            return Answer.DISAGREE
        return None


@dataclass(frozen=True)
class Result:
    """What a statement's answers say, overall, by territory and by kind of power."""

    statement: Statement
    total: Tally
    by_territory: dict[str, Tally]
    by_power: dict[str, Tally]
    verdict: Verdict
    side: Answer | None = None  # for "unites": agree, or disagree (rejected everywhere)
    few: tuple[str, ...] = ()  # territories below the minimum of answers
    many_passes: bool = False
    agreeing: tuple[str, ...] = ()  # territories leaning to agree
    disagreeing: tuple[str, ...] = ()
    power_split: bool = False
    powers_agreeing: tuple[str, ...] = ()
    powers_disagreeing: tuple[str, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def spread(self) -> int:
        """How far apart the territories are: the highest agree share less the lowest."""
        shares = [t.percent(Answer.AGREE) for t in self.by_territory.values() if t.total]
        return max(shares) - min(shares) if shares else 0


def answer_key(a: StatementAnswer) -> str:
    """Whose answer it is: the participant, else the phone, else the typed name."""
    from facilitate.domain.deciding import voter_key

    return voter_key(author=a.author, device=a.device, name=a.voter)


def last_answers(answers: Iterable[StatementAnswer]) -> list[StatementAnswer]:
    """Each person's last answer to each statement (the highest id wins)."""
    last: dict[tuple[int, str], StatementAnswer] = {}
    for a in sorted(answers, key=lambda a: a.id):
        last[(a.statement, answer_key(a) or f"#{a.id}")] = a
    return sorted(last.values(), key=lambda a: a.id)


def shown_order(events: Iterable[Event], step_id: str) -> list[int]:
    """The statements put on the floor in a step, in the order they were first shown."""
    out: list[int] = []
    for ev in events:
        if ev.kind == EventKind.STATEMENT_SHOWN and ev.step == step_id:
            sid = ev.data.get("statement")
            if isinstance(sid, int) and not isinstance(sid, bool) and sid not in out:
                out.append(sid)
    return out


def on_the_floor(events: Iterable[Event], step_id: str) -> int | None:
    """The statement shown last in a step (phones and the projector show it)."""
    current: int | None = None
    for ev in events:
        if ev.kind == EventKind.STATEMENT_SHOWN and ev.step == step_id:
            sid = ev.data.get("statement")
            if isinstance(sid, int) and not isinstance(sid, bool):
                current = sid
    return current


def _leaners(tallies: dict[str, Tally], th: Thresholds, side: Answer) -> tuple[str, ...]:
    return tuple(
        k
        for k, x in tallies.items()
        if x.total >= th.min_answers and x.leaning(th.majority) == side
    )


def judge(
    statement: Statement,
    answers: Iterable[StatementAnswer],
    territories: Iterable[str],
    th: Thresholds = Thresholds(),
) -> Result:
    """The verdict on one statement from its answers (last ones only), the step's territories
    and the thresholds (see the module's rules)."""
    mine = [a for a in last_answers(answers) if a.statement == statement.id]
    total = Tally()
    by_territory: dict[str, Tally] = {x: Tally() for x in sorted(set(territories) - {""})}
    by_power: dict[str, Tally] = {}
    for a in mine:
        total = total.add(a.answer)
        if a.territory:
            by_territory[a.territory] = by_territory.get(a.territory, Tally()).add(a.answer)
        if a.power is not None:
            by_power[a.power.value] = by_power.get(a.power.value, Tally()).add(a.answer)
    by_territory = dict(sorted(by_territory.items()))
    by_power = {p.value: by_power[p.value] for p in PowerKind if p.value in by_power}
    few = tuple(k for k, x in by_territory.items() if x.total < th.min_answers)
    counted = [k for k, x in by_territory.items() if x.total >= th.min_answers]
    many_passes = bool(total.total) and total.passed * 100 >= th.pass_percent * total.total
    agreeing = _leaners(by_territory, th, Answer.AGREE)
    disagreeing = _leaners(by_territory, th, Answer.DISAGREE)
    p_agree = _leaners(by_power, th, Answer.AGREE)
    p_disagree = _leaners(by_power, th, Answer.DISAGREE)
    side: Answer | None = None
    if few or len(counted) < 2 or many_passes:
        verdict = Verdict.UNCERTAIN
    elif agreeing and disagreeing:
        verdict = Verdict.DIVIDES
    elif len(agreeing) == len(counted):
        verdict, side = Verdict.UNITES, Answer.AGREE
    elif len(disagreeing) == len(counted):
        verdict, side = Verdict.UNITES, Answer.DISAGREE
    else:
        verdict = Verdict.MIXED
    return Result(
        statement,
        total,
        by_territory,
        by_power,
        verdict,
        side,
        few,
        many_passes,
        agreeing,
        disagreeing,
        bool(p_agree and p_disagree),
        p_agree,
        p_disagree,
        th,
    )


def step_territories(answers: Iterable[StatementAnswer], step_id: str) -> list[str]:
    """The territories that answered any statement of the step."""
    return sorted({a.territory for a in answers if a.step == step_id and a.territory})


def results(
    statements: Iterable[Statement], answers: Iterable[StatementAnswer], step: Step
) -> list[Result]:
    """The verdict on every accepted, visible statement of a step, in id order."""
    mine = [a for a in answers if a.step == step.id]
    territories = step_territories(mine, step.id)
    th = Thresholds.of(step)
    shown = sorted(
        (
            s
            for s in statements
            if s.step == step.id and s.status == StatementStatus.ACCEPTED and not s.hidden
        ),
        key=lambda s: s.id,
    )
    return [judge(s, mine, territories, th) for s in shown]


def ranked(found: list[Result], verdict: Verdict) -> list[Result]:
    """The results of one verdict, the clearest first: what unites by its lowest territory
    share on its side, what divides by the spread between territories, the rest by answers."""
    chosen = [r for r in found if r.verdict == verdict]
    if verdict == Verdict.UNITES:

        def weakest(r: Result) -> int:
            side = r.side or Answer.AGREE
            return min((x.percent(side) for x in r.by_territory.values() if x.total), default=0)

        return sorted(chosen, key=lambda r: (r.side != Answer.AGREE, -weakest(r), r.statement.id))
    if verdict == Verdict.DIVIDES:
        return sorted(chosen, key=lambda r: (-r.spread, r.statement.id))
    return sorted(chosen, key=lambda r: (-r.total.total, r.statement.id))
