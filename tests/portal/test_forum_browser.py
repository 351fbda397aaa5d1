"""The open forum loop on a phone in Chromium: a topic posted at the marketplace, sign-ups, a
breakout report with a proposal that is then on the convergence vote, and a dot placed on it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import test_browser
from browser_phones import CHROMIUM
from forum_session import build_forum
from test_browser import shot

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Proposal, Topic, Vote
from facilitate.portal import Portal

phone = test_browser.phone  # the phone-sized Chromium page fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
async def forum(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Portal]:
    svc = await build_forum(tmp_path / "forum", clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", advertise=False)
    await portal.start()
    yield portal
    await portal.stop()
    svc.close()


async def test_the_open_forum_loop_from_a_phone(forum: Portal, phone: Any) -> None:  # noqa: F811
    """Propose, sign up, see the wall, report with a proposal, find it in the vote, vote."""
    svc = forum.service
    root = f"{forum.base}/j/{svc.info.token}"
    await svc.add_topic("Bikes at stations", "Ana")

    await phone.goto(root + "/forum")
    assert await phone.is_visible("#countdown")
    assert await phone.text_content("#countdown") == "30:00"
    await phone.wait_for_function(  # the phone counts down between two polls of the laptop
        "() => document.getElementById('countdown').textContent < '30:00'", timeout=5_000
    )
    await phone.fill("#title", "Night buses between valleys")
    await phone.fill("#convener", "Karim")
    await phone.click("#propose button[type=submit]")
    await phone.wait_for_url(re.compile(r"\?sent=topic$"))
    assert "on the wall" in await phone.text_content(".ok")
    night = next(tp for tp in svc.session.all(Topic) if tp.title.startswith("Night"))
    assert night.convener == "Karim" and night.source.value == "portal"
    await shot(phone, "forum-marketplace")

    await phone.check(f"#signup input[value='{night.id}']")
    await phone.check("#signup input[value='1']")
    await phone.fill("#name", "Karim")
    await phone.click("#signup button[type=submit]")
    await phone.wait_for_url(re.compile(r"\?sent=signup$"))
    assert all(len(tp.signups) == 1 for tp in svc.session.all(Topic))
    assert await phone.is_checked(f"#signup input[value='{night.id}']")

    await svc.place_topic(night.id, 0, svc.session.tables[0].id)
    await svc.place_topic(1, 0, svc.session.tables[1].id)
    await phone.goto(root + "/agenda")
    assert "Night buses between valleys" in await phone.text_content("main")
    assert "1 interested" in await phone.text_content("main")
    await shot(phone, "forum-agenda")

    await svc.start_step("ateliers")
    await phone.goto(root + "/forum")
    assert "Running now: Slot 1" in await phone.text_content("main")
    await phone.click(f"a[href$='/forum/{night.id}/report']")
    await phone.fill("#key_points", "Two lines on Friday nights, a trial in summer")
    await phone.fill("#proposals", "A night bus on Fridays between the two valleys")
    await phone.fill("#tensions", "Who pays for the drivers")
    await phone.fill("#attendance", "Karim, Léa, Marc")
    await shot(phone, "forum-report")
    await phone.click("#report button[type=submit]")
    await phone.wait_for_url(re.compile(r"\?sent=1$"))
    (proposal,) = svc.session.all(Proposal)
    assert proposal.title == "A night bus on Fridays between the two valleys"
    assert proposal.origin == "Night buses between valleys"
    await phone.goto(root + "/news")
    assert "A night bus on Fridays" in await phone.text_content("main")
    await shot(phone, "forum-news")

    await svc.start_step("convergence")
    await phone.goto(root + "/vote")
    assert "A night bus on Fridays between the two valleys" in await phone.text_content("main")
    await phone.locator("form button").first.click()
    await phone.wait_for_url(re.compile(r"\?sent=1$"))
    (vote,) = svc.session.all(Vote)
    assert vote.proposal == proposal.id
    await shot(phone, "forum-vote")
    assert phone.problems == []
