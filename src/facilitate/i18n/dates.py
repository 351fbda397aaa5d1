"""Dates and times as each language writes them ("12 mars 2026, 21:42"), through Babel's CLDR data."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime


def when(value: str, lang: str) -> str:
    """An ISO time stamp (as the store writes them, in UTC) in local time, in words; the text
    itself when it is not a time stamp."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    from facilitate.i18n import t
    from facilitate.i18n.reporting import cldr_locale

    return format_datetime(moment, t("i18n.date_time", lang), locale=cldr_locale(lang))
