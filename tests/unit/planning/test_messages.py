"""Planning errors read in French: every message the solvers raise (a key and its values, worded
where shown), and the CLI that shows them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from facilitate.cli import main
from facilitate.i18n import messages
from facilitate.planning import InfeasibleError, InstanceError, PlanningError, agenda, rotation
from facilitate.planning.instance import RotationInstance, _check_packing, check_feasible

CAFE: dict[str, Any] = {"people": 4, "groups": 2, "rounds": 1}
SIX: dict[str, Any] = {"people": 6, "groups": 2, "rounds": 1}


def _forum(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slots": ["10:00", "11:30"],
        "spaces": [{"name": "Jardin", "capacity": 10}, {"name": "Salle", "capacity": 5}],
        "topics": [
            {"id": "a", "convener": "Léa", "interested": ["Paul"]},
            {"id": "b", "convener": "Paul", "interested": ["Inès"]},
        ],
    }
    return {**data, **changes}


def _topics(*specs: tuple[str, str, int]) -> list[dict[str, Any]]:
    return [{"id": tid, "convener": who, "size": size} for tid, who, size in specs]


def _pin(topic: str, slot: Any, space: Any) -> dict[str, Any]:
    return {"topic": topic, "slot": slot, "space": space}


# (solver, instance JSON, the English message expected, values the French must keep)
CASES: list[tuple[str, Any, str, list[str]]] = [
    # rotation: malformed instances
    ("rotation", [], "instance: expected a JSON object", ["instance"]),
    (
        "rotation",
        {**CAFE, "people": "x"},
        "people: expected an integer, got 'x'",
        ["people", "'x'"],
    ),
    ("rotation", {**CAFE, "groups": 0}, "groups: must be at least 1, got 0", ["groups"]),
    (
        "rotation",
        {**CAFE, "hosts": [0, 1, 2]},
        "hosts: expected a list of at most 2 person ids (host k at table k)",
        ["hosts"],
    ),
    ("rotation", {**CAFE, "hosts": [9]}, "hosts[0]: 9 is not a person id in 0..3", ["hosts[0]"]),
    (
        "rotation",
        {**CAFE, "hosts": [1, 1]},
        "hosts: person 1 is listed for tables 0 and 1",
        ["hosts"],
    ),
    (
        "rotation",
        {**CAFE, "forbidden": {"a": 1}},
        "forbidden: expected a list of [a, b] pairs",
        ["forbidden", "[a, b]"],
    ),
    (
        "rotation",
        {**CAFE, "forbidden": [[0]]},
        "forbidden[0]: expected a list of at least two person ids",
        ["forbidden[0]"],
    ),
    (
        "rotation",
        {**CAFE, "required": [[0, 0]]},
        "required[0]: a person is listed twice",
        ["required[0]"],
    ),
    (
        "rotation",
        {**CAFE, "table_sizes": [3]},
        "table_sizes: expected a list of 2 sizes, one per table",
        ["table_sizes"],
    ),
    (
        "rotation",
        {**CAFE, "table_sizes": [3, -1]},
        "table_sizes[1]: expected a size >= 0, got -1",
        ["table_sizes[1]", "-1"],
    ),
    (
        "rotation",
        {**CAFE, "fixed_rounds": [[], []]},
        "fixed_rounds: expected a list of at most 1 round",
        ["fixed_rounds"],
    ),
    (
        "rotation",
        {**CAFE, "fixed_rounds": [[[0], [1], [2]]]},
        "fixed_rounds[0]: expected a list of at most 2 tables",
        ["fixed_rounds[0]"],
    ),
    (
        "rotation",
        {**CAFE, "fixed_rounds": [[5]]},
        "fixed_rounds[0][0]: expected a list of person ids",
        ["fixed_rounds[0][0]"],
    ),
    (
        "rotation",
        {**CAFE, "fixed_rounds": [[[0, 1], [1]]]},
        "fixed_rounds[0]: person 1 is seated twice",
        ["fixed_rounds[0]"],
    ),
    ("rotation", {**CAFE, "absent": "x"}, "absent: expected a list of person ids", ["absent"]),
    (
        "rotation",
        {**CAFE, "org": ["mairie"]},
        "org: expected a list of 4 labels, one per person",
        ["org"],
    ),
    (
        "rotation",
        {**CAFE, "territory": ["a", "b", [1], "c"]},
        "territory[2]: expected a string label or null, got [1]",
        ["territory[2]", "[1]"],
    ),
    # rotation: above the limits of planning/limits.py
    (
        "rotation",
        {**CAFE, "people": 10**30},
        "people: 1000000000000000000000000000000 is above the limit of 5000",
        ["people", "5000"],
    ),
    (
        "rotation",
        {**CAFE, "forbidden": [[0, 1]] * 10_001},
        "forbidden: 10001 items, above the limit of 10000",
        ["forbidden"],
    ),
    (
        "rotation",
        {"people": 200, "groups": 10, "rounds": 1, "forbidden": [list(range(200))]},
        "forbidden: 19900 pairs once groups are expanded, above the limit of 10000",
        ["forbidden"],
    ),
    (
        "rotation",
        {**CAFE, "org": ["a" * 2_001, "b", "c", "d"]},
        "org[0]: 2001 characters, above the limit of 2000",
        ["org[0]"],
    ),
    # rotation: instances no plan can satisfy
    ("rotation", {**CAFE, "table_sizes": [1, 1]}, "4 people but only 2 seats at the tables", []),
    (
        "rotation",
        {"people": 2, "groups": 2, "rounds": 1, "hosts": [0, 1], "table_sizes": [2, 0]},
        "host 1 is fixed to table 1, which has no seat",
        [],
    ),
    (
        "rotation",
        {**CAFE, "forbidden": [[0, 1]], "required": [[1, 0]]},
        "forbidden pair 0-1 is also required",
        ["0-1"],
    ),
    (
        "rotation",
        {**SIX, "hosts": [0, 1], "required": [[0, 1]]},
        "hosts 0 and 1 must sit together (required) but host tables 0 and 1",
        [],
    ),
    (
        "rotation",
        {**SIX, "hosts": [0], "required": [[0, 1, 2, 3]]},
        "required group of 4 with host 0 does not fit table 0 (3)",
        [],
    ),
    (
        "rotation",
        {**SIX, "required": [[0, 1, 2, 3]]},
        "required group of 4 does not fit the largest table (3)",
        [],
    ),
    (
        "rotation",
        {**SIX, "hosts": [0, 1], "required": [[2, 3, 4]]},
        "required groups do not fit in the seats left beside the hosts "
        "(groups of 3; free seats per table [2, 2])",
        ["[2, 2]"],
    ),
    (
        "rotation",
        {**CAFE, "forbidden": [[0, 1], [0, 2], [1, 2]]},
        "no seating keeps every forbidden pair apart (best found breaks 1 in 0.2 s)",
        ["0.2 s"],
    ),
    # agenda: malformed instances
    ("agenda", [], "instance: expected a JSON object", ["instance"]),
    (
        "agenda",
        _forum(slots=0),
        "slots: expected a positive count or a non-empty list of names",
        ["slots"],
    ),
    (
        "agenda",
        _forum(spaces=[]),
        "spaces: expected a non-empty list of {name, capacity} or capacities",
        ["spaces", "{name, capacity}"],
    ),
    (
        "agenda",
        _forum(spaces=[{"name": "Jardin", "capacity": 3}, {"name": "Jardin"}]),
        "spaces[1].name: expected a unique name, got 'Jardin'",
        ["spaces[1].name", "'Jardin'"],
    ),
    (
        "agenda",
        _forum(spaces=[0]),
        "spaces[0].capacity: expected an integer >= 1, got 0",
        ["spaces[0].capacity"],
    ),
    ("agenda", _forum(topics="x"), "topics: expected a list of topics", ["topics"]),
    ("agenda", _forum(topics=[1]), "topics[0]: expected an object", ["topics[0]"]),
    (
        "agenda",
        _forum(topics=_topics(("a", "Léa", 1), ("a", "Paul", 1))),
        "topics[1].id: expected a unique id, got 'a'",
        ["topics[1].id", "'a'"],
    ),
    (
        "agenda",
        _forum(topics=[{"id": "a"}]),
        "topics[0].convener: expected a person name or id, got None",
        ["topics[0].convener", "None"],
    ),
    (
        "agenda",
        _forum(topics=[{"id": "a", "convener": "Léa", "interested": "Paul"}]),
        "topics[0].interested: expected a list of people",
        ["topics[0].interested"],
    ),
    (
        "agenda",
        _forum(topics=_topics(("a", "Léa", 0))),
        "topics[0].size: expected an integer >= 1, got 0",
        ["topics[0].size"],
    ),
    (
        "agenda",
        _forum(pinned="x"),
        "pinned: expected a list of {topic, slot, space}",
        ["pinned", "{topic, slot, space}"],
    ),
    (
        "agenda",
        _forum(pinned=[_pin("zz", 0, 0)]),
        "pinned[0].topic: expected the id of a topic",
        ["pinned[0].topic"],
    ),
    (
        "agenda",
        _forum(pinned=[_pin("a", 5, 0)]),
        "pinned[0].slot: 5 is neither an index below 2 nor a name",
        ["pinned[0].slot"],
    ),
    # agenda: above the limits of planning/limits.py
    ("agenda", _forum(slots=10**8), "slots: 100000000 is above the limit of 50", ["slots"]),
    (
        "agenda",
        _forum(topics=_topics(*((f"t{i}", f"p{i}", 1) for i in range(501)))),
        "topics: 501 items, above the limit of 500",
        ["topics"],
    ),
    # agenda: instances no schedule can satisfy
    (
        "agenda",
        _forum(slots=1, topics=_topics(("a", "Léa", 1), ("b", "Paul", 1), ("c", "Inès", 1))),
        "3 topics but only 2 (slot, space) cells",
        [],
    ),
    (
        "agenda",
        _forum(pinned=[_pin("a", 0, "Salle"), _pin("b", 0, 1)]),
        "topics a and b are pinned to the same cell",
        [],
    ),
    (
        "agenda",
        _forum(topics=_topics(("a", "Léa", 8)), pinned=[_pin("a", 1, "Salle")]),
        "topic a expects 8 people but is pinned to Salle (5 places)",
        ["«\u202fSalle\u202f»"],
    ),
    (
        "agenda",
        _forum(
            topics=_topics(("a", "Léa", 1), ("b", "Léa", 1)),
            pinned=[_pin("a", 0, 0), _pin("b", 0, 1)],
        ),
        "convener Léa is pinned to topics a and b in one slot",
        ["Léa"],
    ),
    (
        "agenda",
        _forum(topics=_topics(("a", "Léa", 50))),
        "topic a expects 50 people but the largest space holds 10",
        [],
    ),
    (
        "agenda",
        _forum(topics=_topics(("a", "Léa", 1), ("b", "Léa", 1), ("c", "Léa", 1))),
        "convener Léa has 3 topics but there are 2 slots",
        ["Léa"],
    ),
    (
        "agenda",
        _forum(
            spaces=[10, 2], topics=_topics(("a", "Léa", 10), ("b", "Paul", 10), ("c", "Inès", 10))
        ),
        "not enough spaces of 10 places or more for the topics that need them",
        [],
    ),
    (
        "agenda",
        _forum(
            topics=_topics(("x", "Léa", 1), ("y", "Léa", 1), ("z", "Paul", 1), ("w", "Inès", 1)),
            pinned=[_pin("x", 0, 0), _pin("z", 1, 0), _pin("w", 1, 1)],
        ),
        "no schedule keeps every convener in one place per slot",
        [],
    ),
]


def _raised(solver: str, data: Any) -> PlanningError:
    """The error the solver raises on this instance."""
    with pytest.raises((InstanceError, InfeasibleError)) as info:
        if solver == "rotation":
            rotation.solve(rotation.parse_instance(data), seconds=0.2, seed=0)
        else:
            agenda.solve(agenda.parse_instance(data), seconds=0.2, seed=0)
    return info.value


def _unreachable_from_json() -> list[PlanningError]:
    """Two checks that a parsed instance always passes, raised from instances built in code."""
    errors: list[PlanningError] = []
    with pytest.raises(InfeasibleError) as info:
        _check_packing(RotationInstance(2, 2, 1), [1, 1], {0: 0, 1: 0})
    errors.append(info.value)
    # parse_instance always writes a forbidden pair low-high; out of order, it slips past the
    # required-group check and reaches the last one
    inst = RotationInstance(4, 2, 1, hosts=(0, None), required=((0, 1),), forbidden=((1, 0),))
    with pytest.raises(InfeasibleError) as info:
        check_feasible(inst)
    errors.append(info.value)
    # a time budget out of range, from a caller in code (the command line refuses it first)
    with pytest.raises(InstanceError) as refused:
        rotation.solve(RotationInstance(4, 2, 1), seconds=float("nan"))
    errors.append(refused.value)
    return errors


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"-?\d+(?:\.\d+)?", text))


def _assert_french(error: PlanningError, values: list[str]) -> None:
    english, french = str(error), error.message("fr")
    assert french != english
    assert "expected" not in french and " but " not in french
    assert _numbers(french) == _numbers(english), french
    for value in values:
        assert value in french, (value, french)
    assert error.message("en") == english


@pytest.mark.parametrize(
    ("solver", "data", "english", "values"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_planning_error_reads_in_french_with_its_values(
    solver: str, data: Any, english: str, values: list[str]
) -> None:
    """A French facilitator reads the solver's refusal in French, field names and counts kept."""
    error = _raised(solver, data)
    assert str(error) == english
    _assert_french(error, values)


def test_checks_a_parsed_instance_always_passes_also_read_in_french() -> None:
    """The packing, pinned-pair and time-budget refusals (only from callers in code) read in
    French."""
    table, pair, budget = _unreachable_from_json()
    assert str(table) == "table 0 has 1 seat but 2 people fixed to it"
    assert str(pair) == "forbidden pair 1-0: both are fixed to table 0 (host or required)"
    assert str(budget) == "seconds: expected a time budget from 0 to 3600 s, got nan"
    _assert_french(table, [])
    _assert_french(pair, ["1-0"])
    _assert_french(budget, ["nan", "3600"])


def test_errors_carry_a_key_and_values_not_an_english_sentence() -> None:
    """Each refusal names a message of both catalogues: rewording the English never leaves the
    French behind (no translation by pattern)."""
    raised = [_raised(solver, data) for solver, data, _, _ in CASES] + _unreachable_from_json()
    french, english = messages("fr"), messages("en")
    for error in raised:
        assert error.why.key.startswith("planning."), error.why
        assert error.why.key in french and error.why.key in english, error.why.key


def test_counts_agree_with_their_number() -> None:
    """One round, one seat: a count of 1 takes the singular, in French 0 too."""
    one_round = _raised("rotation", {**CAFE, "fixed_rounds": [[], []]})
    assert one_round.message("fr") == "fixed_rounds\u202f: liste d'au plus 1 tour attendue"
    seats = _raised("rotation", {**CAFE, "table_sizes": [1, 0]})
    assert str(seats) == "4 people but only 1 seat at the tables"
    assert seats.message("fr") == "4 personnes mais seulement 1 place aux tables"


def test_cli_explains_a_bad_instance_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitate --lang fr rotation solve` names the file and the field, in French."""
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps({"people": 12, "groups": "trois", "rounds": 3}), encoding="utf-8")
    assert main(["--lang", "fr", "rotation", "solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        f"facilitate: {path}\u202f: groups\u202f: nombre entier attendu, reçu 'trois'"
    )
    assert main(["--lang", "en", "rotation", "solve", str(path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"facilitate: {path}: groups: expected an integer, got 'trois'"
    )


def test_cli_explains_an_impossible_agenda_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With FACILITATE_LANG=fr, an agenda no schedule can satisfy is refused in French."""
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    path = tmp_path / "forum.json"
    data = _forum(topics=_topics(("a", "Léa", 1), ("b", "Léa", 1), ("c", "Léa", 1)))
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["agenda", "solve", str(path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"facilitate: {path}\u202f: l'initiateur Léa porte 3 sujets mais il n'y a que 2 créneaux"
    )
