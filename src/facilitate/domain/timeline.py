"""Rebuild the live state (current step, round, countdown, actual times) from the event log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from facilitate.domain.clock import parse_iso
from facilitate.domain.records import Event, EventKind, SessionInfo, Step


@dataclass
class StepTime:
    """Planned against actual time of one step."""

    step: str
    planned_s: int
    actual_s: float = 0.0
    extended_s: int = 0
    started: bool = False
    ended: bool = False

    @property
    def over_s(self) -> float:
        return self.actual_s - self.planned_s - self.extended_s


@dataclass
class LiveState:
    """Where the session stands now."""

    step: str | None
    running: bool
    elapsed_s: float
    budget_s: int
    round: int | None
    round_elapsed_s: float
    round_budget_s: int
    times: dict[str, StepTime] = field(default_factory=dict)
    statement: int = 1  # the moving-debate statement on the floor (1-based)

    @property
    def remaining_s(self) -> float:
        if self.round is not None and self.round_budget_s:
            return self.round_budget_s - self.round_elapsed_s
        return self.budget_s - self.elapsed_s

    @property
    def timer_budget_s(self) -> int:
        return (
            self.round_budget_s if self.round is not None and self.round_budget_s else self.budget_s
        )

    @property
    def timer_elapsed_s(self) -> float:
        if self.round is not None and self.round_budget_s:
            return self.round_elapsed_s
        return self.elapsed_s


def round_seconds(step: Step, info: SessionInfo | None = None) -> int:
    """How long one round (café rounds, debate rounds) or one slot (open forum) lasts; the open
    forum's breakouts take the slot length the marketplace set when they have none of their own."""
    s = step.settings
    if step.kind == "breakouts" and info is not None and not s.get("slot_minutes"):
        market = next((m for m in info.steps if m.kind == "marketplace"), None)
        if market is not None and market.settings.get("slot_minutes"):
            s = {**s, "slot_minutes": market.settings["slot_minutes"]}
    rounds = int(s.get("rounds") or s.get("slots") or s.get("position_rounds") or 0)
    per = s.get("round_minutes") or s.get("slot_minutes")
    if per:
        return int(per) * 60
    if rounds:
        return int(step.minutes * 60 / rounds)
    return 0


def rebuild(info: SessionInfo, events: list[Event], now: datetime) -> LiveState:
    """Fold the events (in id order) into the live state at `now`."""
    times = {s.id: StepTime(step=s.id, planned_s=s.minutes * 60) for s in info.steps}
    current: str | None = None
    running = False
    run_since: datetime | None = None
    rnd: int | None = None
    round_elapsed = 0.0
    round_extra = 0
    statement = 1

    def stop_clock(at: datetime) -> None:
        nonlocal run_since, round_elapsed
        if current is not None and run_since is not None:
            delta = max(0.0, (at - run_since).total_seconds())
            times[current].actual_s += delta
            round_elapsed += delta
        run_since = None

    for ev in events:
        at = parse_iso(ev.at)
        if ev.step is not None and ev.step not in times:
            continue
        if ev.kind == EventKind.STEP_STARTED:
            if running:
                stop_clock(at)
            if current is not None and current != ev.step:
                times[current].ended = True
            current = ev.step
            assert current is not None
            times[current].started = True
            times[current].ended = False
            running, run_since = True, at
            rnd, round_elapsed, round_extra, statement = None, 0.0, 0, 1
        elif ev.kind == EventKind.STATEMENT_STARTED and ev.step == current:
            statement = int(ev.data.get("statement", 1))
        elif ev.kind == EventKind.STEP_PAUSED and ev.step == current and running:
            stop_clock(at)
            running = False
        elif ev.kind == EventKind.STEP_RESUMED and ev.step == current and not running:
            running, run_since = True, at
        elif ev.kind == EventKind.STEP_EXTENDED and ev.step == current and current is not None:
            extra = int(ev.data.get("seconds", 60))
            times[current].extended_s += extra
            if rnd is not None:
                round_extra += extra
        elif ev.kind == EventKind.STEP_ENDED and ev.step == current and current is not None:
            if running:
                stop_clock(at)
            times[current].ended = True
            running = False
        elif ev.kind == EventKind.ROUND_STARTED and ev.step == current:
            if running:
                stop_clock(at)
                run_since = at
            rnd, round_elapsed, round_extra = ev.round, 0.0, 0
    if running:
        stop_clock(now)
        running = True
    budget = 0
    round_budget = 0
    elapsed = 0.0
    if current is not None:
        st = times[current]
        budget = st.planned_s + st.extended_s
        elapsed = st.actual_s
        step = info.step(current)
        if rnd is not None and step is not None:
            round_budget = round_seconds(step, info) + round_extra
    return LiveState(
        step=current,
        running=running,
        elapsed_s=elapsed,
        budget_s=budget,
        round=rnd,
        round_elapsed_s=round_elapsed,
        round_budget_s=round_budget,
        times=times,
        statement=statement,
    )
