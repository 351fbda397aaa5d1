"""Format files: every shipped one validates; each broken one is refused at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitate.session_formats import (
    STEP_KINDS,
    FormatError,
    available_formats,
    load_format,
    parse_format,
    shipped_formats_dir,
)

BROKEN = Path(__file__).resolve().parents[1] / "data" / "formats_broken"


def _expected() -> list[tuple[str, int, str, str]]:
    rows = []
    for line in (BROKEN / "EXPECTED.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, number, field, word = line.split("\t")
            rows.append((name, int(number), field, word))
    return rows


def test_every_shipped_format_validates() -> None:
    """The formats a facilitator gets with the program all load."""
    formats = available_formats()
    assert {"world-cafe", "forum-ouvert", "atelier-participatif", "cooperation-kickoff"} <= set(
        formats
    )
    for fmt in formats.values():
        assert fmt.steps, fmt.id
        for step in fmt.steps:
            assert step.kind in STEP_KINDS
            assert step.title["fr"] and step.title["en"]
            assert len(step.script["fr"]) > 80 and len(step.script["en"]) > 80, step.id


def test_world_cafe_has_three_rounds_with_a_question_each_and_hosts_staying() -> None:
    """The world café format follows the method: welcome, 3 rounds with hosts, harvest."""
    fmt = available_formats()["world-cafe"]
    kinds = [s.kind for s in fmt.steps]
    assert kinds[0] == "briefing" and kinds[-1] == "harvest" and "rounds" in kinds
    rounds = next(s for s in fmt.steps if s.kind == "rounds")
    assert rounds.settings["rounds"] == 3
    assert len(rounds.settings["questions"]) == 3
    assert rounds.settings["hosts_stay"] is True


def test_open_forum_states_the_law_of_two_feet_and_the_four_principles() -> None:
    """The opening circle of the open forum carries its principles and law, in both languages."""
    fmt = available_formats()["forum-ouvert"]
    assert [s.kind for s in fmt.steps][:2] == ["briefing", "marketplace"]
    text = " ".join(p["en"] + p["fr"] for p in fmt.steps[0].settings["principles"]).lower()
    assert "two feet" in text and "deux pieds" in text
    assert len(fmt.steps[0].settings["principles"]) >= 5
    assert {"breakouts", "vote", "actions", "harvest"} <= {s.kind for s in fmt.steps}


def test_participatory_workshop_covers_meaning_debate_vote_consent_actions() -> None:
    """The participatory workshop chains the seed's meaning step and the decision methods."""
    kinds = [s.kind for s in available_formats()["atelier-participatif"].steps]
    for kind in ("meaning", "debate", "vote", "consent", "actions"):
        assert kind in kinds
    assert kinds.index("debate") < kinds.index("vote") < kinds.index("consent")


def test_shipped_formats_dir_is_found() -> None:
    """The program finds its formats whether installed from a wheel or run from the repository."""
    assert (shipped_formats_dir() / "world-cafe.toml").is_file()


@pytest.mark.parametrize(("name", "line", "field", "word"), _expected())
def test_broken_format_is_refused_at_the_right_line(
    name: str, line: int, field: str, word: str
) -> None:
    """A broken file is refused with file:line: field: why, pointing at the defect."""
    with pytest.raises(FormatError) as info:
        load_format(BROKEN / name)
    err = info.value
    assert err.line == line
    assert err.field == field
    assert word.lower() in str(err).lower()
    assert str(err).startswith(f"{BROKEN / name}:{line}: ")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    """A format saved in Latin-1 by an old editor is refused clearly."""
    path = tmp_path / "latin.toml"
    path.write_bytes(b'schema_version = 1\nid = "x"\nname = { fr = "Caf\xe9", en = "Cafe" }\n')
    with pytest.raises(FormatError, match="not UTF-8") as info:
        load_format(path)
    assert info.value.line == 3


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    """Checking a file that is not there says so, with its path."""
    with pytest.raises(FormatError, match="cannot read"):
        load_format(tmp_path / "nope.toml")


def test_a_new_format_needs_no_code() -> None:
    """A facilitator can combine existing step kinds into a new format."""
    text = """
schema_version = 1
id = "mini-debat"
name = { fr = "Mini débat", en = "Mini debate" }
[[steps]]
id = "debat"
kind = "debate"
minutes = 20
title = { fr = "Débat", en = "Debate" }
script = { fr = "Lisez l'affirmation.", en = "Read the statement." }
statements = [{ fr = "Il faut tout mutualiser.", en = "Everything should be pooled." }]
"""
    fmt = parse_format(text, "mini.toml")
    assert fmt.id == "mini-debat"
    assert fmt.steps[0].settings["statements"][0]["fr"] == "Il faut tout mutualiser."


@pytest.mark.parametrize(("name", "line", "field", "word"), _expected())
def test_every_refusal_reads_in_french(name: str, line: int, field: str, word: str) -> None:
    """`--lang fr` gives the same file:line: field and the reason in French."""
    with pytest.raises(FormatError) as info:
        load_format(BROKEN / name)
    english, french = info.value.message("en"), info.value.message("fr")
    prefix = f"{BROKEN / name}:{line}: " if line else f"{BROKEN / name}: "
    assert french.startswith(prefix + (f"{field}: " if field else ""))
    assert french != english
