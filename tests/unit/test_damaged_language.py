"""A damaged session's reason reads in the user's language: the refusal of a command, the `list`
line (the TUI home's damaged mark is the same entry) and the restore report. The reason is a
message with values (store.schema, journal, storage), only the field paths stay as they are."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitate.cli import main
from facilitate.store import SessionStore
from facilitate.store.journal import encode

SLUG = "atelier"
# words of the English reasons; none may show in a French refusal (field paths are data:
# `session.1.title`, `participants.1.power` hold no such word)
ENGLISH = re.compile(
    r"\b(expected|got|is not|not one of|missing|line|invalid|operation|entry|breaks|batch|"
    r"unknown|number|text|valid session|damaged|unreadable|nothing|was|the)\b"
)
FRENCH = re.compile(r"\b(attendu|pas une|ligne|illisible|endommagée|opération|lot)\b")


def make_session(base: Path) -> Path:
    """A closed session (so `session.json.1` is a backup) with two people and a contribution."""
    folder = base / f"2026-03-12-{SLUG}"
    info = {"title": "Atelier", "slug": SLUG, "date": "2026-03-12", "format_id": "world-cafe"}
    with SessionStore.create(folder, info) as store:
        store.save_sync([["put", "participants", 1, {"name": "Ana", "power": "political"}]])
        store.save_sync([["put", "participants", 2, {"name": "Bo"}]])
    with SessionStore.open(folder) as store:
        store.save_sync([["put", "contributions", 1, {"text": "idée"}]])
    return folder


def edit(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        path = folder / "session.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return damage


def bad_journal_entry(folder: Path) -> None:
    with open(folder / "session.journal", "ab") as fh:
        fh.write(encode(99, [["put", "contributions", 4, {"text": 12}]]))
        fh.write(encode(100, [["put", "contributions", 5, {"text": "idée 5"}]]))


DAMAGES: dict[str, Callable[[Path], object]] = {
    "title is a number": edit(lambda d: d["session"]["1"].update(title=12)),
    "unknown power": edit(lambda d: d["participants"]["1"].update(power="magic")),
    "missing date": edit(lambda d: d["session"]["1"].pop("date")),
    "truncated file": lambda f: (f / "session.json").write_text('{"_meta": {"1": {'),
    "journal entry of the wrong type": bad_journal_entry,
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def reasons(text: str) -> str:
    """`text` without the paths and the command it names (data, the same in every language)."""
    return re.sub(r"(/\S+|\b[\w.\[\]]+\.\w+\b|facilitate restore \S+)", " ", text)


@pytest.mark.parametrize("case", list(DAMAGES))
def test_a_damaged_session_is_refused_wholly_in_french_and_wholly_in_english(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under FACILITATE_LANG=fr the refusal, the `list` line and the restore report hold no
    English reason word; under en, no French one."""
    for lang in ("fr", "en"):
        base = tmp_path / lang
        folder = make_session(base)
        DAMAGES[case](folder)
        monkeypatch.setenv("FACILITATE_LANG", lang)
        code, _, refusal = run(["--sessions-dir", str(base), "export", SLUG, "--to", "md"], capsys)
        assert code == 2 and refusal.startswith("facilitate: ") and "Traceback" not in refusal
        code, listed, _ = run(["--sessions-dir", str(base), "list"], capsys)
        assert code == 0 and "\t!! " in listed
        code, report, _ = run(["--sessions-dir", str(base), "restore", SLUG], capsys)
        assert code == 0
        problems = "\n".join(x for x in report.splitlines() if "(" in x or ":" in x)
        for text in (refusal, listed, problems):
            words = reasons(text)
            if lang == "fr":
                assert not ENGLISH.search(words), (ENGLISH.findall(words), text)
                assert FRENCH.search(words), text
            else:
                assert not FRENCH.search(words), (FRENCH.findall(words), text)
                assert ENGLISH.search(words), text


def test_the_french_reason_names_the_field_and_says_why_with_french_typography(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The field's path is kept as it is; the reason around it is French, with a narrow
    no-break space before the colon and inside the quotes."""
    folder = make_session(tmp_path)
    DAMAGES["title is a number"](folder)
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    _, _, err = run(["--sessions-dir", str(tmp_path), "export", SLUG], capsys)
    assert "session.1.title\u202f: du texte est attendu, pas un nombre" in err
    DAMAGES["missing date"](make_session(tmp_path / "other"))
    _, _, err = run(["--sessions-dir", str(tmp_path / "other"), "export", SLUG], capsys)
    assert "session.1\u202f: le champ «\u202fdate\u202f» manque" in err
    monkeypatch.setenv("FACILITATE_LANG", "en")
    _, _, err = run(["--sessions-dir", str(tmp_path / "other"), "export", SLUG], capsys)
    assert "session.1: 'date' is missing" in err


def test_the_restore_report_says_which_journal_line_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damaged journal entry is named by file and line, its reason worded in French."""
    folder = make_session(tmp_path)
    bad_journal_entry(folder)
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    code, out, _ = run(["--sessions-dir", str(tmp_path), "restore", SLUG], capsys)
    assert code == 0
    lines = [x for x in out.splitlines() if "session.journal\u202f:" in x]
    assert len(lines) == 1, out  # the damage found on opening and by the scan is said once
    line = lines[0]
    assert "session.journal\u202f: ligne " in line
    assert "opération 1 du lot\u202f: contributions.4.text\u202f: du texte est attendu" in line
