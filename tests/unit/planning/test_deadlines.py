"""Every phase of the rotation planner keeps to a deadline: constructions, greedy seating, the
exact symmetric search, the orbit search, the tabu search and the whole solve.

Each phase is given instances that would keep it busy far longer than the deadline, and a short
deadline. The assertions are on returning at all, and only with generous margins on time (the
machine running the tests may be loaded).
"""

from __future__ import annotations

import random
import time

import pytest

from facilitate.planning import InfeasibleError
from facilitate.planning.designs import cyclic_plan, transversal_cyclic
from facilitate.planning.golfers import orbit_plan
from facilitate.planning.rotation import SEARCH_SHARE, _costs, parse_instance, solve
from facilitate.planning.search import OutOfTime, SeatingSearch
from facilitate.planning.symmetric import symmetric_plan

SLACK = 3.0  # seconds past a deadline still taken as "kept" on a loaded machine


def _returns_by(deadline: float) -> None:
    assert time.monotonic() < deadline + SLACK


def test_the_exact_symmetric_search_stops_at_its_deadline() -> None:
    """100 people at 10 tables of 10 for 5 rounds would need three orthogonal Latin squares of
    order 10 (none is known): the exact search cannot succeed, and stops at the deadline."""
    deadline = time.monotonic() + 0.3
    assert symmetric_plan(100, 10, 5, deadline, seed=0) is None
    _returns_by(deadline)
    # a deadline already passed: no descent at all
    passed = time.monotonic() - 1
    started = time.monotonic()
    assert symmetric_plan(32, 8, 10, passed, seed=0) is None
    assert time.monotonic() - started < SLACK


def test_the_orbit_search_stops_at_its_deadline() -> None:
    deadline = time.monotonic() + 0.3
    found = orbit_plan(60, 6, 5, deadline, 0, 10**9, goal=0)
    _returns_by(deadline)
    assert found is None or found[1] > 0  # 60-6-5 cannot reach 0 repeats


def test_the_constructions_stop_at_their_deadline() -> None:
    deadline = time.monotonic() + 0.2
    # no 1-rotational plan of 10 rounds seats 100 people at tables of 10 without repeats
    sizes = [10] * 10
    cyclic_plan(10, 9, 10, sizes, seed=0, node_limit=10**9, deadline=deadline)
    _returns_by(deadline)
    deadline = time.monotonic() + 0.2
    # a difference matrix with 12 rows over Z_12 does not exist (12 is even)
    assert transversal_cyclic(12, 12, 12, tries=10**6, deadline=deadline) is None
    _returns_by(deadline)


def test_the_greedy_seating_raises_past_its_deadline() -> None:
    inst = parse_instance({"people": 2000, "groups": 200, "rounds": 10})
    state = SeatingSearch(inst, inst.capacities(), inst.target_sizes(), time.monotonic() - 1)
    with pytest.raises(OutOfTime):
        state.greedy_round(0, random.Random(0))


def test_the_tabu_search_stops_at_its_deadline() -> None:
    inst = parse_instance({"people": 60, "groups": 6, "rounds": 5})
    state = SeatingSearch(inst, inst.capacities(), inst.target_sizes())
    rng = random.Random(0)
    for r in range(inst.rounds):
        state.greedy_round(r, rng)
    deadline = time.monotonic() + 0.2
    state.run((0, 0, 0, 0), deadline, rng)  # 0 repeats cannot be reached: the clock ends it
    _returns_by(deadline)
    assert state.cost()[1] > 0


@pytest.mark.parametrize(
    "data",
    [
        {"people": 100, "groups": 10, "rounds": 3},
        {"people": 144, "groups": 12, "rounds": 4},
        {"people": 100, "groups": 10, "rounds": 5},
        {"people": 60, "groups": 6, "rounds": 5, "hosts": [0, 1, 2, 3, 4, 5]},
        # KTS(93): the layered search with invariant rounds, whose second stage once ran on
        {"people": 93, "groups": 31, "rounds": 46},
        {
            "people": 500,
            "groups": 50,
            "rounds": 10,
            "hosts": list(range(50)),
            "org": [f"o{p % 40}" for p in range(500)],
            "forbidden": [[p, p + 1] for p in range(60, 400, 2)],
        },
    ],
    ids=["100-10-3", "144-12-4", "100-10-5", "60-6-5-hosts", "93-3-46", "500-hosts-labels-pairs"],
)
def test_a_solve_ends_within_its_budget(data: dict[str, object]) -> None:
    started = time.monotonic()
    try:
        plan = solve(parse_instance(data), seconds=0.5, seed=0)
    except InfeasibleError:
        # On a crowded machine half a second may not be enough to part every forbidden pair:
        # the planner then says so, and it must still say so within its budget.
        plan = None
    assert time.monotonic() - started < 0.5 + SLACK
    assert plan is None or plan.repeats >= plan.lower_bound


def test_the_layered_seating_raises_past_its_deadline() -> None:
    """The seating used past the search's reach is linear, but a retry checks the clock."""
    from facilitate.planning.fast import fast_seating

    inst = parse_instance({"people": 5000, "groups": 1000, "rounds": 100})
    targets, caps = inst.target_sizes(), inst.capacities()
    with pytest.raises(OutOfTime):
        fast_seating(inst, targets, caps, deadline=time.monotonic() - 1)
    assert len(fast_seating(inst, targets, caps)) == 100


def test_the_resolvable_searches_stop_at_their_deadline() -> None:
    """Base rounds over Z_10 for 32 people at tables of 4 (three layers, two fixed points) are
    not found in 40 s: the search stops at the deadline, refused candidates counted."""
    from facilitate.planning.resolvable import base_class, one_rotational

    deadline = time.monotonic() + 0.3
    base_class(10, 3, 2, 4, deadline=deadline, node_limit=10**9)
    _returns_by(deadline)
    deadline = time.monotonic() + 0.3
    one_rotational(57, 3, deadline=deadline, max_nodes=10**12)
    _returns_by(deadline)


def test_a_cafe_too_large_to_search_still_gets_a_design_with_its_hosts() -> None:
    """5,000 people at 125 hosted tables of 40 for 50 rounds: too large to search in 4 s (a
    search state would take about that), but the transversal design over GF(125) seats it as
    it is, hosts kept, without repeats."""
    data = {"people": 5000, "groups": 125, "rounds": 50, "hosts": list(range(125))}
    inst = parse_instance(data)
    assert _costs(inst, inst.target_sizes())[0] > SEARCH_SHARE * 4  # the path under test
    plan = solve(inst, seconds=4, seed=0)
    assert plan.repeats == 0 and plan.metrics["violations"] == 0
    assert plan.method.startswith("TD(")
