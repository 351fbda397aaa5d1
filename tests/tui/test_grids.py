"""The grid and the scale of agreement from the keyboard, and what the projector shows."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from rich.console import Console
from tests.tui.conftest import SIZE, START, app_for, fill, service_of, settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import AgreementAnswer, MatrixItem, Source, Tension
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.tui.screens.projector import ProjectorScreen


@pytest.fixture
def diagnosis(sessions: Path) -> Path:
    async def build() -> None:
        info = session_doc(
            get_format("diagnostic-partage"), title="Diagnostic", date="2026-03-12", lang="en"
        )
        svc = SessionService.create(sessions / "diag", info, clock=ManualClock(START))
        await svc.add_participant(
            name="Ana", structure="Town hall", territory="North", power="political", role="driver"
        )
        svc.close()

    asyncio.run(build())
    return sessions / "diag"


def drawn(widget: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=110, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def focus_panel(pilot: Pilot[int]) -> None:
    await pilot.pause()
    panel = pilot.app.screen.query_one(".step-panel")
    panel.focus()
    await pilot.pause()


async def test_cards_are_added_and_moved_from_the_keyboard(diagnosis: Path, sessions: Path) -> None:
    """a adds a card to a quadrant, 4 moves the highlighted card to the fourth one."""
    app = app_for(sessions, diagnosis, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("afom")
        await settle(pilot)
        await focus_panel(pilot)
        await pilot.press("a")
        await fill(pilot, quadrant="weaknesses", text="Few shared tools [/bold]")
        (card,) = svc.session.all(MatrixItem)
        assert (card.quadrant, card.text) == ("weaknesses", "Few shared tools [/bold]")
        await svc.add_matrix_item("strengths", "A river", source=Source.PORTAL, device="d1")
        await settle(pilot)
        grid = drawn(pilot.app.screen.query_one("#matrix-grid", Static))
        for seen in ("Helps", "Harms", "Inside", "1. Strengths", "A river", "[/bold]"):
            assert seen in grid, seen  # the 2x2 drawn, the phone's card and plain text
        table = pilot.app.screen.query_one("#matrix-cards", DataTable)
        table.focus()
        await pilot.pause()
        table.move_cursor(row=0)
        await pilot.press("escape")  # back to the panel, the highlighted row kept
        await focus_panel(pilot)
        await pilot.press("4")
        await settle(pilot)
        moved = svc.session.get(MatrixItem, card.id)
        assert moved is not None and moved.quadrant == "threats" and moved.by_hand


async def test_the_scale_is_polled_and_shown_live_on_the_projector(
    diagnosis: Path, sessions: Path
) -> None:
    """p puts the proposal on the scale, a notes answers, a block opens an objection, s polls
    again; the projector shows the distribution."""
    app = app_for(sessions, diagnosis, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("accord")
        await settle(pilot)
        await focus_panel(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert svc.agreement_poll("accord").proposal is not None
        await pilot.press("a")
        await fill(pilot, voter="Ana", level="1", comment="")
        await pilot.press("a")
        await fill(pilot, voter="Bo", level="8", comment="Nothing for the south")
        answers = svc.session.all(AgreementAnswer)
        assert sorted(a.level for a in answers) == [1, 8]
        assert [t.about for t in svc.session.all(Tension)] == ["Nothing for the south"]
        view = str(pilot.app.screen.query_one("#agreement-view").render())
        assert "Whole-hearted endorsement" in view and "blocks: 1" in view
        assert "Hidden from the room" in view  # the facilitator sees it, the room not yet
        pilot.app.push_screen(ProjectorScreen("en", svc))
        await settle(pilot)
        body = str(pilot.app.screen.query_one("#proj-question").render())
        assert "The quick wins and major projects" in body and "Answers so far: 2" in body
        assert "Block" not in body and "Whole-hearted" not in body
        pilot.app.pop_screen()
        await settle(pilot)
        await focus_panel(pilot)
        await pilot.press("d")  # everyone has answered: the room sees where it stands
        await settle(pilot)
        pilot.app.push_screen(ProjectorScreen("en", svc))
        await settle(pilot)
        body = str(pilot.app.screen.query_one("#proj-question").render())
        assert "Whole-hearted endorsement" in body and "Block" in body
        pilot.app.pop_screen()
        await settle(pilot)
        await focus_panel(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert svc.agreement_poll("accord").poll == 2


async def test_a_phones_card_reaches_the_feed_and_moderation_hides_it(
    diagnosis: Path, sessions: Path
) -> None:
    from facilitate.tui.screens.moderation import moderated

    app = app_for(sessions, diagnosis, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("afom")
        card = await svc.add_matrix_item(
            "threats", "Rising costs", source=Source.PORTAL, device="d1"
        )
        await settle(pilot)
        feed = drawn(pilot.app.screen.query_one("#feed", Static))
        assert "📱 Card" in feed and "Threats · Rising costs" in feed
        assert card in moderated(svc.session)
        await svc.hide("matrix_items", card.id)
        await settle(pilot)
        assert svc.matrix_items("afom") == []
