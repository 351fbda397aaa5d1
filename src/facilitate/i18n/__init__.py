"""User-facing text in French and English, from gettext catalogues (one `.po` file a language).

Catalogues: ``src/facilitate/locale/<lang>/LC_MESSAGES/facilitate.po``. The msgid is a stable
key (``"tui.vote.title"``), the msgstr the text in that language, with ``{name}`` placeholders
filled by ``str.format``; the English ``.po`` carries the English text.

Adding a message: append an entry at the end of *both* ``fr`` and ``en`` files::

    msgid "cards.host"
    msgstr "Hôte : {name}"

and call ``t("cards.host", lang, name=...)``. Same placeholders in every language.
French typography: a narrow no-break space (U+202F) before ; : ! ? and inside « », decimal
comma, "12 mars 2026".

Compiled catalogues (``.mo``) are built by the wheel's build hook and, in a source tree, at first
use whenever the ``.mo`` is missing or older than its ``.po``: edit the ``.po``, run, done. The
``.mo`` files are never committed.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import re
import tempfile
from functools import cache
from pathlib import Path

LANGS = ("fr", "en")
DOMAIN = "facilitate"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po: Path, lang: str) -> bytes:
    """The `.mo` bytes of one `.po` file (Babel's reader and writer)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _load(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`: the `.mo` beside the `.po` when it is up to date,
    otherwise compiled now (and written back for the next run when the folder is writable)."""
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    try:
        fresh = mo.stat().st_mtime_ns >= po.stat().st_mtime_ns
    except FileNotFoundError:
        fresh = mo.exists() and not po.exists()
    if fresh:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if not po.exists():
        return gettext.NullTranslations()
    data = compile_po(po, lang)
    try:
        with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo.tmp", delete=False) as out:
            out.write(data)
        os.replace(out.name, mo)
    except OSError:
        pass  # a read-only install: the catalogue compiled in memory serves this run
    return gettext.GNUTranslations(io.BytesIO(data))


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`, falling back to English, then to the key itself."""
    english = _load("en")
    if lang == "en" or lang not in LANGS:
        return english
    chosen = _load(lang)
    chosen.add_fallback(english)
    return chosen


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message `key` in `lang`, formatted with `values`; the key itself if unknown."""
    text = translation(lang).gettext(key)
    return text.format(**values) if values else text


def messages(lang: str) -> dict[str, str]:
    """Every message of `lang` as its `.po` file has it (for checks and tools; `t` reads the
    compiled catalogue)."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in catalog if m.id}


def has(key: str) -> bool:
    """Whether `key` is a message of the catalogues."""
    return translation("en").gettext(key) != key


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
