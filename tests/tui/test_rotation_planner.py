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
        await pilot.press("g")
        await settle(pilot)
        assert len(svc.session.rounds_of("cafe-enjeux")) == 3
        figures = str(app.screen.query_one("#plan-figures", Static).render())
        assert "repeated encounters:" in figures
        # 3 territories of 4 people at tables of 4: every table seats two of one territory
        assert "tables seating two people of one territory: 9" in figures
