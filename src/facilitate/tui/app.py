"""The Textual application: opens sessions through the service and hosts the screens."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme

from facilitate.domain.clock import Clock, ManualClock, SystemClock
from facilitate.i18n import LANGS, t
from facilitate.service import Change, SessionService
from facilitate.service.opening import OpenRefused, open_session
from facilitate.tui.commands import FacilitateCommands
from facilitate.tui.messages import ClockMoved, RecordSaved
from facilitate.tui.widgets.base import InLanguage
from facilitate.tui.widgets.portal import PortalRunner

HIGH_CONTRAST = Theme(
    name="facilitate-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    warning="#ffaa00",
    error="#ff4444",
    success="#00ff66",
    dark=True,
)
PortalFactory = Callable[..., Any]


class FacilitateApp(InLanguage, App[int]):
    """The facilitator's companion for a whole session, keyboard first."""

    CSS_PATH = "app.tcss"
    TITLE = "facilitate"
    COMMANDS = App.COMMANDS | {FacilitateCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="show-help"),
        Binding("f2", "toggle_contrast", "High contrast", id="toggle-contrast", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit-app", priority=True),
        # declared here so that its label (the footer's "palette") comes from the catalogue
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="command-palette",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        *,
        sessions: Path,
        session: Path | None = None,
        lang: str = "fr",
        clock: Clock | None = None,
        portal_factory: PortalFactory | None = None,
    ) -> None:
        super().__init__()
        self.sessions_dir = Path(sessions)
        self.start_session = session
        self.lang = lang if lang in LANGS else "en"
        self.clock: Clock = clock or SystemClock()
        self.portals = PortalRunner(portal_factory)  # the open session's portal, if started
        self.service: SessionService | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._clock_stop: Callable[[], None] | None = None

    @property
    def portal(self) -> Any:
        """The running portal (None when closed): its code, cards and projector read it."""
        return self.portals.portal

    @property
    def portal_url(self) -> str | None:
        return self.portals.url

    def tr(self, key: str, **values: object) -> str:
        """A message of the interface in the app's language."""
        return t(key, self.lang, **values)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if isinstance(self.clock, ManualClock):  # time moves when told: so do the countdowns
            self._clock_stop = self.clock.on_move(lambda _: self.clock_moved())
        from facilitate.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.lang))
        if self.start_session is not None:
            self.open_session(self.start_session)

    # -- the open session --------------------------------------------------------------------

    def open_session(self, folder: Path, service: SessionService | None = None) -> bool:
        """Open a session (or adopt an open service) and show its live screen."""
        from facilitate.tui.screens.forms import NoticeModal
        from facilitate.tui.screens.live import LiveScreen

        self.close_session()
        if service is None:
            try:
                service = open_session(Path(folder), lang=self.lang, clock=self.clock)
            except OpenRefused as exc:
                self.push_screen(NoticeModal(self.lang, str(exc)))
                return False
        else:
            service.clock = self.clock
        self.service = service
        self._unsubscribe = service.subscribe(self._on_change)
        self.push_screen(LiveScreen(self.lang, service, self.portals))
        return True

    def _on_change(self, change: Change) -> None:
        """Every screen of the stack hears of the change (the live screen under the board too),
        through Textual's message queue: each handles it in its own turn."""
        for screen in self.screen_stack:
            screen.post_message(RecordSaved(change))

    def clock_moved(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(ClockMoved())

    def close_session(self) -> None:
        """Stop the portal, let go of the service and return to the home screen."""
        if self.service is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        portal = self.portals.take()
        if portal is not None:
            self.run_worker(portal.stop(), exclusive=False)
        self.service.close()
        self.service = None
        from facilitate.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def on_unmount(self) -> None:
        if self._clock_stop is not None:
            self._clock_stop()
            self._clock_stop = None
        with contextlib.suppress(Exception):  # quitting must not fail on a dying portal
            await self.portals.stop()
        if self.service is not None:
            self.service.close()
            self.service = None

    # -- app-wide actions ------------------------------------------------------------------------

    def action_help(self) -> None:
        from facilitate.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang, self.screen))

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the interface's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(
                    placeholder=self.tr("tui.palette.placeholder"), id="--command-palette"
                )
            )

    def search_themes(self) -> None:
        """The theme list (from the palette's Theme), its prompt in the interface's language."""
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=self.tr("tui.palette.themes"))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, in the interface's language; quitting and the keys are
        already the app's bindings (ctrl+q, f1), offered with every other key."""
        yield SystemCommand(
            self.tr("tui.palette.theme"),
            self.tr("tui.palette.theme_help"),
            self.action_change_theme,
        )
        yield SystemCommand(
            self.tr("tui.palette.screenshot"),
            self.tr("tui.palette.screenshot_help"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name


def make_app(
    *,
    sessions: Path,
    session: Path | None = None,
    lang: str = "fr",
    clock: Clock | None = None,
    portal_factory: PortalFactory | None = None,
) -> FacilitateApp:
    """The app, as the command line, the tests and the benchmarks build it."""
    return FacilitateApp(
        sessions=sessions, session=session, lang=lang, clock=clock, portal_factory=portal_factory
    )


def run_app(*, sessions: Path, session: Path | None, lang: str) -> int:
    """Run the app in the terminal until the facilitator quits."""
    app = make_app(sessions=sessions, session=session, lang=lang)
    app.run()
    return app.return_code or 0
