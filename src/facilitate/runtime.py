"""Keep the garbage collector off the event loop's back during a long live session."""

from __future__ import annotations

import gc

_held = 0


def hold_long_lived() -> None:
    """Collect once, then move every object alive now out of the collector's reach.

    The session's records and the screens live for hours; without this, each full collection
    walks all of them in one go and the event loop (timer, phones) stalls for tens of ms.
    """
    global _held
    gc.collect()
    gc.freeze()
    _held += 1


def release_long_lived() -> None:
    """Undo `hold_long_lived` when the session is left, so its objects can be freed."""
    global _held
    if _held:
        _held -= 1
        if not _held:
            gc.unfreeze()
