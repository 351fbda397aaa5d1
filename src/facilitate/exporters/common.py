"""What every exporter shares: atomic file writes and loading a session without locking it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from facilitate.domain.records import SessionInfo
from facilitate.domain.session import Session


def load_session(folder: Path) -> Session:
    """Read a session folder without taking its lock (a TUI may hold it)."""
    from facilitate.store import read_session_tables

    tables = read_session_tables(folder)
    return Session.from_tables(SessionInfo.from_dict(tables["session"]["1"]), tables)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
