"""The open forum on the facilitator's screen: topics from phones arrive and are announced,
duplicates merge, sign-ups feed the agenda, reports come with their proposals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.tui.conftest import SIZE, START, app_for, fill, service_of, settle, within
from textual.app import App
from textual.widgets import DataTable, Static

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Proposal, Topic
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format


@pytest.fixture
def forum(sessions: Path) -> Path:
    import asyncio

    async def build() -> None:
        info = session_doc(get_format("forum-ouvert"), title="Forum", date="2026-03-12", lang="en")
        svc = SessionService.create(sessions / "forum", info, clock=ManualClock(START))
        for name in ("Green room", "Blue room", "Garden"):
            await svc.add_table(name, is_space=True)
        await svc.start_step("place-du-marche")
        svc.close()

    asyncio.run(build())
    return sessions / "forum"


def text_of(app: App[Any], selector: str) -> str:
    """What a Static shows, as plain text (rich tables included)."""
    import io

    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def rows(app: App[Any], selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_topic_from_a_phone_is_announced_and_marked(
    forum: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator sees a phone's topic arrive: a notice and a 📱 row on the marketplace."""
    app = app_for(sessions, forum, ManualClock(START))
    said: list[str] = []
    real = app.notify

    def notify(message: str, **kw: Any) -> None:
        said.append(str(message))
        real(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await settle(pilot)
        await svc.propose_topic("Night buses", "Karim", device="dev-a")
        await settle(pilot)
        assert await within(pilot, 1, lambda: rows(app, "#topics")[0][0] == "📱 Night buses")
        assert any("New topic from a phone: Night buses (Karim)" in m for m in said)


async def test_merge_and_sign_ups_keep_the_cursor_on_the_topic_edited(
    forum: Path, sessions: Path
) -> None:
    """u merges the highlighted duplicate, i notes paper sign-ups; the cursor does not jump."""
    app = app_for(sessions, forum, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.add_topic("Car sharing", "Bo")
        night = await svc.propose_topic("Night buses", "Karim", device="dev-a")
        dup = await svc.propose_topic("Buses at night", "Zoé", device="dev-b")
        await svc.sign_up(dup.id, device="dev-c", name="Marc")
        await settle(pilot)
        table = app.screen.query_one("#topics", DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("u")
        await fill(pilot, into=str(night.id))
        assert [r[0] for r in rows(app, "#topics")] == ["Car sharing", "📱 Night buses"]
        assert rows(app, "#topics")[1][1] == "Karim, Zoé" and rows(app, "#topics")[1][2] == "1"
        table.move_cursor(row=1)
        await pilot.press("i")
        await fill(pilot, names="Ana, Léa")
        assert table.cursor_row == 1 and rows(app, "#topics")[1][2] == "3"
        await pilot.press("s")
        await settle(pilot)
        placed = {tp.title: (tp.slot, tp.space) for tp in svc.wall_topics()}
        assert all(slot is not None and space is not None for slot, space in placed.values())
        assert table.cursor_row == 1
    svc = SessionService.open(forum)
    try:
        kept, merged = svc.session.get(Topic, night.id), svc.session.get(Topic, dup.id)
        assert kept is not None and merged is not None
        assert kept.interested == ["Ana", "Léa"] and kept.signups == {"dev-c": "Marc"}
        assert merged.merged_into == night.id
    finally:
        svc.close()


async def test_a_report_typed_here_makes_proposals_for_the_vote(
    forum: Path, sessions: Path
) -> None:
    """w in the breakouts: key points, proposals separated by ;, who came; proposals are records."""
    app = app_for(sessions, forum, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        topic = await svc.add_topic("Night buses", "Karim")
        await svc.place_topic(topic.id, 0, svc.session.tables[0].id)
        await svc.start_step("ateliers")
        await settle(pilot)
        app.screen.query_one("#breakouts").focus()
        await pilot.press("enter")
        await fill(
            pilot,
            report="Fridays first",
            proposals="A night line; A shared timetable",
            attendance="Karim, Léa",
        )
        shown = str(app.screen.query_one("#breakout-report").render())
        assert "A night line · A shared timetable" in shown
        assert [p.title for p in svc.session.all(Proposal)] == [
            "A night line",
            "A shared timetable",
        ]
        assert all(p.origin == "Night buses" for p in svc.session.all(Proposal))


async def test_the_projector_shows_the_wall_then_the_slot_and_the_news(
    forum: Path, sessions: Path
) -> None:
    """w at the marketplace: the agenda wall; in the breakouts: the slot's topics by space and
    the news wall with each report's proposals."""
    app = app_for(sessions, forum, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        green = svc.session.tables[0]
        night = await svc.propose_topic("Night buses", "Karim", device="dev-a")
        await svc.sign_up(night.id, device="dev-b")
        await svc.place_topic(night.id, 0, green.id)
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        shown = text_of(app, "#proj-room")
        assert "Agenda wall" in shown and "Night buses" in shown and "(1)" in shown
        await svc.start_step("ateliers")
        await svc.file_report(night.id, key_points="Fridays first", proposals=["A night line"])
        await settle(pilot)
        title = text_of(app, "#proj-step")
        shown = text_of(app, "#proj-room")
        assert "Slot 1 of 3" in title
        assert "Green room" in shown and "News wall" in shown and "→ A night line" in shown
