"""The sessions in a folder, read without opening them: for the home screen, `list` and set-up.

A damaged or too new session is an entry with its one-line problem (in the user's language),
never an exception, so one bad folder never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitate.domain.records import SessionInfo
from facilitate.domain.session import Session
from facilitate.domain.timeline import LiveState, rebuild
from facilitate.i18n import t
from facilitate.paths import list_session_folders
from facilitate.store import CorruptSessionError, NewerSchemaError, read_session_tables


@dataclass(frozen=True)
class SessionEntry:
    """One session folder: its description and where it stands, or why it cannot be read."""

    folder: Path
    info: SessionInfo | None = None
    people: int = 0
    live: LiveState | None = None
    problem: str = ""


def read_entry(folder: Path, *, lang: str, now: datetime | None = None) -> SessionEntry:
    """The session in `folder` as saved; `live` is rebuilt at `now` when given."""
    try:
        tables = read_session_tables(folder)
    except CorruptSessionError as exc:
        why = t("store.damaged_listed", lang, why=exc.why.text(lang), name=folder.name)
        return SessionEntry(folder, problem=why)
    except NewerSchemaError as exc:
        return SessionEntry(folder, problem=t("store.newer_listed", lang, found=exc.found))
    except OSError as exc:
        path = exc.filename if exc.filename is not None else folder
        why = exc.strerror or str(exc) or type(exc).__name__
        return SessionEntry(folder, problem=t("io.read_failed", lang, path=path, why=why))
    info = SessionInfo.from_dict(tables["session"]["1"])
    live = None
    if now is not None:
        live = rebuild(info, Session.from_tables(info, tables).events, now)
    return SessionEntry(folder, info, len(tables.get("participants", {})), live)


def list_sessions(base: Path, *, lang: str, now: datetime | None = None) -> list[SessionEntry]:
    """Every session under `base`, readable or not, by folder name."""
    return [read_entry(folder, lang=lang, now=now) for folder in list_session_folders(base)]
