"""User-facing text in French and English: one catalogue per part of the program, one lookup."""

from __future__ import annotations

import locale
import os
import re
from importlib import import_module

LANGS = ("fr", "en")
_PARTS = (
    "core",
    "tui",
    "portal",
    "report",
    "reporting",
    "reliability",
    "planning",
    "importing",
    "preparing",
    "reaching",
    "running",
    "deciding",
)
_CATALOG: dict[str, dict[str, str]] | None = None


def _catalog() -> dict[str, dict[str, str]]:
    global _CATALOG
    if _CATALOG is None:
        merged: dict[str, dict[str, str]] = {}
        for part in _PARTS:
            try:
                module = import_module(f"facilitate.i18n.{part}")
            except ModuleNotFoundError:
                continue
            merged.update(module.MESSAGES)
        _CATALOG = merged
    return _CATALOG


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message `key` in `lang`, formatted with `values`; the key itself if unknown."""
    entry = _catalog().get(key)
    if entry is None:
        return key.format(**values) if values else key
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in _catalog()


def default_lang() -> str:
    """French or English, from FACILITATE_LANG, then the locale; English otherwise."""
    for var in ("FACILITATE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"


def translate(text: str, lang: str, table: list[tuple[str, str]]) -> str:
    """French for an English message built at run time: the first pattern that matches whole
    gives the French form (with the pattern's groups); English, or no match, keeps the text."""
    if lang != "fr":
        return text
    for pattern, french in table:
        match = re.fullmatch(pattern, text)
        if match:
            return match.expand(french)
    return text


def pick(values: dict[str, str], lang: str) -> str:
    """One language out of a bilingual value from a format file."""
    return values.get(lang) or values.get("en") or values.get("fr") or ""
