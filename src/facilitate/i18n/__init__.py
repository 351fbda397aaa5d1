"""User-facing text in French and English, from gettext catalogues (one `.po` file a language).

Catalogues: ``src/facilitate/locale/<lang>/LC_MESSAGES/facilitate.po``. The msgid is a stable
key (``"tui.vote.title"``), the msgstr the text in that language, with ``{name}`` placeholders
filled by ``str.format``; the English ``.po`` carries the English text. Lookups:

- ``t(key, lang, **values)``: a message (``gettext``);
- ``nt(key, n, lang, **values)``: a counted message, the form `lang` takes for `n`
  (``ngettext``; French: 0 and 1 singular, English: 1 only); ``{n}`` is filled with `n`;
- ``pt(context, key, lang, **values)``: a message in a context (``pgettext``), where the same
  word needs another agreement: ``pt("proposal", "status.adopted", lang)`` is "adoptée",
  ``pt("disagreement", "status.open", lang)`` "ouvert";
- in Jinja templates, ``tr(key, **values)`` and ``ntr(key, n, **values)`` (the portal's pages);
- ``Message(key, **values)`` and ``Counted(key, n, **values)``: a message worded later (a value
  may be a Message itself: "{n} people but only {seats}"), what errors carry:
  ``LocalisedError(Message(...))``, ``ValidationError(key, **values)`` or
  ``InstanceError(key, **values)``, worded where shown with ``message(lang)``.

Adding a message: append an entry at the end of *both* the ``fr`` and ``en`` files, the same
placeholders in every language (tests/unit/test_i18n.py checks)::

    msgid "cards.host"
    msgstr "Hôte : {name}"

    msgid "report.n_votes"
    msgid_plural "report.n_votes"
    msgstr[0] "{n} vote"
    msgstr[1] "{n} votes"

    msgctxt "proposal"
    msgid "status.adopted"
    msgstr "adoptée"

(a counted message: the key twice, one ``msgstr[i]`` per plural form of the language's
``Plural-Forms`` header). French typography: a narrow no-break space (U+202F) before ; : ! ?
and inside « », decimal comma, "12 mars 2026". Never a French text derived from the English
one by pattern, never a language compared with "fr" in the code: what differs is a message
(``i18n.cldr_locale``, ``i18n.space_before_marks``, ``report.date_pattern``...).

Adding a language: copy ``en/LC_MESSAGES/facilitate.po`` to ``<lang>/LC_MESSAGES/``, set its
``Language`` and ``Plural-Forms`` header, translate every msgstr; missing ones fall back to
English. ``python -m facilitate.i18n.extract`` writes the ``.pot`` template (Babel extraction
from the Python code and the Jinja templates, ``babel.cfg``) and lists keys a ``.po`` lacks.

Compiled catalogues (``.mo``) are built by the wheel's build hook (``hatch_build.py``) and, in
a source tree or an editable install, at first use whenever the ``.mo`` is missing or older
than its ``.po``: edit the ``.po``, run, done. The ``.mo`` files are never committed.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "facilitate"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# the languages with a catalogue: French first, English, then any other (a third is a file)
LANGS: tuple[str, ...] = tuple(
    sorted(
        {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
        | {"fr", "en"},
        key=lambda lang: ({"fr": 0, "en": 1}.get(lang, 2), lang),
    )
)


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    """The catalogue source of `lang` (`domain` "argparse" holds argparse's own words)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(lang: str, domain: str = DOMAIN) -> Catalog:
    """The `.po` file of `lang` as Babel reads it (for checks and tools; `t` reads the `.mo`)."""
    from babel.messages.pofile import read_po

    with po_path(lang, domain).open("rb") as source:
        return read_po(source, locale=lang, domain=domain)


def compile_po(lang: str, domain: str = DOMAIN) -> bytes:
    """The `.mo` bytes of one `.po` file (Babel's writer)."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, read_catalogue(lang, domain))
    return out.getvalue()


def ensure_compiled(lang: str, domain: str = DOMAIN) -> bytes | None:
    """Compile `lang`'s catalogue when its `.mo` is missing or older than the `.po`, writing the
    `.mo` back when the folder is writable; the fresh bytes, or None when the `.mo` on disk is
    up to date (or there is no catalogue)."""
    po = po_path(lang, domain)
    mo = po.with_suffix(".mo")
    try:
        if mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            return None
    except FileNotFoundError:
        if not po.exists():
            return None
    data = compile_po(lang, domain)
    try:
        with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo.tmp", delete=False) as out:
            out.write(data)
        os.replace(out.name, mo)
    except OSError:
        pass  # a read-only install: the catalogue compiled in memory serves this run
    return data


def _load(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (compiled first if needed); empty if there is none."""
    data = ensure_compiled(lang, domain)
    if data is not None:
        return gettext.GNUTranslations(io.BytesIO(data))
    mo = po_path(lang, domain).with_suffix(".mo")
    if not mo.exists():
        return gettext.NullTranslations()
    with mo.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`, falling back to English, then to the key itself."""
    english = _load("en")
    if lang == "en" or not po_path(lang).exists():
        return english
    chosen = _load(lang)
    chosen.add_fallback(english)
    return chosen


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message `key` in `lang`, formatted with `values`; the key itself if unknown."""
    text = translation(lang).gettext(key)
    return text.format(**values) if values else text


def nt(key: str, n: int, lang: str = "en", /, **values: object) -> str:
    """The counted message `key` in the form `lang` takes for `n` (ngettext: French "0 vote",
    "1 vote", "2 votes"; English "0 votes", "1 vote"), with `{n}` (unless `values` gives it
    already written, e.g. "4 996") and `values` filled in."""
    text = translation(lang).ngettext(key, key, n)
    values.setdefault("n", n)
    return text.format(**values)


def pt(context: str, key: str, lang: str = "en", /, **values: object) -> str:
    """The message `key` in `context` (pgettext): one key, a wording per context, e.g. a
    status said of a proposal (feminine in French) or of a disagreement (masculine)."""
    text = translation(lang).pgettext(context, key)
    return text.format(**values) if values else text


class Message:
    """A message worded later, in the reader's language: a key and its values (a value may be a
    Message itself). What an error carries instead of an English sentence: the edge that shows
    it calls `text(lang)`; rewording the English never loses the French."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.key, self.values = key, values

    def _values(self, lang: str) -> dict[str, object]:
        return {k: v.text(lang) if isinstance(v, Message) else v for k, v in self.values.items()}

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self._values(lang))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, **{self.values!r})"


class Counted(Message):
    """A counted message worded later (`nt`): "1 question", "4 questions"."""

    def __init__(self, key: str, n: int, /, **values: object) -> None:
        super().__init__(key, **values)
        self.n = n

    def text(self, lang: str) -> str:
        return nt(self.key, self.n, lang, **self._values(lang))


class LocalisedError(ValueError):
    """An error raised with a message key and values, worded where it is shown: `message(lang)`
    in the user's language; `str()` is the English text (logs, tests)."""

    def __init__(self, why: Message) -> None:
        self.why = why
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return self.why.text(lang)


def messages(lang: str) -> dict[str, tuple[str, ...]]:
    """Every message of `lang`'s `.po` file: key (``"context|key"`` with a context) -> its
    forms (one text, or one per plural form)."""
    out: dict[str, tuple[str, ...]] = {}
    for message in read_catalogue(lang):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        out[f"{message.context}|{key}" if message.context else key] = tuple(map(str, forms))
    return out


def has(key: str) -> bool:
    """Whether `key` is a (plain) message of the catalogues."""
    return translation("en").gettext(key) != key


@contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "options", "show this help message and exit", its error
    messages) in `lang` while the block runs. argparse looks them up with `gettext.gettext`, in
    the current text domain (the CPython argparse howto, "How to translate the argparse
    output"): the block binds the domain "argparse" to ``locale/<lang>/LC_MESSAGES/argparse.po``
    (compiled like the others), makes it current and names `lang` first in ``LANGUAGE``, the
    variable gettext reads first; all three are put back afterwards."""
    ensure_compiled(lang, "argparse")
    domain, folder = gettext.textdomain(), gettext.bindtextdomain("argparse")
    language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain("argparse", str(LOCALE_DIR))
    gettext.textdomain("argparse")
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(domain)
        gettext.bindtextdomain("argparse", folder)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


def default_lang() -> str:
    """French or English, from FACILITATE_LANG, then the locale; English otherwise."""
    for var in ("FACILITATE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return _known(value)
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return _known(loc)


def _known(value: str) -> str:
    """The language of LANGS a locale name ("fr_FR.UTF-8") starts with; English otherwise."""
    value = value.lower()
    return next((lang for lang in LANGS if value.startswith(lang)), "en")


def pick(values: dict[str, str], lang: str) -> str:
    """One language out of a bilingual value from a format file."""
    return values.get(lang) or values.get("en") or values.get("fr") or ""
