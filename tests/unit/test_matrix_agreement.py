"""The 2x2 grid (AFOM, impact/effort, actors' map) and the gradients of agreement: the rules."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitate.domain.agreement import distribution
from facilitate.domain.clock import ManualClock
from facilitate.domain.deciding import open_objections
from facilitate.domain.matrix import place_structure, quadrants_of
from facilitate.domain.records import (
    AgreementAnswer,
    EngagementRole,
    MatrixItem,
    Participant,
    PowerKind,
    ProposalStatus,
    Source,
    Step,
    Tension,
)
from facilitate.service import SessionService, ValidationError, session_doc
from facilitate.session_formats import FormatError, get_format, parse_format
from facilitate.store import SessionStore

AFOM, IMPACT, ACCORD = "afom", "impact-effort", "accord"


@pytest.fixture
def svc(tmp_path: Path, clock: ManualClock) -> Iterator[SessionService]:
    """The shared diagnosis: AFOM, stakes, impact/effort, Kaner's scale, actions; in English."""
    info = session_doc(
        get_format("diagnostic-partage"), title="Diagnostic", date="2026-03-12", lang="en"
    )
    service = SessionService.create(tmp_path / "s", info, clock=clock)
    yield service
    service.close()


@pytest.fixture
def actors(tmp_path: Path, clock: ManualClock) -> Iterator[SessionService]:
    info = session_doc(get_format("carte-des-acteurs"), title="Carte", date="2026-03-12")
    service = SessionService.create(tmp_path / "a", info, clock=clock)
    yield service
    service.close()


# -- formats -----------------------------------------------------------------------------------


def _grid(settings: str) -> str:
    return f"""
schema_version = 1
id = "g"
name = {{ fr = "G", en = "G" }}
[[steps]]
id = "grille"
kind = "matrix"
title = {{ fr = "G", en = "G" }}
minutes = 10
script = {{ fr = "s", en = "s" }}
{settings}
"""


def test_a_grid_format_names_a_known_preset_and_custom_quadrants_only_when_custom() -> None:
    assert parse_format(_grid('preset = "actors"')).steps[0].settings == {"preset": "actors"}
    with pytest.raises(FormatError, match=r"<format>:11: steps\[0\].preset: expected one of"):
        parse_format(_grid('preset = "pestel"'))
    four = ", ".join(f'{{ fr = "C{i}", en = "Q{i}" }}' for i in range(4))
    custom = parse_format(_grid(f'preset = "custom"\nquadrants = [{four}]')).steps[0]
    assert quadrants_of(custom) == ("q1", "q2", "q3", "q4")
    with pytest.raises(FormatError, match="names its four quadrants"):
        parse_format(_grid('preset = "custom"'))
    with pytest.raises(FormatError, match="only a custom grid"):
        parse_format(_grid(f'preset = "swot"\nquadrants = [{four}]'))
    error = pytest.raises(FormatError, parse_format, _grid('preset = "x"')).value
    assert "attendu\u202f: l'un de swot" in error.message("fr") or "attendu : l'un de" in (
        error.message("fr")
    )


def test_an_agreement_format_names_its_scale() -> None:
    text = _grid('scale = "fist-to-five"').replace('kind = "matrix"', 'kind = "agreement"')
    assert parse_format(text).steps[0].settings["scale"] == "fist-to-five"
    with pytest.raises(FormatError, match="expected one of kaner, fist-to-five"):
        parse_format(text.replace("fist-to-five", "thumbs"))


# -- the grid ----------------------------------------------------------------------------------


async def test_cards_go_in_the_grids_quadrants_from_phones_and_the_keyboard(
    svc: SessionService,
) -> None:
    await svc.start_step("accueil")
    with pytest.raises(ValidationError, match="not open right now"):
        await svc.add_matrix_item("strengths", "A river", source=Source.PORTAL, step=AFOM)
    await svc.next_step()
    card = await svc.add_matrix_item(
        "strengths", "Une rivière partagée", device="d1", source=Source.PORTAL
    )
    assert (card.step, card.quadrant, card.source) == (AFOM, "strengths", Source.PORTAL)
    await svc.add_matrix_item("threats", "Budgets en baisse")
    with pytest.raises(ValidationError, match="already in this quadrant"):
        await svc.add_matrix_item("strengths", "  une RIVIÈRE partagée ")
    with pytest.raises(ValidationError, match="not a quadrant"):
        await svc.add_matrix_item("quick_wins", "Wrong grid")  # impact/effort's, not AFOM's
    with pytest.raises(ValidationError):
        await svc.add_matrix_item("weaknesses", "   ")
    moved = await svc.move_matrix_item(card.id, "opportunities")
    assert moved.quadrant == "opportunities" and moved.by_hand
    assert [m.text for m in svc.matrix_items(AFOM)] == ["Une rivière partagée", "Budgets en baisse"]
    await svc.hide("matrix_items", card.id)
    assert [m.text for m in svc.matrix_items(AFOM)] == ["Budgets en baisse"]


def test_a_structure_is_placed_from_its_members_powers_and_roles() -> None:
    def person(power: PowerKind | None, role: EngagementRole | None) -> Participant:
        return Participant(name="x", structure="S", territory="T", power=power, role=role)

    mayor = person(PowerKind.POLITICAL, EngagementRole.DRIVER)
    assert place_structure("S", [mayor]).quadrant == "players"
    follower = person(PowerKind.ADMINISTRATIVE, EngagementRole.FOLLOWER)
    assert place_structure("S", [follower]).quadrant == "context_setters"
    residents = person(PowerKind.CIVIL_SOCIETY, EngagementRole.COUNTERWEIGHT)
    standing = place_structure("S", [residents])
    assert standing.quadrant == "subjects" and standing.counterweight
    assert (
        place_structure("S", [person(PowerKind.TECHNICAL, EngagementRole.FOLLOWER)]).quadrant
        == "crowd"
    )
    # one decider among technicians lifts the structure; no role known: they came, interested
    assert place_structure("S", [person(PowerKind.TECHNICAL, None), mayor]).quadrant == "players"
    assert place_structure("S", [person(PowerKind.ECONOMIC, None)]).quadrant == "players"


async def test_the_actors_map_places_each_structure_once_and_keeps_moved_cards(
    actors: SessionService,
) -> None:
    svc = actors
    await svc.add_participant(
        name="Ana",
        structure="Mairie de Belrive",
        territory="Belrive",
        power="political",
        role="driver",
    )
    await svc.add_participant(
        name="Bo", structure="Asso Rivière", territory="Val", power="civil_society", role="follower"
    )
    await svc.add_participant(
        name="Cy",
        structure="Collectif Habitants",
        territory="Val",
        power="civil_society",
        role="counterweight",
    )
    placed = await svc.place_structures("carte")
    assert {(m.structure, m.quadrant) for m in placed} == {
        ("Mairie de Belrive", "players"),
        ("Asso Rivière", "crowd"),
        ("Collectif Habitants", "subjects"),
    }
    asso = next(m for m in placed if m.structure == "Asso Rivière")
    await svc.move_matrix_item(asso.id, "subjects")
    await svc.add_participant(
        name="Di",
        structure="Département",
        territory="Belrive",
        power="institutional",
        role="follower",
    )
    again = await svc.place_structures("carte")
    assert [m.structure for m in again] == ["Département"]
    matrix_item = svc.session.get(MatrixItem, asso.id)
    assert matrix_item is not None and matrix_item.quadrant == "subjects"
    from facilitate.domain.matrix import read_actors

    step = svc.info.step("carte")
    assert step is not None
    reading = read_actors(svc.session, step)
    assert reading.deciders == ["Mairie de Belrive"]
    assert reading.affected == ["Asso Rivière", "Collectif Habitants"]
    assert reading.to_bring_in == ["Asso Rivière"]  # the collective sends a counterweight
    assert reading.counterweights == ["Collectif Habitants"]


async def test_only_an_actors_map_places_structures(svc: SessionService) -> None:
    with pytest.raises(ValidationError, match="only an actors' map"):
        await svc.place_structures(AFOM)


# -- gradients of agreement ------------------------------------------------------------------------


async def _at_accord(svc: SessionService) -> None:
    await svc.start_step(ACCORD)


async def test_the_formats_proposal_is_polled_and_one_answer_per_person_counts(
    svc: SessionService,
) -> None:
    await _at_accord(svc)
    with pytest.raises(ValidationError, match="no proposal is being polled"):
        await svc.answer_agreement(1, device="d1", source=Source.PORTAL)
    prop = await svc.open_agreement(ACCORD)
    assert prop.title.startswith("The quick wins")
    await svc.answer_agreement(1, device="d1", source=Source.PORTAL)
    await svc.answer_agreement(3, device="d2", source=Source.PORTAL)
    again = await svc.answer_agreement(2, device="d1", source=Source.PORTAL)  # changes her mind
    assert len(svc.session.all(AgreementAnswer)) == 2 and again.level == 2
    dist = svc.agreement_distribution(ACCORD)
    assert dist.total == 2 and dist.counts[2] == 1 and dist.counts[3] == 1 and dist.counts[1] == 0
    assert dist.support == 2 and dist.unanimous_support
    assert svc.my_agreement(ACCORD, device="d1") == again
    with pytest.raises(ValidationError, match="not a level"):
        await svc.answer_agreement(0, device="d3", source=Source.PORTAL)  # fist: not Kaner's
    with pytest.raises(ValidationError, match="not a level"):
        await svc.answer_agreement(True, device="d3", source=Source.PORTAL)
    with pytest.raises(ValidationError, match="who is answering"):
        await svc.answer_agreement(1)
    # the facilitator types a name: a participant's when it reads as one
    await svc.add_participant(name="Élise Roux", territory="Belrive")
    typed = await svc.answer_agreement(4, "elise roux")
    assert typed.author is not None and typed.voter == "Élise Roux"
    await svc.answer_agreement(5, "ÉLISE  ROUX")
    assert svc.agreement_distribution(ACCORD).total == 3


async def test_a_block_says_why_and_opens_an_objection_until_changed(svc: SessionService) -> None:
    await _at_accord(svc)
    prop = await svc.open_agreement(ACCORD)
    with pytest.raises(ValidationError, match="a block says why"):
        await svc.answer_agreement(8, device="d1", source=Source.PORTAL)
    block = await svc.answer_agreement(
        8, device="d1", source=Source.PORTAL, comment="Val d'Argent n'a aucun gain rapide"
    )
    objection = svc.session.get(Tension, block.objection)
    assert objection is not None and objection.objection_to == prop.id
    assert objection.about == "Val d'Argent n'a aucun gain rapide"
    assert open_objections(svc.session, prop.id) == [objection]
    proposal = svc.session.get(type(prop), prop.id)
    assert proposal is not None and proposal.status == ProposalStatus.OBJECTED
    assert svc.agreement_distribution(ACCORD).blocks == 1
    # the same block again keeps the one objection
    await svc.answer_agreement(8, device="d1", source=Source.PORTAL, comment="toujours")
    assert len([t for t in svc.session.all(Tension) if t.objection_to == prop.id]) == 1
    # a new poll after discussion: the person now supports it, which lifts the objection
    await svc.new_agreement_poll(ACCORD)
    assert svc.agreement_poll(ACCORD).poll == 2
    assert svc.agreement_distribution(ACCORD).total == 0
    await svc.answer_agreement(3, device="d1", source=Source.PORTAL)
    # in poll 2 this is a new answer: the poll-1 block and its objection stay as they were
    assert open_objections(svc.session, prop.id) == [objection]
    await svc.answer_agreement(8, device="d2", source=Source.PORTAL, comment="risque")
    changed = await svc.answer_agreement(2, device="d2", source=Source.PORTAL)
    assert changed.objection is None
    assert len(open_objections(svc.session, prop.id)) == 1  # only the poll-1 objection


async def test_fist_to_five_blocks_with_the_fist(tmp_path: Path, clock: ManualClock) -> None:
    fmt = get_format("diagnostic-partage")
    steps = [
        Step.from_dict({**s.to_dict(), "settings": {**s.settings, "scale": "fist-to-five"}})
        if s.kind == "agreement"
        else s
        for s in fmt.steps
    ]
    info = session_doc(fmt, title="D", date="2026-03-12", lang="en")
    info.steps = steps
    svc = SessionService.create(tmp_path / "f", info, clock=clock)
    try:
        await svc.start_step(ACCORD)
        await svc.open_agreement(ACCORD)
        await svc.answer_agreement(5, "Ana")
        with pytest.raises(ValidationError, match="not a level"):
            await svc.answer_agreement(8, "Bo")
        fist = await svc.answer_agreement(0, "Bo", comment="pas de budget")
        assert fist.objection is not None
        dist = svc.agreement_distribution(ACCORD)
        assert list(dist.counts) == [5, 4, 3, 2, 1, 0] and dist.blocks == 1 and dist.support == 1
    finally:
        svc.close()


async def test_answers_arriving_together_from_one_phone_count_once(svc: SessionService) -> None:
    await _at_accord(svc)
    await svc.open_agreement(ACCORD)
    results = await asyncio.gather(
        *(svc.answer_agreement(lv, device="d1", source=Source.PORTAL) for lv in (1, 2, 3)),
        return_exceptions=True,
    )
    assert any(isinstance(r, AgreementAnswer) for r in results)
    assert svc.agreement_distribution(ACCORD).total == 1
    assert len(svc.session.all(AgreementAnswer)) == 1


async def test_phones_answer_only_the_running_scale(svc: SessionService) -> None:
    await svc.start_step(AFOM)
    with pytest.raises(ValidationError, match="not open right now"):
        await svc.answer_agreement(1, device="d1", source=Source.PORTAL, step=ACCORD)


def test_distribution_counts_every_level_in_display_order() -> None:
    given = [AgreementAnswer(id=i, level=lv) for i, lv in enumerate((1, 1, 5, 8, 9), start=1)]
    dist = distribution("kaner", given)
    assert list(dist.counts) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert (dist.total, dist.support, dist.reserved, dist.blocks) == (4, 2, 1, 1)


async def test_grid_and_scale_records_survive_reopening(tmp_path: Path, clock: ManualClock) -> None:
    info = session_doc(get_format("diagnostic-partage"), title="D", date="2026-03-12")
    svc = SessionService.create(tmp_path / "r", info, clock=clock)
    await svc.start_step(AFOM)
    await svc.add_matrix_item("strengths", "Des élus moteurs")
    await svc.start_step(ACCORD)
    await svc.open_agreement(ACCORD)
    await svc.answer_agreement(8, "Ana", comment="trop flou")
    svc.close()
    again = SessionService.open(tmp_path / "r", clock=clock)
    try:
        assert [m.text for m in again.matrix_items(AFOM)] == ["Des élus moteurs"]
        assert again.agreement_distribution(ACCORD).blocks == 1
    finally:
        again.close()


def test_a_session_made_before_these_kinds_still_opens(tmp_path: Path) -> None:
    """An older file has no matrix_items or agreement_answers table: it opens, empty."""
    info = session_doc(get_format("world-cafe"), title="Old", date="2026-03-12")
    store = SessionStore.create(tmp_path / "old", info.to_dict())
    store.close()
    path = tmp_path / "old" / "session.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for name in ("matrix_items", "agreement_answers"):
        doc.pop(name, None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    svc = SessionService.open(tmp_path / "old")
    try:
        assert svc.session.all(MatrixItem) == [] and svc.session.all(AgreementAnswer) == []
    finally:
        svc.close()


def test_a_member_without_a_kind_of_power_counts_with_the_one_their_fonction_suggests() -> None:
    """domain/powers.py: "Maire" is political, an association civil society."""
    mayor = Participant(name="x", structure="Commune de Belrive", function="Maire")
    standing = place_structure("Commune de Belrive", [mayor])
    assert standing.powers == (PowerKind.POLITICAL,) and standing.suggested
    assert standing.quadrant == "players"
    volunteers = Participant(name="y", structure="Association des riverains", function="Bénévole")
    assert place_structure("Association des riverains", [volunteers]).quadrant == "subjects"
    typed = Participant(name="z", structure="S", function="Maire", power=PowerKind.TECHNICAL)
    assert not place_structure("S", [typed]).suggested  # what was entered wins


async def test_a_quick_win_becomes_a_proposal_once_and_can_be_put_to_the_scale(
    svc: SessionService,
) -> None:
    await svc.start_step(IMPACT)
    card = await svc.add_matrix_item("quick_wins", "A shared calendar of meetings")
    prop = await svc.matrix_to_proposal(card.id)
    assert prop.title == "A shared calendar of meetings"
    assert prop.origin == "Prioritise the actions: impact and effort, Quick wins: do first"
    matrix_item = svc.session.get(MatrixItem, card.id)
    assert matrix_item is not None and matrix_item.proposal == prop.id
    with pytest.raises(ValidationError, match="already a proposal"):
        await svc.matrix_to_proposal(card.id)
    await svc.start_step(ACCORD)
    assert (await svc.open_agreement(ACCORD, prop.id)).id == prop.id
    await svc.answer_agreement(2, "Ana")
    assert svc.agreement_distribution(ACCORD).counts[2] == 1


async def test_the_room_sees_a_polls_distribution_once_the_facilitator_shows_it(
    svc: SessionService,
) -> None:
    """Everyone answers at once: shown for this poll only, hidden again for the next."""
    await svc.start_step(ACCORD)
    with pytest.raises(ValidationError, match="no proposal is being polled"):
        await svc.show_agreement(ACCORD)
    await svc.open_agreement(ACCORD)
    await svc.answer_agreement(1, "Ana")
    assert not svc.agreement_shown(ACCORD)
    assert await svc.show_agreement(ACCORD) is True
    events = len(svc.session.events)
    assert await svc.show_agreement(ACCORD) is True and len(svc.session.events) == events
    await svc.new_agreement_poll(ACCORD)
    assert not svc.agreement_shown(ACCORD)  # a new poll: answered at once again
    assert await svc.show_agreement(ACCORD, True) and not await svc.show_agreement(ACCORD, False)


async def test_back_to_a_proposal_polled_before_its_latest_poll_goes_on(
    svc: SessionService,
) -> None:
    await svc.start_step(ACCORD)
    first = await svc.open_agreement(ACCORD)
    other = await svc.add_proposal("Rotate the meetings between territories")
    await svc.answer_agreement(1, "Ana")
    await svc.new_agreement_poll(ACCORD)
    await svc.answer_agreement(3, "Ana")
    await svc.open_agreement(ACCORD, other.id)
    assert svc.agreement_poll(ACCORD).poll == 1 and svc.agreement_distribution(ACCORD).total == 0
    await svc.open_agreement(ACCORD, first.id)
    poll = svc.agreement_poll(ACCORD)
    assert (poll.proposal, poll.poll) == (first.id, 2)
    assert svc.agreement_distribution(ACCORD).counts[3] == 1


def test_a_custom_grid_names_its_quadrants_in_each_language() -> None:
    from facilitate.domain.matrix import quadrant_label

    names = [{"fr": f"Case {c}", "en": f"Box {c}"} for c in "ABCD"]
    settings = {"preset": "custom", "quadrants": names}
    assert quadrant_label(settings, "custom", "q3", "en") == "Box C"
    assert quadrant_label(settings, "custom", "q1", "fr") == "Case A"
    assert quadrant_label({}, "swot", "threats", "fr") == "Menaces"
