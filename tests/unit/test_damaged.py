"""Damaged and foreign session files: every command answers in one line, restore says the truth."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitate.cli import main
from facilitate.demo import build_demo
from facilitate.store import CorruptSessionError, SessionStore, StoreError, read_session_tables
from facilitate.store.journal import encode

SLUG = "atelier"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo session (30 people, every kind of record), built once and checkpointed."""
    folder = tmp_path_factory.mktemp("demo") / "2026-03-12-atelier"
    asyncio.run(build_demo(folder)).close()
    return folder


@pytest.fixture
def sessions(tmp_path: Path, demo_folder: Path) -> Path:
    """A sessions folder holding a good copy of the demo, `good`, and one to damage, `atelier`."""
    base = tmp_path / "sessions"
    for name in ("2026-03-12-good", f"2026-03-12-{SLUG}"):
        shutil.copytree(demo_folder, base / name, ignore=shutil.ignore_patterns("session.lock"))
    return base


def session_file(base: Path) -> Path:
    return base / f"2026-03-12-{SLUG}" / "session.json"


def edit(base: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    path = session_file(base)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def deep(n: int) -> str:
    return "[" * n + "]" * n


# Each case writes a damaged or foreign session.json; none of them may reach a traceback.
CASES: dict[str, Callable[[Path], object]] = {
    "garbage": lambda b: session_file(b).write_bytes(b"\x00\xffgarbage\x13"),
    "empty": lambda b: session_file(b).write_bytes(b""),
    "truncated": lambda b: session_file(b).write_bytes(session_file(b).read_bytes()[:-300]),
    "newer schema": lambda b: edit(b, lambda d: d["_meta"]["1"].update(schema_version=99)),
    "schema version 'one'": lambda b: edit(
        b, lambda d: d["_meta"]["1"].update(schema_version="one")
    ),
    "participant is text": lambda b: edit(b, lambda d: d.update(participants={"1": "bob"})),
    "session is a list": lambda b: edit(b, lambda d: d.update(session={"1": [1, 2]})),
    "title is a number": lambda b: edit(b, lambda d: d["session"]["1"].update(title=12)),
    "steps is text": lambda b: edit(b, lambda d: d["session"]["1"].update(steps="all")),
    "unknown step kind": lambda b: edit(
        b, lambda d: d["session"]["1"]["steps"][0].update(kind="x")
    ),
    "rounds setting is text": lambda b: edit(
        b,
        lambda d: next(s for s in d["session"]["1"]["steps"] if s["kind"] == "rounds")[
            "settings"
        ].update(rounds="four"),
    ),
    "unknown power": lambda b: edit(b, lambda d: d["participants"]["1"].update(power="magic")),
    "record id not a number": lambda b: edit(b, lambda d: d["tensions"].update(x={"about": "a"})),
    "event data nested deep": lambda b: edit(
        b, lambda d: d["events"]["1"].update(data=json.loads(deep(200)))
    ),
    "round of no step": lambda b: edit(b, lambda d: d["rounds"]["1"].update(step="nowhere")),
    "nesting 10^5 deep": lambda b: session_file(b).write_text(
        '{"_meta": {"1": {"schema_version": 1}}, "session": {"1": ' + deep(100_000) + "}}"
    ),
    "5,000-digit integer": lambda b: session_file(b).write_text(
        session_file(b).read_text().replace('"dots":', '"dots":' + "9" * 5000 + ',"x":', 1)
    ),
    "4,000-digit integer": lambda b: edit(b, lambda d: d["votes"]["1"].update(dots=10**4000)),
    "vote dots a float": lambda b: edit(b, lambda d: d["votes"]["1"].update(dots=1.5)),
}


def one_line_refusal(err: str) -> None:
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("facilitate: ")


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_refuses_a_damaged_session_in_one_line(
    case: str, sessions: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """export, cards, serve and participants import say "damaged" once; list shows the others."""
    CASES[case](sessions)
    before = session_file(sessions).read_bytes()
    base = ["--sessions-dir", str(sessions), "--lang", "en"]
    csv = tmp_path / "people.csv"
    csv.write_text("nom;structure\nAna;CC\n", encoding="utf-8")
    for command in (
        ["export", SLUG, "--to", "md,csv,json", "--out", str(tmp_path / "out")],
        ["cards", SLUG, "--out", str(tmp_path / "cards"), "--base-url", "http://x"],
        ["serve", SLUG, "--port", "0"],
        ["participants", "import", SLUG, str(csv)],
    ):
        assert main(base + command) == 2, command
        err = capsys.readouterr().err
        one_line_refusal(err)
        assert ("newer" in err) if case == "newer schema" else ("restore" in err or "backup" in err)
    assert main(base + ["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(x.startswith("2026-03-12-good\tMobilités") for x in out)
    assert any(x.startswith(f"2026-03-12-{SLUG}\t!! ") for x in out)
    assert session_file(sessions).read_bytes() == before  # left as it was found
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_damaged_sessions_are_named_in_french(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal and the restore hint read in French with --lang fr."""
    CASES["title is a number"](sessions)
    assert main(["--sessions-dir", str(sessions), "--lang", "fr", "export", SLUG]) == 2
    err = capsys.readouterr().err
    one_line_refusal(err)
    assert "illisible" in err and "facilitate restore" in err


def test_restore_rebuilds_a_damaged_file_from_the_backup_and_its_journal(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restore starts from the newest good backup, replays its journal, keeps the damaged file."""
    folder = session_file(sessions).parent
    good = read_session_tables(folder)
    CASES["participant is text"](sessions)
    assert main(["--sessions-dir", str(sessions), "--lang", "en", "restore", SLUG]) == 0
    out = capsys.readouterr().out
    assert "rebuilt" in out and "session.json.1" in out and "no journal entry was left out" in out
    again = read_session_tables(folder)
    assert again["participants"] == good["participants"]
    assert again["contributions"] == good["contributions"]
    kept = list(folder.glob("session.json.damaged-*"))
    assert len(kept) == 1 and b'"bob"' in kept[0].read_bytes()


def test_restore_on_a_sound_session_changes_nothing(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restore never claims a repair it did not make."""
    folder = session_file(sessions).parent
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "session.lock"}
    assert main(["--sessions-dir", str(sessions), "--lang", "en", "restore", SLUG]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "session.lock"} == before


def test_restore_names_the_process_that_holds_the_session(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session open elsewhere is not 'without backup': the lock's holder is named."""
    folder = session_file(sessions).parent
    with SessionStore.open(folder):
        assert main(["--sessions-dir", str(sessions), "--lang", "en", "restore", SLUG]) == 2
    err = capsys.readouterr().err
    one_line_refusal(err)
    assert f"pid {os.getpid()}" in err and "another process" in err


# -- the journal -------------------------------------------------------------------------------


def journal_session(tmp_path: Path, entries: int = 3) -> Path:
    """A session whose last `entries` contributions are only in the journal."""
    folder = tmp_path / "j"
    info = {"title": "J", "slug": "j", "date": "2026-03-12", "format_id": "world-cafe"}
    store = SessionStore.create(folder, info, checkpoint_every=10_000)
    for i in range(1, entries + 1):
        store.save_sync([["put", "contributions", i, {"text": f"idée {i}"}]])
    store._lock.release()  # as if the process died: no closing snapshot
    return folder


def test_a_journal_cut_at_any_byte_of_its_last_entry_loses_only_that_entry(
    tmp_path: Path,
) -> None:
    """Truncated anywhere in the last line (never acknowledged), the session opens with the rest."""
    folder = journal_session(tmp_path)
    journal = folder / "session.journal"
    whole = journal.read_bytes()
    start = whole.rstrip(b"\n").rfind(b"\n") + 1
    for cut in range(start, len(whole) + 1):
        journal.write_bytes(whole[:cut])
        tables = read_session_tables(folder)
        expected = ["1", "2", "3"] if cut == len(whole) else ["1", "2"]
        assert sorted(tables.get("contributions", {})) == expected, cut
    with SessionStore.open(folder) as store:  # and the writer goes on after the cut
        store.save_sync([["put", "contributions", 4, {"text": "idée 4"}]])
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    "op",
    [
        ["zap", "contributions", 4, {"text": "x"}],  # unknown operation
        ["put", "contributions", 4],  # truncated operation
        ["put", "contributions", 4, {"text": 12}],  # wrong type
        ["put", "participants", "x", {"name": "Ana"}],  # bad id
        ["del", "session", 1],
    ],
    ids=["unknown", "truncated", "wrong-type", "bad-id", "delete-session"],
)
def test_a_valid_checksum_over_a_bad_entry_is_damage_that_restore_drops(
    op: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Commands refuse it with the restore hint; restore keeps the good prefix, says it dropped 2."""
    folder = journal_session(tmp_path)
    with open(folder / "session.journal", "ab") as fh:
        fh.write(encode(4, [op]))
        fh.write(encode(5, [["put", "contributions", 5, {"text": "idée 5"}]]))
    with pytest.raises(CorruptSessionError) as info:
        read_session_tables(folder)
    assert "line 4" in info.value.why.text("en")
    assert "ligne 4\u202f:" in info.value.why.text("fr")
    assert main(["--lang", "en", "export", str(folder), "--to", "md"]) == 2
    err = capsys.readouterr().err
    one_line_refusal(err)
    assert "facilitate restore" in err
    assert main(["--lang", "en", "restore", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "plus 3 journal entries" in out and "left out 2" in out and "line 4" in out
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "2", "3"]
    assert main(["--lang", "en", "restore", str(folder)]) == 0
    assert "nothing was changed" in capsys.readouterr().out


def test_a_refused_batch_never_takes_a_sequence_number(tmp_path: Path) -> None:
    """A batch the schema refuses writes nothing; the next one follows on, and all reload."""
    folder = journal_session(tmp_path, entries=1)
    with SessionStore.open(folder) as store:
        with pytest.raises(StoreError, match="refused"):
            store.save_sync([["put", "contributions", 2, {"text": ["not", "text"]}]])
        seq = store.seq
        store.save_sync([["put", "contributions", 3, {"text": "idée 3"}]])
        assert store.seq == seq + 1
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "3"]


def test_orphan_temporary_files_are_removed_at_the_next_open(tmp_path: Path) -> None:
    """A crash mid-snapshot leaves `.session.json.tmp-<pid>`; opening the session removes it."""
    folder = journal_session(tmp_path, entries=1)
    orphan = folder / ".session.json.tmp-99999"
    orphan.write_bytes(b"{half")
    SessionStore.open(folder).close()
    assert not orphan.exists()


# -- I/O failures ----------------------------------------------------------------------------


def test_a_read_only_folder_is_one_line(
    sessions: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """new, import and restore on a read-only file system say so, in one line, and change nothing."""
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    csv = tmp_path / "people.csv"
    csv.write_text("nom;structure\nAna;CC\n", encoding="utf-8")
    before = session_file(sessions).read_bytes()
    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr("builtins.open", _read_only_builtin_open(open))
    base = ["--sessions-dir", str(sessions), "--lang", "fr"]
    for command in (
        ["new", "Atelier 2", "--format", "world-cafe", "--date", "2026-04-02"],
        ["participants", "import", SLUG, str(csv)],
        ["restore", SLUG],
        ["serve", SLUG, "--port", "0"],
    ):
        assert main(base + command) == 2, command
        err = capsys.readouterr().err
        one_line_refusal(err)
        assert "lecture seule" in err
    monkeypatch.undo()
    assert session_file(sessions).read_bytes() == before
    assert not (sessions / "2026-04-02-atelier-2").exists() or not list(
        (sessions / "2026-04-02-atelier-2").glob("session.json")
    )


def _read_only_builtin_open(real: Callable[..., Any]) -> Callable[..., Any]:
    def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(m in mode for m in "wax+"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real(file, mode, *args, **kwargs)

    return opener


def test_a_full_disk_at_closing_keeps_everything_in_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM on a full disk: the closing snapshot fails quietly, the journal holds every change."""
    folder = journal_session(tmp_path, entries=2)
    store = SessionStore.open(folder)
    store.save_sync([["put", "contributions", 3, {"text": "idée 3"}]])

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("facilitate.store.storage.write_atomic", full)
    monkeypatch.setattr("facilitate.store.store.AtomicJSONStorage.write", full)
    store.close()  # no exception
    monkeypatch.undo()
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "2", "3"]


# -- fuzzed session files ----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@pytest.fixture(scope="module")
def small_session(tmp_path_factory: pytest.TempPathFactory, demo_folder: Path) -> dict[str, Any]:
    tables = read_session_tables(demo_folder)
    keep = {"_meta", "session"}
    return {k: (v if k in keep else dict(list(v.items())[:3])) for k, v in tables.items()}


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_mutation_is_loaded_or_refused_never_a_crash(
    data: st.DataObject, small_session: dict[str, Any], tmp_path: Path
) -> None:
    """A session file with one value replaced anywhere is either refused as damaged, or read,
    exported to Markdown and CSV, and listed, without an exception."""
    tables = json.loads(json.dumps(small_session))
    paths = _paths(tables)[1:]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(json_values)
    target = tables
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / "session.json").write_text(json.dumps(tables), encoding="utf-8")
    from facilitate.exporters import export_session

    try:
        read_session_tables(folder)
    except CorruptSessionError:
        return
    except Exception as exc:  # the newer-schema refusal is the only other answer
        assert type(exc).__name__ == "NewerSchemaError", exc
        return
    export_session(folder, folder / "out", ["md", "csv", "json"])
