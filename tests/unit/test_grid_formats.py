"""The shipped formats: at least eight, the three newer kinds used, and the methods' own scripts
(1-2-4-All's timings, the fishbowl's empty chair, the diagnosis's order, the actors' map)."""

from __future__ import annotations

import pytest

from facilitate.cli import main
from facilitate.domain.matrix import preset_of
from facilitate.session_formats import available_formats, shipped_formats_dir

NEW = ("diagnostic-partage", "1-2-4-tous", "bocal", "carte-des-acteurs")


def test_at_least_eight_formats_ship_and_facilitate_formats_lists_them_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shipped = sorted(p.stem for p in shipped_formats_dir().glob("*.toml"))
    formats = available_formats()
    assert len(shipped) >= 8 and set(shipped) <= set(formats)
    assert main(["--lang", "en", "formats"]) == 0
    listed = {line.split("\t")[0] for line in capsys.readouterr().out.splitlines()}
    assert set(shipped) <= listed


def test_the_shipped_formats_use_the_statements_matrix_and_agreement_kinds() -> None:
    used = {s.kind for f in available_formats().values() for s in f.steps}
    assert {"statements", "matrix", "agreement"} <= used


@pytest.mark.parametrize("fid", NEW)
def test_each_new_format_cites_its_sources_in_its_comments(fid: str) -> None:
    text = (shipped_formats_dir() / f"{fid}.toml").read_text(encoding="utf-8")
    comments = " ".join(x[1:].strip() for x in text.splitlines() if x.startswith("#"))
    source = {
        "diagnostic-partage": ("Kaner", "SWOT", "Weihrich"),
        "1-2-4-tous": ("Lipmanowicz", "McCandless", "Liberating Structures"),
        "bocal": ("Fishbowl", "UNITAR", "Training for Change"),
        "carte-des-acteurs": ("Mendelow", "Eden", "Ackermann", "Making Strategy"),
    }[fid]
    for word in source:
        assert word in comments, (fid, word)


def test_1_2_4_all_keeps_its_timings_and_its_question() -> None:
    """1 minute alone, 2 in pairs, 4 in fours, 5 with all; the question on every phase."""
    fmt = available_formats()["1-2-4-tous"]
    phases = [(s.id, s.kind, s.minutes) for s in fmt.steps[1:]]
    assert phases == [
        ("seul", "briefing", 1),
        ("a-deux", "briefing", 2),
        ("a-quatre", "briefing", 4),
        ("tous", "harvest", 5),
    ]
    assert all(s.settings.get("question") for s in fmt.steps)
    assert "en silence" in fmt.steps[1].script["fr"] and "silence" in fmt.steps[1].script["en"]
    assert "one idea" in fmt.steps[-1].script["en"].lower()


def test_the_fishbowl_states_its_rules_and_ends_with_the_whole_circle() -> None:
    fmt = available_formats()["bocal"]
    assert [s.kind for s in fmt.steps] == ["briefing", "harvest", "harvest"]
    rules = " ".join(p["fr"] + " " + p["en"] for p in fmt.steps[0].settings["principles"])
    assert "chaise vide" in rules and "empty chair" in rules
    assert "outer circle" in rules and "cercle extérieur" in rules
    assert fmt.steps[1].settings["question"] == fmt.steps[0].settings["question"]


def test_the_diagnosis_goes_from_swot_to_impact_effort_to_the_scale() -> None:
    fmt = available_formats()["diagnostic-partage"]
    grids = [(s.id, preset_of(s)) for s in fmt.steps if s.kind == "matrix"]
    assert grids == [("afom", "swot"), ("impact-effort", "impact-effort")]
    kinds = [s.kind for s in fmt.steps]
    assert kinds.index("matrix") < kinds.index("harvest") < kinds.index("agreement")
    accord = next(s for s in fmt.steps if s.kind == "agreement")
    assert accord.settings["scale"] == "kaner" and isinstance(accord.settings["proposal"], dict)
    assert kinds[-1] == "actions"


def test_the_actors_map_is_a_power_interest_grid_then_its_counterweights() -> None:
    fmt = available_formats()["carte-des-acteurs"]
    (grid,) = [s for s in fmt.steps if s.kind == "matrix"]
    assert preset_of(grid) == "actors"
    after = fmt.steps[fmt.steps.index(grid) + 1]
    assert after.kind == "harvest" and "contrepoids" in after.title["fr"]
