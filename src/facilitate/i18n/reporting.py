"""How the report writes numbers, dates, plurals and French punctuation.

French typography (Lexique des règles typographiques de l'Imprimerie nationale): a narrow
no-break space (U+202F) before ; : ! ? and a no-break space inside « »; a decimal comma; dates
as "12 mars 2026", "1er avril 2026". Counted messages are plural entries of the catalogues
(`facilitate.i18n.nt`): French takes the singular for 0 and 1, English for 1 only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

NNBSP = "\u202f"
NBSP = "\u00a0"

# a run of ; : ! ? after a word (or a closing mark), followed by a space, the end or a closing
# mark: "mot : suite", "mot: suite", "Quoi ?!"; never "11:56", "http://", "?lang=fr" or "(?)"
_BEFORE = re.compile(r"(?<=[^\s(\[«\u202f\u00a0])[ \u00a0\u202f]*([;:!?]+)(?=[\s)\]»\"'.,]|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")


_SPACES = {"none": "", "narrow no-break space": NNBSP, "no-break space": NBSP}


def space_before_marks(lang: str) -> str:
    """The space `lang`'s typography puts before ; : ! ? (French: U+202F), or "" (English):
    the catalogue's ``i18n.space_before_marks`` names it ("none", "narrow no-break space")."""
    from facilitate.i18n import t

    return _SPACES.get(t("i18n.space_before_marks", lang), "")


def typeset(text: str, lang: str) -> str:
    """`text` with the spaces `lang`'s typography wants (French; unchanged in English)."""
    if not text:
        return text
    space = space_before_marks(lang)
    if not space:
        return text
    if ":" in text or ";" in text or "!" in text or "?" in text:
        text = _BEFORE.sub(lambda m: space + m.group(1), text)
    if "«" in text or "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", _OPEN_QUOTE.sub("«" + NBSP, text))
    return text


def cldr_locale(lang: str) -> str:
    """The CLDR locale of `lang` for Babel's dates and numbers (``i18n.cldr_locale``)."""
    from facilitate.i18n import t

    return t("i18n.cldr_locale", lang)


_locale = cldr_locale


@lru_cache(maxsize=4096)
def number(value: float, lang: str, digits: int = 1) -> str:
    """12.5 -> "12,5" in French, "12.5" in English; 4996 -> "4 996" / "4,996"."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern, locale=_locale(lang))


def minutes(value: float | None, lang: str) -> str:
    """Minutes as the report writes them: "13,7 min"."""
    return "–" if value is None else f"{number(value, lang)}{NBSP}min"


def duration(value: float, lang: str) -> str:
    """A length of time: "13,7 min" under an hour, "4 h 35 min" beyond."""
    if value < 60:
        return minutes(value, lang)
    from facilitate.i18n import t

    hours, rest = divmod(round(value), 60)
    return t("report.hours_minutes", lang, hours=hours, minutes=rest)


def plural(key: str, n: float, lang: str, **values: object) -> str:
    """The counted message `key` for `n` (see `facilitate.i18n.nt`), `{n}` written as a number
    of `lang` ("4 996")."""
    from facilitate.i18n import nt

    return nt(key, round(n), lang, n=number(n, lang, 0), **values)


@lru_cache(maxsize=1024)
def day(value: str, lang: str) -> str:
    """An ISO date (or time stamp) as a reader writes it: "12 mars 2026", "1er avril 2026",
    "12 March 2026"; anything else comes back as it is."""
    try:
        when = date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value
    from babel.dates import format_date

    from facilitate.i18n import t

    pattern = t("report.date_pattern_first" if when.day == 1 else "report.date_pattern", lang)
    return format_date(when, pattern, locale=cldr_locale(lang))


def _venue_time(value: str) -> datetime | None:
    """A stored time stamp in the venue's time: an explicit offset is kept; UTC (what the
    system clock writes) becomes the laptop's local time, which is the venue's."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None or moment.utcoffset() == UTC.utcoffset(None):
        moment = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone()
    return moment


def moment(value: str, lang: str) -> str:
    """A time stamp as "12 mars 2026 à 11:56" / "12 March 2026 at 11:56"."""
    when = _venue_time(value)
    if when is None:
        return value
    from facilitate.i18n import t

    return t("report.moment", lang, day=day(when.date().isoformat(), lang), time=f"{when:%H:%M}")


def clock_time(value: str) -> str:
    """Only the time of day of a time stamp: "11:56"."""
    when = _venue_time(value)
    return f"{when:%H:%M}" if when else value


def spreadsheet_time(value: str) -> str:
    """A time stamp as spreadsheets read it ("2026-03-12 11:56"), in the venue's time."""
    when = _venue_time(value)
    return f"{when:%Y-%m-%d %H:%M}" if when else value
