"""The 2x2 grid and the gradients of agreement from two phones in Chromium: each posts a card in
its quadrant, each answers the scale (one changes its mind, one blocks and says why); the
service keeps one answer per phone, the projector shows the cards and the distribution, and
both phones follow the facilitator showing the distribution without a touch."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_phones import ARTIFACTS, BROWSER_MARKS, open_phones
from rich.console import Console

from facilitate.domain.clock import ManualClock
from facilitate.domain.matrix import items_of
from facilitate.domain.records import AgreementAnswer, Source, Tension
from facilitate.portal import Portal
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.tui.widgets.wall import room_view

pytestmark = BROWSER_MARKS


@dataclass
class Room:
    svc: SessionService
    portal: Portal

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"


@pytest.fixture
async def room(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Room]:
    """The shared diagnosis (an AFOM grid, then the scale of agreement), portal on 127.0.0.1."""
    info = session_doc(
        get_format("diagnostic-partage"), title="Diagnostic", date="2026-03-12", lang="en"
    )
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en")
    await portal.start()
    yield Room(svc, portal)
    await portal.stop()
    svc.close()


@pytest.fixture
async def phones() -> AsyncIterator[list[Any]]:
    """Two phones, each with its own signed device id."""
    async with open_phones(2, "en-GB") as pages:
        yield pages


def projector(svc: SessionService, step_id: str) -> str:
    """What the projector's body shows for the step, as plain text (the TUI's renderable)."""
    step = svc.info.step(step_id)
    assert step is not None
    shown = room_view(svc, step, "en")
    assert shown is not None
    console = Console(file=io.StringIO(), width=140, record=True, color_system=None)
    console.print(shown)
    return console.export_text()


async def test_two_phones_put_cards_on_the_grid_and_the_projector_shows_them(
    room: Room, phones: list[Any]
) -> None:
    svc = room.svc
    await svc.start_step("afom")
    url = f"{room.root}/matrix"
    cards = [("strengths", "A river both valleys share"), ("weaknesses", "Buses stop at 8 pm")]
    for page, (quadrant, text) in zip(phones, cards, strict=True):
        await page.goto(url)
        assert await page.locator("input[name=quadrant]").count() == 4
        await page.fill("#text", text)
        await page.check(f"input[name=quadrant][value={quadrant}]")
        await page.click(".matrix-form button[type=submit]")
        await page.wait_for_url("**/matrix?sent=1")
        assert await page.is_visible("p.ok")
    placed = items_of(svc.session, "afom")
    assert sorted((m.quadrant, m.text) for m in placed) == sorted(cards)
    assert all(m.source == Source.PORTAL and m.device for m in placed)
    assert len({m.device for m in placed}) == 2  # each card is its own phone's

    wall = projector(svc, "afom")
    assert "A river both valleys share" in wall and "Buses stop at 8 pm" in wall
    assert "Strengths  (1)" in wall and "Weaknesses  (1)" in wall and "Threats  (0)" in wall

    # the first phone, shown the grid again, reads the other's card in its quadrant
    await phones[0].goto(url)
    weak = await phones[0].text_content("section.cell-2")
    assert weak is not None and "Weaknesses" in weak and "Buses stop at 8 pm" in weak
    strong = await phones[0].text_content("section.cell-1")
    assert strong is not None and "A river both valleys share" in strong
    await phones[0].screenshot(path=str(ARTIFACTS / "matrix.png"), full_page=True)
    for page in phones:
        assert page.problems == []


async def test_two_phones_answer_the_scale_once_each_and_follow_the_distribution(
    room: Room, phones: list[Any]
) -> None:
    svc = room.svc
    await svc.start_step("accord")
    prop = await svc.open_agreement("accord")
    url = f"{room.root}/agreement"
    one, two = phones
    for page in phones:
        await page.goto(url)
        assert prop.title in (await page.text_content("blockquote.statement") or "")
        assert await page.locator("input[name=level]").count() == 8

    async def answer(page: Any, level: int, comment: str = "") -> None:
        await page.check(f"input[name=level][value='{level}']")
        if comment:
            await page.fill("#comment", comment)
        await page.click("form.scale button[type=submit]")
        await page.wait_for_url("**/agreement?sent=1")

    await answer(one, 1)
    await answer(one, 3)  # the first phone changes its mind: its answer is replaced
    await answer(two, 8, "No budget line for the evening buses")
    assert "Your answer: Support with reservations" in (await one.text_content("main") or "")
    answers = svc.session.all(AgreementAnswer)
    assert sorted(a.level for a in answers) == [3, 8]  # one answer per phone, the last one
    assert len({a.device for a in answers}) == 2 and all(a.device for a in answers)
    (objection,) = [x for x in svc.session.all(Tension) if x.objection_to is not None]
    assert objection.about == "No budget line for the evening buses"

    # the projector counts the answers and keeps the distribution for the facilitator to show
    wall = projector(svc, "accord")
    assert "Answers so far: 2" in wall and "Block" not in wall
    for page in phones:
        await page.goto(url)
        assert await page.locator("ul.distribution").count() == 0
        assert "The distribution shows when everyone has answered." in (
            await page.text_content("main") or ""
        )
        await page.evaluate("window.notTouched = true")
    await svc.show_agreement("accord")
    for page in phones:  # the page reloads itself when the laptop shows the distribution
        await page.wait_for_selector("ul.distribution", timeout=15_000)
        assert await page.evaluate("window.notTouched === undefined")  # a new page, untouched
        shown = await page.text_content("ul.distribution") or ""
        assert "3. Support with reservations: 1" in shown and "8. Block: 1" in shown
        assert "1. Whole-hearted endorsement: 0" in shown
    wall = projector(svc, "accord")
    assert "Support with reservations" in wall and "Block" in wall
    await two.screenshot(path=str(ARTIFACTS / "agreement.png"), full_page=True)
    for page in phones:
        assert page.problems == []
