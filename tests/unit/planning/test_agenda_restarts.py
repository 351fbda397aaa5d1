"""The agenda solver uses its budget when its bound is not reached: it restarts from its best
schedule, shaken, instead of stopping on a stall."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from facilitate.planning.agenda import parse_instance, solve


def _event(seed: int) -> dict[str, Any]:
    """9 topics over 3 slots of 3 spaces; 14 people, each topic wanted by 3 to 7 of them."""
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(14)]
    topics = []
    for i in range(9):
        convener = names[i]
        interested = rng.sample([n for n in names if n != convener], rng.randint(3, 7))
        topics.append({"id": f"t{i}", "convener": convener, "interested": interested, "size": 1})
    spaces = [{"name": f"room {k}", "capacity": 50} for k in range(3)]
    return {"slots": 3, "spaces": spaces, "topics": topics}


def _optimum(data: dict[str, Any]) -> int:
    inst = parse_instance(data)
    best: int | None = None
    for slots in itertools.product(range(3), repeat=len(inst.topics)):
        if any(slots.count(s) > 3 for s in range(3)):
            continue
        wants: dict[tuple[str, int], int] = {}
        for topic, s in zip(inst.topics, slots, strict=True):
            for p in (topic.convener, *topic.interested):
                wants[(p, s)] = wants.get((p, s), 0) + 1
        cost = sum(c - 1 for c in wants.values())
        best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_optimum_is_reached_and_the_budget_used_when_the_bound_is_not(seed: int) -> None:
    data = _event(seed)
    plan = solve(parse_instance(data), seconds=1, seed=0)
    assert plan.conflicts == _optimum(data)
    if plan.conflicts > plan.lower_bound:
        assert plan.seconds >= 0.5  # it kept searching (the bound may be below the optimum)
