"""Opening a session for writing (the service on its store, locked), with one clear translated
line when it cannot be opened: locked by another program, damaged, or from a newer version."""

from __future__ import annotations

from pathlib import Path

from facilitate.domain.clock import Clock
from facilitate.i18n import t
from facilitate.i18n.dates import when
from facilitate.service import SessionService
from facilitate.store import (
    SCHEMA_VERSION,
    CorruptSessionError,
    NewerSchemaError,
    SessionLockedError,
)

# What the store raises when it will not read a session: callers above the service catch these
# and word them with refusal_text (the TUI and the portal never import the store).
REFUSALS: tuple[type[Exception], ...] = (SessionLockedError, CorruptSessionError, NewerSchemaError)


class OpenRefused(Exception):
    """The session cannot be opened now; `str()` says why and what to do, in the user's language."""


def refusal_text(exc: Exception, folder: Path, lang: str) -> str:
    """The message for a store's refusal to open `folder` (locked, damaged, too new)."""
    if isinstance(exc, SessionLockedError):
        return t(
            "store.locked",
            lang,
            path=folder,
            pid=exc.holder.get("pid", "?"),
            host=exc.holder.get("host", "?"),
            since=exc.holder.get("since", "?"),
        )
    if isinstance(exc, CorruptSessionError):
        text = t("store.corrupt", lang, path=exc.path, why=exc.why.text(lang))
        if exc.path.name != "session.json":  # the journal: the snapshot and its good prefix remain
            return text + " " + t("store.restore_hint", lang, session=folder)
        if exc.backup is None:
            return text + " " + t("store.no_backup", lang)
        return (
            text
            + " "
            + t(
                "store.backup_offer",
                lang,
                backup=exc.backup.path,
                records=exc.backup.records,
                when=when(exc.backup.saved_at, lang),
                session=folder,
            )
        )
    if isinstance(exc, NewerSchemaError):
        return t("store.newer_schema", lang, path=exc.path, found=exc.found, known=SCHEMA_VERSION)
    return str(exc)


def open_session(folder: Path, *, lang: str, clock: Clock | None = None) -> SessionService:
    """Open `folder` through the service, or raise OpenRefused with the reason."""
    try:
        return SessionService.open(Path(folder), clock=clock)
    except (SessionLockedError, CorruptSessionError, NewerSchemaError) as exc:
        raise OpenRefused(refusal_text(exc, Path(folder), lang)) from exc
