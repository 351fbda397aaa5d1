"""Gradients of agreement (`agreement` step): the scales, the polls, the distribution.

- ``kaner``: the eight gradients of agreement of Sam Kaner et al., *Facilitator's Guide to
  Participatory Decision-Making* (1996; 3rd ed. 2014): 1 whole-hearted endorsement, 2 agreement
  with a minor point of contention, 3 support with reservations, 4 abstain, 5 more discussion
  needed, 6 don't like but will support, 7 serious disagreement, 8 veto (block). The scale shows
  how wide and how deep the support is before the group decides; a block stops the decision
  until it is worked on.
- ``fist-to-five``: the show of fingers used by many cooperatives and schools: 5 "I will lead
  it", 4 "I support it", 3 "I can go along with it", 2 "minor concerns, let's talk", 1 "major
  concerns, let's talk", 0 the fist: "no, I block".

Everyone answers at once, as with cards or a show of hands: the room (the projector, the
phones) sees the distribution of a poll once the facilitator shows it, so that nobody answers
by following the trend; `live_results = true` shows it as answers come.

A person answers once a poll: a second answer in the same poll replaces the first. After
discussion the facilitator opens a new poll on the same proposal (Kaner: poll, discuss the
reservations, amend, poll again). A block opens an objection, as in a consent decision: a
reasoned risk, a tension kept until it is lifted or integrated (`domain.deciding`).
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitate.domain.deciding import voter_key
from facilitate.domain.records import AgreementAnswer, Event, EventKind, Step
from facilitate.domain.session import Session

SCALES = ("kaner", "fist-to-five")
LEVELS: dict[str, tuple[int, ...]] = {
    "kaner": (1, 2, 3, 4, 5, 6, 7, 8),
    "fist-to-five": (5, 4, 3, 2, 1, 0),  # shown from the most support down to the fist
}
BLOCK = {"kaner": 8, "fist-to-five": 0}
# the levels that carry the proposal (Kaner: 1-3 support; fist-to-five: 3 fingers or more)
SUPPORT = {"kaner": frozenset({1, 2, 3}), "fist-to-five": frozenset({3, 4, 5})}
# the levels that call for more talk before deciding
RESERVED = {"kaner": frozenset({5, 6, 7}), "fist-to-five": frozenset({1, 2})}


def scale_of(step: Step) -> str:
    scale = step.settings.get("scale")
    return str(scale) if scale in SCALES else "kaner"


def is_block(scale: str, level: int) -> bool:
    return BLOCK.get(scale) == level


def answer_key(answer: AgreementAnswer) -> str:
    """The person an answer belongs to: the participant, else the phone, else the typed name."""
    return voter_key(author=answer.author, device=answer.device, name=answer.voter)


@dataclass(frozen=True)
class Poll:
    """Which proposal the step polls and which poll it is (1, then 2 after discussion)."""

    proposal: int | None
    poll: int


def current_poll(events: list[Event], step_id: str) -> Poll:
    proposal: int | None = None
    number = 1
    for ev in events:
        if ev.kind != EventKind.AGREEMENT_POLL or ev.step != step_id:
            continue
        pid, n = ev.data.get("proposal"), ev.data.get("poll")
        if isinstance(pid, int) and isinstance(n, int) and not isinstance(n, bool):
            proposal, number = pid, n
    return Poll(proposal, number)


def polls_of(events: list[Event], step_id: str) -> list[tuple[int, int]]:
    """Every (proposal, poll) the step opened, in order."""
    out: list[tuple[int, int]] = []
    for ev in events:
        if ev.kind == EventKind.AGREEMENT_POLL and ev.step == step_id:
            pid, n = ev.data.get("proposal"), ev.data.get("poll")
            if isinstance(pid, int) and isinstance(n, int) and (pid, n) not in out:
                out.append((pid, n))
    return out


def answers(session: Session, step_id: str, proposal: int, poll: int) -> list[AgreementAnswer]:
    """The answers of one poll, one per person (the latest a person gave)."""
    last: dict[str, AgreementAnswer] = {}
    for a in sorted(session.all(AgreementAnswer), key=lambda a: a.id):
        if a.step == step_id and a.proposal == proposal and a.poll == poll:
            last[answer_key(a) or f"#{a.id}"] = a
    return sorted(last.values(), key=lambda a: a.id)


@dataclass(frozen=True)
class Distribution:
    """How many people gave each level, and the reading of it."""

    scale: str
    counts: dict[int, int]  # every level of the scale, in display order
    total: int
    support: int
    reserved: int
    blocks: int

    @property
    def unanimous_support(self) -> bool:
        return self.total > 0 and self.support == self.total


def distribution(scale: str, given: list[AgreementAnswer]) -> Distribution:
    counts = {level: 0 for level in LEVELS[scale]}
    for a in given:
        if a.level in counts:
            counts[a.level] += 1
    total = sum(counts.values())
    return Distribution(
        scale,
        counts,
        total,
        support=sum(n for lv, n in counts.items() if lv in SUPPORT[scale]),
        reserved=sum(n for lv, n in counts.items() if lv in RESERVED[scale]),
        blocks=counts.get(BLOCK[scale], 0),
    )


def distribution_shown(step: Step, events: list[Event]) -> bool:
    """Whether the room may see the running poll's distribution: all along with
    `live_results`, else once the facilitator showed it for this very poll."""
    if step.settings.get("live_results"):
        return True
    poll = current_poll(events, step.id)
    shown = False
    for ev in events:
        if ev.kind != EventKind.AGREEMENT_SHOWN or ev.step != step.id:
            continue
        if ev.data.get("proposal") == poll.proposal and ev.data.get("poll") == poll.poll:
            shown = bool(ev.data.get("shown", True))
    return shown
