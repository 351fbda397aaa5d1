"""The statements step's rules, kept by the service: moderation, the floor, one answer each."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source, Tension
from facilitate.domain.statements import (
    Answer,
    StatementAnswer,
    StatementOrigin,
    StatementStatus,
    Verdict,
)
from facilitate.service import SessionService, ValidationError, session_doc
from facilitate.session_formats import FormatError, get_format, parse_format

STEP = "affirmations"


@pytest.fixture
def svc(tmp_path: Path, clock: ManualClock) -> Iterator[SessionService]:
    info = session_doc(
        get_format("ce-qui-nous-rassemble"), title="Rassembler", date="2026-03-12", lang="fr"
    )
    service = SessionService.create(tmp_path / "s", info, clock=clock)
    yield service
    service.close()


async def people(svc: SessionService, spec: dict[str, int]) -> list[int]:
    """Participants: territory -> how many (political first, then technical)."""
    out = []
    for territory, n in spec.items():
        for k in range(n):
            p = await svc.add_participant(
                name=f"{territory} {k}",
                territory=territory,
                structure=f"CC {territory}",
                power="political" if k % 2 == 0 else "technical",
            )
            out.append(p.id)
    return out


async def test_the_step_opens_with_the_formats_statements_and_shows_the_first(
    svc: SessionService,
) -> None:
    await svc.start_step(STEP)
    found = svc.statements(STEP)
    assert len(found) == 6 and all(s.origin == StatementOrigin.FORMAT for s in found)
    assert found[0].text.startswith("Notre coopération doit d'abord")  # the content language
    floor = svc.statement_on_floor(STEP)
    assert floor is not None and floor.id == found[0].id
    # starting the step again adds nothing and keeps the floor
    await svc.start_step(STEP)
    assert len(svc.statements(STEP)) == 6
    nxt = await svc.show_next_statement()
    assert nxt.id == found[1].id and svc.statement_on_floor(STEP) == nxt


async def test_statements_are_short_and_not_repeated(svc: SessionService) -> None:
    await svc.start_step(STEP)
    with pytest.raises(ValidationError) as too_long:
        await svc.add_statement("x" * 141)
    assert too_long.value.key == "statements.too_long"
    with pytest.raises(ValidationError) as twice:
        await svc.add_statement("  les réunions doivent TOURNER d'un territoire à l'autre ")
    assert twice.value.key == "statements.duplicate"
    with pytest.raises(ValidationError):
        await svc.add_statement("   ")
    with pytest.raises(ValidationError) as wrong_step:
        await svc.add_statement("Ailleurs", step="consentement")
    assert wrong_step.value.key == "statements.not_a_statements_step"


async def test_statements_picked_from_ideas_and_disagreements(svc: SessionService) -> None:
    idea = await svc.add_contribution("idea", "Un guichet unique pour réserver.")
    tension = await svc.add_tension("Qui paie le transport solidaire ?")
    await svc.start_step(STEP)
    a = await svc.pick_statement("contribution", idea.id)
    b = await svc.pick_statement("tension", tension.id, text="L'agglomération doit payer.")
    assert (a.origin, a.from_record, a.text) == (
        StatementOrigin.CONTRIBUTION,
        idea.id,
        "Un guichet unique pour réserver.",
    )
    assert (b.origin, b.text) == (StatementOrigin.TENSION, "L'agglomération doit payer.")
    with pytest.raises(ValidationError):
        await svc.pick_statement("contribution", 999)


async def test_a_phones_proposal_waits_for_moderation(svc: SessionService) -> None:
    await svc.start_step(STEP)
    p = await svc.propose_statement("Il faut une navette le dimanche.", device="phone-1")
    assert p.status == StatementStatus.PENDING and p.source == Source.PORTAL
    assert p not in svc.statements(STEP) and p in svc.statements(STEP, pending=True)
    with pytest.raises(ValidationError) as early:
        await svc.show_statement(p.id)
    assert early.value.key == "statements.is_pending"
    with pytest.raises(ValidationError):
        await svc.answer_statement(p.id, "agree", device="phone-2", source=Source.PORTAL)
    accepted = await svc.moderate_statement(p.id, text="Une navette doit rouler le dimanche.")
    assert accepted.status == StatementStatus.ACCEPTED
    assert accepted.text == "Une navette doit rouler le dimanche."
    q = await svc.propose_statement("Insulte", device="phone-1")
    rejected = await svc.moderate_statement(q.id, accept=False)
    assert rejected.status == StatementStatus.REJECTED
    assert rejected not in svc.statements(STEP)
    # the step's last one, then nothing left: the next statement says so
    for _ in range(6):
        await svc.show_next_statement()
    assert svc.statement_on_floor(STEP) == accepted
    with pytest.raises(ValidationError) as none:
        await svc.show_next_statement()
    assert none.value.key == "statements.none_left"


async def test_a_phone_cannot_flood_the_moderator(svc: SessionService) -> None:
    await svc.start_step(STEP)
    for n in range(5):
        await svc.propose_statement(f"Proposition {n}", device="phone-1")
    with pytest.raises(ValidationError) as flood:
        await svc.propose_statement("Encore une", device="phone-1")
    assert flood.value.key == "statements.too_many_pending"
    await svc.propose_statement("Une autre personne", device="phone-2")
    with pytest.raises(ValidationError):
        await svc.propose_statement("Sans téléphone signé", device="")


async def test_phones_propose_only_where_the_format_allows_and_while_the_step_runs(
    tmp_path: Path, clock: ManualClock
) -> None:
    text = """
schema_version = 1
id = "seul"
name = { fr = "Seul", en = "Alone" }
[[steps]]
id = "a"
kind = "statements"
title = { fr = "A", en = "A" }
minutes = 10
proposals_from_phones = false
[steps.script]
fr = "f"
en = "e"
[[steps]]
id = "b"
kind = "harvest"
title = { fr = "B", en = "B" }
minutes = 10
[steps.script]
fr = "f"
en = "e"
"""
    info = session_doc(parse_format(text), title="Seul", date="2026-03-12")
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    try:
        with pytest.raises(ValidationError) as idle:
            await svc.propose_statement("Avant", device="d", step="a")
        assert idle.value.key == "statements.not_running"
        await svc.start_step("a")
        assert svc.statement_on_floor("a") is None  # nothing prepared: nothing shown
        with pytest.raises(ValidationError) as refused:
            await svc.propose_statement("Pendant", device="d")
        assert refused.value.key == "statements.no_proposals"
    finally:
        svc.close()


def test_a_format_refuses_a_long_statement_and_a_minority_majority() -> None:
    base = """
schema_version = 1
id = "x"
name = { fr = "X", en = "X" }
[[steps]]
id = "a"
kind = "statements"
title = { fr = "A", en = "A" }
minutes = 10
%s
[steps.script]
fr = "f"
en = "e"
"""
    long = "y" * 141
    with pytest.raises(FormatError) as too_long:
        parse_format(base % f'statements = [{{ fr = "{long}", en = "ok" }}]')
    assert "statements[0].fr" in str(too_long.value) and "140" in str(too_long.value)
    with pytest.raises(FormatError) as minority:
        parse_format(base % "majority = 40")
    assert "majority" in str(minority.value)
    assert parse_format(base % "majority = 66").steps[0].settings["majority"] == 66


async def test_one_answer_per_person_a_changed_answer_replaces_it(svc: SessionService) -> None:
    ids = await people(svc, {"Belrive": 3, "Val": 3})
    await svc.start_step(STEP)
    floor = svc.statement_on_floor(STEP)
    assert floor is not None
    first = await svc.answer_statement(floor.id, "agree", author=ids[0])
    again = await svc.answer_statement(floor.id, "disagree", author=ids[0])
    assert again.id == first.id and again.answer == Answer.DISAGREE
    # the participant typed by name, any case and accents: the same person
    third = await svc.answer_statement(floor.id, "pass", "BELRIVE 0")
    assert third.id == first.id
    assert [a.answer for a in svc.session.all(StatementAnswer)] == [Answer.PASS]
    # the participant's territory and power, whatever is said
    assert (third.territory, third.power and third.power.value) == ("Belrive", "political")
    # a phone: counted by its signed device id, its territory as it says
    p1 = await svc.answer_statement(
        floor.id, "agree", device="dev-1", territory="val", source=Source.PORTAL
    )
    p2 = await svc.answer_statement(
        floor.id, "disagree", device="dev-1", territory="Val", source=Source.PORTAL
    )
    assert p1.id == p2.id and p2.territory == "Val"
    assert len(svc.session.all(StatementAnswer)) == 2
    with pytest.raises(ValidationError) as nobody:
        await svc.answer_statement(floor.id, "agree")
    assert nobody.value.key == "statements.who"
    with pytest.raises(ValidationError) as where:
        await svc.answer_statement(floor.id, "agree", device="dev-2", territory="Atlantide")
    assert where.value.key == "statements.unknown_territory"
    with pytest.raises(ValidationError):
        await svc.answer_statement(floor.id, "maybe", device="dev-2")
    with pytest.raises(ValidationError):
        await svc.answer_statement(floor.id, "agree", device="dev-2", power="royal")


async def test_answers_arriving_together_from_one_phone_land_on_one_record(
    svc: SessionService,
) -> None:
    await people(svc, {"Belrive": 1})
    await svc.start_step(STEP)
    floor = svc.statement_on_floor(STEP)
    assert floor is not None
    said = ["agree", "disagree", "pass", "agree", "disagree"]
    done = await asyncio.gather(
        *(svc.answer_statement(floor.id, s, device="same", territory="Belrive") for s in said)
    )
    assert len({a.id for a in done}) == 1
    kept = svc.session.all(StatementAnswer)
    assert len(kept) == 1 and kept[0].answer == Answer.DISAGREE  # the last one saved
    # on disk too
    svc.close()
    again = SessionService.open(svc.store.folder)
    try:
        assert len(again.session.all(StatementAnswer)) == 1
    finally:
        again.close()


async def test_phones_answer_only_a_statement_shown_while_the_step_runs(
    svc: SessionService,
) -> None:
    await people(svc, {"Belrive": 1})
    await svc.start_step(STEP)
    later = svc.statements(STEP)[3]
    with pytest.raises(ValidationError) as early:
        await svc.answer_statement(
            later.id, "agree", device="d", territory="Belrive", source=Source.PORTAL
        )
    assert early.value.key == "statements.not_shown"
    # the facilitator may enter answers given on paper
    await svc.answer_statement(later.id, "agree", "Belrive 0")
    await svc.next_step()
    floor = svc.statements(STEP)[0]
    with pytest.raises(ValidationError) as over:
        await svc.answer_statement(
            floor.id, "agree", device="d", territory="Belrive", source=Source.PORTAL
        )
    assert over.value.key == "statements.not_running"


async def test_closed_submissions_stop_phone_answers(svc: SessionService) -> None:
    await people(svc, {"Belrive": 1})
    await svc.start_step(STEP)
    floor = svc.statement_on_floor(STEP)
    assert floor is not None
    await svc.set_submissions_open(False)
    with pytest.raises(ValidationError) as closed:
        await svc.answer_statement(
            floor.id, "agree", device="d", territory="Belrive", source=Source.PORTAL
        )
    assert closed.value.key == "service.submissions_closed"


async def answer_all(svc: SessionService, sid: int, ids: list[int], said: str) -> None:
    letters = {"a": "agree", "d": "disagree", "p": "pass"}
    for pid, ch in zip(ids, said, strict=False):  # the first people only, when short
        await svc.answer_statement(sid, letters[ch], author=pid)


async def test_what_unites_and_what_divides_and_a_divisive_statement_becomes_a_tension(
    svc: SessionService,
) -> None:
    ids = await people(svc, {"Belrive": 4, "Val": 3, "Combes": 3})
    await svc.start_step(STEP)
    s1, s2, s3 = svc.statements(STEP)[:3]
    await answer_all(svc, s1.id, ids, "aaad" + "aaa" + "aad")
    await answer_all(svc, s2.id, ids, "aaaa" + "ddd" + "dda")
    await answer_all(svc, s3.id, ids, "ap" + "a" + "")  # too few
    found = {r.statement.id: r for r in svc.statement_results(STEP)}
    assert found[s1.id].verdict == Verdict.UNITES
    assert found[s2.id].verdict == Verdict.DIVIDES
    assert found[s3.id].verdict == Verdict.UNCERTAIN
    with pytest.raises(ValidationError) as not_divisive:
        await svc.statement_to_tension(s1.id)
    assert not_divisive.value.key == "statements.not_divisive"
    tension = await svc.statement_to_tension(s2.id)
    assert tension.between == ["Belrive", "Combes", "Val"]
    assert "Belrive d'accord (100\u202f%)" in tension.about
    assert "Val pas d'accord (100\u202f%)" in tension.about
    assert s2.text.rstrip(".") in tension.about and tension.step == STEP
    assert "(100\u202f%)\u202f; Combes" in tension.about  # French spacing
    assert svc.statement(s2.id).tension == tension.id
    assert svc.session.get(Tension, tension.id) == tension
    with pytest.raises(ValidationError) as twice:
        await svc.statement_to_tension(s2.id)
    assert twice.value.key == "statements.already_tension"


async def test_old_sessions_without_statements_still_open(
    svc: SessionService, tmp_path: Path
) -> None:
    """A session file written before the statements existed has no such tables."""
    folder = svc.store.folder
    svc.close()
    import json

    path = folder / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for name in ("statements", "statement_answers"):
        data.pop(name, None)
    path.write_text(json.dumps(data), encoding="utf-8")
    again = SessionService.open(folder)
    try:
        assert again.statements(STEP) == []
        await again.start_step(STEP)
        assert len(again.statements(STEP)) == 6
    finally:
        again.close()


def test_the_schema_checks_statement_records() -> None:
    """The session file's schema reads the new records' own hints: a bad value is refused."""
    from facilitate.store.schema import SchemaError, check_record

    at = "2026-03-12T10:00:00+01:00"
    check_record(
        "statement_answers",
        "1",
        {"id": 1, "statement": 2, "answer": "agree", "territory": "B", "power": None, "at": at},
    )
    check_record("statements", "3", {"id": 3, "text": "x", "status": "pending", "at": at})
    with pytest.raises(SchemaError) as bad:
        check_record("statement_answers", "1", {"answer": "maybe"})
    assert "answer" in str(bad.value) and "agree, disagree, pass" in str(bad.value)
    with pytest.raises(SchemaError):
        check_record("statements", "1", {"status": "published"})
    with pytest.raises(SchemaError) as stepless:
        check_record("events", "9", {"kind": "statement_shown", "at": at, "data": {}})
    assert "names its step" in str(stepless.value)
