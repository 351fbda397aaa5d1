"""A phone in Chromium: scan the table's code, read the question, post, see the next round come."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from browser_phones import ARTIFACTS, BROWSER_MARKS, open_phones
from portal_session import Live
from qr_decode import decode_matrix

from facilitate.domain.records import Contribution, MeaningAnswer, Position, Tension, Vote
from facilitate.reach.qr import qr_matrix

SENT = re.compile(r"\?sent=1$")  # a glob would read "?" as any character

pytestmark = BROWSER_MARKS


@pytest.fixture
async def phone() -> AsyncIterator[Any]:
    """A phone-sized Chromium page, CSP violations and errors collected."""
    async with open_phones(1, "en-GB") as pages:
        yield pages[0]


async def shot(page: Any, name: str) -> None:
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def test_a_phone_scans_the_card_posts_and_follows_the_rounds(live: Live, phone: Any) -> None:
    """Scan, read the question, post an idea and a disagreement, see round 2 without reloading."""
    table_url = live.portal.table_url("table-covoiturage")
    (scanned,) = decode_matrix(qr_matrix(table_url))
    assert scanned == table_url

    await phone.goto(scanned)
    assert await phone.text_content("h1") == "Table Covoiturage"
    assert await phone.text_content("#question") == "What works already?"
    await shot(phone, "table")

    await phone.check("input[value=idea]")
    await phone.fill("#text", "A shared booking number for the four territories")
    await phone.fill("#author", "Léa")
    await phone.click("button[type=submit]")
    await phone.wait_for_url(SENT)
    assert "saved" in await phone.text_content(".ok")
    await phone.check("input[value=tension]")
    await phone.fill("#text", "The agglomeration decides alone in the technical committee")
    await phone.click("button[type=submit]")
    await phone.wait_for_url(SENT)
    await shot(phone, "table-after-posting")

    table = live.svc.session.table_by_slug("table-covoiturage")
    assert table is not None
    (idea,) = live.svc.session.all(Contribution)
    assert (idea.text, idea.author_name, idea.table, idea.round) == (
        "A shared booking number for the four territories",
        "Léa",
        table.id,
        1,
    )
    (tension,) = live.svc.session.all(Tension)
    assert tension.about.startswith("The agglomeration decides alone") and tension.table == table.id
    items = await phone.locator(".items li").all_text_contents()
    assert len(items) == 2 and "disagreement" in items[1]

    await phone.evaluate("window.notReloaded = true")
    await live.svc.start_round(2)
    await phone.wait_for_function(  # a function, not a string: the page's CSP forbids eval
        "() => document.getElementById('question').textContent === 'What blocks us?'",
        timeout=15_000,
    )
    assert await phone.evaluate("window.notReloaded") is True
    assert await phone.text_content("#round") == "Round 2 of 3"
    await shot(phone, "table-round-2")

    await live.svc.set_submissions_open(False)
    await phone.wait_for_selector("#closed", state="visible", timeout=15_000)
    assert await phone.is_hidden("#form")
    assert phone.problems == []


async def test_every_phone_page_works_in_a_real_browser(live: Live, phone: Any) -> None:
    """Session page, agenda wall, dot vote, moving debate and meaning, each shot as an artefact."""
    await phone.goto(live.portal.url)
    assert await phone.locator(".tables li").count() == 3
    await shot(phone, "session")
    await phone.click("text=Français")
    assert await phone.text_content("nav.links a") == "Toutes les tables"
    await shot(phone, "session-fr")
    await phone.click("text=English")

    space = await live.svc.add_table("Back room", is_space=True)
    topic = await live.svc.add_topic("Night buses", "Karim")
    await live.svc.place_topic(topic.id, 1, space.id)
    await phone.goto(live.root + "/agenda")
    assert "Night buses" in await phone.text_content("main")
    await shot(phone, "agenda")

    await live.svc.start_step("sens-et-interets")
    await phone.goto(live.root + "/meaning")
    await phone.fill("#purpose", "Fewer cars on the valley road")
    await phone.fill("#serves", "Our villages get a bus")
    await phone.fill("#territory", "Val d'Argent")
    await shot(phone, "meaning")
    await phone.click("button[type=submit]")
    await phone.wait_for_url(SENT)
    (answer,) = live.svc.session.all(MeaningAnswer)
    assert answer.territory == "Val d'Argent"

    await live.svc.start_step("debat-mouvant")
    await phone.goto(live.root + "/debate")
    await phone.click("button.side-agree")
    await phone.wait_for_url(SENT)
    await shot(phone, "debate")
    (position,) = live.svc.session.all(Position)
    assert position.side.value == "agree"

    await live.svc.add_proposal("One booking number for all")
    await live.svc.add_proposal("A solidarity fund")
    await live.svc.start_step("vote-actions")
    await phone.goto(live.root + "/vote")
    for _ in range(2):
        await phone.locator("form button").first.click()
        await phone.wait_for_url(SENT)
    assert "1 of 3" in await phone.text_content(".dots")
    await shot(phone, "vote")
    assert sum(v.dots for v in live.svc.session.all(Vote)) == 2
    assert phone.problems == []
