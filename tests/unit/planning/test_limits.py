"""Hostile sizes and damaged files: one clear line, exit status 2, and a time budget that holds."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from facilitate.cli import main
from facilitate.planning import InfeasibleError, InstanceError, agenda, limits, rotation
from facilitate.planning.agenda import AgendaInstance, Topic
from facilitate.planning.fast import fast_seating
from facilitate.planning.instance import RotationInstance, check_feasible

CAFE: dict[str, Any] = {"people": 8, "groups": 2, "rounds": 2}


def _forum(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slots": 2,
        "spaces": [10, 10],
        "topics": [{"id": "a", "convener": "Léa"}, {"id": "b", "convener": "Paul"}],
    }
    return {**data, **changes}


def _refusal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, solver: str, data: Any, *args: str
) -> tuple[str, str]:
    """Run `facilitate <solver> solve` on the instance: (the path, its one line on stderr)."""
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main([*args, solver, "solve", str(path), "--seconds", "0.2"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err and err.count("\n") == 1, err
    return str(path), err.strip()


ROTATION_LIMITS: list[tuple[dict[str, Any], str]] = [
    ({**CAFE, "people": 5_001}, "people: 5001 is above the limit of 5000"),
    ({**CAFE, "people": 10**6}, "people: 1000000 is above the limit of 5000"),
    (
        {**CAFE, "people": 10**30},
        "people: 1000000000000000000000000000000 is above the limit of 5000",
    ),
    ({**CAFE, "groups": 1_001}, "groups: 1001 is above the limit of 1000"),
    ({**CAFE, "groups": 10**6}, "groups: 1000000 is above the limit of 1000"),
    ({**CAFE, "rounds": 101}, "rounds: 101 is above the limit of 100"),
    ({**CAFE, "rounds": 10**6}, "rounds: 1000000 is above the limit of 100"),
    (
        {**CAFE, "forbidden": [[0, 1]] * 10_001},
        "forbidden: 10001 items, above the limit of 10000",
    ),
    (
        {"people": 200, "groups": 10, "rounds": 1, "forbidden": [list(range(150))]},
        "forbidden: 11175 pairs once groups are expanded, above the limit of 10000",
    ),
    ({**CAFE, "required": [[0, 1]] * 10_001}, "required: 10001 items, above the limit of 10000"),
    ({**CAFE, "required": [list(range(9))]}, "required[0]: 9 items, above the limit of 8"),
    ({**CAFE, "table_sizes": [4, 5_001]}, "table_sizes[1]: 5001 is above the limit of 5000"),
    ({**CAFE, "absent": [0] * 5_001}, "absent: 5001 items, above the limit of 5000"),
    (
        {**CAFE, "org": ["x" * 2_001] + ["y"] * 7},
        "org[0]: 2001 characters, above the limit of 2000",
    ),
    (
        {**CAFE, "territory": ["a", 10**2_100] + ["b"] * 6},
        "territory[1]: 2101 characters, above the limit of 2000",
    ),
    ({**CAFE, "name": "n" * 2_001}, "name: 2001 characters, above the limit of 2000"),
    (
        {**CAFE, "fixed_rounds": [[list(range(8)) + [0]]]},
        "fixed_rounds[0][0]: 9 items, above the limit of 8",
    ),
]


@pytest.mark.parametrize(("data", "why"), ROTATION_LIMITS, ids=[w for _, w in ROTATION_LIMITS])
def test_rotation_above_a_limit_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: dict[str, Any], why: str
) -> None:
    """Too many people, tables, rounds, pairs or characters: one line naming the field."""
    path, err = _refusal(capsys, tmp_path, "rotation", data, "--lang", "en")
    assert err == f"facilitate: {path}: {why}"


def _topics(count: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": f"t{i}", "convener": f"p{i}", **extra} for i in range(count)]


AGENDA_LIMITS: list[tuple[dict[str, Any], str]] = [
    (_forum(slots=51), "slots: 51 is above the limit of 50"),
    (_forum(slots=10**8), "slots: 100000000 is above the limit of 50"),
    (_forum(slots=[f"s{i}" for i in range(51)]), "slots: 51 items, above the limit of 50"),
    (_forum(slots=["s" * 2_001]), "slots[0]: 2001 characters, above the limit of 2000"),
    (_forum(spaces=[10] * 201), "spaces: 201 items, above the limit of 200"),
    (_forum(spaces=[10, 100_001]), "spaces[1].capacity: 100001 is above the limit of 100000"),
    (
        _forum(spaces=[{"name": "n" * 2_001, "capacity": 3}]),
        "spaces[0].name: 2001 characters, above the limit of 2000",
    ),
    (_forum(topics=_topics(501)), "topics: 501 items, above the limit of 500"),
    (
        _forum(topics=_topics(1, interested=[f"q{i}" for i in range(5_001)])),
        "topics[0].interested: 5001 items, above the limit of 5000",
    ),
    (
        _forum(topics=_topics(11, interested=[f"q{i}" for i in range(5_000)])),
        "topics[].interested: 55000 items, above the limit of 50000",
    ),
    (
        _forum(topics=_topics(1, size=100_001)),
        "topics[0].size: 100001 is above the limit of 100000",
    ),
    (
        _forum(topics=_topics(1, title="t" * 2_001)),
        "topics[0].title: 2001 characters, above the limit of 2000",
    ),
    (
        _forum(topics=[{"id": "a", "convener": "c" * 2_001}]),
        "topics[0].convener: 2001 characters, above the limit of 2000",
    ),
    (_forum(pinned=[{}] * 501), "pinned: 501 items, above the limit of 500"),
]


@pytest.mark.parametrize(("data", "why"), AGENDA_LIMITS, ids=[w for _, w in AGENDA_LIMITS])
def test_agenda_above_a_limit_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: dict[str, Any], why: str
) -> None:
    """Too many slots, spaces, topics or people interested: one line naming the field."""
    path, err = _refusal(capsys, tmp_path, "agenda", data, "--lang", "en")
    assert err == f"facilitate: {path}: {why}"


def test_a_limit_reads_in_french(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A French facilitator reads the limit in French, the field and the figures kept."""
    path, err = _refusal(capsys, tmp_path, "rotation", {**CAFE, "people": 10**6}, "--lang", "fr")
    assert err == f"facilitate: {path}\u202f: people\u202f: 1000000 dépasse la limite de 5000"
    path, err = _refusal(capsys, tmp_path, "agenda", _forum(spaces=[1] * 201), "--lang", "fr")
    assert err == (
        f"facilitate: {path}\u202f: spaces\u202f: 201 éléments, au-delà de la limite de 200"
    )


@pytest.mark.parametrize("seconds", ["nan", "inf", "-1", "1e9", "3600.5"])
def test_absurd_time_budgets_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seconds: str
) -> None:
    """--seconds outside 0..3600 is refused before the file is even read."""
    for solver in ("rotation", "agenda"):
        code = main(
            ["--lang", "en", solver, "solve", str(tmp_path / "absent.json"), "--seconds", seconds]
        )
        assert code == 2
        err = capsys.readouterr().err
        assert err.startswith("facilitate: --seconds: expected a number of seconds from 0 to 3600")
        assert err.count("\n") == 1
    assert main(["--lang", "fr", "rotation", "solve", "x.json", "--seconds", seconds]) == 2
    assert "--seconds\u00a0: nombre de secondes entre 0 et 3600 attendu" in capsys.readouterr().err


def test_the_largest_budget_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """3,600 s is allowed (and a small instance stops long before, at its bound)."""
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps({"people": 6, "groups": 2, "rounds": 2}), encoding="utf-8")
    started = time.monotonic()
    assert main(["rotation", "solve", str(path), "--seconds", "3600"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["repeats"] == plan["lower_bound"]
    assert time.monotonic() - started < 60


def _read_refusal(capsys: pytest.CaptureFixture[str], source: str, lang: str = "en") -> str:
    assert main(["--lang", lang, "rotation", "solve", source]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and err.count("\n") == 1, err
    return err.strip()


def test_deeply_nested_json_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """JSON nested 100,000 deep is a damaged file, not a RecursionError traceback."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    err = _read_refusal(capsys, str(path))
    assert err == f"facilitate: {path}: JSON nested too deeply (a damaged file?)"
    err = _read_refusal(capsys, str(path), "fr")
    assert (
        err
        == f"facilitate: {path}\u00a0: JSON imbriqué trop profondément (fichier endommagé\u00a0?)"
    )


def test_a_5000_digit_integer_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 5,000-digit integer is refused in one line, not a ValueError traceback."""
    path = tmp_path / "digits.json"
    path.write_text('{"people": ' + "9" * 5_000 + ', "groups": 2, "rounds": 1}', encoding="utf-8")
    err = _read_refusal(capsys, str(path))
    assert (
        err == f"facilitate: {path}: a number has more than {sys.get_int_max_str_digits()} digits"
    )


def test_a_file_above_the_size_limit_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 10 MB, a file or stdin is refused without being read whole."""
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (limits.MAX_INSTANCE_BYTES + 1))
    err = _read_refusal(capsys, str(path))
    assert err == f"facilitate: {path}: larger than 10 MB, the limit for an instance"

    class Endless(io.RawIOBase):
        """A stdin that never ends: only the limit plus one byte may be read from it."""

        taken = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            Endless.taken += len(buffer)
            buffer[:] = b"[" * len(buffer)
            return len(buffer)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    err = _read_refusal(capsys, "-")
    assert err == "facilitate: -: larger than 10 MB, the limit for an instance"
    assert Endless.taken <= limits.MAX_INSTANCE_BYTES + 1 + io.DEFAULT_BUFFER_SIZE


def test_a_file_at_the_size_limit_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Just under the limit, the file is read and planned as usual."""
    text = json.dumps({"people": 6, "groups": 2, "rounds": 1})
    path = tmp_path / "padded.json"
    path.write_text(text + " " * (limits.MAX_INSTANCE_BYTES - len(text)), encoding="utf-8")
    assert main(["rotation", "solve", str(path), "--seconds", "0.2"]) == 0
    assert json.loads(capsys.readouterr().out)["repeats"] == 0


def test_instances_built_in_code_meet_the_same_limits() -> None:
    """The TUI and the service hand the solvers instances too: the solvers check the limits."""
    with pytest.raises(InstanceError, match="people: 5001 is above the limit of 5000"):
        rotation.solve(RotationInstance(5_001, 2, 1))
    with pytest.raises(InstanceError, match="rounds: 101 is above the limit of 100"):
        rotation.solve(RotationInstance(4, 2, 101))
    forum = AgendaInstance(
        tuple(f"s{i}" for i in range(51)), ("room",), (10,), (Topic("a", "a", "Léa", (), 1),), {}
    )
    with pytest.raises(InstanceError, match="slots: 51 items, above the limit of 50"):
        agenda.solve(forum)
    with pytest.raises(InstanceError, match="seconds: expected a time budget"):
        agenda.solve(agenda.parse_instance(_forum()), seconds=-1)


def _solve_in_a_subprocess(
    tmp_path: Path, solver: str, data: dict[str, Any], seconds: float
) -> tuple[dict[str, Any], float]:
    path = tmp_path / f"{solver}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "facilitate.cli",
            solver,
            "solve",
            str(path),
            "--seconds",
            str(seconds),
        ],
        capture_output=True,
        text=True,
        timeout=4 * seconds + 5,  # a hang guard, not a timing assertion
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), elapsed


@pytest.mark.parametrize(("people", "groups", "rounds"), [(5_000, 1_000, 100), (5_000, 2, 100)])
def test_the_largest_cafes_are_planned_within_the_budget(
    tmp_path: Path, people: int, groups: int, rounds: int
) -> None:
    """At the limits, a café is planned within (about) its budget: every round seats everyone
    once, at the tables there are."""
    plan, _ = _solve_in_a_subprocess(
        tmp_path, "rotation", {"people": people, "groups": groups, "rounds": rounds}, 0.5
    )
    assert len(plan["rounds"]) == rounds
    everyone = list(range(people))
    for rnd in plan["rounds"]:
        assert len(rnd) == groups
        assert sorted(p for table in rnd for p in table) == everyone
    assert plan["repeats"] >= plan["lower_bound"]


def test_the_largest_forum_is_scheduled_within_the_budget(tmp_path: Path) -> None:
    """500 topics over 50 slots and 200 spaces, 50,000 people interested: scheduled in time."""
    topics: list[dict[str, Any]] = [
        {
            "id": f"t{i}",
            "convener": f"p{i % 400}",
            "interested": [f"p{(i * 7 + j) % 3_000}" for j in range(99)],
            "size": 5 + i % 20,
        }
        for i in range(500)
    ]
    data = {"slots": 50, "spaces": [20 + k % 30 for k in range(200)], "topics": topics}
    plan, _ = _solve_in_a_subprocess(tmp_path, "agenda", data, 0.5)
    cells = [(e["slot"], e["space"]) for e in plan["schedule"]]
    assert sorted(e["topic"] for e in plan["schedule"]) == sorted(t["id"] for t in topics)
    assert len(set(cells)) == len(cells) == 500


def test_the_layered_seating_keeps_hosts_groups_and_seats() -> None:
    """The seating used past the search's reach keeps every hard rule but forbidden pairs
    (which the solver then checks): hosts at their table, groups together, seats counted."""
    rng = random.Random(3)
    checked = 0
    for _ in range(400):
        n, t = rng.randint(2, 60), rng.randint(1, 12)
        data: dict[str, Any] = {"people": n, "groups": t, "rounds": rng.randint(1, 6)}
        if rng.random() < 0.5:
            data["hosts"] = rng.sample(range(n), min(t, rng.randint(0, t), n))
        if rng.random() < 0.5:
            data["forbidden"] = [rng.sample(range(n), 2) for _ in range(rng.randint(0, n // 2))]
        if rng.random() < 0.5:
            data["required"] = [rng.sample(range(n), 2) for _ in range(rng.randint(0, n // 6))]
        if rng.random() < 0.3:
            data["absent"] = rng.sample(range(n), rng.randint(0, n // 4))
        if rng.random() < 0.3:
            data["table_sizes"] = [rng.randint(0, 2 * n // t + 2) for _ in range(t)]
        inst = rotation.parse_instance(data)
        try:
            check_feasible(inst)
        except InfeasibleError:
            continue
        plan = fast_seating(inst, inst.target_sizes(), inst.capacities())
        score, broken = rotation._score(inst, plan)
        assert score["violations"] == broken, data
        checked += 1
    assert checked > 250
