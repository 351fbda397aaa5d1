"""Set-up's re-plan and `facilitate rotation solve` take one path: the service builds the
instance, labels nobody has are no labels, and the same instance and seed give the same plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitate.cli import main
from facilitate.domain.clock import ManualClock
from facilitate.planning.rotation import evaluate, parse_instance
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format


async def _cafe(
    tmp_path: Path, clock: ManualClock, people: int, tables: int, rounds: int
) -> tuple[SessionService, str]:
    info = session_doc(get_format("world-cafe"), title="C", date="2026-03-12", lang="en")
    svc = SessionService.create(tmp_path / "c", info, clock=clock)
    await svc.add_participants({"name": f"P{i}"} for i in range(people))
    await svc.set_tables(tables, capacity=-(-people // tables))
    step = next(s for s in svc.info.steps if s.kind == "rounds")
    await svc.set_rounds(step.id, rounds=rounds)
    return svc, step.id


async def test_labels_nobody_has_are_no_labels(tmp_path: Path, clock: ManualClock) -> None:
    svc, step = await _cafe(tmp_path, clock, 12, 3, 3)
    try:
        data, order = svc.rotation_instance(step)
        assert "org" not in data and "territory" not in data
        assert len(order) == 12
        first = svc.session.participants[0]
        await svc.update_participant(first.id, territory="Nord")
        data, order = svc.rotation_instance(step)
        assert "org" not in data
        assert data["territory"][order.index(first.id)] == "Nord"
        assert data["territory"].count(None) == 11
    finally:
        svc.close()
    # the planner reads all-unknown labels as none, from a file too
    inst = parse_instance({"people": 4, "groups": 2, "rounds": 2, "org": [None, "", None, None]})
    assert inst.org is None and inst.label_systems() == []


async def test_set_up_and_the_command_line_give_the_same_plan(
    tmp_path: Path, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """32 people at 8 tables for 10 rounds (the social golfer 8-4-10), as set-up builds it:
    the service's plan is the command line's, and nobody meets anyone twice."""
    svc, step = await _cafe(tmp_path, clock, 32, 8, 10)
    try:
        data, order = svc.rotation_instance(step)
        proposal = svc.plan_rotation(step, seconds=10, seed=0, iterations=2000)
    finally:
        svc.close()
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    args = ["rotation", "solve", str(path), "--seconds", "10", "--seed", "0"]
    assert main([*args, "--iterations", "2000"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["rounds"] == proposal.plan.rounds
    assert printed["repeats"] == proposal.plan.repeats == 0
    inst = parse_instance(data)
    assert evaluate(inst, printed["rounds"])["violations"] == 0
    # the seats are the plan's indices read as participant ids
    assert proposal.seats[0][0] == [order[k] for k in proposal.plan.rounds[0][0]]


def test_iterations_below_one_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "rotation", "solve", "x.json", "--iterations", "0"]) == 2
    assert "--iterations: expected a whole number of at least 1, got 0" in capsys.readouterr().err


async def test_re_planning_keeps_tables_even_after_an_arrival_and_a_departure(
    tmp_path: Path, clock: ManualClock
) -> None:
    """12 at 2 tables; after round 1 one leaves and one arrives: still 6 and 6 (the absent
    person's seat is not counted), round 1 kept as it was played."""
    svc, step = await _cafe(tmp_path, clock, 12, 2, 3)
    try:
        first = svc.plan_rotation(step, seconds=1)
        await svc.set_seating(step, first.seats)
        await svc.start_step(step)
        await svc.start_round(1)
        gone = svc.session.participants[0]
        await svc.update_participant(gone.id, present=False)
        late = await svc.add_participant(name="Late")
        again = svc.plan_rotation(step, seconds=1)
    finally:
        svc.close()
    assert again.seats[0] == [[p for p in tb if p != gone.id] for tb in first.seats[0]]
    for rnd in again.seats[1:]:
        assert sorted(len(tb) for tb in rnd) == [6, 6]
        assert any(late.id in tb for tb in rnd) and not any(gone.id in tb for tb in rnd)
