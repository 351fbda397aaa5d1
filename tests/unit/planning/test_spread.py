"""Spread as a choice: `spread_first` (instance key, --spread-first) mixes territories before
avoiding repeats; both figures come with the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitate.cli import main
from facilitate.planning import InstanceError
from facilitate.planning.bounds import label_clash_bound
from facilitate.planning.rotation import parse_instance, solve


def _hosted(spread: bool) -> dict[str, object]:
    """40 people at 8 hosted tables of 5 for 4 rounds, from 5 territories of 8."""
    return {
        "people": 40,
        "groups": 8,
        "rounds": 4,
        "hosts": list(range(8)),
        "territory": [f"T{p % 5}" for p in range(40)],
        "spread_first": spread,
    }


def test_spread_first_reaches_the_label_bound_with_hosts() -> None:
    inst = parse_instance(_hosted(True))
    assert label_clash_bound(inst) == 0
    plan = solve(inst, seconds=20, seed=0)
    assert plan.metrics["violations"] == 0
    assert plan.territory_clash_tables == 0  # stops there: the bound is reached
    assert plan.repeats >= plan.lower_bound


def test_repeats_first_is_the_default() -> None:
    plan = solve(parse_instance(_hosted(False)), seconds=1, seed=0)
    assert plan.repeats == 0  # a transversal design seats the hosts' tables without repeats


def test_spread_first_must_be_a_boolean() -> None:
    with pytest.raises(InstanceError, match="spread_first: expected true or false, got 'yes'"):
        parse_instance({**_hosted(True), "spread_first": "yes"})


def test_the_command_line_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(_hosted(False)), encoding="utf-8")
    assert main(["rotation", "solve", str(path), "--seconds", "20", "--spread-first"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["territory_clash_tables"] == 0
