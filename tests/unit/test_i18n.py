"""Every message exists in French and English, with the same placeholders, for every key used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import facilitate
from facilitate.i18n import default_lang, messages, t

SRC = Path(facilitate.__file__).parent
LITERAL_KEY = re.compile(r"""(?:\bt|\.tr)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    """No screen shows a raw key or an empty line because one language was forgotten."""
    problems = []
    french, english = messages("fr"), messages("en")
    for key in french.keys() | english.keys():
        fr, en = french.get(key, ""), english.get(key, "")
        if not fr.strip() or not en.strip():
            problems.append(f"{key}: missing a language")
        elif _fields(fr) != _fields(en):
            problems.append(f"{key}: placeholders differ {_fields(fr)} / {_fields(en)}")
    assert problems == []


def test_every_key_written_in_the_code_exists() -> None:
    """Each t("...") in the program names a message of the catalogue."""
    catalog = messages("en")
    missing = []
    for path in SRC.rglob("*.py"):
        for match in LITERAL_KEY.finditer(path.read_text(encoding="utf-8")):
            key = match.group(1)
            if key not in catalog and not key.endswith("."):
                missing.append(f"{path.relative_to(SRC)}: {key}")
    assert missing == []


@pytest.mark.parametrize(
    ("env", "lang"), [("fr_FR.UTF-8", "fr"), ("en_GB.UTF-8", "en"), ("de_DE", "en")]
)
def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, env: str, lang: str) -> None:
    """Without --lang, French speakers get French and everyone else English."""
    for var in ("FACILITATE_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", env)
    assert default_lang() == lang


def test_unknown_keys_fall_back_to_the_key_and_values_fill_in() -> None:
    """A message is formatted with its values in the chosen language."""
    assert (
        t("service.no_dots_left", "fr", used=3, allowed=3)
        == "les 3 gommettes sont utilisées (3 placées)"
    )
    assert t("no.such.key", "fr") == "no.such.key"
