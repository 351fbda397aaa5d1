"""The application service: the one place where the TUI, the portal and the CLI change a session.

Every change is validated and cleaned here, saved by the store's single writer, then applied to
the in-memory session and announced to listeners (the TUI, the portal's live state).

`SessionService` is the one class callers use; its methods live in mixins named for what they
change: `core` (the write path, the session's life), `setup` (description, participants,
tables, seating), `structure` (the café's rounds and tables before it starts), `importing`
(a participant list), `records` (contributions, tensions, proposals, actions, hiding),
`voting` (dot votes), `consent` (consent decisions), `agreement` (gradients of agreement),
`debate` (the moving debate), `meaning` (meaning answers, interests), `forum` (the open
forum's topics), `matrix` (the 2x2 grid), `statements` (the statements step), `live` (steps,
rounds, the timer's events). Beside them: `opening` (a session opened for writing, or why
not), `catalogue` (the sessions in a folder), `rotation` (the planner's input and its plan).
"""

from __future__ import annotations

import asyncio
from typing import Any

from facilitate.service.agreement import AgreementMixin
from facilitate.service.catalogue import SessionEntry, list_sessions, read_entry
from facilitate.service.core import (
    PORTAL_KINDS,
    Change,
    Listener,
    ServiceCore,
    ValidationError,
    new_token,
    session_doc,
)
from facilitate.service.debate import DebateMixin
from facilitate.service.forum import ForumMixin
from facilitate.service.importing import ImportingMixin
from facilitate.service.live import LiveMixin
from facilitate.service.matrix import MatrixMixin
from facilitate.service.meaning import MeaningMixin
from facilitate.service.records import RecordsMixin
from facilitate.service.setup import SetupMixin
from facilitate.service.statements import StatementsMixin
from facilitate.service.structure import StructureMixin
from facilitate.store import StoreError  # a change could not be saved: callers hear of it


class SessionService(
    ImportingMixin,
    SetupMixin,
    StructureMixin,
    AgreementMixin,
    MatrixMixin,
    RecordsMixin,
    DebateMixin,
    MeaningMixin,
    ForumMixin,
    StatementsMixin,
    LiveMixin,
    ServiceCore,
):
    """Validates, saves and announces every change to one session."""


def run(coro: Any) -> Any:
    """Run one service coroutine from synchronous code (the command line)."""
    return asyncio.run(coro)


__all__ = [
    "PORTAL_KINDS",
    "Change",
    "Listener",
    "ServiceCore",
    "SessionEntry",
    "SessionService",
    "StoreError",
    "ValidationError",
    "list_sessions",
    "read_entry",
    "new_token",
    "run",
    "session_doc",
]
