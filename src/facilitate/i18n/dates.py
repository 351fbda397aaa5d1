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
    return format_datetime(moment, "d MMMM y, HH:mm", locale="fr" if lang == "fr" else "en")
