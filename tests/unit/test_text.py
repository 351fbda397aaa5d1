"""The sanitiser: what participants type is kept readable and made harmless."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from facilitate.domain.text import clean_name, clean_text, neutralise_formula
from facilitate.paths import make_slug, session_folder_name


def test_escape_sequences_are_removed_whole() -> None:
    """A terminal colour or title sequence leaves nothing behind."""
    assert clean_text("Bonjour\x1b[31m rouge\x1b[0m") == "Bonjour rouge"
    assert clean_text("a\x1b]0;pwned\x07b") == "ab"


def test_bidi_overrides_and_controls_are_stripped() -> None:
    """Text cannot be made to read backwards or carry invisible controls."""
    assert clean_text("abc\u202edcba\u2066x\u2069") == "abcdcbax"
    assert clean_text("a\x00b\x07c\x7f") == "abc"


def test_text_is_nfc_normalised() -> None:
    """A decomposed 'é' from a phone keyboard is stored composed."""
    assert clean_text("Cafe\u0301") == "Café"


def test_markup_is_kept_as_plain_characters() -> None:
    """Markup is not interpreted here; it is kept literally and escaped where shown."""
    assert clean_text("[/bold] <b>x</b>") == "[/bold] <b>x</b>"


def test_length_is_capped() -> None:
    """A paste of a whole document is cut to the allowed length."""
    assert len(clean_text("x" * 10_000)) == 2000
    assert len(clean_name("y" * 500)) == 80


def test_names_are_one_line() -> None:
    """A name cannot hold line breaks."""
    assert clean_name("Anne\nMarie\r\n  Dupont") == "Anne Marie Dupont"


def test_formula_cells_are_neutralised() -> None:
    """A spreadsheet never runs a cell typed by a participant."""
    for value in ("=1+1", "+33 6", "-2", "@SUM(A1)"):
        assert neutralise_formula(value).startswith("'")
    assert neutralise_formula("Idée") == "Idée"


@given(st.text())
def test_clean_text_never_leaves_dangerous_characters(value: str) -> None:
    """Whatever comes in, no control, escape or bidi override goes out, and it is NFC."""
    out = clean_text(value)
    assert unicodedata.is_normalized("NFC", out)
    for ch in out:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x1b"
    assert len(out) <= 2000


@given(st.text())
def test_clean_text_is_idempotent(value: str) -> None:
    """Cleaning twice changes nothing more."""
    once = clean_text(value)
    assert clean_text(once) == once


def test_slugs_handle_french_accents() -> None:
    """Session folders and table slugs are plain ASCII from French titles."""
    assert make_slug("Café des élus : Pays de l'Œuf") == "cafe-des-elus-pays-de-l-oeuf"
    assert make_slug("Égalité & Fraternité") == "egalite-fraternite"
    assert make_slug("!!!") == "session"
    assert (
        session_folder_name("2026-03-12", "Forum ouvert à Mâcon")
        == "2026-03-12-forum-ouvert-a-macon"
    )


def test_long_titles_cut_at_a_word() -> None:
    """A long title gives a short slug that ends on a whole word."""
    slug = make_slug(
        "Mobilités rurales partagées : premier atelier inter-territorial des quatre territoires"
    )
    assert len(slug) <= 60 and not slug.endswith("-")
