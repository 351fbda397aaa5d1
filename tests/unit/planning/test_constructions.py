"""The constructions from design theory, each checked as a design: every round seats every
point once at tables of the right size, and no pair shares a table twice."""

from __future__ import annotations

from itertools import combinations

import pytest

from facilitate.planning.resolvable import (
    DM_12,
    MOLS_10,
    base_class,
    construct,
    one_rotational,
    orthogonal_array,
)
from facilitate.planning.rotation import parse_instance, solve


def assert_design(rounds: list[list[list[int]]], points: int, size: int, count: int) -> None:
    assert len(rounds) == count
    met: set[tuple[int, int]] = set()
    for rnd in rounds:
        assert sorted(p for tb in rnd for p in tb) == list(range(points))
        assert all(len(tb) == size for tb in rnd)
        for tb in rnd:
            for pair in combinations(sorted(tb), 2):
                assert pair not in met, f"{pair} meets twice"
                met.add(pair)


@pytest.mark.parametrize("v", [9, 15, 21, 27, 33, 45, 51, 57, 63, 75, 81, 99, 135, 243])
def test_kirkman_triple_systems(v: int) -> None:
    design = construct(v, 3, v // 3, (v - 1) // 2)
    assert design is not None
    assert_design(design.rounds, v, 3, (v - 1) // 2)


@pytest.mark.parametrize("v", [24, 30, 66, 72, 84, 90, 96])
def test_nearly_kirkman_triple_systems(v: int) -> None:
    design = construct(v, 3, v // 3, v // 2 - 1)
    assert design is not None
    assert_design(design.rounds, v, 3, v // 2 - 1)


@pytest.mark.parametrize("v", [28, 40, 64])
def test_resolvable_designs_with_blocks_of_four(v: int) -> None:
    design = construct(v, 4, v // 4, (v - 1) // 3)
    assert design is not None
    assert_design(design.rounds, v, 4, (v - 1) // 3)


def test_the_one_rotational_and_layered_searches_directly() -> None:
    rotational = one_rotational(33, 3)
    assert rotational is not None
    assert_design(rotational.rounds, 33, 3, 16)
    # Kirkman's 15 schoolgirls as Z_7 on 2 layers and a fixed point
    layered = base_class(7, 2, 1, 3)
    assert layered is not None
    assert_design(layered.rounds, 15, 3, 7)
    assert layered.rows == [[14]]
    # the fixed point stays at its table in every round: a host may take it
    table = next(k for k, tb in enumerate(layered.rounds[0]) if 14 in tb)
    assert all(14 in rnd[table] for rnd in layered.rounds)
    # a short node budget: nothing found, None
    assert base_class(13, 3, 1, 4, max_nodes=5) is None


@pytest.mark.parametrize(("m", "rounds"), [(6, 3), (10, 4), (12, 7), (14, 3), (15, 4)])
def test_orthogonal_arrays_for_squares_of_tables(m: int, rounds: int) -> None:
    """m tables of m: rows, columns and the MOLS known here (order 6 has no orthogonal pair)."""
    design = orthogonal_array(m)
    assert design is not None
    assert_design(design.rounds, m * m, m, rounds)


def test_the_stored_latin_squares_and_difference_matrix() -> None:
    for square in MOLS_10:
        assert all(sorted(row) == list(range(10)) for row in square)
        assert all(sorted(col) == list(range(10)) for col in zip(*square, strict=True))
    a, b = MOLS_10
    assert len({(a[x][y], b[x][y]) for x in range(10) for y in range(10)}) == 100

    def sub(x: int, y: int) -> int:
        return ((x // 6 - y // 6) % 2) * 6 + (x % 6 - y % 6) % 6

    for r1, r2 in combinations(DM_12, 2):
        assert sorted(sub(x, y) for x, y in zip(r1, r2, strict=True)) == list(range(12))


@pytest.mark.parametrize(("v", "size", "rounds"), [(18, 3, 8), (24, 4, 6), (30, 5, 6), (32, 4, 10)])
def test_the_stored_plans(v: int, size: int, rounds: int) -> None:
    design = construct(v, size, v // size, rounds)
    assert design is not None and design.name.startswith("stored plan")
    assert_design(design.rounds, v, size, rounds)


@pytest.mark.parametrize(
    ("people", "groups", "rounds"),
    [
        (21, 7, 10),
        (33, 11, 16),
        (45, 15, 22),
        (99, 33, 49),
        (40, 10, 13),
        (100, 10, 4),
        (144, 12, 7),
        (36, 6, 3),
    ],
)
def test_the_planner_starts_from_the_construction(people: int, groups: int, rounds: int) -> None:
    plan = solve(parse_instance({"people": people, "groups": groups, "rounds": rounds}), seconds=5)
    assert plan.repeats == 0
    assert "tabu" not in plan.method  # the construction alone


def test_kirkman_systems_by_the_product_construction() -> None:
    """45 = 15 x 3 and 99 = 33 x 3: no search, the product of two smaller systems."""
    for v, u in ((45, 15), (99, 33), (135, 45)):
        design = construct(v, 3, v // 3, (v - 1) // 2)
        assert design is not None and design.name.startswith(f"KTS({v}) = KTS({u}) x KTS(3)")


def test_a_construction_with_fewer_rounds_than_asked_is_the_start() -> None:
    """100 people at 10 tables for 6 rounds: the 4 rounds of two MOLS(10), then a search."""
    plan = solve(parse_instance({"people": 100, "groups": 10, "rounds": 6}), seconds=1)
    assert plan.method.startswith("2 MOLS(10)")
    assert len(plan.rounds) == 6
    assert plan.metrics["violations"] == 0
