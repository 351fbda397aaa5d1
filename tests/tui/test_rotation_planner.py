"""Set-up's planner: a budget the facilitator sees and extends (b), and a choice to mix
territories first (m); the plan's figures show repeats and same-territory tables."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, service_of, settle
from textual.widgets import Static

from facilitate.domain.clock import ManualClock


async def test_the_planner_budget_and_spread_are_shown_and_changed(
    cafe: Path, sessions: Path
) -> None:
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await pilot.press("e")
        await pilot.pause()
        settings = app.screen.query_one("#plan-settings", Static)
        assert "Planner: 2 s of computing" in str(settings.render())
        assert "mix territories first (m): no" in str(settings.render())
        await pilot.press("b", "m")
        await pilot.pause()
        assert "Planner: 4 s of computing" in str(settings.render())
        assert "mix territories first (m): yes" in str(settings.render())
        await pilot.press(*"bbbbb")  # 8, 16, 32, 64, then back to the first budget
        await pilot.pause()
        assert "Planner: 2 s of computing" in str(settings.render())
        await pilot.press("g")
        await settle(pilot)
        assert len(svc.session.rounds_of("cafe-enjeux")) == 3
        figures = str(app.screen.query_one("#plan-figures", Static).render())
        assert "repeated encounters:" in figures
        # 3 territories of 4 people at tables of 4: every table seats two of one territory
        assert "tables seating two people of one territory: 9" in figures


async def test_the_agenda_budget_is_shown_and_extended(sessions: Path) -> None:
    """The marketplace says how long s searches for an agenda; l doubles it."""
    import asyncio

    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

    async def build() -> None:
        info = session_doc(get_format("forum-ouvert"), title="Forum", date="2026-03-12", lang="en")
        svc = SessionService.create(sessions / "forum", info, clock=ManualClock(START))
        for name in ("Green room", "Blue room"):
            await svc.add_table(name, is_space=True)
        await svc.start_step("place-du-marche")
        await svc.add_topic("Car sharing", "Bo")
        await svc.add_topic("Night buses", "Karim")
        svc.close()

    await asyncio.get_running_loop().run_in_executor(None, asyncio.run, build())
    app = app_for(sessions, sessions / "forum", ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await settle(pilot)
        unplaced = app.screen.query_one("#unplaced", Static)
        assert "s suggests an agenda in 1 s of computing (l to extend)" in str(unplaced.render())
        app.screen.query_one("#topics").focus()
        await pilot.press("l")
        await pilot.pause()
        assert "in 2 s of computing" in str(unplaced.render())
        await pilot.press("s")
        await settle(pilot)
        assert all(tp.slot is not None for tp in svc.wall_topics())
