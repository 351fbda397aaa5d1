"""Each decision method keeps its own rules: dot budgets, consent over objections, the debate."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import facilitate
from facilitate.domain.clock import ManualClock
from facilitate.domain.deciding import default_dots, open_objections
from facilitate.domain.records import (
    Decision,
    ObjectionEnd,
    Proposal,
    ProposalStatus,
    Step,
    Tension,
    TensionStatus,
    Vote,
)
from facilitate.service import SessionService, ValidationError, session_doc
from facilitate.session_formats import STEP_SETTINGS, FormatError, get_format, parse_format
from facilitate.store import StoreError

VOTE, CONSENT, DEBATE = "vote-gommettes", "decision-consentement", "debat-mouvant"


@pytest.fixture
def svc(tmp_path: Path, clock: ManualClock) -> Iterator[SessionService]:
    """The participatory workshop: debate, vote (3 dots, stacking) and consent, in English."""
    info = session_doc(
        get_format("atelier-participatif"), title="Atelier", date="2026-03-12", lang="en"
    )
    service = SessionService.create(tmp_path / "s", info, clock=clock)
    yield service
    service.close()


async def proposals(svc: SessionService, n: int) -> list[Proposal]:
    return [await svc.add_proposal(f"Proposal {i}") for i in range(1, n + 1)]


async def to_objections(svc: SessionService, prop: Proposal) -> None:
    """Start the consent step on `prop` and walk to its objection round."""
    await svc.start_step(CONSENT)
    await svc.choose_consent_proposal(CONSENT, prop.id)
    for _ in ("questions", "reactions", "objections"):
        await svc.next_consent_round(CONSENT)


# -- dot voting ------------------------------------------------------------------------------------


def test_dots_default_to_about_a_third_of_the_options() -> None:
    """Three options give one dot, five give two, nine three, fifteen five; never zero."""
    assert [default_dots(n) for n in (0, 1, 3, 4, 5, 9, 15)] == [1, 1, 1, 1, 2, 3, 5]


async def test_the_number_of_dots_follows_the_options_unless_the_format_or_set_up_says(
    svc: SessionService,
) -> None:
    """The format's dots hold; without them, a third of the proposals; the set-up overrides."""
    await proposals(svc, 9)
    assert svc.dots_allowed(VOTE) == 3  # the format says 3
    await svc.set_dots(VOTE, None)
    assert svc.dots_allowed(VOTE) == 3  # a third of 9
    await svc.add_proposal("Proposal 10")
    await svc.add_proposal("Proposal 11")
    assert svc.dots_allowed(VOTE) == 4
    await svc.set_dots(VOTE, 2)
    assert svc.dots_allowed(VOTE) == 2
    with pytest.raises(ValidationError):
        await svc.set_dots(VOTE, 0)


async def test_a_budget_counts_per_participant_whatever_the_spelling(svc: SessionService) -> None:
    """'alice' after 'Alice' (or ' ALICE ', 'Alicé') is the same voter, the participant."""
    await svc.add_participant(name="Alice Martin")
    (prop,) = await proposals(svc, 1)
    await svc.start_step(VOTE)
    await svc.vote(prop.id, "Alice Martin", 2)
    with pytest.raises(ValidationError, match="only 1"):
        await svc.vote(prop.id, "alice  martin", 2)
    await svc.vote(prop.id, "ALICE MARTIN", 1)
    with pytest.raises(ValidationError, match="all 3 dots"):
        await svc.vote(prop.id, "Alicé Martin", 1)
    votes = svc.session.all(Vote)
    assert {v.author for v in votes} == {1} and {v.voter for v in votes} == {"Alice Martin"}
    await svc.vote(prop.id, "bob", 3)  # not a participant: his typed name is his budget
    with pytest.raises(ValidationError):
        await svc.vote(prop.id, "Bob", 1)


async def test_a_budget_counts_per_device_and_per_step(svc: SessionService) -> None:
    """Two phones have a budget each; a new vote step gives everyone their dots again."""
    (prop,) = await proposals(svc, 1)
    await svc.start_step(VOTE)
    await svc.vote(prop.id, device="phone-a", dots=3)
    await svc.vote(prop.id, device="phone-b", dots=3)
    with pytest.raises(ValidationError):
        await svc.vote(prop.id, device="phone-a")
    assert svc.dots_left(VOTE, device="phone-a") == 0
    assert svc.dots_left("other-step", device="phone-a") == 1  # a third of one proposal
    with pytest.raises(ValidationError, match="who is voting"):
        await svc.vote(prop.id, "  ")


async def test_votes_arriving_together_never_exceed_the_budget(svc: SessionService) -> None:
    """Twelve votes sent at once by one voter place exactly the three dots of the budget."""
    props = await proposals(svc, 4)
    await svc.start_step(VOTE)
    results = await asyncio.gather(
        *(svc.vote(props[i % 4].id, device="phone", dots=1) for i in range(12)),
        return_exceptions=True,
    )
    placed = [r for r in results if isinstance(r, Vote)]
    assert len(placed) == 3 and sum(v.dots for v in svc.session.all(Vote)) == 3
    assert all(isinstance(r, ValidationError) for r in results if not isinstance(r, Vote))
    assert svc._holds == {}  # nothing left reserved


async def test_a_failed_save_gives_the_reserved_dots_back(
    svc: SessionService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dots reserved for a vote that could not be saved are the voter's again."""
    (prop,) = await proposals(svc, 1)
    await svc.start_step(VOTE)
    save = svc.store.save

    async def failing(ops: list[list[object]]) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(svc.store, "save", failing)
    with pytest.raises(StoreError):
        await svc.vote(prop.id, device="phone", dots=3)
    monkeypatch.setattr(svc.store, "save", save)
    assert svc.dots_left(VOTE, device="phone") == 3
    await svc.vote(prop.id, device="phone", dots=3)


async def test_without_stacking_one_dot_per_proposal_even_at_once(svc: SessionService) -> None:
    """With stacking = false, three simultaneous dots on one proposal place one."""
    await svc.set_dots(VOTE, 3)
    step = svc.info.step(VOTE)
    assert step is not None
    info = svc.info
    changed = Step.from_dict({**step.to_dict(), "settings": {**step.settings, "stacking": False}})
    info.steps = [changed if s.id == VOTE else s for s in info.steps]
    await svc.save_info(info)
    a, b = await proposals(svc, 2)
    await svc.start_step(VOTE)
    results = await asyncio.gather(
        *(svc.vote(a.id, device="phone") for _ in range(3)), return_exceptions=True
    )
    assert sum(isinstance(r, Vote) for r in results) == 1
    with pytest.raises(ValidationError, match="one dot per proposal"):
        await svc.vote(b.id, device="phone", dots=2)
    await svc.vote(b.id, device="phone")


async def test_results_stay_hidden_until_the_facilitator_reveals_them(svc: SessionService) -> None:
    """By default the count is hidden; revealing it (and hiding it again) is an event."""
    (prop,) = await proposals(svc, 1)
    await svc.start_step(VOTE)
    await svc.vote(prop.id, device="phone")
    assert not svc.results_shown(VOTE)
    assert svc.turnout(VOTE) == (1, 1)
    await svc.reveal_results(VOTE)
    assert svc.results_shown(VOTE)
    await svc.reveal_results(VOTE, shown=False)
    assert not svc.results_shown(VOTE)
    with pytest.raises(ValidationError):
        await svc.reveal_results(CONSENT)


# -- consent ----------------------------------------------------------------------------------------


async def test_no_consent_over_an_open_objection(svc: SessionService) -> None:
    """The measured bug: a proposal, an objection, a consent decision: refused, nothing adopted."""
    prop = await svc.add_proposal("Rotate meetings")
    await to_objections(svc, prop)
    await svc.add_tension("Winter roads are closed", objection_to=prop.id, category="time")
    with pytest.raises(ValidationError, match="objection"):
        await svc.decide("Meetings rotate", method="consent", proposal=prop.id)
    with pytest.raises(ValidationError):
        await svc.decide("Meetings rotate", method="consensus", proposal=prop.id)
    with pytest.raises(ValidationError):
        await svc.update_proposal(prop.id, status="adopted")
    assert svc.session.all(Decision) == []
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.OBJECTED


async def test_objections_come_after_questions_and_reactions(svc: SessionService) -> None:
    """During presentation, questions and reactions an objection is refused; then heard."""
    prop = await svc.add_proposal("Rotate meetings")
    await svc.start_step(CONSENT)
    await svc.choose_consent_proposal(CONSENT, prop.id)
    assert svc.consent_walk(CONSENT).round == "presentation"
    for expected in ("questions", "reactions"):
        await svc.next_consent_round(CONSENT)
        assert svc.consent_walk(CONSENT).round == expected
        with pytest.raises(ValidationError, match="objection round"):
            await svc.add_tension("Too far", objection_to=prop.id)
    assert await svc.next_consent_round(CONSENT) == "objections"
    await svc.add_tension("Too far", objection_to=prop.id)


async def test_consent_needs_an_objection_round_on_the_proposal_as_amended(
    svc: SessionService,
) -> None:
    """No objection round, no consent; an integrated amendment is tested again before it."""
    prop = await svc.add_proposal("Rotate meetings")
    await svc.start_step(CONSENT)
    await svc.choose_consent_proposal(CONSENT, prop.id)
    with pytest.raises(ValidationError, match="ask for objections"):
        await svc.decide("Rotate", method="consent", proposal=prop.id)
    for _ in range(3):
        await svc.next_consent_round(CONSENT)
    objection = await svc.add_tension("Too far in winter", objection_to=prop.id)
    assert await svc.next_consent_round(CONSENT) == "integration"
    await svc.integrate_objection(objection.id, "Online meetings from December to February")
    amended = svc.session.get(Proposal, prop.id)
    assert amended is not None and amended.status == ProposalStatus.AMENDED
    assert "Online meetings" in amended.text
    with pytest.raises(ValidationError, match="tested|amended"):
        await svc.decide("Rotate", method="consent", proposal=prop.id)
    assert await svc.next_consent_round(CONSENT) == "objections"  # test again
    assert await svc.next_consent_round(CONSENT) == "consent"
    decision = await svc.decide("Rotate, online in winter", method="consent", proposal=prop.id)
    assert decision.proposal == prop.id
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.ADOPTED


async def test_an_objection_lifted_after_a_decision_in_the_objection_round_is_final(
    svc: SessionService,
) -> None:
    """Lifting needs no amendment and no new round; an ended objection cannot end twice."""
    prop = await svc.add_proposal("Shared desk")
    await to_objections(svc, prop)
    objection = await svc.add_tension("Who pays?", objection_to=prop.id)
    lifted = await svc.lift_objection(objection.id, "The region pays the first year")
    assert lifted.ended == ObjectionEnd.LIFTED and lifted.status == TensionStatus.RESOLVED
    with pytest.raises(ValidationError, match="already"):
        await svc.lift_objection(objection.id, "again")
    await svc.decide("Shared desk", method="consent", proposal=prop.id)


async def test_a_withdrawn_or_postponed_proposal_keeps_its_objections(
    svc: SessionService,
) -> None:
    """Withdrawn: objections stay tensions to work on; postponed: they wait and block later."""
    a, b = await proposals(svc, 2)
    await to_objections(svc, a)
    oa = await svc.add_tension("Harms the small associations", objection_to=a.id)
    await svc.withdraw_proposal(a.id, "The proposer withdraws it")
    ended = svc.session.get(Tension, oa.id)
    assert ended is not None and ended.ended == ObjectionEnd.WITHDRAWN
    assert ended.status == TensionStatus.UNRESOLVED and ended.outcome == "The proposer withdraws it"
    proposal = svc.session.get(Proposal, a.id)
    assert proposal is not None and proposal.status == ProposalStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn"):
        await svc.choose_consent_proposal(CONSENT, a.id)
    await svc.choose_consent_proposal(CONSENT, b.id)
    for _ in range(3):
        await svc.next_consent_round(CONSENT)
    ob = await svc.add_tension("No budget this year", objection_to=b.id)
    await svc.postpone_proposal(b.id, "Back at the April steering committee")
    tension = svc.session.get(Tension, ob.id)
    assert tension is not None and tension.status == TensionStatus.PARKED
    proposal = svc.session.get(Proposal, b.id)
    assert proposal is not None and proposal.status == ProposalStatus.PARKED
    assert [x.id for x in open_objections(svc.session, b.id)] == [ob.id]  # still in the way
    await svc.choose_consent_proposal(CONSENT, b.id)  # taken up again
    for _ in range(3):
        await svc.next_consent_round(CONSENT)
    with pytest.raises(ValidationError, match="objection"):
        await svc.decide("Budget", method="consent", proposal=b.id)
    await svc.lift_objection(ob.id, "The budget is voted")
    await svc.next_consent_round(CONSENT)
    await svc.decide("Budget", method="consent", proposal=b.id)


async def test_the_board_resolving_an_objection_records_it_as_lifted(svc: SessionService) -> None:
    """Setting an objection resolved on the board lifts it; reopening it blocks consent again."""
    prop = await svc.add_proposal("Shared desk")
    await to_objections(svc, prop)
    objection = await svc.add_tension("Who pays?", objection_to=prop.id)
    await svc.update_tension(objection.id, status="resolved", outcome="The region pays")
    tension = svc.session.get(Tension, objection.id)
    assert tension is not None and tension.ended == ObjectionEnd.LIFTED
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status != ProposalStatus.OBJECTED
    await svc.update_tension(objection.id, status="open")
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.OBJECTED
    with pytest.raises(ValidationError):
        await svc.decide("Desk", method="consent", proposal=prop.id)


async def test_the_step_setting_chooses_the_proposal_and_the_facilitator_another(
    tmp_path: Path, clock: ManualClock
) -> None:
    """A text in the format becomes the proposal on the table; "top" takes the vote's first."""
    info = session_doc(get_format("cooperation-kickoff"), title="K", date="2026-03-12", lang="en")
    svc = SessionService.create(tmp_path / "k", info, clock=clock)
    try:
        step = "consentement-suites"
        other = await svc.add_proposal("Rotate meetings")
        await svc.start_step(step)
        prop = await svc.open_consent(step)
        assert prop is not None and prop.title.startswith("We set up an inter-territorial")
        assert svc.consent_target(step) == prop and svc.consent_walk(step).round == "presentation"
        assert await svc.open_consent(step) == prop  # once only
        await svc.choose_consent_proposal(step, other.id)
        assert svc.consent_target(step) == other
    finally:
        svc.close()
    info = session_doc(get_format("atelier-participatif"), title="A", date="2026-03-12")
    svc = SessionService.create(tmp_path / "a", info, clock=clock)
    try:
        a, b = await proposals(svc, 2)
        await svc.start_step(VOTE)
        await svc.vote(b.id, "Anne", 2)
        await svc.vote(a.id, "Anne", 1)
        assert svc.consent_target(CONSENT) == svc.session.get(Proposal, b.id)
    finally:
        svc.close()


async def test_the_report_says_how_each_objection_ended(svc: SessionService) -> None:
    """Lifted, integrated with its amendment, withdrawn: the decision and the tensions say so."""
    from facilitate.report import build_report

    prop = await svc.add_proposal("Rotate meetings")
    await to_objections(svc, prop)
    o1 = await svc.add_tension("Too far in winter", objection_to=prop.id)
    o2 = await svc.add_tension("Who pays the room?", objection_to=prop.id)
    await svc.next_consent_round(CONSENT)
    await svc.integrate_objection(o1.id, "Online from December to February")
    await svc.lift_objection(o2.id, "Each host pays")
    await svc.next_consent_round(CONSENT)
    await svc.decide("Meetings rotate", method="consent", proposal=prop.id)
    report = build_report(svc.session, now=svc.clock.now(), lang="en")
    (decision,) = report.decisions
    assert decision.objections == [
        "« Too far in winter »: integrated with the amendment — "
        "amendment: Online from December to February",
        "« Who pays the room? »: lifted — Each host pays",
    ]
    endings = {x.about: x.ending for x in report.tensions}
    assert endings["Too far in winter"] == "integrated with the amendment"
    assert endings["Who pays the room?"] == "lifted"


async def test_the_demo_has_no_consent_decision_over_an_open_objection(
    demo_folder: Path,
) -> None:
    """Every consent decision of the demo has each objection to its proposal lifted or
    integrated, and an objection round held on it."""
    svc = SessionService.open(demo_folder)
    try:
        decided = [d for d in svc.session.all(Decision) if d.method.value == "consent"]
        assert decided
        for d in decided:
            assert d.proposal is not None
            assert open_objections(svc.session, d.proposal) == []
            ended = [t for t in svc.session.all(Tension) if t.objection_to == d.proposal]
            assert {t.ended for t in ended} <= {ObjectionEnd.LIFTED, ObjectionEnd.INTEGRATED}
    finally:
        svc.close()


# -- the moving debate -----------------------------------------------------------------------------


async def test_without_a_middle_the_service_refuses_undecided(svc: SessionService) -> None:
    """allow_undecided = false: 'undecided' is refused whoever sends it; with it: the river."""
    await svc.start_step(DEBATE)
    with pytest.raises(ValidationError, match="no middle"):
        await svc.set_position(1, "undecided", "Anne")
    await svc.set_position(1, "agree", "Anne")
    step = svc.info.step(DEBATE)
    assert step is not None
    info = svc.info
    changed = Step.from_dict(
        {**step.to_dict(), "settings": {**step.settings, "allow_undecided": True}}
    )
    info.steps = [changed if s.id == DEBATE else s for s in info.steps]
    await svc.save_info(info)
    pos = await svc.set_position(1, "undecided", "Bruno")
    assert pos.side.value == "undecided"
    from facilitate.i18n import t

    assert t("deciding.side.undecided", "fr") == "rivière du doute"
    with pytest.raises(ValidationError, match="two camps"):
        await svc.add_argument(1, "undecided", "I doubt")


async def test_camps_speak_in_turn_the_smaller_first_and_may_pass(svc: SessionService) -> None:
    """The smaller camp opens; the same camp twice in a row is refused unless the other passes."""
    await svc.start_step(DEBATE)
    for who, side in (("A", "agree"), ("B", "agree"), ("C", "disagree")):
        await svc.set_position(1, side, who)
    assert svc.debate_floor(DEBATE).side.value == "disagree"
    with pytest.raises(ValidationError, match="disagree side's turn"):
        await svc.add_argument(1, "agree", "Everyone gains")
    first = await svc.add_argument(1, "disagree", "Small ones vanish")
    with pytest.raises(ValidationError, match="agree side's turn"):
        await svc.add_argument(1, "disagree", "And again")
    await svc.pass_turn(DEBATE)
    second = await svc.add_argument(1, "disagree", "And again")
    assert (first.turn, second.turn) == (1, 2)
    assert svc.debate_floor(DEBATE).side.value == "agree"


async def test_preparation_then_a_timer_per_argument(
    svc: SessionService, clock: ManualClock
) -> None:
    """Each camp prepares for prep_minutes; then each turn runs against argument_seconds."""
    await svc.start_step(DEBATE)
    floor = await svc.start_preparation(DEBATE)
    assert floor.preparing_s == 180 and floor.turn_elapsed_s == 0
    clock.advance(seconds=200)
    floor = svc.debate_floor(DEBATE)
    assert floor.preparing_s == 0 and floor.turn_elapsed_s == 20 and floor.turn_budget_s == 60
    arg = await svc.add_argument(1, floor.side.value, "First argument")
    assert arg.seconds == 20
    clock.advance(seconds=75)
    floor = svc.debate_floor(DEBATE)
    assert floor.turn == 2 and floor.turn_budget_s - floor.turn_elapsed_s == -15  # over time


async def test_who_moved_and_why_per_statement(svc: SessionService) -> None:
    """Moves are counted between rounds of one statement, with the reasons given."""
    from facilitate.domain.deciding import moves
    from facilitate.domain.records import Position

    await svc.start_step(DEBATE)
    await svc.set_position(1, "agree", "Anne", round=1)
    await svc.set_position(1, "disagree", "Bruno", round=1)
    await svc.set_position(2, "agree", "Bruno", round=1)  # another statement: not a move
    await svc.set_position(1, "disagree", "anne", round=2, moved_because="The cost argument")
    await svc.set_position(1, "disagree", "Bruno", round=2)
    first = [p for p in svc.session.all(Position) if p.statement == 1]
    (move,) = moves(first)
    assert (move.who, move.before.value, move.after.value) == ("anne", "agree", "disagree")
    assert move.because == "The cost argument"
    with pytest.raises(ValidationError, match="statement"):
        await svc.set_position(9, "agree", "Anne")


# -- formats: every key does something -------------------------------------------------------------


def test_no_format_setting_goes_unread() -> None:
    """Each setting the loader accepts is read by the program outside the loader and schema."""
    src = Path(facilitate.__file__).parent
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in src.rglob("*.py")
        if p.name not in ("session_formats.py", "schema.py") and "i18n" not in p.parts
    )
    unread = [
        f"{kind}.{key}"
        for kind, spec in STEP_SETTINGS.items()
        for key in spec
        if not re.search(rf"""["']{key}["']""", code)
    ]
    assert unread == []


def test_the_consent_proposal_setting_is_a_text_or_top() -> None:
    """`proposal` takes "top" or a bilingual text; anything else is refused at its line."""
    base = """schema_version = 1
id = "mini"
name = {{ fr = "Mini", en = "Mini" }}
[[steps]]
id = "c"
kind = "consent"
title = {{ fr = "C", en = "C" }}
minutes = 10
script = {{ fr = "s", en = "s" }}
proposal = {value}
"""
    assert parse_format(base.format(value='"top"')).steps[0].settings["proposal"] == "top"
    text = parse_format(base.format(value='{ fr = "Oui", en = "Yes" }')).steps[0]
    assert text.settings["proposal"] == {"fr": "Oui", "en": "Yes"}
    with pytest.raises(FormatError, match=r":10: steps\[0\].proposal"):
        parse_format(base.format(value="3"))


async def test_hosts_stay_holds_in_the_planner_and_the_seating(
    tmp_path: Path, clock: ManualClock
) -> None:
    """hosts_stay = true: a plan that moves a host is refused; false: the planner frees them."""
    from facilitate.service.rotation import rotation_instance

    info = session_doc(get_format("world-cafe"), title="C", date="2026-03-12", lang="en")
    svc = SessionService.create(tmp_path / "c", info, clock=clock)
    try:
        people = await svc.add_participants({"name": f"P{i}"} for i in range(6))
        ids = [p.id for p in people]
        await svc.add_table("T1", host=ids[0])
        await svc.add_table("T2", host=ids[1])
        step = next(s for s in svc.info.steps if s.kind == "rounds")
        assert svc.rotation_instance(step.id)[0]["hosts"] == [0, 1]
        with pytest.raises(ValidationError, match="P1 hosts T2"):
            await svc.set_seating(step.id, [[ids[:3], ids[3:]]])
        round_1 = [[ids[0], ids[2], ids[3]], [ids[1], ids[4], ids[5]]]
        round_2 = [[ids[0], ids[4], ids[5]], [ids[1], ids[2], ids[3]]]
        await svc.set_seating(step.id, [round_1, round_2])
        free = Step.from_dict(
            {**step.to_dict(), "settings": {**step.settings, "hosts_stay": False}}
        )
        assert rotation_instance(svc.session, svc.live(), free)[0]["hosts"] == [None, None]
    finally:
        svc.close()


async def test_the_projector_shows_the_count_only_once_revealed(svc: SessionService) -> None:
    """The wall shows the turnout while hidden, the ranking with its dots once revealed."""
    from rich.text import Text

    from facilitate.tui.widgets.wall import room_view

    a, b = await proposals(svc, 2)
    await svc.start_step(VOTE)
    await svc.vote(b.id, "Anne", 2)
    step = svc.info.step(VOTE)
    assert step is not None
    hidden = room_view(svc, step, "en")
    assert isinstance(hidden, Text) and "2 dots placed by 1 voter." in hidden.plain
    assert "Proposal 2" not in hidden.plain
    await svc.reveal_results(VOTE)
    shown = room_view(svc, step, "en")
    assert isinstance(shown, Text)
    assert shown.plain.index("Proposal 2") < shown.plain.index("Proposal 1")
