"""Set-up's import: a preview before anything is written, then suggested powers to confirm."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, settle, within
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from facilitate.domain.clock import ManualClock
from facilitate.store import read_session_tables
from facilitate.tui.app import FacilitateApp
from facilitate.tui.screens.forms import FormModal
from facilitate.tui.screens.importing import ImportPreviewModal
from facilitate.tui.screens.setup import SetupScreen

DATA = Path(__file__).resolve().parents[1] / "data" / "secretariat-cp1252.csv"


async def open_preview(pilot: Pilot, app: FacilitateApp) -> None:
    """From set-up's participants tab: i, the file's path, and wait for the preview."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, SetupScreen)
    app.screen.query_one(TabbedContent).active = "tab-participants"
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    app.screen.query_one("#f-path", Input).value = str(DATA)
    await pilot.press("ctrl+s")
    assert await within(pilot, 5, lambda: isinstance(app.screen, ImportPreviewModal))


async def test_the_preview_comes_first_and_cancel_writes_nothing(
    cafe: Path, sessions: Path
) -> None:
    """The preview names columns, suggested powers and what would be added; Escape imports nothing."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, app)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "Columns understood: Civilité → civility" in text
        assert "Commune → territory (where Territoire is empty)" in text
        assert "Kinds of power: 56 suggested" in text
        assert "If imported: 60 participants added, 0 updated, 0 unchanged" in text
        assert "12 participants of the session are not in this file (kept)" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
    assert len(read_session_tables(cafe)["participants"]) == 12


async def test_suggested_powers_are_shown_and_confirmed_in_set_up(
    cafe: Path, sessions: Path
) -> None:
    """After the import the list marks suggestions; c confirms one, the form names its word."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        table = screen.query_one("#people", DataTable)
        assert table.row_count == 72
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        lefevre = next(i for i, r in enumerate(rows) if r[0] == "Françoise Lefèvre")
        assert rows[lefevre][3] == "political (suggested)"
        assert rows[0][3] in ("political", "technical", "civil society", "economic")
        table.focus()
        table.move_cursor(row=lefevre)
        await pilot.press("c")
        await settle(pilot)
        row = [str(c) for c in table.get_row_at(lefevre)]
        assert row[0] == "Françoise Lefèvre" and row[3] == "political"
        faure = next(i for i, r in enumerate(rows) if r[0] == "Hélène Faure")
        table.move_cursor(row=faure)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        labels = [f.label for f in app.screen.fields]
        assert "Kind of power (suggested from 'Directrice': confirm or correct)" in labels
        await pilot.press("escape")
        await settle(pilot)
    people = read_session_tables(cafe)["participants"].values()
    lefevre_doc = next(p for p in people if p["name"] == "Françoise Lefèvre")
    assert lefevre_doc["power"] == "political" and lefevre_doc["power_suggested_by"] == ""
    faure_doc = next(p for p in people if p["name"] == "Hélène Faure")
    assert faure_doc["power_suggested_by"] == "Directrice"
