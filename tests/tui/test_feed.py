"""The feed at 120x32: newest first, one line a record, every kind, phone records marked."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import START, app_for, service_of, settle, within

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source


async def test_the_feed_shows_every_kind_newest_first_at_120x32(cafe: Path, sessions: Path) -> None:
    """Ten kinds of record, the last from a phone: all on screen, one line each, newest on top."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=(120, 32)) as pilot:
        svc = service_of(app)
        await svc.start_step("cafe-enjeux")
        table = svc.session.tables[0].id
        await svc.add_contribution("idea", "A bus every hour between the two valleys", table=table)
        clock.advance(seconds=1)
        await svc.add_tension("Who pays for the driver?", table=table)
        clock.advance(seconds=1)
        prop = await svc.add_proposal("One booking number for all four territories")
        clock.advance(seconds=1)
        await svc.vote(prop.id, voter="Person 1")
        clock.advance(seconds=1)
        await svc.add_meaning(actor="Person 2", purpose="Fewer cars", serves="Our villages")
        clock.advance(seconds=1)
        await svc.add_topic("Night buses", "Karim")
        clock.advance(seconds=1)
        await svc.add_action("Write the convention", owner="Person 3")
        clock.advance(seconds=1)
        await svc.add_contribution(
            "question", "Who drives on Sundays?", table=table, source=Source.PORTAL
        )
        await settle(pilot)
        feed = app.screen.query_one("#feed")
        # the phone's line is drawn with the next redraw (a burst of phones is drawn in one)
        assert await within(pilot, 1, lambda: "Who drives on Sundays?" in str(feed.render()))
        lines = str(feed.render()).splitlines()
        assert feed.region.height >= 8, feed.region  # room for the records at 120x32
        assert lines[0].startswith("📱 question") and "Who drives on Sundays?" in lines[0]
        kinds = [line.split(" ")[0].rstrip(":") for line in lines[1:8]]
        assert kinds == ["action", "topic", "meaning", "vote", "proposal", "disagreement", "idea"]
        assert len(lines) == 8 and feed.styles.text_wrap == "nowrap"  # one line each, cut
