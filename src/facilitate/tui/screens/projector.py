"""Projector view: the step, the question, the countdown and the QR code, as large as possible."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitate.domain.records import Step
from facilitate.i18n import pick, t
from facilitate.service import SessionService
from facilitate.tui.messages import ClockMoved, RecordSaved
from facilitate.tui.widgets.base import InLanguage
from facilitate.tui.widgets.portal import qr_block
from facilitate.tui.widgets.room import room_text, round_label
from facilitate.tui.widgets.timer import RoundTimer, final_step
from facilitate.tui.widgets.wall import room_view


def room_question(svc: SessionService, step: Step, round_number: int | None) -> str:
    """What the room works on now: the round's question, the statement, or the step's question."""
    lang = svc.lang
    if step.kind == "rounds":
        number = round_number or 1
        for rnd in svc.session.rounds_of(step.id):
            if rnd.number == number and rnd.question:
                return rnd.question
        questions = step.settings.get("questions") or []
        return pick(questions[number - 1], lang) if len(questions) >= number else ""
    for key in ("statements", "questions"):
        values = step.settings.get(key) or []
        if values:
            return "\n".join(pick(v, lang) for v in values)
    question = step.settings.get("question")  # a 1-2-4-All phase, a grid, a scale
    return pick(question, lang) if isinstance(question, dict) else ""


class ProjectorScreen(InLanguage, Screen[None]):
    """What the room needs to see on the wall; any listed key goes back."""

    BINDINGS = [
        Binding("escape,w", "close", "Back", id="close-projector"),
        Binding("space", "pause_resume", "Pause/resume", id="projector-pause"),
    ]

    def __init__(self, lang: str, svc: SessionService) -> None:
        super().__init__()
        self.lang, self.svc = lang, svc

    def compose(self) -> ComposeResult:
        steps = self.svc.info.steps
        with Vertical(id="projector"):
            yield Static(id="proj-step", classes="proj-step")
            yield Static(id="proj-question", classes="proj-question")  # the question, first
            with Horizontal(id="proj-body"):
                with Vertical(id="proj-main"):
                    yield RoundTimer(
                        self.lang,
                        id="proj-timer",
                        big=True,
                        step_kinds={s.id: s.kind for s in steps},
                        round_counts={s.id: self.svc.round_count(s.id) for s in steps},
                    )
                with Vertical(id="proj-side"):
                    yield Static(id="proj-qr", classes="qr")
                    with VerticalScroll(id="proj-room-box"):
                        yield Static(id="proj-room")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(0.5, self.tick)

    def tick(self) -> None:
        live = self.svc.live()
        if self.query_one(RoundTimer).show(live, final_step(self.svc)):
            self.app.bell()
        step = self.svc.info.step(live.step) if live.step else None
        title = Text(step.text("title", self.svc.lang) if step else self.svc.info.title, "bold")
        label = round_label(self.svc, step, live, self.lang) if step else ""
        if label:
            title.append(f"  ·  {label}", style="bold reverse")
        self.query_one("#proj-step", Static).update(title)
        room = room_text(self.svc, step, live, self.lang) if step else None
        self.query_one("#proj-room", Static).update(room if room is not None else "")
        self.query_one("#proj-room-box").display = room is not None
        self.set_class(bool(step and step.kind == "marketplace"), "-wall")  # the wall first
        self.set_class(bool(step and step.kind in ("matrix", "agreement")), "-grid")
        question = room_question(self.svc, step, live.round) if step else ""
        shown = room_view(self.svc, step, self.lang) if step else None  # vote, consent, debate
        self.query_one("#proj-question", Static).update(shown or Text(question))
        self.query_one("#proj-question").display = bool(question or shown)
        url = getattr(self.app, "portal_url", None) if getattr(self.app, "portal", None) else None
        box = self.query_one("#proj-qr", Static)
        box.set_class(bool(url), "-code")
        box.update(
            qr_block(url) if url else Text(t("tui.projector.no_portal", self.lang), style="dim")
        )

    @on(ClockMoved)
    def clock_moved(self) -> None:
        self.tick()

    @on(RecordSaved)
    def record_saved(self, message: RecordSaved) -> None:
        change = message.change
        if change.kind in (
            "events",
            "rounds",
            "session",
            "votes",
            "proposals",
            "arguments",
            "topics",
            "tables",
            "matrix_items",
            "agreement_answers",
            "statements",
            "statement_answers",
        ):
            self.tick()

    async def action_pause_resume(self) -> None:
        await (self.svc.pause() if self.svc.live().running else self.svc.resume())
        self.tick()

    def action_close(self) -> None:
        self.dismiss(None)
