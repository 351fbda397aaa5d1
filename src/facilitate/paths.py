"""Where sessions live and how their folders are named; a file written whole (exports, cards)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from slugify import slugify


def sessions_dir(explicit: str | Path | None = None) -> Path:
    """`--sessions-dir`, else FACILITATE_SESSIONS, else ./sessions."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("FACILITATE_SESSIONS")
    return Path(env) if env else Path.cwd() / "sessions"


def formats_dir(sessions: str | Path | None = None) -> Path:
    """The facilitator's own formats: FACILITATE_FORMATS, else `formats/` beside the sessions
    folder (`./formats` for the default `./sessions`)."""
    env = os.environ.get("FACILITATE_FORMATS")
    if env:
        return Path(env)
    return sessions_dir(sessions).parent / "formats"


def make_slug(text: str, *, max_length: int = 60) -> str:
    """A URL- and folder-safe slug; French accents become plain letters ("Café" -> "cafe")."""
    slug = slugify(text, max_length=max_length, word_boundary=True, lowercase=True)
    return slug or "session"


def session_folder_name(date: str, title: str) -> str:
    return f"{date}-{make_slug(title)}"


def find_session(name: str | Path, base: Path) -> Path | None:
    """A session folder from its path, its folder name or its slug (without the date)."""
    candidate = Path(name)
    if (candidate / "session.json").exists():
        return candidate
    direct = base / str(name)
    if (direct / "session.json").exists():
        return direct
    if base.is_dir():
        matches = sorted(
            p for p in base.iterdir() if (p / "session.json").exists() and p.name[11:] == str(name)
        )
        if matches:
            return matches[-1]
    return None


def _holds_session(folder: Path) -> bool:
    """A folder with a session file, or one that cannot be looked into (listed as unreadable)."""
    try:
        return (folder / "session.json").exists()
    except OSError:
        return folder.is_dir()


def list_session_folders(base: Path) -> list[Path]:
    try:
        if not base.is_dir():
            return []
        return sorted(p for p in base.iterdir() if _holds_session(p))
    except OSError:
        return []


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # readable like any file the user saves (mkstemp gives 0600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
