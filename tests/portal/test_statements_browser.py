"""The statements step from three phones in Chromium: each says its territory and answers with
the big buttons, one changes its mind, one proposes a statement that waits for moderation, and
every phone follows the facilitator to the next statement without touching the page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from browser_phones import ARTIFACTS, BROWSER_MARKS, open_phones
from portal_session import Live

from facilitate.domain.statements import Answer, StatementAnswer, StatementStatus

STEP = "affirmations"
TERRITORIES = {1: "Belrive", 2: "Val d'Argent", 3: "Hautes-Combes"}

pytestmark = BROWSER_MARKS


@pytest.fixture
async def phones() -> AsyncIterator[list[Any]]:
    """Three phones in French, each with its own signed device id."""
    async with open_phones(3, "fr-FR") as pages:
        yield pages


async def statements_live(live: Live) -> None:
    for pid, territory in TERRITORIES.items():
        await live.svc.update_participant(pid, territory=territory)
    await live.svc.start_step(STEP)


async def test_three_phones_answer_follow_the_floor_and_propose(
    live: Live, phones: list[Any]
) -> None:
    await statements_live(live)
    svc = live.svc
    first = svc.statement_on_floor(STEP)
    assert first is not None
    url = f"{live.root}/statements"
    said = {0: "agree", 1: "disagree", 2: "pass"}
    for k, page in enumerate(phones):
        await page.goto(url)
        assert first.text in (await page.text_content("blockquote.statement") or "")
        buttons = page.locator("button.answer")
        assert await buttons.count() == 3
        box = await buttons.first.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] >= 44  # thumb-sized
        await page.select_option("#territory", TERRITORIES[k + 1])
        await page.click(f"button.answer-{said[k]}")
        await page.wait_for_url("**/statements?sent=1")
        assert await page.is_visible("#my-answer")
    await phones[0].screenshot(path=str(ARTIFACTS / "statements.png"), full_page=True)
    answers = svc.session.all(StatementAnswer)
    assert sorted((a.territory, a.answer.value) for a in answers) == [
        ("Belrive", "agree"),
        ("Hautes-Combes", "pass"),
        ("Val d'Argent", "disagree"),
    ]
    assert len({a.device for a in answers}) == 3 and all(a.device for a in answers)

    # the third phone changes its mind: its answer is replaced, not added
    await phones[2].click("button.answer-agree")
    await phones[2].wait_for_url("**/statements?sent=1")
    answers = svc.session.all(StatementAnswer)
    assert len(answers) == 3
    assert next(a for a in answers if a.territory == "Hautes-Combes").answer == Answer.AGREE

    # the second phone proposes a statement: nobody sees it before the moderator accepts it
    await phones[1].fill("#text", "Une navette doit rouler le dimanche.")
    await phones[1].click("#propose-form button[type=submit]")
    await phones[1].wait_for_url("**/statements?proposed=1")
    (pending,) = svc.statements(STEP, pending=True)
    assert pending.status == StatementStatus.PENDING
    for page in phones:
        assert "navette" not in (await page.content())

    # the facilitator shows the next statement: every phone follows without a touch
    for page in phones:
        await page.evaluate("window.notTouched = true")
    nxt = await svc.show_next_statement()
    for page in phones:
        await page.wait_for_function(
            f"() => document.getElementById('statement-floor')"
            f".getAttribute('data-statement') === '{nxt.id}'",
            timeout=15_000,
        )
        assert nxt.text in (await page.text_content("blockquote.statement") or "")
        assert await page.is_hidden("#my-answer")
        # the earlier statement stays there to catch up on, with this phone's answer
        assert first.text in (await page.text_content("ul.earlier") or "")
    # the territory is remembered: one tap answers
    await phones[0].click("button.answer-disagree")
    await phones[0].wait_for_url("**/statements?sent=1")
    mine = [a for a in svc.session.all(StatementAnswer) if a.statement == nxt.id]
    assert [(a.territory, a.answer.value) for a in mine] == [("Belrive", "disagree")]

    # accepted, the proposal reaches the phones once it is on the floor
    await svc.moderate_statement(pending.id)
    while svc.statement_on_floor(STEP) != svc.statement(pending.id):
        await svc.show_next_statement()
    await phones[2].wait_for_function(
        f"() => document.getElementById('statement-floor')"
        f".getAttribute('data-statement') === '{pending.id}'",
        timeout=15_000,
    )
    assert "navette" in (await phones[2].text_content("blockquote.statement") or "")
    await phones[2].screenshot(path=str(ARTIFACTS / "statements-proposal.png"), full_page=True)
    for page in phones:
        assert page.problems == []
