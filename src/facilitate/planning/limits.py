"""The largest instances the planners accept, in one place, and the checks that refuse the rest.

Every limit is refused in one line naming the field, before any heavy work, by the parsers
(`instance.parse_instance`, `agenda.parse_instance`) and again by the solvers for instances
built in code. Within these limits a solve keeps to its time budget (`--seconds`) and stays
well under 500 MB; `benchmarks/limits.py` measures it at the largest sizes.
"""

from __future__ import annotations

import math
import reprlib
from typing import Any

from facilitate.planning import InstanceError

# -- reading an instance ---------------------------------------------------------------------
# an instance file or stdin, before JSON parsing: the largest instance within the limits below
# takes about 4 MB, and 10 MB of hostile JSON (empty lists) parses to about 300 MB
MAX_INSTANCE_BYTES = 10 * 1024 * 1024
# characters in any name, label, id or title: the longest text a session holds
# (facilitate.domain.text.TEXT_MAX), so that what the TUI sends is never refused for its length
MAX_TEXT = 2_000

# -- world café rotation ---------------------------------------------------------------------
MAX_PEOPLE = 5_000
MAX_GROUPS = 1_000  # tables
MAX_ROUNDS = 100
MAX_TABLE_SIZE = MAX_PEOPLE  # one entry of table_sizes
MAX_GROUP_ENTRIES = 10_000  # entries (pairs or groups) of forbidden, of required
MAX_FORBIDDEN_PAIRS = 10_000  # forbidden pairs once groups of three or more are expanded

# -- open forum agenda -----------------------------------------------------------------------
MAX_TOPICS = 500
MAX_SLOTS = 50
MAX_SPACES = 200
MAX_CAPACITY = 100_000  # places in a space, expected attendance of a topic
MAX_INTERESTED = 5_000  # people interested in one topic
MAX_WANTS = 50_000  # people interested, summed over every topic

# -- the time budget -------------------------------------------------------------------------
MAX_SECONDS = 3_600.0

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 3, 40, 40


def shown(value: Any, width: int = 40) -> str:
    """A value as messages quote it: its repr, cut to `width` characters."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 3 * width:
            # str() of a huge int is slow (and refused past 4,300 digits): its magnitude only
            power = int((value.bit_length() - 1) * math.log10(2))
            return f"~{'-' if value < 0 else ''}10^{power}"
        text = str(value)
    else:
        # reprlib stops at a few levels and items: a deep or huge value is never walked whole
        text = _REPR.repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def at_most(field: str, value: int, limit: int) -> None:
    """Refuse a count above its limit."""
    if value > limit:
        raise InstanceError("planning.above_limit", field=field, value=shown(value), limit=limit)


def count_at_most(field: str, count: int, limit: int) -> None:
    """Refuse a list of `count` items above its limit."""
    if count > limit:
        raise InstanceError("planning.items_above_limit", field=field, count=count, limit=limit)


def items_at_most(field: str, items: Any, limit: int) -> None:
    """Refuse a list longer than its limit (anything else is left to the caller's checks)."""
    if isinstance(items, list):
        count_at_most(field, len(items), limit)


def pairs_at_most(field: str, count: int, limit: int) -> None:
    """Refuse more pairs than the limit once groups of three or more are expanded."""
    if count > limit:
        raise InstanceError(
            "planning.pairs_once_groups_expanded_above", field=field, count=count, limit=limit
        )


def text_at_most(field: str, text: str, limit: int = MAX_TEXT) -> None:
    """Refuse a name, label or title longer than MAX_TEXT characters."""
    if len(text) > limit:
        raise InstanceError(
            "planning.characters_above_limit", field=field, length=len(text), limit=limit
        )


def check_seconds(seconds: float) -> float:
    """The time budget, refused when it is not a number of seconds from 0 to MAX_SECONDS."""
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
        or not 0 <= seconds <= MAX_SECONDS
    ):
        raise InstanceError(
            "planning.seconds_expected_time_budget_from",
            most=MAX_SECONDS,
            seconds=shown(seconds),
        )
    return float(seconds)
