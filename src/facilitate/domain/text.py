"""Cleaning of text typed by participants and facilitators, applied once when it comes in."""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences (CSI, OSC...) are removed whole so nothing of them can drive a terminal.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])?")
# Bidi embeddings, overrides and isolates can make text read backwards (Trojan Source).
_BIDI = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"), None
)

TEXT_MAX = 2000
NAME_MAX = 80


def clean_text(value: object, *, max_len: int = TEXT_MAX, multiline: bool = True) -> str:
    """NFC-normalise, strip control/escape/bidi-override characters, trim, cap the length."""
    if value is None:
        return ""
    text = str(value)
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_BIDI)
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append("\n" if multiline else " ")
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co") or ch in "\u2028\u2029":
            continue
        kept.append(ch)
    text = "".join(kept)
    if multiline:
        text = re.sub(r"\n{3,}", "\n\n", text)
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    else:
        text = re.sub(r" {2,}", " ", text)
    text = text.strip()
    if len(text) > max_len:
        text = text[:max_len].rstrip()
    return text


def clean_name(value: object) -> str:
    """A short one-line label: a participant's name, a structure, a territory."""
    return clean_text(value, max_len=NAME_MAX, multiline=False)


def fold(value: str) -> str:
    """Lowercase, without accents or surrounding spaces, for comparing names: 'Lefèvre ' -> 'lefevre'."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def neutralise_formula(cell: str) -> str:
    """Make a spreadsheet treat a cell as text when it would start a formula."""
    if cell and cell[0] in "=+-@\t\r":
        return "'" + cell
    return cell
