"""The facilitator's own formats, the café's structure set up before it starts, content language."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from facilitate.cli import main
from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Participant, Round, Table
from facilitate.paths import formats_dir
from facilitate.service import SessionService, ValidationError, session_doc
from facilitate.session_formats import copy_shipped_format, find_formats, get_format, load_format
from facilitate.store import read_session_tables

START = "2026-03-12T09:00:00+01:00"

QUESTION = '{{ fr = "Question {n} du café ?", en = "Café question {n}?" }}'


def cafe_format(fid: str = "cafe-quatre-tours", rounds: int = 4, minutes: int = 15) -> str:
    """A café of the facilitator's own: `rounds` rounds of `minutes`, 10 minutes to change."""
    questions = ",\n  ".join(QUESTION.format(n=n) for n in range(1, rounds + 1))
    return f"""schema_version = 1
id = "{fid}"
name = {{ fr = "Café en {rounds} tours", en = "{rounds}-round café" }}

[[steps]]
id = "accueil"
kind = "briefing"
title = {{ fr = "Accueil", en = "Welcome" }}
minutes = 10
script = {{ fr = "Accueillez chacun.", en = "Welcome everyone." }}

[[steps]]
id = "tours"
kind = "rounds"
title = {{ fr = "Les tours", en = "The rounds" }}
minutes = {rounds * minutes + 10}
rounds = {rounds}
round_minutes = {minutes}
questions = [
  {questions},
]
script = {{ fr = "Lancez chaque tour.", en = "Start each round." }}
"""


T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def session_info(folder: Path) -> dict[str, Any]:
    return read_session_tables(folder)["session"]["1"]


@pytest.fixture
def user_formats(tmp_path: Path) -> Path:
    """The user formats folder beside the tests' sessions folder (FACILITATE_SESSIONS)."""
    folder = formats_dir()
    assert folder == tmp_path / "formats"
    folder.mkdir()
    return folder


# -- formats of one's own ------------------------------------------------------------------


def test_new_takes_a_format_file_of_four_rounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new TITLE --format my.toml` makes a session of that file's steps: 4 rounds of 15 min."""
    mine = tmp_path / "my.toml"
    mine.write_text(cafe_format(), encoding="utf-8")
    assert main(["new", "Café des 60", "--format", str(mine), "--date", "2026-06-01"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    info = session_info(folder)
    assert info["format_id"] == "cafe-quatre-tours" and info["lang"] == "fr"
    tours = info["steps"][1]
    assert tours["settings"]["rounds"] == 4 and tours["settings"]["round_minutes"] == 15
    assert len(tours["settings"]["questions"]) == 4 and tours["minutes"] == 70


def test_new_refuses_a_damaged_format_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A format file that does not validate is refused as check-format does: file:line: why."""
    bad = tmp_path / "bad.toml"
    bad.write_text(cafe_format().replace("rounds = 4\n", "rounds = 5\n"), encoding="utf-8")
    assert main(["new", "Café", "--format", str(bad), "--date", "2026-06-01"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert f"{bad}:" in err and "4 questions for 5 rounds" in err
    assert main(["--lang", "fr", "new", "Café", "--format", str(bad)]) == 2
    assert "4 questions pour 5 tours" in capsys.readouterr().err
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


def test_the_user_formats_folder_is_listed_and_usable_by_id(
    user_formats: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A format put in `formats/` beside the sessions is listed as the user's and `new` finds it."""
    (user_formats / "quatre.toml").write_text(cafe_format(), encoding="utf-8")
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("cafe-quatre-tours\t"))
    assert "4-round café" in line and f"yours: {user_formats / 'quatre.toml'}" in line
    assert next(x for x in out.splitlines() if x.startswith("world-cafe\t")).count("\t") == 2
    assert f"your formats folder: {user_formats}" in out
    assert main(["new", "Café", "--format", "cafe-quatre-tours", "--date", "2026-06-01"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert session_info(folder)["steps"][1]["settings"]["rounds"] == 4


def test_a_damaged_user_format_is_reported_without_hiding_the_others(
    user_formats: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One broken file gives one line on stderr; shipped and other user formats stay listed."""
    (user_formats / "quatre.toml").write_text(cafe_format(), encoding="utf-8")
    (user_formats / "casse.toml").write_text('schema_version = 1\nid = "casse"\n', encoding="utf-8")
    assert main(["formats"]) == 0
    captured = capsys.readouterr()
    ids = [line.split("\t")[0] for line in captured.out.splitlines() if "\t" in line]
    assert "cafe-quatre-tours" in ids and "world-cafe" in ids and "casse" not in ids
    problems = captured.err.strip().splitlines()
    assert len(problems) == 1 and f"{user_formats / 'casse.toml'}:" in problems[0]
    assert "(left out)" in problems[0]
    assert main(["new", "X", "--format", "casse"]) == 2  # the file of that name says why
    err = capsys.readouterr().err
    assert "casse.toml" in err and "unknown format" not in err
    assert main(["new", "X", "--format", "cafe-quatre-tours", "--date", "2026-06-01"]) == 0


def test_a_user_format_with_a_shipped_id_takes_its_place_and_says_so(
    user_formats: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of world-cafe edited in the user folder wins over the shipped one, marked so."""
    path, written = copy_shipped_format("world-cafe", user_formats)
    assert written and path == user_formats / "world-cafe.toml"
    text = path.read_text(encoding="utf-8").replace("minutes = 15\n", "minutes = 12\n", 1)
    path.write_text(text, encoding="utf-8")
    assert copy_shipped_format("world-cafe", user_formats) == (path, False)  # never overwrites
    assert path.read_text(encoding="utf-8") == text
    shelf = find_formats(user_formats)
    assert shelf.replaced == {"world-cafe"} and shelf.formats["world-cafe"].steps[0].minutes == 12
    assert main(["formats"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("world-cafe\t"))
    assert f"yours, in place of the shipped one: {path}" in line


def test_two_user_files_with_one_id_keep_the_first_and_report_the_second(
    user_formats: Path,
) -> None:
    """Two files claiming one id: the first (by name) is kept, the other reported with its line."""
    (user_formats / "a.toml").write_text(cafe_format(rounds=4), encoding="utf-8")
    (user_formats / "b.toml").write_text(cafe_format(rounds=2), encoding="utf-8")
    shelf = find_formats(user_formats)
    assert shelf.formats["cafe-quatre-tours"].path.endswith("a.toml")
    (problem,) = shelf.problems
    assert problem.message("en") == (
        f"{user_formats / 'b.toml'}:2: id: id 'cafe-quatre-tours' is already used by a.toml; "
        "this file is left out"
    )


def test_facilitate_formats_env_chooses_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FACILITATE_FORMATS names another folder; the repository's own formats/ is never doubled."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("FACILITATE_FORMATS", str(elsewhere))
    assert formats_dir() == elsewhere
    shipped = find_formats(Path(get_format("world-cafe").path).parent)
    assert not shipped.own and not shipped.problems


# -- the café's structure, through the service ------------------------------------------------


@pytest.fixture
def cafe(tmp_path: Path) -> SessionService:
    """A session of the 4-round format with nobody yet, nothing started."""
    mine = tmp_path / "my.toml"
    mine.write_text(cafe_format(), encoding="utf-8")
    info = session_doc(load_format(mine), title="Café", date="2026-06-01")
    return SessionService.create(tmp_path / "sessions" / "cafe", info, clock=ManualClock(START))


def test_set_up_makes_sixty_seats_at_ten_tables_and_four_rounds(
    cafe: SessionService, tmp_path: Path
) -> None:
    """Ten tables of six, five rounds of 12 minutes: saved, and the planned time follows."""

    async def go() -> None:
        tables = await cafe.set_tables(10, capacity=6)
        assert [tb.name for tb in tables][:2] == ["Table 1", "Table 2"] and len(tables) == 10
        assert {tb.capacity for tb in tables} == {6}
        step = await cafe.set_rounds("tours", rounds="5", round_minutes="12")
        assert step.minutes == 5 * 12 + 10  # the 10 minutes of changeovers stay
        assert step.settings["questions"][4] == {"fr": "", "en": ""}
        step = await cafe.set_rounds("tours", rounds=3)
        assert step.minutes == 3 * 12 + 10 and len(step.settings["questions"]) == 3
        await cafe.set_capacity(7, table_id=tables[0].id)

    run(go())
    cafe.close()
    again = SessionService.open(tmp_path / "sessions" / "cafe")
    try:
        tours = again.info.step("tours")
        assert tours is not None and tours.settings["rounds"] == 3
        assert tours.settings["questions"][0]["fr"] == "Question 1 du café ?"
        assert [tb.capacity for tb in again.session.tables][:2] == [7, 6]
        assert len(again.session.tables) == 10
    finally:
        again.close()


def test_fewer_rounds_forget_the_rounds_taken_away(cafe: SessionService) -> None:
    """Going from 4 rounds to 2 removes rounds 3 and 4's stored questions and seating."""

    async def go() -> None:
        people = await cafe.add_participants({"name": f"P{i}"} for i in range(4))
        await cafe.set_tables(2)
        ids = [p.id for p in people]
        await cafe.set_seating("tours", [[[ids[0], ids[1]], [ids[2], ids[3]]]] * 4)
        await cafe.set_round_question("tours", 4, "Et après ?")
        await cafe.set_rounds("tours", rounds=2)

    run(go())
    assert [r.number for r in cafe.session.rounds_of("tours")] == [1, 2]
    cafe.close()


def test_fewer_tables_take_the_last_ones_and_their_hosts_travel(cafe: SessionService) -> None:
    """From 4 tables to 2: tables 3 and 4 go, their host hosts nothing, seating forgets them."""

    async def go() -> None:
        people = await cafe.add_participants({"name": f"P{i}"} for i in range(8))
        await cafe.set_tables(4)
        tables = cafe.session.tables
        await cafe.update_table(tables[3].id, host=people[3].id)
        seats = [[[p.id, people[i + 4].id]] for i, p in enumerate(people[:4])]
        await cafe.set_seating("tours", [[s[0] for s in seats]])
        await cafe.set_tables(2)

    run(go())
    assert [tb.name for tb in cafe.session.tables] == ["Table 1", "Table 2"]
    host = cafe.session.get(Participant, 4)
    assert host is not None and host.host_of is None
    (first,) = [r for r in cafe.session.all(Round) if r.number == 1]
    assert set(first.seating) == {str(tb.id) for tb in cafe.session.tables}
    cafe.close()


def test_a_table_where_something_was_recorded_is_never_removed(cafe: SessionService) -> None:
    """An idea noted at a table keeps the table: removing it is refused, nothing is lost."""

    async def go() -> None:
        await cafe.set_tables(1)
        table = await cafe.add_table("Table des élus")
        idea = await cafe.add_contribution("idea", "Un car par heure", table=table.id)
        with pytest.raises(ValidationError) as refused:
            await cafe.remove_table(table.id)
        assert refused.value.message("en") == (
            "'Table des élus' cannot be removed: things were recorded at this table"
        )
        assert "ne peut pas être retirée" in refused.value.message("fr")
        with pytest.raises(ValidationError):
            await cafe.set_tables(1)  # would take the elected officials' table away
        assert cafe.session.get(Table, table.id) is not None and idea.table == table.id

    run(go())
    assert len(cafe.session.tables) == 2
    cafe.close()


def test_the_service_refuses_structure_changes_once_the_cafe_started(
    cafe: SessionService,
) -> None:
    """After the rounds start, rounds, minutes, tables and seats are refused by the service."""

    async def go() -> None:
        await cafe.set_tables(3)
        await cafe.start_step("tours")
        attempts = [
            cafe.set_rounds("tours", rounds=2),
            cafe.set_rounds("tours", round_minutes=30),
            cafe.set_tables(5),
            cafe.set_capacity(9),
            cafe.remove_table(cafe.session.tables[0].id),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as refused:
                await attempt
            assert refused.value.message("en") == (
                "'Les tours' has started: its rounds, minutes, tables and seats can no longer "
                "change"
            )
            assert refused.value.message("fr").startswith(
                "«\u00a0Les tours\u00a0» a commencé\u00a0:"
            )

    run(go())
    tours = cafe.info.step("tours")
    assert tours is not None and tours.settings["rounds"] == 4 and len(cafe.session.tables) == 3
    cafe.close()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"rounds": "zéro"}, "number of rounds: a whole number from 1 to 20 is expected"),
        ({"rounds": 0}, "number of rounds: a whole number from 1 to 20"),
        ({"round_minutes": "-5"}, "minutes per round: a whole number from 1 to 180"),
        ({"rounds": 20, "round_minutes": 60}, "20 rounds of 60 min make more than 600 minutes"),
    ],
)
def test_bad_numbers_are_refused_with_the_field_named(
    cafe: SessionService, call: dict, message: str
) -> None:
    """A number that is not one, or out of range, is refused before anything is written."""
    with pytest.raises(ValidationError) as refused:
        run(cafe.set_rounds("tours", **call))
    assert message in refused.value.message("en")
    tours = cafe.info.step("tours")
    assert tours is not None and tours.settings["rounds"] == 4
    cafe.close()


def test_only_a_cafe_step_has_rounds_to_set(cafe: SessionService) -> None:
    """The welcome step has no rounds: the change is refused, naming the step."""
    with pytest.raises(ValidationError) as refused:
        run(cafe.set_rounds("accueil", rounds=2))
    assert (
        refused.value.message("fr") == "«\u00a0Accueil\u00a0» n'est pas une étape de tours de café"
    )
    cafe.close()


# -- content language -------------------------------------------------------------------------


def test_content_language_is_chosen_at_creation_apart_from_the_screens(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--lang en` sets the screens; the content is French unless `--content-lang en`."""
    assert main(["--lang", "en", "new", "Café A", "--format", "world-cafe"]) == 0
    assert session_info(Path(capsys.readouterr().out.strip()))["lang"] == "fr"
    args = ["--lang", "fr", "new", "Café B", "--format", "world-cafe", "--content-lang", "en"]
    assert main(args) == 0
    assert session_info(Path(capsys.readouterr().out.strip()))["lang"] == "en"


def test_the_demo_is_french_in_an_english_shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`demo` in an English shell still makes a French workshop: French questions and report."""
    assert main(["--lang", "en", "demo", "--no-open"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    tables = read_session_tables(folder)
    assert tables["session"]["1"]["lang"] == "fr"
    questions = [r["question"] for r in tables["rounds"].values()]
    step = next(s for s in get_format("cooperation-kickoff").steps if s.kind == "rounds")
    assert questions == [q["fr"] for q in step.settings["questions"]]
    assert main(["--lang", "en", "export", str(folder), "--to", "md", "--out", str(tmp_path)]) == 0
    md = Path(capsys.readouterr().out.splitlines()[0]).read_text(encoding="utf-8")  # the report
    assert "## Accords" in md and "## Agreements" not in md


def test_exports_default_to_the_content_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An English-content session exports in English from a French shell, and the reverse;
    the other language is there when asked for."""
    from facilitate.exporters import export_session

    heading = {"fr": "## Accords", "en": "## Agreements"}
    for content, screen in (("en", "fr"), ("fr", "en")):
        args = ["--lang", screen, "new", f"S {content}", "--format", "world-cafe"]
        assert main([*args, "--content-lang", content]) == 0
        folder = Path(capsys.readouterr().out.strip())
        out = tmp_path / f"out-{content}"
        assert main(["--lang", screen, "export", str(folder), "--to", "md", "--out", str(out)]) == 0
        report, _notes = capsys.readouterr().out.strip().splitlines()  # and the notes
        md = Path(report).read_text(encoding="utf-8")
        assert heading[content] in md and heading[screen] not in md
        other, _ = export_session(folder, tmp_path / f"other-{content}", ["md"], lang=screen)
        assert heading[screen] in other.read_text(encoding="utf-8")
