"""Home screen: creating a session from a format, importing participants, locked sessions."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, fill, settle, within
from textual.widgets import Input

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import SessionInfo
from facilitate.service import SessionService
from facilitate.store import read_session_tables
from facilitate.tui.screens.forms import NoticeModal
from facilitate.tui.screens.home import HomeScreen
from facilitate.tui.screens.importing import ImportPreviewModal
from facilitate.tui.screens.live import LiveScreen


async def test_a_session_created_from_a_format_is_saved_and_opened(sessions: Path) -> None:
    """n asks for title, format, date and venue; the session is written and its live screen opens."""
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(
            pilot,
            title="Atelier [b]vélo[/b]",
            format="world-cafe",
            date="2026-04-02",
            venue="Salle des fêtes",
        )
        assert isinstance(app.screen, LiveScreen)
    folder = sessions / "2026-04-02-atelier-b-velo-b"
    info = SessionInfo.from_dict(read_session_tables(folder)["session"]["1"])
    assert (info.title, info.format_id, info.venue) == (
        "Atelier [b]vélo[/b]",
        "world-cafe",
        "Salle des fêtes",
    )


async def test_a_bad_date_creates_nothing(sessions: Path) -> None:
    """A date that is not YYYY-MM-DD is refused with a message and no folder is made."""
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, title="Oops", format="world-cafe", date="12/03/2026")
        assert isinstance(app.screen, HomeScreen)
    assert list(sessions.iterdir()) == []


async def test_participants_are_imported_from_a_csv(
    cafe: Path, sessions: Path, tmp_path: Path
) -> None:
    """i on a session reads a spreadsheet export and adds everyone, hosts naming their table."""
    csv = tmp_path / "people.csv"
    csv.write_text(
        "nom;structure;territoire;pouvoir;hôte\nAna;Mairie;Nord;politique;\n"
        "Ben;Asso;Sud;société civile;Table Vélo\n",
        encoding="utf-8",
    )
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#f-path", Input).value = str(csv)
        await pilot.press("ctrl+s")  # the preview waits for a yes: no settle() before it
        assert await within(pilot, 5, lambda: isinstance(app.screen, ImportPreviewModal))
        assert len(read_session_tables(cafe)["participants"]) == 12  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(pilot)
    tables = read_session_tables(cafe)
    names = {d["name"] for d in tables["participants"].values()}
    assert {"Ana", "Ben"} <= names and len(names) == 14
    assert any(d["name"] == "Table Vélo" for d in tables["tables"].values())


async def test_an_import_with_errors_lists_them_and_imports_nothing(
    cafe: Path, sessions: Path, tmp_path: Path
) -> None:
    """A CSV with a bad line shows every problem with its line number and adds no one."""
    csv = tmp_path / "bad.csv"
    csv.write_text("name,power\nAna,political\n,technical\nBen,wizard\n", encoding="utf-8")
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await fill(pilot, path=str(csv))
        await settle(pilot)
        assert isinstance(app.screen, NoticeModal)
        assert any(line.startswith("bad.csv:3: ") for line in app.screen.lines)
        assert any(line.startswith("bad.csv:4: ") for line in app.screen.lines)
    assert len(read_session_tables(cafe)["participants"]) == 12


async def test_a_locked_session_shows_one_message_and_the_app_keeps_running(
    cafe: Path, sessions: Path
) -> None:
    """Opening a session another process holds explains who holds it; the home stays usable."""
    holder = SessionService.open(cafe)
    try:
        app = app_for(sessions, cafe, ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoticeModal)
            assert "pid" in app.screen.text
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)
            assert app.service is None
    finally:
        holder.close()


async def test_a_damaged_session_offers_the_backup(cafe: Path, sessions: Path) -> None:
    """A corrupt session file is refused with a clear message; the app keeps running."""
    (cafe / "session.json").write_text("{not json", encoding="utf-8")
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeModal)
        assert "session.json" in app.screen.text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_checklist_is_ticked_per_session(cafe: Path, sessions: Path) -> None:
    """Ticking a preparation item on the home screen saves it in that session."""
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await pilot.press("space")
        await settle(pilot)
    info = SessionInfo.from_dict(read_session_tables(cafe)["session"]["1"])
    assert info.checklist == {"anticipate": True}


async def test_a_foreign_session_file_is_listed_as_damaged_beside_the_others(
    cafe: Path, sessions: Path
) -> None:
    """Valid JSON that is not a session (title: 12) shows as damaged with the restore hint; the
    good session is listed, and opening the damaged one gives one message, not a crash."""
    import json
    import shutil

    from textual.widgets import DataTable

    bad = sessions / "bad"
    shutil.copytree(cafe, bad)
    data = json.loads((bad / "session.json").read_text(encoding="utf-8"))
    data["session"]["1"]["title"] = 12
    (bad / "session.json").write_text(json.dumps(data), encoding="utf-8")
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("Café test" in r for r in rows)
        damaged = next(r for r in rows if r.startswith("bad"))
        assert "damaged" in damaged and "facilitate restore bad" in damaged
        table.move_cursor(row=rows.index(damaged))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoticeModal)
        assert "title" in app.screen.text and "restore" in app.screen.text
