"""The statements panel by keyboard: type and pick statements, moderate a phone's proposal,
show the next one, note a paper answer, turn a divisive statement into a tension; the
projector shows what unites and what divides."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from tests.tui.conftest import SIZE, START, app_for, fill, service_of, settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source, Tension
from facilitate.domain.statements import (
    Answer,
    StatementAnswer,
    StatementOrigin,
    StatementStatus,
)
from facilitate.service import SessionService
from facilitate.tui.screens.projector import ProjectorScreen

STEP = "affirmations"


async def highlight(pilot: Pilot[Any], statement_id: int) -> None:
    table = pilot.app.screen.query_one("#statements-list", DataTable)
    table.move_cursor(row=table.get_row_index(str(statement_id)))
    await pilot.pause()


def panel_text(pilot: Pilot[Any], selector: str) -> str:
    """What a Static shows, as plain text (rich tables and groups included)."""
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(pilot.app.screen.query_one(selector, Static).content)
    return console.export_text()


async def answer_everyone(svc: SessionService, statement: int, said: str) -> None:
    letters = {"a": "agree", "d": "disagree", "p": "pass"}
    for person, letter in zip(svc.session.participants, said, strict=True):
        await svc.answer_statement(statement, letters[letter], author=person.id)


async def test_the_panel_runs_the_statements_step_by_keyboard(cafe: Path, sessions: Path) -> None:
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        idea = await svc.add_contribution("idea", "A single number to book every ride")
        await svc.start_step(STEP)
        await settle(pilot)
        prepared = svc.statements(STEP)
        assert "Our cooperation must first" in panel_text(pilot, "#statements-floor")
        # a: type one
        await pilot.press("a")
        await fill(pilot, text="Meetings should be held online in winter.")
        typed = svc.statements(STEP)[-1]
        assert typed.text == "Meetings should be held online in winter."
        # i: pick the idea, reworded
        await pilot.press("i")
        await fill(
            pilot, source=f"contribution:{idea.id}", text="One booking number for every ride."
        )
        picked = svc.statements(STEP)[-1]
        assert picked.origin == StatementOrigin.CONTRIBUTION and picked.from_record == idea.id
        # a phone proposes; the panel lists it first; y accepts it
        proposal = await svc.propose_statement("Buses on Sundays too.", device="phone-9")
        await settle(pilot)
        table = pilot.app.screen.query_one("#statements-list", DataTable)
        assert table.get_row_at(0)[0] == str(proposal.id)
        await highlight(pilot, proposal.id)
        await pilot.press("y")
        await settle(pilot)
        assert svc.statement(proposal.id).status == StatementStatus.ACCEPTED
        rude = await svc.propose_statement("Nonsense!", device="phone-9")
        await settle(pilot)
        await highlight(pilot, rude.id)
        await pilot.press("x")
        await settle(pilot)
        assert svc.statement(rude.id).status == StatementStatus.REJECTED
        # s: the next statement on the floor; v: the highlighted one
        await pilot.press("s")
        await settle(pilot)
        assert svc.statement_on_floor(STEP) == prepared[1]
        await highlight(pilot, typed.id)
        await pilot.press("v")
        await settle(pilot)
        assert svc.statement_on_floor(STEP) == typed
        assert "Meetings should be held online" in panel_text(pilot, "#statements-floor")
        # p: an answer given on paper, for the highlighted statement
        await pilot.press("p")
        await fill(pilot, voter="Person 3", answer="disagree")
        (paper,) = svc.session.all(StatementAnswer)
        assert paper.answer == Answer.DISAGREE and paper.source == Source.FACILITATOR
        assert paper.territory == "North"  # Person 3's, from the participants
        # the room answers: North and South agree, East disagrees: it divides
        await answer_everyone(svc, typed.id, "aad" * 4)
        await settle(pilot)
        results = panel_text(pilot, "#statements-results")
        assert "Divides the territories (1)" in results
        # d: the divisive statement becomes a tension between the territories
        await highlight(pilot, typed.id)
        await pilot.press("d")
        await settle(pilot)
        (tension,) = svc.session.all(Tension)
        assert tension.between == ["North", "South", "East"]
        assert "Meetings should be held online in winter" in tension.about
        # the projector shows the statement on the floor and the split by territory
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProjectorScreen)
        shown = panel_text(pilot, "#proj-question")
        assert "Meetings should be held online in winter" in shown
        assert "Divides the territories" in shown
        assert "North" in shown and "East" in shown


async def test_the_statements_panel_in_french(cafe: Path, sessions: Path) -> None:
    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step(STEP)
        first = svc.statements(STEP)[0]
        await answer_everyone(svc, first.id, "aaaaaaaaaaad")
        await settle(pilot)
        results = panel_text(pilot, "#statements-results")
        assert "Rassemble tous les territoires (1)" in results
        assert "Affirmation 1 sur 1" in panel_text(pilot, "#statements-floor")


async def test_a_phones_statement_is_in_moderation_and_hiding_it_takes_it_off_the_floor(
    cafe: Path,
) -> None:
    from facilitate.tui.screens.moderation import moderated

    svc = SessionService.open(cafe, clock=ManualClock(START))
    try:
        await svc.start_step(STEP)
        typed = await svc.add_statement("Typed by the facilitator.")
        sent = await svc.propose_statement("From a phone.", device="phone-1")
        await svc.moderate_statement(sent.id)
        listed = moderated(svc.session)
        assert sent.id in {r.id for r in listed if r.kind_name == "statements"}
        assert typed.id not in {r.id for r in listed if r.kind_name == "statements"}
        while svc.statement_on_floor(STEP) != svc.statement(sent.id):
            await svc.show_next_statement()
        await svc.hide("statements", sent.id)
        assert svc.statement_on_floor(STEP) is None
        assert sent.id not in {r.statement.id for r in svc.statement_results(STEP)}
    finally:
        svc.close()
