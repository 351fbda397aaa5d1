"""One process per session: an advisory lock file that names its holder."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


class SessionLockedError(Exception):
    """Another process holds the session."""

    def __init__(self, path: Path, holder: dict[str, object]) -> None:
        self.path, self.holder = path, holder
        super().__init__(
            f"session {path.parent} is open in another process "
            f"(pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
            f"since {holder.get('since', '?')})"
        )


class SessionLock:
    """An exclusive `flock` on `session.lock`; the kernel frees it if the process dies."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "session.lock"
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder: dict[str, object] = {}
            with contextlib.suppress(OSError, ValueError):
                holder = json.loads(os.read(fd, 4096) or b"{}")
            os.close(fd)
            raise SessionLockedError(self.path, holder) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
