"""Domain and service rules: records, the live timeline rebuilt from events, validation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import (
    Contribution,
    ContributionKind,
    Event,
    EventKind,
    Participant,
    PowerKind,
    Proposal,
    ProposalStatus,
    Source,
    Tension,
    TensionStatus,
)
from facilitate.domain.timeline import rebuild
from facilitate.service import SessionService, ValidationError, session_doc
from facilitate.session_formats import get_format
from facilitate.store import read_session_tables


@pytest.fixture
def svc(tmp_path: Path, clock: ManualClock) -> Iterator[SessionService]:
    info = session_doc(get_format("atelier-participatif"), title="Atelier", date="2026-03-12")
    service = SessionService.create(tmp_path / "s", info, clock=clock)
    yield service
    service.close()


def test_records_round_trip_through_dicts() -> None:
    """A record saved as JSON comes back equal, enums included."""
    p = Participant(id=3, name="Anne", power=PowerKind.TECHNICAL, host_of=2)
    assert Participant.from_dict(p.to_dict()) == p
    c = Contribution(
        id=1, kind=ContributionKind.BLOCKAGE, text="x", reason="y", source=Source.PORTAL
    )
    assert Contribution.from_dict(c.to_dict()) == c
    assert c.to_dict()["kind"] == "blockage"


def test_timeline_counts_only_running_time(clock: ManualClock) -> None:
    """Pauses do not count; extensions add to the budget; a step's actual time is kept."""
    info = session_doc(get_format("world-cafe"), title="C", date="2026-03-12")
    first, rounds = info.steps[0].id, info.steps[1].id
    t0 = clock.now()

    def ev(i: int, kind: EventKind, minutes: float, step: str, **kw: Any) -> Event:
        clock.set(t0)
        clock.advance(minutes=minutes)
        return Event(id=i, kind=kind, step=step, at=clock.now().isoformat(), **kw)

    events = [
        ev(1, EventKind.STEP_STARTED, 0, first),
        ev(2, EventKind.STEP_PAUSED, 5, first),
        ev(3, EventKind.STEP_RESUMED, 8, first),
        ev(4, EventKind.STEP_EXTENDED, 9, first, data={"seconds": 120}),
        ev(5, EventKind.STEP_STARTED, 20, rounds),
        ev(6, EventKind.ROUND_STARTED, 21, rounds, round=1),
    ]
    clock.set(t0)
    clock.advance(minutes=30)
    live = rebuild(info, events, clock.now())
    assert live.times[first].actual_s == 17 * 60
    assert live.times[first].extended_s == 120 and live.times[first].ended
    assert live.step == rounds and live.running and live.round == 1
    assert live.elapsed_s == 10 * 60
    assert live.round_elapsed_s == 9 * 60
    assert live.timer_budget_s == 20 * 60
    assert live.remaining_s == 11 * 60


async def test_resume_rebuilds_the_countdown_from_the_log(
    tmp_path: Path, clock: ManualClock
) -> None:
    """Closing and reopening mid-step returns to the same step with the time that had run."""
    info = session_doc(get_format("world-cafe"), title="C", date="2026-03-12")
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    await svc.start_step(info.steps[1].id)
    await svc.start_round(2)
    clock.advance(minutes=7)
    await svc.pause()
    svc.close()
    clock.advance(minutes=30)  # the laptop was off; paused time does not run
    again = SessionService.open(tmp_path / "s", clock=clock)
    live = again.live()
    assert (live.step, live.round, live.running) == (info.steps[1].id, 2, False)
    assert live.round_elapsed_s == 7 * 60
    again.close()


async def test_capture_is_attached_to_the_current_step_and_round(
    svc: SessionService, clock: ManualClock
) -> None:
    """A contribution typed during a round carries the step, the round and the time."""
    await svc.start_step("debat-mouvant")
    await svc.start_round(2)
    clock.advance(seconds=30)
    rec = await svc.add_contribution("question", "Qui paie ?")
    assert (rec.step, rec.round, rec.source) == ("debat-mouvant", 2, Source.FACILITATOR)
    assert rec.at == clock.now().isoformat(timespec="seconds")
    stored = read_session_tables(svc.store.folder)["contributions"][str(rec.id)]
    assert stored["text"] == "Qui paie ?"


async def test_listeners_hear_each_saved_record(svc: SessionService) -> None:
    """The TUI is told of every change once it is saved."""
    heard: list[str] = []
    svc.subscribe(lambda change: heard.append(change.kind))
    await svc.add_participant(name="Anne")
    await svc.add_tension("Qui pilote ?", category="power")
    assert heard == ["participants", "tensions"]


async def test_bad_values_are_refused_before_anything_is_written(svc: SessionService) -> None:
    """Unknown kinds, empty text and unknown links are refused; nothing is stored."""
    with pytest.raises(ValidationError):
        await svc.add_contribution("rumour", "x")
    with pytest.raises(ValidationError):
        await svc.add_contribution("idea", "  \x07 ")
    with pytest.raises(ValidationError):
        await svc.add_participant(name="Anne", power="military")
    with pytest.raises(ValidationError):
        await svc.add_tension("x", category="mood")
    with pytest.raises(ValidationError):
        await svc.add_proposal("x", tensions=[42])
    assert svc.session.count() == 0
    assert "contributions" not in read_session_tables(svc.store.folder)


async def test_a_proposal_answering_a_tension_links_both(svc: SessionService) -> None:
    """Linking a proposal to a tension shows on both records and moves the tension on."""
    tension = await svc.add_tension("Financement", between=["Nord", "Sud"], category="resources")
    prop = await svc.add_proposal("Fonds commun", tensions=[tension.id])
    stored = svc.session.get(Tension, tension.id)
    assert stored is not None and stored.proposals == [prop.id]
    assert stored.status == TensionStatus.BECAME_PROPOSAL
    assert prop.tensions == [tension.id]


async def test_dots_are_limited_per_voter(svc: SessionService) -> None:
    """A voter cannot place more dots than the vote step allows."""
    await svc.start_step("vote-gommettes")
    prop = await svc.add_proposal("A")
    allowed = svc.dots_allowed("vote-gommettes")
    await svc.vote(prop.id, "Anne", allowed)
    with pytest.raises(ValidationError, match="dots"):
        await svc.vote(prop.id, "Anne", 1)
    await svc.vote(prop.id, "Bruno", 1)
    assert svc.ranking("vote-gommettes")[0] == (svc.session.get(Proposal, prop.id), allowed + 1)


async def test_an_objection_is_a_tension_until_lifted(svc: SessionService) -> None:
    """In a consent round each objection is a tension; lifting all of them amends the proposal."""
    prop = await svc.add_proposal("Réunions tournantes")
    await svc.start_step("decision-consentement")
    await svc.choose_consent_proposal("decision-consentement", prop.id)
    for _ in ("questions", "reactions", "objections"):
        await svc.next_consent_round("decision-consentement")
    o1 = await svc.add_tension("Trop loin pour nous", objection_to=prop.id, category="time")
    o2 = await svc.add_tension("Pas de budget", objection_to=prop.id, category="resources")
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.OBJECTED
    await svc.lift_objection(o1.id, "Visio possible l'hiver", amend="Visio l'hiver.")
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.OBJECTED
    await svc.lift_objection(o2.id, "Chacun paie son déplacement")
    final = svc.session.get(Proposal, prop.id)
    assert final is not None and final.status == ProposalStatus.AMENDED and "Visio" in final.text
    await svc.next_consent_round("decision-consentement")  # the amended text is tested again
    decision = await svc.decide("Adopté", method="consent", proposal=prop.id)
    proposal = svc.session.get(Proposal, prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.ADOPTED
    assert decision.method.value == "consent"


async def test_an_antagonistic_interest_becomes_a_tension(svc: SessionService) -> None:
    """Tagging a meaning answer antagonistic opens a tension between the territories."""
    ans = await svc.add_meaning(
        actor="SEM", territory="Belrive", purpose="Remplir nos cars", serves="Nos recettes"
    )
    tagged = await svc.tag_interest(ans.id, "antagonistic", between=["Val d'Argent"])
    tension = svc.session.get(Tension, tagged.tension)
    assert tension is not None and tension.between == ["Belrive", "Val d'Argent"]
    assert tension.category.value == "interests"
    common = await svc.tag_interest(
        (await svc.add_meaning(actor="A", purpose="x", serves="y")).id, "common"
    )
    assert common.tension is None


async def test_portal_submissions_stop_when_closed(svc: SessionService) -> None:
    """Once the facilitator closes submissions, phones are refused; the room's keyboard is not."""
    table = await svc.add_table("Table Gare", topic="Gares")
    phone = Source.PORTAL
    rec = await svc.capture(
        "tension", "Pas d'accord", table=table.id, author_name="Léa", source=phone
    )
    assert isinstance(rec, Tension) and rec.source == Source.PORTAL and rec.table == table.id
    await svc.set_submissions_open(False)
    with pytest.raises(ValidationError, match="closed"):
        await svc.capture("idea", "encore", table=table.id, source=phone)
    typed = await svc.capture("idea", "encore", table=table.id)
    assert typed.source == Source.FACILITATOR


async def test_one_capture_for_the_keyboard_and_the_phones(svc: SessionService) -> None:
    """The capture bar and a phone take the same path: a proposal comes from its table, a
    blockage keeps its reason; a phone may send only an idea, question, proposal or tension."""
    table = await svc.add_table("Table Gare", topic="Gares")
    for source in (Source.FACILITATOR, Source.PORTAL):
        prop = await svc.capture("proposal", "Un car le dimanche", table=table.id, source=source)
        assert isinstance(prop, Proposal) and prop.origin == "Table Gare"
        assert prop.source == source and prop.table == table.id
    blockage = await svc.capture("blockage", "Pas de budget", reason="le vote en juin")
    assert isinstance(blockage, Contribution) and blockage.reason == "le vote en juin"
    with pytest.raises(ValidationError):
        await svc.capture("blockage", "Pas de budget", source=Source.PORTAL)
    with pytest.raises(ValidationError):
        await svc.capture("idea", "ailleurs", table=999, source=Source.PORTAL)


async def test_rotating_the_token_changes_it(svc: SessionService) -> None:
    """A new token is a different secret of the same strength."""
    old = svc.info.token
    new = await svc.rotate_token()
    assert new != old and len(new) >= 20


async def test_table_slugs_are_unique(svc: SessionService) -> None:
    """Two tables with the same name get distinct URLs."""
    a = await svc.add_table("Table Gare")
    b = await svc.add_table("Table gare")
    assert (a.slug, b.slug) == ("table-gare", "table-gare-2")


async def test_hosts_are_recorded_on_both_sides(svc: SessionService) -> None:
    """A table's host knows the table they host, and changing host moves it."""
    anne = await svc.add_participant(name="Anne")
    bruno = await svc.add_participant(name="Bruno")
    table = await svc.add_table("T1", host=anne.id)
    participant = svc.session.get(Participant, anne.id)
    assert participant is not None and participant.host_of == table.id
    await svc.update_table(table.id, host=bruno.id)
    participant = svc.session.get(Participant, anne.id)
    assert participant is not None and participant.host_of is None
    participant = svc.session.get(Participant, bruno.id)
    assert participant is not None and participant.host_of == table.id


async def test_the_statement_on_the_floor_is_kept_in_the_log(
    tmp_path: Path, clock: ManualClock
) -> None:
    """Moving to the next debate statement is an event: phones, screens and a resume agree."""
    info = session_doc(get_format("atelier-participatif"), title="A", date="2026-03-12")
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    with pytest.raises(ValidationError, match="no moving debate"):
        await svc.start_statement(2)
    await svc.start_step("debat-mouvant")
    assert svc.live().statement == 1
    await svc.start_statement(2)
    with pytest.raises(ValidationError, match="no statement 3"):
        await svc.start_statement(3)
    svc.close()
    again = SessionService.open(tmp_path / "s", clock=clock)
    assert again.live().statement == 2
    await again.start_step("vote-gommettes")
    await again.start_step("debat-mouvant")  # a debate started again starts at its first one
    assert again.live().statement == 1
    again.close()


def test_open_forum_slots_have_their_own_countdown(clock: ManualClock) -> None:
    """In the breakouts step, each slot counts down the slot length the marketplace set (the
    step's time also holds the breaks between slots)."""
    info = session_doc(get_format("forum-ouvert"), title="F", date="2026-03-12")
    step = next(s for s in info.steps if s.kind == "breakouts")
    events = [
        Event(id=1, kind=EventKind.STEP_STARTED, step=step.id, at=clock.now().isoformat()),
        Event(
            id=2, kind=EventKind.ROUND_STARTED, step=step.id, round=2, at=clock.now().isoformat()
        ),
    ]
    clock.advance(minutes=10)
    live = rebuild(info, events, clock.now())
    assert live.round == 2
    market = next(s for s in info.steps if s.kind == "marketplace")
    assert live.timer_budget_s == market.settings["slot_minutes"] * 60 == 45 * 60
    assert live.budget_s == step.minutes * 60  # the step's total, shown beside it
    assert live.timer_elapsed_s == 600
