"""The round timer: large digits, a progress bar, a colour change in the last minute and at zero."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, ProgressBar, Static

from facilitate.domain.timeline import LiveState
from facilitate.i18n import t
from facilitate.service import SessionService
from facilitate.tui.widgets.base import mmss
from facilitate.tui.widgets.bigtext import BigDigits

PHASES = ("idle", "running", "paused", "last-minute", "overtime", "ended", "finished")


def step_ended(live: LiveState) -> bool:
    """The current step was ended (and no other one started since)."""
    st = live.times.get(live.step) if live.step else None
    return bool(st and st.ended and not live.running)


def phase(live: LiveState, final_step: str | None = None) -> str:
    """'idle', 'running', 'paused', 'last-minute', 'overtime', 'ended' or 'finished'.

    'finished' is the last step ended: the session is over; 'ended' another step ended.
    """
    if live.step is None or live.timer_budget_s <= 0:
        return "idle"
    if step_ended(live):
        return "finished" if live.step == final_step else "ended"
    if live.remaining_s <= 0:
        return "overtime"
    if live.remaining_s <= 60:
        return "last-minute"
    return "running" if live.running else "paused"


def final_step(svc: SessionService) -> str | None:
    """The id of the session's last step."""
    steps = svc.info.steps
    return steps[-1].id if steps else None


class RoundTimer(Vertical):
    """A countdown of the current step or round, rebuilt from the event log at every tick."""

    def __init__(
        self,
        lang: str,
        *,
        id: str | None = None,
        classes: str = "",
        big: bool = False,
        step_kinds: dict[str, str] | None = None,
        round_counts: dict[str, int] | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.step_kinds = step_kinds or {}  # step id -> kind: an open forum counts slots
        self.round_counts = round_counts or {}  # step id -> how many rounds (or slots) it has
        self.phase = "idle"
        self.big = big

    def compose(self) -> ComposeResult:
        if self.big:  # the projector: digits as large as the wall allows
            yield BigDigits("--:--", classes="timer-digits")
        else:
            yield Digits("--:--", classes="timer-digits")
        yield Static("", classes="timer-compact")  # one line, for short terminals
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, classes="timer-bar")
        yield Static("", classes="timer-status")

    def kind_of(self, live: LiveState) -> str:
        return self.step_kinds.get(live.step or "", "")

    def show(self, live: LiveState, final_step: str | None = None) -> bool:
        """Draw `live`; True when the countdown just entered its last minute or ran out.

        `final_step` is the session's last step: once it has ended the timer says "finished".
        """
        digits: Digits | BigDigits = (
            self.query_one(".timer-digits", BigDigits)
            if self.big
            else self.query_one(".timer-digits", Digits)
        )
        bar = self.query_one(ProgressBar)
        status = self.query_one(".timer-status", Static)
        compact = self.query_one(".timer-compact", Static)
        budget = live.timer_budget_s
        if live.step is None or budget <= 0:
            digits.update("--:--")
            compact.update("--:--")
            bar.update(total=1, progress=0)
            status.update(t("tui.timer.idle", self.lang))
            new = "idle"
        else:
            new = phase(live, final_step)
            bar.update(total=budget, progress=min(budget, live.timer_elapsed_s))
            if new in ("ended", "finished"):
                shown = mmss(max(0.0, live.remaining_s)) if new == "ended" else "00:00"
                digits.update(shown)
                compact.update(shown)
                status.update(t(f"tui.timer.{new}", self.lang, planned=mmss(budget)))
            else:
                digits.update(mmss(live.remaining_s))
                compact.update(mmss(live.remaining_s))
                status.update(self.status_text(live, budget))
        self.set_class(live.round is not None and bool(live.round_budget_s), "-round")
        crossed = new != self.phase and new in ("last-minute", "overtime") and live.running
        for name in PHASES:
            self.set_class(name == new, f"-{name}")
        self.phase = new
        return crossed

    def status_text(self, live: LiveState, budget: int) -> str:
        """ "Round 2 of 3 · running · planned 20:00 · step 52:10 left of 1:10:00": the round's own
        countdown is the big one; the step's total stays beside it."""
        key = "tui.timer.running" if live.running else "tui.timer.paused"
        text = t(key, self.lang, planned=mmss(budget))
        if live.round is None:
            return text
        unit = "tui.timer.slot" if self.kind_of(live) == "breakouts" else "tui.timer.round"
        label = t(unit, self.lang, number=live.round)
        count = self.round_counts.get(live.step or "", 0)
        if count:
            label = t("tui.timer.of_count", self.lang, label=label, count=count)
        text = label + " · " + text
        if live.round_budget_s:
            step_left = mmss(live.budget_s - live.elapsed_s)
            text += " · " + t(
                "tui.timer.step_left", self.lang, left=step_left, total=mmss(live.budget_s)
            )
        return text
