"""Counted messages of the preparation screens."""

from __future__ import annotations


def plural(key: str, n: int, lang: str) -> str:
    """`key.one` or `key.other` with {n}: French takes the singular for 0 and 1, English for 1."""
    from facilitate.i18n import t

    one = n in (0, 1) if lang == "fr" else n == 1
    return t(f"{key}.{'one' if one else 'other'}", lang, n=n)
