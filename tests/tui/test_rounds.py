"""Café rounds follow the room: the step starts round 1, `r` the next, every record carries it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.tui.conftest import SIZE, START, app_for, from_phone, service_of, settle
from textual.widgets import Input

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
        svc = service_of(app)
        assert svc is not None
        while svc.live().step != "cafe-enjeux":
            await pilot.press("n")
            await settle(pilot)
        live = svc.live()
        assert live.round == 1 and live.remaining_s == 20 * 60  # the round's own countdown
        screen = app.screen
        await pilot.press("c")
        screen.query_one("#capture-input", Input).value = "i: un bus partagé"
        await pilot.press("enter")
        await settle(pilot)
        clock.advance(minutes=20)
        await pilot.press("escape")
        await pilot.press("r")
        await settle(pilot)
        assert svc.live().round == 2
        await pilot.press("c")
        screen.query_one("#capture-input", Input).value = "i: un guichet unique"
        await pilot.press("enter")
        await settle(pilot)
        table = svc.session.tables[0]
        await from_phone(svc, table.slug, "idea", "depuis un téléphone")
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

    def notify(message: str, **kw: Any) -> None:
        said.append(str(message))
        real_notify(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
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


async def test_round_2_is_on_the_live_screen_and_the_projector_with_its_seating(
    cafe: Path, sessions: Path
) -> None:
    """The round's own countdown with the step's total beside it; its question and seating on
    the live screen and the projector."""
    from tests.tui.test_forum import text_of

    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        ids = [p.id for p in svc.session.participants]
        a, b, c, *rest = ids  # the three hosts, then the travellers
        plan = [
            [[a, *rest[0:3]], [b, *rest[3:6]], [c, *rest[6:9]]],
            [[a, rest[3], rest[6]], [b, rest[0], rest[7]], [c, rest[1], rest[4]]],
        ]
        await svc.set_seating("cafe-enjeux", plan, ["What works?", "What blocks us?"])
        await svc.start_step("cafe-enjeux")
        clock.advance(minutes=20)
        await svc.next_round()
        clock.advance(minutes=5)  # the countdown follows the clock, not real time
        await settle(pilot)
        status = str(app.screen.query_one("#timer .timer-status").render())
        assert status.startswith("Round 2 of 3 · running · planned 20:00")
        assert "step: 45:00 left of 70:00" in status
        assert "What blocks us?" in str(app.screen.query_one("#round-question").render())
        assert "Round 2 of 3" in str(app.screen.query_one("#seating").render())
        await pilot.press("w")
        await pilot.pause()
        assert "Round 2 of 3" in text_of(app, "#proj-step")
        assert "What blocks us?" in text_of(app, "#proj-question")
        room = text_of(app, "#proj-room")
        assert "Table 2" in room and "Person 3" in room  # rest[0] moved to table 2
