"""The rotation planner against hand-computed bounds, bad input and the bench instances."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from facilitate.planning import InfeasibleError, InstanceError
from facilitate.planning.rotation import evaluate, lower_bound, parse_instance, solve

# The shared bench's instances and scorer, copied into the repository so the tests run anywhere.
BENCH = Path(__file__).resolve().parents[2] / "data" / "bench"


def _bench(name: str) -> dict[str, Any]:
    return json.loads((BENCH / "instances" / f"{name}.json").read_text())


def _scorer():
    spec = importlib.util.spec_from_file_location("score_rotation", BENCH / "score_rotation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- lower bound, hand-computed ---------------------------------------------------------


def test_bound_counts_a_table_that_cannot_be_split_up() -> None:
    """6 people at 2 tables of 3 for 3 rounds: each old table keeps a pair, 4 repeats."""
    assert lower_bound(parse_instance({"people": 6, "groups": 2, "rounds": 3})) == 4


def test_bound_of_two_tables_of_five_over_two_rounds_is_eight() -> None:
    """10 people at 2 tables for 2 rounds: a table of 5 split in 2 keeps 3 + 1 pairs, twice."""
    assert lower_bound(parse_instance({"people": 10, "groups": 2, "rounds": 2})) == 8


def test_bound_counts_meetings_beyond_the_pairs_available() -> None:
    """9 people at 3 tables for 5 rounds: 45 meetings for 36 pairs, at least 9 repeats."""
    inst = parse_instance({"people": 9, "groups": 3, "rounds": 5})
    assert lower_bound(inst) == 9


def test_bound_counts_required_pairs_meeting_every_round() -> None:
    """An always-together pair over 3 rounds repeats twice."""
    inst = parse_instance({"people": 12, "groups": 4, "rounds": 3, "required": [[0, 1]]})
    assert lower_bound(inst) == 2


def test_bound_is_zero_when_a_resolvable_design_exists() -> None:
    """Kirkman's 15 schoolgirls can meet each other exactly once."""
    assert lower_bound(parse_instance({"people": 15, "groups": 5, "rounds": 7})) == 0


def test_bound_keeps_repeats_already_played() -> None:
    """Two identical fixed rounds of 4 people already hold 2 repeats."""
    played = [[0, 1], [2, 3]]
    inst = parse_instance({"people": 4, "groups": 2, "rounds": 3, "fixed_rounds": [played, played]})
    assert lower_bound(inst) == 2
    assert solve(inst, seconds=1).repeats == 2


def test_bound_knows_hosts_never_meet() -> None:
    """Two hosts and two guests over 2 rounds can avoid every repeat."""
    inst = parse_instance({"people": 4, "groups": 2, "rounds": 2, "hosts": [0, 1]})
    assert lower_bound(inst) == 0
    assert solve(inst, seconds=1).repeats == 0


def test_bound_is_never_below_the_bench_scorer() -> None:
    """On every bench instance our bound is at least the scorer's."""
    scorer = _scorer()
    instances = sorted((BENCH / "instances").glob("*.json"))
    assert len(instances) == 7, "the bench instances are copied into tests/data/bench/"
    for path in instances:
        data = json.loads(path.read_text())
        assert lower_bound(parse_instance(data)) >= scorer.lower_bounds(data)["lower_bound"]


# --- bad input and infeasible instances ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"groups": 2, "rounds": 1}, "people"),
        ({"people": 4, "groups": 0, "rounds": 1}, "groups"),
        ({"people": 4, "groups": 2, "rounds": "3"}, "rounds"),
        ({"people": 4, "groups": 2, "rounds": 1, "hosts": [0, 9]}, "hosts[1]"),
        ({"people": 4, "groups": 2, "rounds": 1, "hosts": [1, 1]}, "hosts"),
        ({"people": 4, "groups": 2, "rounds": 1, "forbidden": [[0]]}, "forbidden[0]"),
        ({"people": 4, "groups": 2, "rounds": 1, "org": ["a"]}, "org"),
        ({"people": 4, "groups": 2, "rounds": 1, "table_sizes": [2]}, "table_sizes"),
        ({"people": 4, "groups": 2, "rounds": 2, "fixed_rounds": [[[0, 0]]]}, "fixed_rounds[0]"),
        ({"people": 4, "groups": 2, "rounds": 1, "absent": [7]}, "absent"),
    ],
)
def test_bad_instances_are_refused_naming_the_field(data: dict[str, Any], field: str) -> None:
    """Malformed input raises InstanceError whose message starts with the field."""
    with pytest.raises(InstanceError) as err:
        parse_instance(data)
    assert str(err.value).startswith(field)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {"people": 6, "groups": 2, "rounds": 1, "forbidden": [[1, 2]], "required": [[1, 2]]},
            "forbidden pair 1-2 is also required",
        ),
        (
            {"people": 10, "groups": 2, "rounds": 1, "required": [[0, 1, 2, 3, 4, 5]]},
            "required group of 6 does not fit the largest table (5)",
        ),
        (
            {"people": 6, "groups": 3, "rounds": 1, "hosts": [0, 3, 5], "required": [[3, 5]]},
            "hosts 3 and 5 must sit together",
        ),
        (
            {"people": 6, "groups": 2, "rounds": 1, "table_sizes": [2, 2]},
            "6 people but only 4 seats",
        ),
        (
            {"people": 6, "groups": 2, "rounds": 1, "forbidden": [[0, 1, 2]]},
            "no seating keeps every forbidden pair apart",
        ),
    ],
)
def test_infeasible_instances_are_refused_with_the_reason(
    data: dict[str, Any], reason: str
) -> None:
    """When the hard rules cannot all hold, InfeasibleError says why."""
    with pytest.raises(InfeasibleError, match=re.escape(reason)):
        solve(parse_instance(data), seconds=0.5)


# --- re-planning -------------------------------------------------------------------------


def test_replan_seats_late_arrivals_and_leaves_out_people_who_left() -> None:
    """Past rounds stay; people who left are not seated; late arrivals are."""
    played = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]  # person 9 arrived late
    data = {"people": 10, "groups": 3, "rounds": 3, "fixed_rounds": [played], "absent": [4]}
    inst = parse_instance(data)
    plan = solve(inst, seconds=2)
    assert plan.rounds[0] == played
    for rnd in plan.rounds[1:]:
        assert sorted(p for tb in rnd for p in tb) == [0, 1, 2, 3, 5, 6, 7, 8, 9]
    assert evaluate(inst, plan.rounds)["violations"] == 0


def test_progress_is_reported_and_the_plan_json_has_the_documented_keys() -> None:
    """on_progress hears of the end; to_json gives rounds and seconds."""
    seen: list[dict[str, float]] = []
    plan = solve(parse_instance({"people": 12, "groups": 3, "rounds": 3}), on_progress=seen.append)
    out = plan.to_json()
    assert {"rounds", "seconds", "repeats", "lower_bound"} <= set(out)
    assert seen and seen[-1]["done"] == 1


# --- bench instances reach their targets ------------------------------------------------

ZERO = [
    "kirkman_15p_5t_7r",
    "cafe_40p_8t_3r",
    "cafe_100p_20t_4r_hosts",
    "large_200p_25t_5r",
    "org_40p_8t_4r",
    "uneven_23p_5t_5r",
]


@pytest.mark.parametrize("name", ZERO)
def test_bench_instance_is_solved_without_repeats(name: str) -> None:
    """Each bench instance with a known zero-repeat plan gets one, valid for the scorer."""
    data = _bench(name)
    plan = solve(parse_instance(data), seconds=10)
    score = _scorer().score(plan.to_json(), data)
    assert score["violations_total"] == 0
    assert score["repeats"] == 0
    if data.get("org"):
        assert score["org_clash_tables"] == 0


def test_thirty_two_golfers_play_nine_rounds_without_repeats() -> None:
    """8 foursomes for 9 rounds: every pair meets at most once."""
    plan = solve(parse_instance({"people": 32, "groups": 8, "rounds": 9}), seconds=10)
    assert plan.repeats == 0


def test_thirty_two_golfers_over_ten_rounds_get_a_valid_plan() -> None:
    """The 8-4-10 golfers get a valid plan within a short budget (few repeats: benchmark)."""
    data = _bench("golfers_32p_8t_10r")
    plan = solve(parse_instance(data), seconds=1)
    assert _scorer().score(plan.to_json(), data)["violations_total"] == 0


def test_hosts_stay_put_on_a_construction_with_deleted_points() -> None:
    """23 people at 5 tables, hosts at the three big ones: hosts stay, no repeats."""
    inst = parse_instance({"people": 23, "groups": 5, "rounds": 5, "hosts": [0, 5, 10]})
    plan = solve(inst, seconds=5)
    assert evaluate(inst, plan.rounds)["violations"] == 0
    assert plan.repeats == 0
