"""The session file: a TinyDB storage that writes atomically and keeps three backup generations."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from facilitate.i18n import Message
from facilitate.store.schema import MAX_FILE_BYTES, SchemaError, check_meta

BACKUPS = 3


class CorruptFileError(Exception):
    """A session file that cannot be read back as a session; `why` is a message, worded where
    it is shown."""

    def __init__(self, path: Path, why: Message) -> None:
        self.path, self.why = path, why
        super().__init__(f"{path}: {why.text('en')}")


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_path(path: Path, generation: int) -> Path:
    return path.with_name(f"{path.name}.{generation}")


def read_tables(path: Path) -> dict[str, Any]:
    """Read a TinyDB JSON file and check its shape; raise CorruptFileError saying what is wrong.

    The shape only (an object of tables, a schema version): the records themselves are checked
    against the session schema by the store once the file is migrated (`store.read_snapshot`).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorruptFileError(path, Message("storage.too_big", size=size))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorruptFileError(path, Message("storage.missing")) from None
    except PermissionError:
        raise CorruptFileError(path, Message("storage.permission")) from None
    except IsADirectoryError:
        raise CorruptFileError(path, Message("storage.folder")) from None
    if not raw.strip():
        raise CorruptFileError(path, Message("storage.empty"))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptFileError(path, Message("storage.not_utf8")) from None
    except json.JSONDecodeError as exc:
        bad = Message("storage.bad_json", line=exc.lineno, column=exc.colno)
        raise CorruptFileError(path, bad) from None
    except RecursionError:
        raise CorruptFileError(path, Message("storage.too_deep")) from None
    except ValueError:  # an integer of thousands of digits
        raise CorruptFileError(path, Message("storage.number_too_long")) from None
    if not isinstance(data, dict):
        raise CorruptFileError(path, Message("schema.not_a_session"))
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, Message("storage.table_not_object", name=repr(name)))
    try:
        check_meta(data.get("_meta", {}).get("1"))
    except SchemaError as exc:
        raise CorruptFileError(path, exc.why) from None
    if "1" not in data.get("session", {}):
        raise CorruptFileError(path, Message("schema.no_description"))
    return data


def write_atomic(path: Path, payload: bytes, *, keep_backups: bool = True) -> None:
    """Write `payload` to `path` so that a crash leaves either the old or the new file.

    Temporary file in the same folder, fsync, backups rotated (.1 newest, .3 oldest) by hard
    links so the current file is never absent, `os.replace`, fsync of the folder.
    """
    folder = path.parent
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backups and path.exists():
            for gen in range(BACKUPS, 1, -1):
                older = backup_path(path, gen - 1)
                if older.exists():
                    os.replace(older, backup_path(path, gen))
            newest = backup_path(path, 1)
            with contextlib.suppress(FileNotFoundError):
                newest.unlink()
            try:
                os.link(path, newest)
            except OSError:
                newest.write_bytes(path.read_bytes())
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def dump_tables(tables: dict[str, Any]) -> bytes:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file written with `write_atomic`.

    TinyDB reads through it to query a session file; the store's writer uses it to checkpoint.
    """

    def __init__(self, path: str | Path, *, keep_backups: bool = True) -> None:
        self.path = Path(path)
        self.keep_backups = keep_backups

    def read(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        return read_tables(self.path)

    def write(self, data: dict[str, Any]) -> None:
        write_atomic(self.path, dump_tables(data), keep_backups=self.keep_backups)

    def close(self) -> None:
        pass


class MemoryView(Storage):
    """TinyDB storage that reads a dict kept in memory by the store (for queries only)."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables

    def read(self) -> dict[str, Any]:
        return self.tables

    def write(self, data: dict[str, Any]) -> None:
        raise PermissionError("the session is written by the store's single writer only")
