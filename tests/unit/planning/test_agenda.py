"""The open forum agenda solver: every topic placed, hard rules kept, fewest clashes."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitate.planning import InfeasibleError, InstanceError
from facilitate.planning.agenda import parse_instance, solve


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    slots = draw(st.integers(1, 4))
    spaces = draw(st.lists(st.integers(3, 12), min_size=1, max_size=3))
    people = [f"p{i}" for i in range(draw(st.integers(3, 15)))]
    n_topics = draw(st.integers(1, slots * len(spaces)))
    topics = []
    for i in range(n_topics):
        convener = draw(st.sampled_from(people))
        interested = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        topics.append({"id": f"t{i}", "convener": convener, "interested": interested})
    return {"slots": slots, "spaces": spaces, "topics": topics}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_every_topic_is_placed_within_capacity_and_conveners_are_never_doubled(
    data: dict[str, Any],
) -> None:
    """Each topic gets its own cell, fits the space, and no convener is in two places."""
    inst = parse_instance(data)
    try:
        plan = solve(inst, seconds=0.3)
    except InfeasibleError:
        return
    cells = list(plan.cells.values())
    assert len(cells) == len(inst.topics) == len(set(cells))
    busy = set()
    for topic in inst.topics:
        slot, space = plan.cells[topic.id]
        assert topic.size <= inst.capacities[space]
        assert (topic.convener, slot) not in busy
        busy.add((topic.convener, slot))


def _event() -> dict[str, Any]:
    return {
        "slots": ["10:00", "11:30"],
        "spaces": [{"name": "Garden", "capacity": 10}, {"name": "Hall", "capacity": 5}],
        "topics": [
            {"id": "mobility", "convener": "Ana", "interested": ["Ben", "Chloé"]},
            {"id": "housing", "convener": "Ben", "interested": ["Chloé", "Dan"]},
            {"id": "food", "convener": "Dan", "interested": ["Ana", "Eve"]},
            {"id": "water", "convener": "Eve", "interested": ["Ben"]},
        ],
    }


def _brute_force(data: dict[str, Any]) -> int:
    inst = parse_instance(data)
    cells = list(itertools.product(range(len(inst.slots)), range(len(inst.spaces))))
    best = None
    for chosen in itertools.permutations(cells, len(inst.topics)):
        wants: dict[tuple[str, int], int] = {}
        ok = True
        conveners = set()
        for topic, (slot, space) in zip(inst.topics, chosen, strict=True):
            if topic.size > inst.capacities[space] or (topic.convener, slot) in conveners:
                ok = False
                break
            conveners.add((topic.convener, slot))
            for p in (topic.convener, *topic.interested):
                wants[(p, slot)] = wants.get((p, slot), 0) + 1
        if ok:
            cost = sum(c - 1 for c in wants.values())
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def test_small_event_reaches_the_brute_force_optimum() -> None:
    """On a 4-topic event the solver finds the schedule with the fewest clashes."""
    data = _event()
    plan = solve(parse_instance(data), seconds=1)
    assert plan.conflicts == _brute_force(data)


def test_pinned_topics_stay_where_the_room_put_them() -> None:
    """A topic pinned to a cell by name stays there after a re-solve."""
    data = _event() | {"pinned": [{"topic": "food", "slot": "11:30", "space": "Hall"}]}
    plan = solve(parse_instance(data), seconds=1)
    assert plan.cells["food"] == (1, 1)
    assert plan.to_json()["grid"][1][1] == "food"


def test_the_same_seed_gives_the_same_agenda() -> None:
    """Two solves with one seed give one schedule."""
    inst = parse_instance(_event())
    assert solve(inst, seed=3).to_json()["schedule"] == solve(inst, seed=3).to_json()["schedule"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"slots": 1}, "4 topics but only 2 (slot, space) cells"),
        ({"spaces": [2, 2]}, "topic mobility expects 3 people but the largest space holds 2"),
        (
            {
                "pinned": [
                    {"topic": "food", "slot": 0, "space": 0},
                    {"topic": "water", "slot": 0, "space": 0},
                ]
            },
            "topics food and water are pinned to the same cell",
        ),
    ],
)
def test_impossible_agendas_are_refused_with_the_reason(
    change: dict[str, Any], reason: str
) -> None:
    """Too few cells, too small spaces or clashing pins raise InfeasibleError."""
    with pytest.raises(InfeasibleError, match=re.escape(reason)):
        solve(parse_instance(_event() | change))


def test_a_convener_with_more_topics_than_slots_is_refused() -> None:
    """One person cannot convene three topics in two slots."""
    data = _event()
    for topic in data["topics"][:3]:
        topic["convener"] = "Ana"
    with pytest.raises(InfeasibleError, match="convener Ana has 3 topics but there are 2 slots"):
        solve(parse_instance(data))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slots": 0}, "slots"),
        ({"spaces": [{"name": "Hall", "capacity": 0}]}, "spaces[0].capacity"),
        ({"topics": [{"id": "a", "interested": []}]}, "topics[0].convener"),
        ({"pinned": [{"topic": "nope", "slot": 0, "space": 0}]}, "pinned[0].topic"),
        ({"pinned": [{"topic": "food", "slot": 7, "space": 0}]}, "pinned[0].slot"),
    ],
)
def test_bad_agenda_input_is_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    """Malformed agenda JSON raises InstanceError starting with the field."""
    with pytest.raises(InstanceError) as err:
        parse_instance(_event() | change)
    assert str(err.value).startswith(field)
