"""The portal control is a widget on its own: given a runner, it starts and stops the portal,
draws the join code and tells whoever holds it, with no screen behind it."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Static

from facilitate.service import SessionService
from facilitate.tui.widgets.portal import PortalControl, PortalRunner


class FakePortal:
    """A portal that starts at once and serves nothing (the real one is tested in test_live)."""

    def __init__(self, svc: SessionService, *, host: str, port: int) -> None:
        self.url = f"http://{host}:{port}/j/token"
        self.stopped = False

    async def start(self) -> str:
        return self.url

    async def stop(self) -> None:
        self.stopped = True


class Holder(App[None]):
    """An app that holds the control and keeps what it is told."""

    def __init__(self, svc: SessionService, runner: PortalRunner) -> None:
        super().__init__()
        self.svc, self.runner = svc, runner
        self.told: list[tuple[str | None, str]] = []

    def compose(self) -> ComposeResult:
        yield PortalControl("en", self.svc, self.runner)

    @on(PortalControl.Shown)
    def shown(self, message: PortalControl.Shown) -> None:
        self.told.append((message.url, message.summary))


async def test_the_portal_control_starts_and_stops_a_portal_and_tells_its_holder(
    cafe: Path,
) -> None:
    """Closed, it says so; started, it draws the code and tells the URL and the reach summary;
    stopped, the portal is stopped and the holder hears it closed."""
    svc = SessionService.open(cafe)
    try:
        runner = PortalRunner(FakePortal)
        app = Holder(svc, runner)
        async with app.run_test() as pilot:
            await pilot.pause()
            control = app.query_one(PortalControl)
            assert app.told[-1] == (None, "")
            assert "closed" in str(control.query_one("#qr", Static).render()).lower()
            control.start("127.0.0.1", 8765)
            await app.workers.wait_for_complete()
            await pilot.pause()
            portal = runner.portal
            assert isinstance(portal, FakePortal) and runner.url == portal.url
            url, summary = app.told[-1]
            assert url == "http://127.0.0.1:8765/j/token" and summary
            assert control.query_one("#qr").has_class("-code")
            await control.stop()
            await pilot.pause()
            assert portal.stopped and runner.portal is None and app.told[-1] == (None, "")
    finally:
        svc.close()
