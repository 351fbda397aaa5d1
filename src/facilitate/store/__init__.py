"""Persistence of a session folder: TinyDB file, journal, backups, lock, single writer."""

from facilitate.store.lock import SessionLockedError
from facilitate.store.store import (
    SCHEMA_VERSION,
    BackupInfo,
    CorruptSessionError,
    NewerSchemaError,
    RestoreReport,
    SessionStore,
    StoreError,
    newest_good_backup,
    read_session,
    read_session_tables,
    read_snapshot,
    restore,
)

__all__ = [
    "SCHEMA_VERSION",
    "BackupInfo",
    "CorruptSessionError",
    "NewerSchemaError",
    "SessionLockedError",
    "SessionStore",
    "StoreError",
    "newest_good_backup",
    "read_session",
    "read_session_tables",
    "RestoreReport",
    "read_snapshot",
    "restore",
]
