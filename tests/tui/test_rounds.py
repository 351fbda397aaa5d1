"""Café rounds follow the room: the step starts round 1, `r` the next, every record carries it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tui.conftest import SIZE, START, app_for, settle

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Contribution
from facilitate.service import SessionService, ValidationError


async def test_a_capture_in_round_1_then_r_then_keyboard_and_phone_land_in_rounds_1_2_2(
    cafe: Path, sessions: Path
) -> None:
    """n starts the café with round 1 running; r moves to round 2; the phone follows."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        svc = app.service
        assert svc is not None
        while svc.live().step != "cafe-enjeux":
            await pilot.press("n")
            await settle(pilot)
        live = svc.live()
        assert live.round == 1 and live.remaining_s == 20 * 60  # the round's own countdown
        screen = app.screen
        await pilot.press("c")
        screen.query_one("#capture-input").value = "i: un bus partagé"
        await pilot.press("enter")
        await settle(pilot)
        clock.advance(minutes=20)
        await pilot.press("escape")
        await pilot.press("r")
        await settle(pilot)
        assert svc.live().round == 2
        await pilot.press("c")
        screen.query_one("#capture-input").value = "i: un guichet unique"
        await pilot.press("enter")
        await settle(pilot)
        table = svc.session.tables[0]
        await svc.submit_from_portal(table.slug, "idea", "depuis un téléphone")
        await settle(pilot)
    reopened = SessionService.open(cafe)
    try:
        rounds = {c.text: c.round for c in reopened.session.all(Contribution)}
        assert rounds == {"un bus partagé": 1, "un guichet unique": 2, "depuis un téléphone": 2}
    finally:
        reopened.close()


async def test_after_the_last_round_r_says_so_and_starts_nothing(
    cafe: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service refuses a fourth round of a three-round café; the screen says so."""
    app = app_for(sessions, cafe, ManualClock(START))
    said: list[str] = []
    real_notify = app.notify
    monkeypatch.setattr(
        app, "notify", lambda message, **kw: said.append(str(message)) or real_notify(message, **kw)
    )
    async with app.run_test(size=SIZE) as pilot:
        svc = app.service
        assert svc is not None
        await svc.start_step("cafe-enjeux")
        await svc.next_round()
        await svc.next_round()
        with pytest.raises(ValidationError) as info:
            await svc.next_round()
        assert info.value.key == "service.last_round"
        events = len(svc.session.events)
        await pilot.press("r")
        await settle(pilot)
        assert svc.live().round == 3 and len(svc.session.events) == events
        assert any("last round (of 3)" in m for m in said)
