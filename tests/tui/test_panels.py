"""Step panels and the set-up: dot voting, consent with an objection, a moving debate, rotation."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, fill, service_of, settle
from textual.pilot import Pilot
from textual.widgets import DataTable

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import (
    Argument,
    Decision,
    MeaningAnswer,
    ObjectionEnd,
    Position,
    Proposal,
    ProposalStatus,
    Tension,
    TensionStatus,
    Vote,
)
from facilitate.service import SessionService


def reopen(folder: Path) -> SessionService:
    return SessionService.open(folder)


async def focus_panel(pilot: Pilot) -> None:
    await pilot.pause()
    panel = pilot.app.screen.query_one(".step-panel")
    target = panel if panel.can_focus else panel.query("DataTable").first()
    target.focus()
    await pilot.pause()


async def test_dot_votes_rank_the_proposals(cafe: Path, sessions: Path) -> None:
    """In a vote step, v places dots on a proposal; the ranking is stored with the votes."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("vote-actions")
        a = await svc.add_proposal("Shared desk")
        b = await svc.add_proposal("Bus pass")
        await focus_panel(pilot)
        await pilot.press("v")
        await fill(pilot, proposal=str(b.id), voter="Person 1", dots="2")
        await pilot.press("v")
        await fill(pilot, proposal=str(a.id), voter="Person 2", dots="1")
        ranking = [(p.title, n) for p, n in svc.ranking("vote-actions")]
    assert ranking == [("Bus pass", 2), ("Shared desk", 1)]
    svc = reopen(cafe)
    try:
        assert sorted((v.voter, v.dots) for v in svc.session.all(Vote)) == [
            ("Person 1", 2),
            ("Person 2", 1),
        ]
    finally:
        svc.close()


async def test_a_consent_round_with_an_objection_lifted_then_a_decision(
    cafe: Path, sessions: Path
) -> None:
    """k puts a proposal on the table, p walks the rounds, x records an objection, l integrates
    it with an amendment, p tests the amended proposal again, d records the consent."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        prop = await svc.add_proposal("Rotate meetings", "Between the territories")
        await svc.start_step("consentement-suites")
        await focus_panel(pilot)
        await pilot.press("k")
        await fill(pilot, proposal=str(prop.id))
        await pilot.press("x")  # too early: questions and reactions come first
        await fill(pilot, about="Winter roads are closed", between="South")
        assert not [t for t in svc.session.all(Tension) if t.objection_to == prop.id]
        for _ in ("questions", "reactions", "objections"):
            await pilot.press("p")
            await pilot.pause()
        assert svc.consent_walk("consentement-suites").round == "objections"
        await pilot.press("a")  # in the objection round, a notes an objection
        await fill(pilot, about="Winter roads are closed", between="South")
        objection = next(t for t in svc.session.all(Tension) if t.objection_to == prop.id)
        objected = svc.session.get(Proposal, prop.id)
        assert objected is not None and objected.status == ProposalStatus.OBJECTED
        await pilot.press("d")
        await fill(pilot, text="Meetings rotate", method="consent")
        assert svc.session.all(Decision) == []  # refused: the objection stands
        await pilot.press("p")  # integration
        await pilot.press("l")
        await fill(
            pilot, tension=str(objection.id), how="Video in winter", amend="Online from Dec to Feb"
        )
        for _ in ("objections", "consent"):  # the amended proposal is tested again
            await pilot.press("p")
            await pilot.pause()
        rounds = str(app.screen.query_one("#consent-rounds").render())
        assert "No objection remains" in rounds
        await pilot.press("d")
        await fill(pilot, text="Meetings rotate, online in winter", method="consent")
    svc = reopen(cafe)
    try:
        tension = svc.session.get(Tension, objection.id)
        assert tension is not None and tension.status == TensionStatus.RESOLVED
        assert tension.outcome == "Video in winter" and tension.ended == ObjectionEnd.INTEGRATED
        decision = svc.session.all(Decision)[0]
        assert (decision.proposal, decision.method.value) == (prop.id, "consent")
        proposal = svc.session.get(Proposal, prop.id)
        assert proposal is not None and proposal.status == ProposalStatus.ADOPTED
        assert "Online from Dec" in proposal.text
    finally:
        svc.close()


async def test_the_consent_step_puts_the_formats_proposal_on_the_table(
    cafe: Path, sessions: Path
) -> None:
    """The kickoff's consent step has its proposal written in the format: it is on the table."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("consentement-suites")
        await focus_panel(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        prop = svc.consent_target("consentement-suites")
        assert prop is not None and prop.title.startswith("We set up an inter-territorial")
        head = str(app.screen.query_one("#consent-proposal").render())
        assert "We set up an inter-territorial" in head


async def test_the_vote_count_stays_hidden_until_s_reveals_it(cafe: Path, sessions: Path) -> None:
    """While hidden, the panel lists proposals without order or count; s shows them; d sets the
    number of dots."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("vote-actions")
        a = await svc.add_proposal("Shared desk")
        b = await svc.add_proposal("Bus pass")
        await svc.vote(b.id, "Person 1", 2)
        await focus_panel(pilot)
        table = app.screen.query_one("#ranking", DataTable)
        assert [str(c) for c in table.get_row(str(a.id))][:2] == ["·", "·"]
        assert "hidden" in str(app.screen.query_one("#vote-status").render())
        await pilot.press("s")
        await pilot.pause()
        assert svc.results_shown("vote-actions")
        row = [str(c) for c in table.get_row(str(b.id))]
        assert (row[0], row[1], row[3]) == ("1", "2", "Bus pass")
        await pilot.press("d")
        await fill(pilot, dots="5")
        assert svc.dots_allowed("vote-actions") == 5


async def test_the_camps_prepare_then_speak_in_turn(cafe: Path, sessions: Path) -> None:
    """p starts the camps' preparation; x takes the camp whose turn it is; u passes the turn."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("debat-mouvant")
        await focus_panel(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert "prepare" in str(app.screen.query_one("#debate-floor").render())
        clock.advance(minutes=4)
        await pilot.press("x")
        await fill(pilot, text="Small territories vanish")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("x")
        await fill(pilot, text="And the associations with them")
        floor = str(app.screen.query_one("#debate-floor").render())
        assert "Turn 3" in floor and "agree side" in floor
    svc = reopen(cafe)
    try:
        args = sorted(svc.session.all(Argument), key=lambda a: a.id)
        assert [(a.turn, a.side.value) for a in args] == [(1, "disagree"), (2, "disagree")]
    finally:
        svc.close()


async def test_a_moving_debate_records_positions_movers_and_arguments(
    cafe: Path, sessions: Path
) -> None:
    """a records where people stand per round, x an argument; the panel counts who moved."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("debat-mouvant")
        await svc.start_round(1)
        await focus_panel(pilot)
        for who, side in (("Person 1", "agree"), ("Person 2", "disagree")):
            await pilot.press("a")
            await fill(pilot, voter=who, side=side)
        await pilot.press("x")
        await fill(pilot, side="disagree", text="Small territories vanish", moved="1")
        await pilot.press("r")
        await focus_panel(pilot)
        await pilot.press("a")
        await fill(
            pilot, voter="Person 1", side="disagree", because="the argument on small territories"
        )
        movers = str(app.screen.query_one("#debate-movers").render())
        assert "Person 1" in movers
    svc = reopen(cafe)
    try:
        positions = sorted((p.round, p.voter, p.side.value) for p in svc.session.all(Position))
        assert positions == [
            (1, "Person 1", "agree"),
            (1, "Person 2", "disagree"),
            (2, "Person 1", "disagree"),
        ]
        (argument,) = svc.session.all(Argument)
        assert (argument.side.value, argument.moved, argument.round) == ("disagree", 1, 1)
    finally:
        svc.close()


async def test_s_puts_the_next_statement_on_the_floor_for_phones_too(sessions: Path) -> None:
    """In a debate with two statements, s moves to the next one; it is saved for every screen."""
    from facilitate.domain.records import EventKind
    from facilitate.service import session_doc
    from facilitate.session_formats import get_format

    info = session_doc(
        get_format("atelier-participatif"), title="Atelier", date="2026-03-12", lang="en"
    )
    SessionService.create(sessions / "atelier", info, clock=ManualClock(START)).close()
    app = app_for(sessions, sessions / "atelier", ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await service_of(app).start_step("debat-mouvant")
        await focus_panel(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert "single organisation" in str(app.screen.query_one("#statement").render())
    svc = reopen(sessions / "atelier")
    try:
        assert svc.live().statement == 2
        assert [e.data for e in svc.session.events if e.kind == EventKind.STATEMENT_STARTED] == [
            {"statement": 2}
        ]
    finally:
        svc.close()


async def test_an_antagonistic_interest_becomes_a_linked_tension(
    demo_folder: Path, sessions: Path
) -> None:
    """In the meaning step, 3 tags the highlighted answer antagonistic and links a tension."""
    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("sens-et-interets")
        await settle(pilot)
        await pilot.press("a")  # the step's panel has the keyboard as soon as it is shown
        await fill(
            pilot, actor="Yann Nicolas", purpose="Des cars l'hiver", serves="Nos saisonniers"
        )
        answer = max(svc.session.all(MeaningAnswer), key=lambda a: a.id)
        table = app.screen.query_one("#meaning-table", DataTable)
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("3")
        await settle(pilot)
    svc = reopen(demo_folder)
    try:
        saved = svc.session.get(MeaningAnswer, answer.id)
        assert saved is not None and saved.interest is not None
        assert saved.interest.value == "antagonistic" and saved.territory == "Hautes-Combes"
        assert svc.session.get(Tension, saved.tension) is not None
    finally:
        svc.close()


async def test_a_rotation_is_planned_in_a_worker_and_replanned_after_a_late_arrival(
    cafe: Path, sessions: Path
) -> None:
    """g plans every round with hosts kept; after round 1, a late arrival is seated from round 2."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await pilot.press("e")
        await pilot.press("g")
        await settle(pilot)
        rounds = svc.session.rounds_of("cafe-enjeux")
        assert len(rounds) == 3
        for rnd in rounds:
            assert sorted(p for ids in rnd.seating.values() for p in ids) == list(range(1, 13))
            for tb in svc.session.tables:
                assert tb.host in rnd.seating[str(tb.id)]
        first = dict(rounds[0].seating)
        await svc.start_step("cafe-enjeux")
        await svc.start_round(1)
        late = await svc.add_participant(name="Late Comer", territory="North")
        await pilot.press("g")
        await settle(pilot)
        rounds = svc.session.rounds_of("cafe-enjeux")
        assert rounds[0].seating == first
        assert all(any(late.id in ids for ids in r.seating.values()) for r in rounds[1:])


async def test_round_questions_are_edited_in_set_up_and_shown_live_and_projected(
    cafe: Path, sessions: Path
) -> None:
    """Enter on a round's question in set-up rewrites it; the live panel and the wall show it."""
    from textual.widgets import TabbedContent

    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await pilot.press("e")
        app.screen.query_one(TabbedContent).active = "tab-tables"
        await pilot.pause()
        questions = app.screen.query_one("#questions", DataTable)
        assert questions.row_count == 3
        questions.focus()
        questions.move_cursor(row=1)
        await pilot.press("enter")
        await fill(pilot, question="Where do [b]our[/b] buses cross?")
        (second,) = [r for r in svc.session.rounds_of("cafe-enjeux") if r.number == 2]
        assert second.question == "Where do [b]our[/b] buses cross?" and second.seating == {}
        seats = [[[1, 4], [2, 5], [3, 6]]] * 3
        await svc.set_seating("cafe-enjeux", seats)
        await pilot.press("escape")
        await svc.start_step("cafe-enjeux")
        await svc.start_round(2)
        await settle(pilot)
        shown = str(app.screen.query_one("#round-question").render())
        assert "Where do [b]our[/b] buses cross?" in shown
        await pilot.press("w")
        await pilot.pause()
        assert "Where do [b]our[/b] buses cross?" in str(
            app.screen.query_one("#proj-question").render()
        )
    svc = reopen(cafe)
    try:
        rounds = {r.number: r for r in svc.session.rounds_of("cafe-enjeux")}
        assert rounds[2].question == "Where do [b]our[/b] buses cross?"
        assert rounds[2].seating == {"1": [1, 4], "2": [2, 5], "3": [3, 6]}
    finally:
        svc.close()


async def test_breakout_reports_are_written_per_topic_with_their_slot(sessions: Path) -> None:
    """In the workshops, each topic shows its slot and space; w writes its report and who came."""
    from facilitate.domain.records import Topic
    from facilitate.service import session_doc
    from facilitate.session_formats import get_format

    info = session_doc(get_format("forum-ouvert"), title="Forum", date="2026-03-12", lang="en")
    svc = SessionService.create(sessions / "forum", info, clock=ManualClock(START))
    late = await svc.add_topic("Night buses", "Ana")
    early = await svc.add_topic("Car sharing", "Bo")
    loose = await svc.add_topic("Bikes", "Cy")
    await svc.place_topic(late.id, 1, 4)
    await svc.place_topic(early.id, 0, 2)
    svc.close()
    app = app_for(sessions, sessions / "forum", ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("ateliers")
        await svc.start_round(2)
        await focus_panel(pilot)
        table = app.screen.query_one("#breakouts", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[1] for r in rows] == ["Car sharing", "Night buses", "Bikes"]
        assert (rows[0][0], rows[0][3]) == ("Slot 1", "Space 2")  # no tables: numbered spaces
        assert (rows[1][0], rows[1][3]) == ("▶ Slot 2", "Space 4")
        assert rows[2][0] == "—"
        table.move_cursor(row=1)
        await pilot.press("enter")  # w stays the projector's
        await fill(pilot, report="Two lines [b]by[/b] summer", attendance="Ana, Dee")
        assert "Two lines [b]by[/b] summer" in str(
            app.screen.query_one("#breakout-report").render()
        )
        assert "reports: 1 of 3" in str(app.screen.query_one("#breakout-slot").render())
        await settle(pilot)
        status = str(app.screen.query_one("#timer .timer-status").render())
        assert status.startswith("Slot 2 of 3 ·")  # an open forum counts slots, not rounds
        assert "step:" in status  # the slot's own countdown, the step's total beside it
    svc = reopen(sessions / "forum")
    try:
        saved, untouched = svc.session.get(Topic, late.id), svc.session.get(Topic, loose.id)
        assert saved is not None and untouched is not None
        assert (saved.report, saved.attendance, saved.slot) == (
            "Two lines [b]by[/b] summer",
            ["Ana", "Dee"],
            1,
        )
        assert untouched.report == ""
    finally:
        svc.close()


async def test_the_demo_set_up_warns_of_a_table_without_counterweight_and_a_dominant_territory(
    demo_folder: Path, sessions: Path
) -> None:
    """Before the session, the Balance tab of the demo names both imbalances the lens finds."""
    from textual.widgets import TabbedContent

    from facilitate.domain.cooperation import warnings

    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        found = warnings(service_of(app).session)
        codes = {w.code for w in found}
        assert {"table_no_counterweight", "territory_dominates"} <= codes
        await pilot.press("e")
        app.screen.query_one(TabbedContent).active = "tab-warnings"
        await pilot.pause()
        shown = str(app.screen.query_one("#warnings").render())
        for w in found:
            if w.code in ("table_no_counterweight", "territory_dominates"):
                assert w.message("fr") in shown
        assert "n'a aucun contrepoids" in shown and "domine" in shown
