"""Set-up of the café's structure by keys, own formats in the new-session dialog, content language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import SIZE, START, app_for, fill, service_of, settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, TabbedContent

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import SessionInfo
from facilitate.service import SessionService
from facilitate.store import read_session_tables
from facilitate.tui.app import FacilitateApp
from facilitate.tui.screens.forms import FormModal, NoticeModal
from facilitate.tui.screens.live import LiveScreen

CAFE_STEP = "cafe-enjeux"


def notes_of(app: FacilitateApp) -> list[str]:
    """Every notification the app shows, in order."""
    shown: list[str] = []
    original = app.notify

    def notify(message: str, *args: Any, **kw: Any) -> None:
        shown.append(str(message))
        original(message, *args, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return shown


def reopened(folder: Path) -> SessionService:
    return SessionService.open(folder)


async def open_tables_tab(pilot: Pilot) -> None:
    await pilot.press("e")
    pilot.app.screen.query_one(TabbedContent).active = "tab-tables"
    await pilot.pause()


async def test_keys_set_four_rounds_and_sixty_seats_at_ten_tables(
    cafe: Path, sessions: Path
) -> None:
    """t sets 10 tables of 6 seats, r sets 4 rounds of 15 min; the records say so on reopening."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await open_tables_tab(pilot)
        await pilot.press("t")
        await fill(pilot, tables="10", capacity="6")
        await pilot.press("r")
        await fill(pilot, rounds="4", round_minutes="15")
        assert app.screen.query_one("#tables", DataTable).row_count == 10
        assert app.screen.query_one("#questions", DataTable).row_count == 4
        summary = str(app.screen.query_one("#cafe-structure").render())
        assert "4 rounds of 15 min" in summary and "10 tables, 60 seats for 12" in summary
    svc = reopened(cafe)
    try:
        step = svc.info.step(CAFE_STEP)
        assert step is not None
        assert (step.settings["rounds"], step.settings["round_minutes"]) == (4, 15)
        assert len(step.settings["questions"]) == 4 and step.minutes == 4 * 15 + 10
        tables = svc.session.tables
        assert len(tables) == 10 and {tb.capacity for tb in tables} == {6}
        assert [tb.host for tb in tables[:3]] == [1, 2, 3]  # the hosted tables stay as they were
    finally:
        svc.close()


async def test_delete_removes_the_table_under_the_cursor(cafe: Path, sessions: Path) -> None:
    """Delete on a table row takes it away; its host becomes a traveller."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await open_tables_tab(pilot)
        tables = app.screen.query_one("#tables", DataTable)
        tables.focus()
        tables.move_cursor(row=1)
        await pilot.press("delete")
        await settle(pilot)
        assert tables.row_count == 2
    svc = reopened(cafe)
    try:
        assert [tb.name for tb in svc.session.tables] == ["Table 1", "Table 3"]
        assert svc.session.participants[1].host_of is None
    finally:
        svc.close()


async def test_editing_a_table_sets_its_seats(cafe: Path, sessions: Path) -> None:
    """Enter on a table opens its form with the seats; 4 seats are saved for that table only."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await open_tables_tab(pilot)
        app.screen.query_one("#tables", DataTable).focus()
        await pilot.press("enter")
        await fill(pilot, capacity="4")
    svc = reopened(cafe)
    try:
        assert [tb.capacity for tb in svc.session.tables] == [4, 6, 6]
    finally:
        svc.close()


async def test_once_the_cafe_started_the_keys_are_refused_by_the_service(
    cafe: Path, sessions: Path
) -> None:
    """After the café step starts, r and t say why nothing changes, and nothing does."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        shown = notes_of(app)
        await service_of(app).start_step(CAFE_STEP)
        await open_tables_tab(pilot)
        await pilot.press("r")
        await fill(pilot, rounds="5")
        await pilot.press("t")
        await fill(pilot, tables="8")
        refusals = [n for n in shown if "has started" in n]
        assert len(refusals) == 2 and "can no longer change" in refusals[0]
    svc = reopened(cafe)
    try:
        step = svc.info.step(CAFE_STEP)
        assert step is not None and step.settings["rounds"] == 3 and len(svc.session.tables) == 3
    finally:
        svc.close()


async def test_a_plan_that_no_longer_fits_is_marked_and_planned_again(
    cafe: Path, sessions: Path
) -> None:
    """After g plans 3 rounds, r sets 4: the rotation tab says the plan no longer fits; g fixes it."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        shown = notes_of(app)
        await open_tables_tab(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert len(service_of(app).session.rounds_of(CAFE_STEP)) == 3
        await pilot.press("r")
        await fill(pilot, rounds="4")
        assert any("no longer fits" in n and "3 in the plan, 4" in n for n in shown)
        figures = str(app.screen.query_one("#plan-figures").render())
        assert "no longer fits" in figures
        await pilot.press("g")
        await settle(pilot)
        rounds = service_of(app).session.rounds_of(CAFE_STEP)
        assert len(rounds) == 4 and all(r.seating for r in rounds)
        assert "no longer fits" not in str(app.screen.query_one("#plan-figures").render())


async def test_too_few_seats_are_told_by_the_planner(cafe: Path, sessions: Path) -> None:
    """With 3 tables of 3 seats for 12 people, g plans nothing and says there are too few seats."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        shown = notes_of(app)
        await service_of(app).set_capacity(3)
        await open_tables_tab(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert any("12 people but only 9 seats" in n for n in shown)
        assert not any(r.seating for r in service_of(app).session.rounds_of(CAFE_STEP))


async def test_own_formats_and_the_content_language_in_the_new_session_dialog(
    sessions: Path, tmp_path: Path
) -> None:
    """n offers the user's formats marked as theirs, reports a damaged one, and sets the content
    language apart from the screens."""
    own = tmp_path / "formats"
    own.mkdir()
    shipped = Path(__file__).resolve().parents[2] / "formats" / "world-cafe.toml"
    text = shipped.read_text(encoding="utf-8").replace('id = "world-cafe"', 'id = "mon-cafe"')
    (own / "mon-cafe.toml").write_text(text, encoding="utf-8")
    (own / "casse.toml").write_text("schema_version = 1\n", encoding="utf-8")
    app = app_for(sessions, None, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        shown = notes_of(app)
        await pilot.press("n")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FormModal)
        labels = {str(label): value for label, value in modal.fields[1].options or []}
        assert labels["World café (le vôtre)"] == "mon-cafe" and "World café" in labels
        assert modal.query_one("#f-content_lang", Select).value == "fr"
        assert [n for n in shown if "casse.toml" in n and "laissé de côté" in n]
        await fill(pilot, title="Café anglais", format="mon-cafe", content_lang="en")
        assert isinstance(app.screen, LiveScreen)
    (folder,) = list(sessions.iterdir())
    info = SessionInfo.from_dict(read_session_tables(folder)["session"]["1"])
    assert (info.format_id, info.lang) == ("mon-cafe", "en")


async def test_c_copies_a_shipped_format_into_the_user_folder(
    sessions: Path, tmp_path: Path
) -> None:
    """c copies the chosen shipped format beside the sessions and shows where it is."""
    app = app_for(sessions, None, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await fill(pilot, format="forum-ouvert")
        assert isinstance(app.screen, NoticeModal)
        copy = tmp_path / "formats" / "forum-ouvert.toml"
        assert str(copy) in app.screen.text and copy.is_file()
        await pilot.press("escape")
        await pilot.press("c")
        await fill(pilot, format="forum-ouvert")
        assert isinstance(app.screen, NoticeModal) and "Already" in app.screen.text


async def test_the_content_language_is_edited_in_the_details_and_exports_follow_it(
    cafe: Path, sessions: Path
) -> None:
    """Set-up's details change the content language; the export dialog then offers it first."""
    from textual.widgets import Input

    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#detail-lang", Input).value = "fr"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert service_of(app).info.lang == "fr"
        await pilot.press("escape")
        await service_of(app).update_info(lang="en")
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.query_one("#export-lang", Select).value == "en"
