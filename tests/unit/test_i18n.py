"""The gettext catalogues: every message in every language, the same placeholders, complete
plural forms, every key the code and the templates use present, compiled on first use."""

from __future__ import annotations

import os
import re
import string
import time
from pathlib import Path

import pytest

from facilitate import i18n
from facilitate.i18n import (
    LOCALE_DIR,
    default_lang,
    messages,
    nt,
    pt,
    read_catalogue,
    t,
)
from facilitate.i18n.extract import extracted, missing

LANGS = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/facilitate.po"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogues_are_po_files_french_first() -> None:
    """French and English are `.po` files; a third language would be one more."""
    assert {"fr", "en"} <= set(LANGS)
    assert (LOCALE_DIR / "fr" / "LC_MESSAGES" / "facilitate.po").is_file()
    assert read_catalogue("fr").plural_forms == "nplurals=2; plural=(n > 1);"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_every_language_with_the_same_placeholders(lang: str) -> None:
    """No screen shows a raw key or an empty line because one language was forgotten, and a
    translation names the same `{values}` as the English text."""
    english, other = messages("en"), messages(lang)
    problems = [f"{key}: only in {lang}" for key in other.keys() - english.keys()]
    problems += [f"{key}: missing in {lang}" for key in english.keys() - other.keys()]
    for key in english.keys() & other.keys():
        forms, reference = other[key], english[key]
        if len(forms) != len(reference) or not all(f.strip() for f in forms):
            problems.append(f"{key}: {len(forms)} forms in {lang}, {len(reference)} in en")
        elif set().union(*map(_fields, forms)) != set().union(*map(_fields, reference)):
            problems.append(f"{key}: placeholders differ {forms} / {reference}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_plural_entries_have_every_form_of_the_language(lang: str) -> None:
    """A counted message has as many forms as the language's Plural-Forms header says."""
    catalog = read_catalogue(lang)
    for message in catalog:
        if message.id and message.pluralizable:
            forms = tuple(message.string or ())
            assert len(forms) == catalog.num_plurals, message.id
            assert all(form.strip() for form in forms), message.id


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_written_in_the_code_and_templates_exists(lang: str) -> None:
    """Each literal key of t / tr / nt / plural / pt in the program and its Jinja templates
    (Babel extraction) is a message of the catalogue, counted where the code counts."""
    assert missing(lang) == []


def test_the_extraction_sees_python_templates_and_conditional_keys() -> None:
    """The extraction is not vacuous: templates, counted messages and both branches of a
    conditional key are found."""
    found = {(key, counted) for key, _context, counted, _where in extracted()}
    assert ("cards.host", False) in found  # printables/templates/cards.html
    assert ("report.n_votes", True) in found
    assert {("portal.session_over", False), ("portal.closed", False)} <= found


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (0, "0 participant ajouté", "0 participants added"),
        (1, "1 participant ajouté", "1 participant added"),
        (2, "2 participants ajoutés", "2 participants added"),
    ],
)
def test_counted_messages_follow_each_language(n: int, fr: str, en: str) -> None:
    """French takes the singular for 0 and 1, English for 1 only (ngettext)."""
    assert nt("import.added", n, "fr", count=n) == fr
    assert nt("import.added", n, "en", count=n) == en


def test_a_context_gives_a_status_its_agreement() -> None:
    """One status key, worded for what it qualifies (pgettext): French agrees in gender."""
    assert pt("proposal", "status.adopted", "fr") == "adoptée"
    assert pt("tension", "status.resolved", "fr") == "résolue"  # the report: « une tension »
    assert pt("disagreement", "status.resolved", "fr") == "résolu"  # screens: « un désaccord »
    assert pt("proposal", "status.adopted", "en") == "adopted"


def test_a_po_edit_is_compiled_on_next_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh clone has no `.mo`: the first lookup compiles it; an edited `.po` (newer than
    its `.mo`) is compiled again, so a stale binary never serves."""
    for lang in ("fr", "en"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "facilitate.po").write_bytes(
            (LOCALE_DIR / lang / "LC_MESSAGES" / "facilitate.po").read_bytes()
        )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        assert t("power.political", "fr") == "politique"
        mo = tmp_path / "fr" / "LC_MESSAGES" / "facilitate.mo"
        assert mo.is_file()
        po = mo.with_suffix(".po")
        po.write_text(
            po.read_text(encoding="utf-8").replace('msgstr "politique"', 'msgstr "politique !"'),
            encoding="utf-8",
        )
        later = time.time_ns() + 1_000_000_000
        os.utime(po, ns=(later, later))
        i18n.translation.cache_clear()
        assert t("power.political", "fr") == "politique !"
    finally:
        i18n.translation.cache_clear()


def test_no_catalogue_in_python_and_no_language_tested_in_the_code() -> None:
    """The .po files are the only catalogues: no MESSAGES dict, no English-to-French pattern
    table, no `lang == "fr"` deciding a wording (what differs by language is a message)."""
    src = LOCALE_DIR.parent
    problems = []
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(src)
        if re.search(r"^_?MESSAGES\b.*[:=]", text, re.MULTILINE):
            problems.append(f"{where}: a Python catalogue")
        if re.search(r"\blang\s*[!=]=\s*[\"']fr[\"']", text):
            problems.append(f"{where}: lang tested against 'fr'")
        if re.search(r"^FRENCH\b", text, re.MULTILINE):
            problems.append(f"{where}: a table of French patterns")
    assert problems == []


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
        nt("service.no_dots_left", 3, "fr", used=3, allowed=3)
        == "les 3 gommettes sont utilisées (3 placées)"
    )
    assert t("no.such.key", "fr") == "no.such.key"
    assert t("power.political", "de") == "political"  # a language without catalogue: English
