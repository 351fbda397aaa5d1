"""The command line: each command as a user or a script runs it, and its answers to bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitate.cli import main
from facilitate.store import read_session_tables

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "facilitate.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env={**os.environ},
    )


def test_help_lists_every_command() -> None:
    """`facilitate --help` names the commands of DESIGN.md."""
    out = run("--help")
    assert out.returncode == 0
    for cmd in (
        "demo",
        "formats",
        "check-format",
        "new",
        "list",
        "participants",
        "rotation",
        "agenda",
        "serve",
        "cards",
        "export",
    ):
        assert cmd in out.stdout


def test_formats_lists_id_name_and_steps(capsys: pytest.CaptureFixture[str]) -> None:
    """`facilitate formats` prints each format's id, name and steps."""
    assert main(["--lang", "fr", "formats"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("world-cafe\t"))
    assert "World café" in line and "rounds" in line


def test_check_format_exits_2_with_file_and_line(tmp_path: Path) -> None:
    """A bad format file gives exit status 2 and file:line: why on one line."""
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\nid = "x"\nname = { fr = "X" }\n', encoding="utf-8")
    out = run("check-format", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0
    assert f"{bad}:3: name" in out.stderr
    good = run("check-format", str(ROOT / "formats" / "world-cafe.toml"))
    assert good.returncode == 0 and "valid" in good.stdout


def test_new_prints_the_folder_and_list_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new` creates sessions/<date>-<slug>/session.json and prints the folder."""
    assert (
        main(
            [
                "new",
                "Forum ouvert à Mâcon",
                "--format",
                "forum-ouvert",
                "--date",
                "2026-05-04",
                "--venue",
                "Salle des fêtes",
            ]
        )
        == 0
    )
    folder = Path(capsys.readouterr().out.strip())
    assert folder == tmp_path / "sessions" / "2026-05-04-forum-ouvert-a-macon"
    info = read_session_tables(folder)["session"]["1"]
    assert info["format_id"] == "forum-ouvert" and info["venue"] == "Salle des fêtes"
    assert [s["kind"] for s in info["steps"]][:2] == ["briefing", "marketplace"]
    assert main(["list"]) == 0
    assert "Forum ouvert à Mâcon" in capsys.readouterr().out


def test_session_keeps_its_steps_when_the_format_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Steps are copied into the session: a later edit of a format never changes a past session."""
    main(["new", "Café", "--format", "world-cafe", "--date", "2026-05-04"])
    folder = Path(capsys.readouterr().out.strip())
    steps = read_session_tables(folder)["session"]["1"]["steps"]
    assert steps[1]["settings"]["questions"][0]["fr"]
    assert all("script" in s and s["script"]["fr"] for s in steps)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "X", "--format", "nope"], "unknown format 'nope'"),
        (["new", "X", "--format", "world-cafe", "--date", "12/03/2026"], "bad date"),
        (["participants", "import", "no-such-session", "x.csv"], "no session 'no-such-session'"),
        (["export", "ghost"], "no session 'ghost'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each mistake gives status 2 and one line naming what is wrong."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.strip().count("\n") == 0


def test_new_refuses_to_overwrite_an_existing_session(capsys: pytest.CaptureFixture[str]) -> None:
    """Creating the same session twice refuses the second time and keeps the first."""
    assert main(["new", "Café", "--format", "world-cafe", "--date", "2026-05-04"]) == 0
    capsys.readouterr()
    assert main(["new", "Café", "--format", "world-cafe", "--date", "2026-05-04"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_participants_import_all_or_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV with a bad row imports nothing and names the line; a good one imports everyone."""
    main(["new", "Café", "--format", "world-cafe", "--date", "2026-05-04"])
    folder = Path(capsys.readouterr().out.strip())
    bad = tmp_path / "bad.csv"
    bad.write_bytes("nom;pouvoir\nAnne;politique\nBruno;militaire\n".encode("cp1252"))
    assert main(["participants", "import", folder.name, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "nothing imported" in err and f"{bad}:3: unknown kind of power" in err
    assert read_session_tables(folder).get("participants", {}) == {}
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffNom;Territoire;Hôte\nAnne;Nord;Table des élus\nBruno;Sud;\n".encode())
    assert main(["participants", "import", "cafe", str(good)]) == 0
    tables = read_session_tables(folder)
    names = sorted(p["name"] for p in tables["participants"].values())
    assert names == ["Anne", "Bruno"]
    table = next(iter(tables["tables"].values()))
    assert table["name"] == "Table des élus" and table["slug"] == "table-des-elus"
    anne = next(p for p in tables["participants"].values() if p["name"] == "Anne")
    assert table["host"] == anne["id"]


def test_import_into_a_session_open_elsewhere_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """While the TUI holds a session, an import names the other process instead of writing."""
    from facilitate.store import SessionStore

    main(["new", "Café", "--format", "world-cafe", "--date", "2026-05-04"])
    folder = Path(capsys.readouterr().out.strip())
    good = tmp_path / "good.csv"
    good.write_text("name\nAnne\n", encoding="utf-8")
    holder = SessionStore.open(folder)
    try:
        assert main(["participants", "import", str(folder), str(good)]) == 2
        assert f"pid {os.getpid()}" in capsys.readouterr().err
    finally:
        holder.close()


def test_a_corrupt_session_names_the_backup_and_restore_brings_it_back(
    demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged file is refused with the backup and the restore command named."""
    main_file = demo_folder / "session.json"
    main_file.write_bytes(main_file.read_bytes()[: len(main_file.read_bytes()) // 2])
    good = tmp_path / "p.csv"
    good.write_text("name\nZoé\n", encoding="utf-8")
    assert main(["participants", "import", str(demo_folder), str(good)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read" in err and "session.json.1" in err and "facilitate restore" in err
    assert main(["restore", str(demo_folder)]) == 0
    capsys.readouterr()
    assert main(["participants", "import", str(demo_folder), str(good)]) == 0
    assert len(read_session_tables(demo_folder)["participants"]) == 31


def test_rotation_solve_reads_stdin_and_prints_a_plan() -> None:
    """`rotation solve -` prints a plan JSON whose rounds seat everyone once."""
    inst = {"people": 12, "groups": 3, "rounds": 3}
    out = run("rotation", "solve", "-", "--seconds", "2", "--seed", "1", stdin=json.dumps(inst))
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert len(plan["rounds"]) == 3
    for rnd in plan["rounds"]:
        assert sorted(p for table in rnd for p in table) == list(range(12))
    assert "seconds" in plan


def test_rotation_solve_refuses_a_bad_instance() -> None:
    """A malformed instance gives status 2 and the reason."""
    out = run("rotation", "solve", "-", stdin='{"people": 4}')
    assert out.returncode == 2 and "groups" in out.stderr
    out = run("rotation", "solve", "-", stdin="{not json")
    assert out.returncode == 2 and "invalid JSON" in out.stderr


def test_demo_no_open_creates_the_demo_and_prints_its_folder(tmp_path: Path) -> None:
    """`facilitate demo --no-open` creates a realistic session and prints its folder."""
    out = run("demo", "--no-open")
    assert out.returncode == 0, out.stderr
    folder = Path(out.stdout.strip().splitlines()[-1])
    tables = read_session_tables(folder)
    people = tables["participants"].values()
    assert 25 <= len(people) <= 40
    assert len({p["territory"] for p in people}) == 4
    assert len({p["power"] for p in people}) >= 5
    for kind in (
        "tables",
        "rounds",
        "contributions",
        "tensions",
        "proposals",
        "votes",
        "decisions",
        "actions",
        "meaning",
        "positions",
        "arguments",
        "events",
    ):
        assert tables.get(kind), f"the demo has no {kind}"
    again = run("demo", "--no-open")
    assert again.stdout.strip() == out.stdout.strip()


def test_agenda_solve_places_every_topic_without_convener_clashes() -> None:
    """`agenda solve -` prints a schedule with every topic placed and no convener twice a slot."""
    inst = {
        "slots": ["10:00", "11:30"],
        "spaces": [{"name": "Jardin", "capacity": 20}, {"name": "Salle", "capacity": 8}],
        "topics": [
            {"id": "a", "title": "Covoiturage", "convener": "Léa", "interested": ["Paul", "Inès"]},
            {"id": "b", "title": "Gares", "convener": "Léa", "interested": ["Paul"]},
            {"id": "c", "title": "Données", "convener": "Hugo", "interested": ["Inès"]},
        ],
    }
    out = run("agenda", "solve", "-", stdin=json.dumps(inst))
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    placed = {row["topic"]: row["slot"] for row in answer["schedule"]}
    assert set(placed) == {"a", "b", "c"}
    assert placed["a"] != placed["b"]  # Léa convenes both
    assert answer["conflicts"] == 0
