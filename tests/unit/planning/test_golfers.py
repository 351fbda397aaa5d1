"""The cyclic orbit search used when every round of a plain golfer plan may change."""

from __future__ import annotations

import time

from facilitate.planning.golfers import is_plain, orbit_plan
from facilitate.planning.rotation import evaluate, parse_instance

FAR = 10**9  # a deadline never reached: the iteration cap decides


def _partitions(plan: list[list[list[int]]], n: int, size: int) -> bool:
    return all(
        sorted(p for tb in rnd for p in tb) == list(range(n)) and all(len(tb) == size for tb in rnd)
        for rnd in plan
    )


def test_cyclic_search_seats_kirkmans_schoolgirls_without_repeats() -> None:
    """15 people in 5 tables of 3 for 7 rounds: a Z_7 plan where nobody meets twice."""
    found = orbit_plan(15, 5, 7, time.monotonic() + FAR, 0, 20000)
    assert found is not None
    plan, repeats, method = found
    assert repeats == 0
    assert _partitions(plan, 15, 3)
    inst = parse_instance({"people": 15, "groups": 5, "rounds": 7})
    assert evaluate(inst, plan)["repeats"] == 0
    assert method.startswith("Z_7")


def test_cyclic_search_gives_the_same_plan_for_a_seed_under_an_iteration_cap() -> None:
    """Two runs with one seed and one iteration cap return the same plan."""
    first = orbit_plan(32, 8, 10, time.monotonic() + FAR, 3, 300)
    again = orbit_plan(32, 8, 10, time.monotonic() + FAR, 3, 300)
    assert first is not None and again is not None
    assert first == again
    assert _partitions(first[0], 32, 4)


def test_only_plain_golfer_instances_use_the_cyclic_search() -> None:
    """Hosts, labels, pairs or played rounds keep the planner on its usual route."""
    assert is_plain(parse_instance({"people": 32, "groups": 8, "rounds": 10}))
    assert not is_plain(parse_instance({"people": 32, "groups": 8, "rounds": 10, "hosts": [0]}))
    assert not is_plain(
        parse_instance({"people": 32, "groups": 8, "rounds": 10, "forbidden": [[0, 1]]})
    )
    assert not is_plain(parse_instance({"people": 30, "groups": 8, "rounds": 10}))


def test_thirty_two_golfers_over_ten_rounds_beat_the_nine_round_construction() -> None:
    """8 foursomes for 10 rounds: fewer than the 16 repeats a fixed 9-round design forces."""
    found = orbit_plan(32, 8, 10, time.monotonic() + FAR, 0, 3000)
    assert found is not None
    plan, repeats, _ = found
    assert _partitions(plan, 32, 4)
    inst = parse_instance({"people": 32, "groups": 8, "rounds": 10})
    assert evaluate(inst, plan)["repeats"] == repeats < 16
