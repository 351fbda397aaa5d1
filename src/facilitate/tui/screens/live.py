"""Live run: the agenda, the step's script, the countdown, the step panel and the capture bar."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Awaitable
from time import monotonic
from typing import TYPE_CHECKING

from rich.table import Table as RichTable
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from facilitate.domain.deciding import PANEL_EVENTS
from facilitate.domain.records import (
    Action,
    AgreementAnswer,
    Argument,
    Contribution,
    Decision,
    MatrixItem,
    MeaningAnswer,
    Placed,
    Position,
    Proposal,
    Source,
    Table,
    Tension,
    Topic,
    Vote,
)
from facilitate.domain.timeline import LiveState
from facilitate.i18n import nt, t
from facilitate.runtime import hold_long_lived, release_long_lived
from facilitate.service import SessionService, ValidationError
from facilitate.tui.messages import ClockMoved, RecordSaved
from facilitate.tui.widgets.base import InLanguage, plain
from facilitate.tui.widgets.capture import Capture, CaptureBar
from facilitate.tui.widgets.grids_view import grid_feed
from facilitate.tui.widgets.panel import StepPanel
from facilitate.tui.widgets.panels import make_panel
from facilitate.tui.widgets.portal import PortalControl, PortalRunner
from facilitate.tui.widgets.seating import seating_text
from facilitate.tui.widgets.timer import RoundTimer, final_step

if TYPE_CHECKING:
    from facilitate.tui.app import FacilitateApp

FEED_SIZE = 14
SIDE_MIN_WIDTH = 120  # below, the side columns fold away behind f (v is the vote's)
WIDE_WIDTH = 160  # from here, the side columns get wider
SHORT_HEIGHT = 30  # below, a one-line countdown and a shorter script
FEED_TYPES = (
    Contribution,
    Tension,
    Proposal,
    Vote,
    Position,
    MeaningAnswer,
    Argument,
    Topic,
    Action,
    Decision,
    MatrixItem,
    AgreementAnswer,
)


def feed_summary(rec: Placed, svc: SessionService, lang: str) -> tuple[str, str]:
    """(kind label, one line of words) for any record the room or the phones add."""
    sess = svc.session
    if isinstance(rec, Contribution):
        return t(f"contribution.{rec.kind.value}", lang), rec.text
    if isinstance(rec, Tension):
        return t("contribution.tension", lang), rec.about
    if isinstance(rec, Proposal):
        return t("contribution.proposal", lang), rec.title
    if isinstance(rec, Vote):
        prop = sess.get(Proposal, rec.proposal)
        return t("tui.feed.vote", lang), nt(
            "tui.feed.vote_line",
            rec.dots,
            lang,
            voter=who_voted(rec, lang),
            dots=rec.dots,
            proposal=prop.title if prop else "?",
        )
    if isinstance(rec, Position):
        line = f"{who_voted(rec, lang)} · {t(f'side.{rec.side.value}', lang)}"
        return t("tui.feed.position", lang), line + (
            f" · {rec.moved_because}" if rec.moved_because else ""
        )
    if isinstance(rec, MeaningAnswer):
        who = rec.actor + (f" ({rec.territory})" if rec.territory else "")
        words = " / ".join(x for x in (rec.purpose, rec.serves) if x)
        return t("tui.feed.meaning", lang), f"{who} · {words}"
    if isinstance(rec, Argument):
        return t("tui.feed.argument", lang), f"{t(f'side.{rec.side.value}', lang)} · {rec.text}"
    if isinstance(rec, Topic):
        if rec.reported_at:  # its report came in: key points and how many proposals
            line = rec.title + " · " + nt("tui.feed.report_line", len(rec.proposals), lang)
            return t("tui.feed.report", lang), line + (f" · {rec.report}" if rec.report else "")
        return t("tui.feed.topic", lang), rec.title + (f" · {rec.convener}" if rec.convener else "")
    if isinstance(rec, Action):
        return t("tui.feed.action", lang), rec.what + (f" · {rec.owner}" if rec.owner else "")
    if isinstance(rec, Decision):
        return t("tui.feed.decision", lang), rec.text
    if isinstance(rec, MatrixItem | AgreementAnswer):
        return grid_feed(rec, svc, lang)
    return rec.kind_name, ""


def who_voted(rec: Vote | Position | AgreementAnswer, lang: str) -> str:
    """A voter's name; a phone's vote is never shown by its device id."""
    voter = rec.voter
    if not voter or voter == getattr(rec, "device", "") or voter.startswith("device:"):
        return t("tui.feed.a_phone", lang)
    return voter


REDRAW_S = 0.15


class LiveScreen(InLanguage, Screen[None]):
    """Everything the facilitator needs while the session runs, one key away."""

    BINDINGS = [
        Binding("n", "next_step", "Next step", id="next-step"),
        Binding("space", "pause_resume", "Pause/resume", id="pause-resume"),
        Binding("plus,equals_sign", "add_minute", "+1 min", id="add-minute"),
        Binding("r", "next_round", "Next round", id="next-round"),
        Binding("c,slash", "capture", "Capture", id="focus-capture"),
        Binding("f", "toggle_side", "Agenda, seating and feed", id="toggle-side"),
        Binding("left_square_bracket", "view(-1)", "Previous step", id="view-previous", show=False),
        Binding("right_square_bracket", "view(1)", "Following step", id="view-next", show=False),
        Binding("g", "start_viewed", "Start this step", id="start-viewed", show=False),
        Binding("o", "toggle_portal", "Portal", id="toggle-portal", show=False),
        Binding("t", "test_reach", "Test from your phone", id="test-reach", show=False),
        Binding("w", "projector", "Projector", id="show-projector"),
        Binding("b", "board", "Board", id="show-board"),
        Binding("e", "setup", "Set-up", id="show-setup", show=False),
        Binding("h", "leave", "Home", id="leave-session", show=False),
        Binding(
            "ctrl+t", "territory_time", "Time for a territory", id="territory-time", show=False
        ),
        Binding("f6", "moderate", "Hide or show what was sent", id="moderate", show=False),
        Binding(
            "f7",
            "toggle_submissions",
            "Close or open submissions",
            id="toggle-submissions",
            show=False,
        ),
        Binding(
            "f8",
            "new_token",
            "New token (old QR codes stop working)",
            id="rotate-token",
            show=False,
        ),
        Binding(
            "f9",
            "toggle_table_view",
            "Phones see the table's contributions or not",
            id="toggle-table-view",
            show=False,
        ),
        Binding("f3", "export", "Export the report", id="export-report", show=False),
        Binding("f4", "cards", "Print table cards", id="print-cards", show=False),
    ]

    def __init__(self, lang: str, svc: SessionService, portals: PortalRunner | None = None) -> None:
        super().__init__()
        self.lang, self.svc = lang, svc
        self.portals = portals or PortalRunner()  # the app's: the portal outlives the screen
        self.viewed: str | None = None
        self.shown_step: str | None = None
        self.shown_round: int | None = None
        self.feed: deque[Text] = deque(maxlen=FEED_SIZE)
        self._panel_dirty = False
        self._panel_scheduled = False
        self._feed_dirty = False
        self._last_redraw = 0.0
        self.fed: dict[str, int] = {}  # the highest id of each kind already in the feed
        self.reported: dict[int, str] = {}  # when each topic's report was last in the feed
        self.side = "main"  # narrow terminals: which column is shown (main, left, right)

    @property
    def fapp(self) -> FacilitateApp:
        from facilitate.tui.app import FacilitateApp

        app = self.app
        assert isinstance(app, FacilitateApp), app  # the live screen runs in facilitate's app
        return app

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live"):
            with Vertical(id="live-left"):
                yield Static(id="agenda")
                yield PortalControl(self.lang, self.svc, self.portals, id="portal")
            with Vertical(id="live-main"):
                yield Static(self.tr("tui.live.side_hint"), id="side-hint")
                yield Static(id="step-title", classes="step-title")
                yield RoundTimer(
                    self.lang,
                    id="timer",
                    step_kinds={s.id: s.kind for s in self.svc.info.steps},
                    round_counts={s.id: self.svc.round_count(s.id) for s in self.svc.info.steps},
                )
                with VerticalScroll(id="script-box"):
                    yield Static(id="script")
                yield Vertical(id="panel-slot")
            with Vertical(id="live-right"):
                yield Static(
                    self.tr("tui.live.seating"), id="seating-title", classes="section-title"
                )
                with VerticalScroll(id="seating-box"):
                    yield Static(id="seating")
                yield Static(self.tr("tui.live.feed"), classes="section-title")
                yield Static(id="feed")
        yield CaptureBar(self.lang, id="capture")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.svc.info.title
        self.sub_title = self.tr("tui.live.sub")  # with the portal's summary (portal_shown)
        for rec in self.recent_records():
            self.feed.append(self.feed_line(rec))
        self.query_one("#feed", Static).update(self.feed_text())
        self.fit(self.size.width, self.size.height)
        self.tick()
        self.set_interval(0.5, self.tick)
        hold_long_lived()

    def on_unmount(self) -> None:
        release_long_lived()

    def on_screen_resume(self) -> None:
        self._panel_dirty = True
        self.tick()

    # -- every terminal size: side columns fold away below SIDE_MIN_WIDTH ----------------------

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Three columns from SIDE_MIN_WIDTH up; below, the step alone and f shows the agenda
        (with the portal) or the seating and feed in its place. A short terminal gets a
        one-line countdown and a shorter script."""
        narrow = width < SIDE_MIN_WIDTH
        self.set_class(narrow, "-narrow")
        self.set_class(width >= WIDE_WIDTH, "-wide")
        self.set_class(height < SHORT_HEIGHT, "-short")
        if not narrow:
            self.side = "main"
        self.set_class(narrow and self.side == "left", "-side-left")
        self.set_class(narrow and self.side == "right", "-side-right")

    def action_toggle_side(self) -> None:
        """Narrow terminals: the step, then the agenda and portal, then the seating and feed."""
        order = ["main", "left", "right"]
        if self.size.width >= SIDE_MIN_WIDTH:
            self.notify(self.tr("tui.live.side_all_shown"))
            return
        self.side = order[(order.index(self.side) + 1) % len(order)]
        self.fit(self.size.width, self.size.height)
        hint = self.query_one("#side-hint", Static)
        hint.update(self.tr(f"tui.live.side_hint_{self.side}"))

    # -- the tick: the live state rebuilt from the event log ---------------------------------

    def tick(self, force: bool = False) -> None:
        live = self.svc.live()
        if self.query_one("#timer", RoundTimer).show(live, final_step(self.svc)):
            self.app.bell()
        self.show_agenda(live)
        step = (
            self.viewed or live.step or (self.svc.info.steps[0].id if self.svc.info.steps else None)
        )
        if force or step != self.shown_step or live.round != self.shown_round:
            self.shown_round = live.round
            self.show_step(step, live)
        elif self._panel_dirty:
            self.refresh_panels()

    def feed_text(self) -> Text:
        """The feed, newest first, one record a line cut to the column's width."""
        text = Text("\n").join(reversed(self.feed))
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def show_agenda(self, live: LiveState) -> None:
        grid = RichTable.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1)
        grid.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
        grid.add_column(justify="right", width=11)
        for step in self.svc.info.steps:
            st = live.times[step.id]
            mark = "▶" if step.id == live.step and not st.ended else ("✓" if st.ended else " ")
            style = "bold reverse" if step.id == (self.viewed or live.step) else ""
            actual = f"{int(st.actual_s // 60)}'" if st.started else "·"
            grid.add_row(
                mark,
                Text(step.text("title", self.lang), style=style),
                f"{actual} / {step.minutes + st.extended_s // 60}'",
            )
        self.query_one("#agenda", Static).update(grid)

    def show_step(self, step_id: str | None, live: LiveState) -> None:
        self.shown_step = step_id
        step = self.svc.info.step(step_id) if step_id else None
        title = self.query_one("#step-title", Static)
        slot = self.query_one("#panel-slot", Vertical)
        slot.remove_children()
        if step is None:
            title.update(self.tr("tui.live.no_steps"))
            return
        kind = t(f"kind.{step.kind}", self.lang)
        label = step.text("title", self.svc.lang)
        if step.id != live.step:
            label += "  " + self.tr("tui.live.preview")
        title.update(Text.assemble((label, "bold"), f"  · {kind}"))
        self.query_one("#script", Static).update(plain(step.text("script", self.svc.lang)))
        slot.mount(make_panel(self.lang, self.svc, step))
        self.call_after_refresh(self.focus_panel)
        self.query_one("#seating", Static).update(seating_text(self.svc, step, live, self.lang))
        forum = step.kind in ("marketplace", "breakouts")
        self.query_one("#seating-title", Static).update(
            self.tr("tui.live.seating_forum" if forum else "tui.live.seating")
        )
        self.query_one(CaptureBar).set_tables([(tb.name, tb.id) for tb in self.svc.session.tables])

    def focus_panel(self) -> None:
        """The step panel has the keyboard, so its keys work at once (unless a capture is being
        typed, or a dialog is open)."""
        if self.app.screen is not self or not self.is_attached:
            return
        focused = self.focused
        if focused is not None and focused.id == "capture-input":
            return
        if any(p.has_focus_within for p in self.query(".step-panel")):
            return
        for panel in self.query(".step-panel"):
            # the panel itself when it takes the keys (debate, consent), else its first list
            target = next((w for w in [panel, *panel.query("*")] if w.focusable), None)
            if target is not None:
                target.focus()
                return

    # -- records arriving (keyboard or phones) ---------------------------------------------------

    def recent_records(self) -> list[Placed]:
        sess = self.svc.session
        items: list[Placed] = [r for cls in FEED_TYPES for r in sess.all(cls)]
        for rec in items:
            self.fed[rec.kind_name] = max(self.fed.get(rec.kind_name, 0), rec.id)
            if isinstance(rec, Topic):
                self.reported[rec.id] = rec.reported_at
        items.sort(key=lambda r: r.at)
        return [r for r in items if not getattr(r, "hidden", False)][-FEED_SIZE:]

    def feed_line(self, rec: Placed) -> Text:
        """One line per record: who or what kind, where, and its words, as plain text."""
        kind, text = feed_summary(rec, self.svc, self.lang)
        where = ""
        if rec.table is not None:
            table = self.svc.session.get(Table, rec.table)
            where = table.name if table else ""
        phone = "📱 " if rec.source.value == "portal" else ""
        sep = self.tr("tui.feed.at_table", table=where) if where else self.tr("tui.feed.colon")
        return Text.assemble((f"{phone}{kind}", "bold"), sep, text.replace("\n", " "))

    @on(ClockMoved)
    def clock_moved(self) -> None:
        """The countdowns, and the panel's own (the debate's turn), at the clock's new time."""
        self._panel_dirty = True
        self.tick()

    @on(RecordSaved)
    def record_saved(self, message: RecordSaved) -> None:
        change = message.change
        rec = change.record
        if (
            isinstance(rec, FEED_TYPES)
            and change.kind != "session"
            and rec.id > self.fed.get(rec.kind_name, 0)
        ):
            self.fed[rec.kind_name] = rec.id  # new records only: an edit is not news
            if not getattr(rec, "hidden", False):
                self.feed.append(self.feed_line(rec))
                self._feed_dirty = True
        elif isinstance(rec, Topic) and rec.reported_at != self.reported.get(rec.id, ""):
            self.reported[rec.id] = rec.reported_at  # a breakout's report is news
            if rec.reported_at:
                self.feed.append(self.feed_line(rec))
                self._feed_dirty = True
        self._panel_dirty = True
        if change.kind in ("tables", "rounds", "session") or (
            change.kind == "events" and getattr(rec, "kind", None) not in PANEL_EVENTS
        ):
            self.shown_step = None  # redraw the step now, not at the next tick
            self.call_after_refresh(self.tick)
        typed_here = getattr(rec, "source", None) == Source.FACILITATOR
        if typed_here:
            # What the facilitator just typed is drawn at once, whatever the phones are doing.
            self.call_later(self.refresh_panels)
        elif not self._panel_scheduled:
            # From phones: the first record after a quiet moment is drawn at once; during a
            # burst, one redraw per REDRAW_S at most.
            self._panel_scheduled = True
            wait = self._last_redraw + REDRAW_S - monotonic()
            if wait <= 0:
                self.call_later(self.refresh_panels)
            else:
                self.set_timer(wait, self.refresh_panels)

    def refresh_panels(self) -> None:
        """Redraw the feed and the step panel from the session (records arrived)."""
        self._panel_scheduled = False
        self._last_redraw = monotonic()
        if self._feed_dirty:  # one redraw for a burst of records from the phones
            self._feed_dirty = False
            self.query_one("#feed", Static).update(self.feed_text())
        if not self._panel_dirty:
            return
        self._panel_dirty = False
        for panel in self.query(StepPanel):
            if not panel.is_mounted or not panel.is_attached:
                continue
            with contextlib.suppress(NoMatches):  # a panel being replaced has no children
                panel.refresh_view()

    # -- actions ---------------------------------------------------------------------------------

    async def attempt(self, coro: Awaitable[object]) -> None:
        try:
            await coro
        except ValidationError as exc:
            self.notify(exc.message(self.lang), severity="error")
        self.tick(force=True)

    async def action_next_step(self) -> None:
        self.viewed = None
        await self.attempt(self.svc.next_step())

    async def action_start_viewed(self) -> None:
        if self.viewed:
            step, self.viewed = self.viewed, None
            await self.attempt(self.svc.start_step(step))

    async def action_pause_resume(self) -> None:
        live = self.svc.live()
        await self.attempt(self.svc.pause() if live.running else self.svc.resume())

    async def action_add_minute(self) -> None:
        await self.attempt(self.svc.extend(60))

    async def action_next_round(self) -> None:
        live = self.svc.live()
        step = self.svc.info.step(live.step) if live.step else None
        if step is None or step.kind not in ("rounds", "debate", "breakouts"):
            self.notify(self.tr("tui.live.no_rounds"), severity="warning")
            return
        await self.attempt(self.svc.next_round())

    def action_view(self, delta: int) -> None:
        ids = [s.id for s in self.svc.info.steps]
        current = self.viewed or self.svc.live().step or (ids[0] if ids else None)
        if current is None:
            return
        index = max(0, min(len(ids) - 1, ids.index(current) + delta))
        self.viewed = None if ids[index] == self.svc.live().step else ids[index]
        self.tick(force=True)

    def action_capture(self) -> None:
        self.query_one(CaptureBar).focus_input()

    async def on_capture_bar_captured(self, event: CaptureBar.Captured) -> None:
        await self.save_capture(event.capture, event.table)

    async def save_capture(self, capture: Capture, table: int | None) -> None:
        """The line typed, saved as the phones' lines are (the service's one `capture`)."""
        try:
            await self.svc.capture(capture.kind, capture.text, table=table, reason=capture.reason)
        except ValidationError as exc:
            self.notify(exc.message(self.lang), severity="error")

    def action_projector(self) -> None:
        from facilitate.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.lang, self.svc))

    def action_territory_time(self) -> None:
        """Note the minutes just given to one territory's own issues (the seed's time lens)."""
        from facilitate.tui.screens.forms import Field, FormModal

        territories = sorted({p.territory for p in self.svc.session.participants if p.territory})
        fields = [
            Field(
                "territory",
                self.tr("tui.territory_time.territory"),
                territories[0] if territories else "",
                options=[(name, name) for name in territories] or None,
            ),
            Field("minutes", self.tr("tui.territory_time.minutes"), "5"),
        ]

        def done(values: dict[str, str] | None) -> None:
            if not values or not values.get("territory"):
                return
            try:
                minutes = float(values["minutes"].replace(",", "."))
            except ValueError:
                self.notify(
                    self.tr("tui.territory_time.bad", value=values["minutes"]), severity="error"
                )
                return
            self.run_worker(
                self.attempt(self.svc.record_territory_time(values["territory"], minutes)),
                group="time",
            )

        self.app.push_screen(
            FormModal(self.lang, self.tr("tui.territory_time.heading"), fields), done
        )

    def action_moderate(self) -> None:
        from facilitate.tui.screens.moderation import ModerationModal

        self.app.push_screen(ModerationModal(self.lang, self.svc))

    async def action_toggle_submissions(self) -> None:
        is_open = not self.svc.info.submissions_open
        await self.attempt(self.svc.set_submissions_open(is_open))
        self.notify(self.tr("tui.moderation.opened" if is_open else "tui.moderation.closed"))
        self.query_one(PortalControl).show()

    async def action_toggle_table_view(self) -> None:
        show = not self.svc.info.show_contributions
        await self.attempt(self.svc.set_show_contributions(show))
        self.notify(
            self.tr("tui.moderation.table_view_on" if show else "tui.moderation.table_view_off")
        )

    def action_new_token(self) -> None:
        from facilitate.tui.screens.forms import Field, FormModal

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return

            async def rotate() -> None:
                await self.attempt(self.svc.rotate_token())
                self.portals.token_rotated()
                self.query_one(PortalControl).show()
                self.notify(self.tr("tui.moderation.rotated"))

            self.run_worker(rotate(), group="token")

        self.app.push_screen(
            FormModal(self.lang, self.tr("tui.moderation.rotate_confirm"), list[Field]()), done
        )

    def action_export(self) -> None:
        from facilitate.tui.screens.outputs import ExportModal

        self.app.push_screen(
            ExportModal(self.lang, self.svc.store.folder, content_lang=self.svc.lang)
        )

    def action_cards(self) -> None:
        from facilitate.tui.screens.outputs import ExportModal

        self.app.push_screen(
            ExportModal(self.lang, self.svc.store.folder, cards=True, content_lang=self.svc.lang)
        )

    def action_board(self) -> None:
        from facilitate.tui.screens.board import BoardScreen

        self.app.push_screen(BoardScreen(self.lang, self.svc))

    def action_setup(self) -> None:
        from facilitate.tui.screens.setup import SetupScreen

        self.app.push_screen(SetupScreen(self.lang, self.svc))

    def action_leave(self) -> None:
        self.fapp.close_session()

    def action_toggle_portal(self) -> None:
        self.query_one(PortalControl).toggle()

    def action_test_reach(self) -> None:
        self.query_one(PortalControl).test_reach()

    @on(PortalControl.Shown)
    def portal_shown(self, message: PortalControl.Shown) -> None:
        """The portal's column widens to hold the code whole; the header says whether phones
        can come and when the last one did."""
        message.stop()
        self.query_one("#live-left").set_class(bool(message.url), "-qr")
        plain = self.tr("tui.live.sub")
        self.sub_title = f"{plain} · {message.summary}" if message.summary else plain
