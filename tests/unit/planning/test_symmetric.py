"""The exact search among plans with a cyclic symmetry (planning/symmetric.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import combinations

from facilitate.planning.rotation import evaluate, parse_instance, solve
from facilitate.planning.symmetric import orbit_structures, symmetric_plan, twists

FAR = 10**9  # a deadline never reached: the node cap decides


def _meetings(plan: list[list[list[int]]]) -> dict[tuple[int, int], int]:
    met: dict[tuple[int, int], int] = {}
    for rnd in plan:
        for tb in rnd:
            for pair in combinations(sorted(tb), 2):
                met[pair] = met.get(pair, 0) + 1
    return met


def test_thirty_two_golfers_meet_nobody_twice_over_ten_rounds() -> None:
    """8-4-10, open until 2004: every round a partition, no pair twice, one partner missed each."""
    found = symmetric_plan(32, 8, 10, time.monotonic() + FAR, 0, max_nodes=100_000)
    assert found is not None
    plan, method = found
    assert len(plan) == 10
    for rnd in plan:
        assert sorted(p for tb in rnd for p in tb) == list(range(32))
        assert all(len(tb) == 4 for tb in rnd)
    met = _meetings(plan)
    assert max(met.values()) == 1
    # 30 of 31 possible partners each: the pairs never seated together form a perfect matching
    missed = [pr for pr in combinations(range(32), 2) if pr not in met]
    assert len(missed) == 16
    assert sorted(p for pr in missed for p in pr) == list(range(32))
    assert evaluate(parse_instance({"people": 32, "groups": 8, "rounds": 10}), plan)["repeats"] == 0
    assert method.startswith("Z_8 x Z_2-invariant plan (orbits 2+4+4")


def test_the_plan_is_fixed_by_the_shift_and_the_layer_swap() -> None:
    """Adding 1 to every offset in its layer, or swapping layers 0-1 and 2-3, maps the plan's
    set of rounds onto itself; a plan from an ordinary search has no such symmetry."""
    found = symmetric_plan(32, 8, 10, time.monotonic() + FAR, 0, max_nodes=100_000)
    assert found is not None

    def image(
        plan: list[list[list[int]]], move: Callable[[int], int]
    ) -> set[frozenset[frozenset[int]]]:
        return {frozenset(frozenset(move(p) for p in tb) for tb in rnd) for rnd in plan}

    def shift(p: int) -> int:
        return (p // 8) * 8 + (p % 8 + 1) % 8

    def swap(p: int) -> int:
        return ((p // 8) ^ 1) * 8 + p % 8

    rounds = image(found[0], lambda p: p)
    assert image(found[0], shift) == rounds
    assert image(found[0], swap) == rounds
    inst = parse_instance({"people": 32, "groups": 8, "rounds": 9, "hosts": [0]})
    other = solve(inst, seconds=5, iterations=200, seed=0).rounds
    assert image(other, shift) != image(other, lambda p: p)


def test_one_seed_and_one_node_cap_give_one_plan() -> None:
    first = symmetric_plan(32, 8, 10, time.monotonic() + FAR, 5, max_nodes=3_000)
    again = symmetric_plan(32, 8, 10, time.monotonic() + FAR, 5, max_nodes=3_000)
    assert first == again


def test_a_node_cap_too_small_gives_no_plan_rather_than_a_wrong_one() -> None:
    assert symmetric_plan(32, 8, 10, time.monotonic() + FAR, 0, max_nodes=10) is None


def test_structures_come_fewest_base_rounds_first() -> None:
    assert list(orbit_structures(8, 10, limit=3)) == [[2, 4, 4], [1, 1, 4, 4], [2, 2, 2, 4]]
    assert twists([2, 4, 4]) == [0, 0, 2]  # the two 4-round orbits mix twin layers differently
    assert list(orbit_structures(4, 3)) == [[1, 2], [1, 1, 1]]
    assert list(orbit_structures(5, 7)) == []  # no half-turn in an odd cycle


def test_sizes_the_search_does_not_cover_are_declined() -> None:
    never = time.monotonic() + FAR
    assert symmetric_plan(30, 8, 10, never, 0, max_nodes=1_000) is None  # uneven tables
    assert symmetric_plan(16, 4, 6, never, 0, max_nodes=1_000) is None  # 6 rounds of 4 > 15
    assert symmetric_plan(15, 5, 7, never, 0, max_nodes=1_000) is None  # odd number of tables


def test_the_planner_reaches_zero_repeats_for_the_ten_golfer_rounds() -> None:
    """Through solve, with an iteration cap so the result does not depend on the machine."""
    inst = parse_instance({"people": 32, "groups": 8, "rounds": 10})
    plan = solve(inst, seconds=600, iterations=1000, seed=0)
    assert evaluate(inst, plan.rounds) == {
        "repeats": 0,
        "org_clash_tables": 0,
        "territory_clash_tables": 0,
        "violations": 0,
    }
    assert plan.repeats == plan.lower_bound == 0
    # the plan stored in resolvable.py, which this search found (seed 0)
    assert plan.method.startswith("stored plan")
