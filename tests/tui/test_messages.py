"""Saved records reach every screen of the stack as Textual messages (`RecordSaved`)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, service_of, settle
from textual.widgets import DataTable

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source
from facilitate.tui.screens.board import BoardScreen
from facilitate.tui.screens.live import LiveScreen


async def test_a_phone_record_reaches_the_board_and_the_live_screen_under_it(
    cafe: Path, sessions: Path
) -> None:
    """With the board over the live screen, a phone's disagreement shows on the board at once,
    and it is in the live screen's feed when the facilitator goes back."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("cafe-enjeux")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        board = app.screen.query_one("#board", DataTable)
        before = board.row_count
        await svc.add_tension("Who pays for the driver?", source=Source.PORTAL)
        await settle(pilot)
        assert board.row_count == before + 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert "Who pays for the driver?" in str(app.screen.query_one("#feed").render())
