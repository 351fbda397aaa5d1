"""The session store: one writer thread, group commit to a journal, atomic snapshots, a lock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from facilitate.domain.records import SessionInfo
from facilitate.domain.session import Session
from facilitate.i18n import Message
from facilitate.store.journal import (
    Batch,
    CorruptJournalError,
    JournalScan,
    JournalWriter,
    Op,
    encode,
    read_journal,
    scan_journal,
)
from facilitate.store.lock import SessionLock
from facilitate.store.schema import SchemaError, check_info, check_ops, check_tables
from facilitate.store.storage import (
    BACKUPS,
    AtomicJSONStorage,
    CorruptFileError,
    MemoryView,
    backup_path,
    dump_tables,
    read_tables,
    write_atomic,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SESSION_FILE = "session.json"
JOURNAL_FILE = "session.journal"
# Migrations from schema n to n+1, applied in order when an older file is opened.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class SessionDB(TinyDB):
    """TinyDB over the store's tables in memory (`store.db`), for queries.

    The writer changes those tables itself, not through TinyDB, and TinyDB empties a table's
    query cache only on its own writes: the tables here keep no cache, so a search always
    reads what is saved.
    """

    def table(self, name: str, **kwargs: Any) -> Table:
        kwargs.setdefault("cache_size", 0)
        return super().table(name, **kwargs)


class StoreError(Exception):
    """A change could not be saved; nothing of it was kept, on disk or in memory. It carries a
    message key and values, worded where shown (`message(lang)`); `str()` is English."""

    def __init__(self, why: str | Message, /, **values: Any) -> None:
        self.why = why if isinstance(why, Message) else Message(why, **values)
        super().__init__(self.why.text("en"))

    def message(self, lang: str) -> str:
        return self.why.text(lang)


class NewerSchemaError(Exception):
    def __init__(self, path: Path, found: int) -> None:
        self.path, self.found = path, found
        super().__init__(f"{path} uses schema {found}; this program knows {SCHEMA_VERSION}")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    records: int
    saved_at: str


class CorruptSessionError(Exception):
    """`session.json` (or its journal) is damaged; it is left as it is. `why` is a message,
    worded where it is shown (`why.text(lang)`)."""

    def __init__(self, path: Path, why: Message, backup: BackupInfo | None) -> None:
        self.path, self.why, self.backup = path, why, backup
        super().__init__(f"{path}: {why.text('en')}")


def count_records(tables: dict[str, Any]) -> int:
    return sum(len(t) for name, t in tables.items() if name not in ("_meta", "session"))


def newest_good_backup(folder: Path) -> BackupInfo | None:
    main = folder / SESSION_FILE
    for gen in range(1, BACKUPS + 1):
        path = backup_path(main, gen)
        if not path.exists():
            continue
        try:
            tables = read_snapshot(path)
        except (CorruptFileError, NewerSchemaError):
            continue
        meta = tables["_meta"]["1"]
        return BackupInfo(path, count_records(tables), str(meta.get("saved_at", "")))
    return None


def read_snapshot(path: Path) -> dict[str, Any]:
    """A snapshot (`session.json` or a backup) read, migrated and checked against the schema."""
    tables = _migrate(path, read_tables(path))
    try:
        check_tables(tables)
    except SchemaError as exc:
        raise CorruptFileError(path, Message("store.not_valid_session", why=exc.why)) from None
    return tables


def _migrate(path: Path, tables: dict[str, Any]) -> dict[str, Any]:
    version = tables["_meta"]["1"]["schema_version"]  # an integer: checked by read_tables
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(path, version)
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
        tables["_meta"]["1"]["schema_version"] = version
    return tables


def apply_ops(tables: dict[str, Any], ops: list[Op]) -> None:
    for op in ops:
        kind, name, rid = op[0], op[1], str(op[2])
        if kind == "put":
            tables.setdefault(name, {})[rid] = op[3]
        elif kind == "del":
            tables.get(name, {}).pop(rid, None)
        else:
            raise ValueError(f"unknown operation {kind!r}")


def load_tables(folder: Path) -> tuple[dict[str, Any], int, int]:
    """Snapshot plus journal: (tables, last sequence number, valid journal length)."""
    path = folder / SESSION_FILE
    try:
        tables = read_snapshot(path)
    except CorruptFileError as exc:
        raise CorruptSessionError(path, exc.why, newest_good_backup(folder)) from None
    seq = int(tables["_meta"]["1"].get("journal_seq", 0))
    try:
        batches, valid = read_journal(folder / JOURNAL_FILE)
    except CorruptJournalError as exc:
        at = Message("store.journal_line", line=exc.line, why=exc.why)
        raise CorruptSessionError(exc.path, at, newest_good_backup(folder)) from None
    for batch in batches:
        if batch.seq > seq:
            apply_ops(tables, batch.ops)
            seq = batch.seq
    if batches:
        try:
            check_tables(tables)
        except SchemaError as exc:
            breaks = Message("store.journal_breaks", why=exc.why)
            raise CorruptSessionError(folder / JOURNAL_FILE, breaks, None) from None
    return tables, seq, valid


def read_session_tables(folder: Path) -> dict[str, Any]:
    """Read a session without locking it (listing, exporting while the TUI runs).

    The writer may take a snapshot meanwhile: it replaces `session.json`, then starts a new
    journal. A read that straddles the two could pair the old snapshot with the new, empty
    journal, so it is done again whenever the snapshot changed under it.
    """
    path = folder / SESSION_FILE
    for _ in range(20):
        before = _identity(path)
        tables = load_tables(folder)[0]
        if _identity(path) == before:
            return tables
    return load_tables(folder)[0]


def read_session(folder: Path) -> Session:
    """The session as saved, read without taking its lock (exports and cards while a TUI runs)."""
    tables = read_session_tables(folder)
    return Session.from_tables(SessionInfo.from_dict(tables["session"]["1"]), tables)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


@dataclass(frozen=True)
class RestoreReport:
    """What `restore` did: the snapshot it started from, what it replayed, what it dropped."""

    repaired: bool
    snapshot: Path | None = None
    saved_at: str = ""
    records: int = 0
    replayed: int = 0  # journal entries applied on top of the snapshot
    dropped: int = 0  # journal entries left out (damaged, or after a damaged one)
    problems: tuple[Message, ...] = ()  # what was wrong, one line each (worded where shown)
    kept: tuple[Path, ...] = ()  # the damaged files, kept beside the session


def _journals_after(folder: Path, generation: int) -> list[Path]:
    """The journals written after snapshot `generation` (0 = session.json), oldest first."""
    journal = folder / JOURNAL_FILE
    return [journal.with_name(f"{JOURNAL_FILE}.{g}") for g in range(generation, 0, -1)] + [journal]


def _snapshot_path(folder: Path, generation: int) -> Path:
    main = folder / SESSION_FILE
    return main if generation == 0 else backup_path(main, generation)


def _rebuild(folder: Path, generation: int) -> tuple[dict[str, Any], int, int, list[JournalScan]]:
    """Snapshot `generation` plus the valid prefix of the journals after it:
    (tables, the snapshot's sequence number, the last one applied, each journal's scan)."""
    tables = read_snapshot(_snapshot_path(folder, generation))
    start = seq = int(tables["_meta"]["1"].get("journal_seq", 0))
    scans = [scan_journal(journal) for journal in _journals_after(folder, generation)]
    batches: list[Batch] = []
    for scan in scans:
        batches.extend(b for b in scan.batches if b.seq > start)
        if scan.damage is not None:
            break  # nothing after a damaged entry is replayed
    trial = {name: dict(table) for name, table in tables.items()}
    for batch in batches:
        apply_ops(trial, batch.ops)
    try:
        check_tables(trial)
        return trial, start, batches[-1].seq if batches else start, scans
    except SchemaError:
        pass
    # Some entry breaks the whole (a reference): find it, one entry at a time (rare, slow).
    for batch in batches:
        trial = {name: dict(table) for name, table in tables.items()}
        apply_ops(trial, batch.ops)
        try:
            check_tables(trial)
        except SchemaError as exc:
            owner = next(sc for sc in scans if batch in sc.batches)
            owner.damage = (0, Message("store.entry_breaks", seq=batch.seq, why=exc.why))
            owner.dropped += sum(1 for b in owner.batches if b.seq >= batch.seq)
            owner.batches = [b for b in owner.batches if b.seq < batch.seq]
            for later in scans[scans.index(owner) + 1 :]:
                later.dropped += len(later.batches)
                later.batches = []
            break
        tables, seq = trial, batch.seq
    return tables, start, seq, scans


def restore(folder: Path) -> RestoreReport:
    """Repair a damaged session: the newest good snapshot plus every good journal entry.

    Takes the session's lock first (a session open elsewhere is refused, naming who holds it).
    When `session.json` and its journal are sound, nothing is touched and the report says so.
    Otherwise the rebuilt session is written as a new `session.json`, and each journal after the
    snapshot keeps the entries the rebuilt session holds (a damaged tail cut off), so that
    snapshot and its journals still rebuild it should `session.json` be damaged again; the
    damaged file and journals are kept beside it with a `.damaged-<time>` suffix.
    """
    lock = SessionLock(folder)
    lock.acquire()
    try:
        remove_orphans(folder)
        problems: list[Message] = []
        try:
            load_tables(folder)
            return RestoreReport(repaired=False)
        except (CorruptSessionError, NewerSchemaError) as exc:
            if isinstance(exc, NewerSchemaError):
                raise
            problems.append(Message("store.problem_at", file=exc.path.name, why=exc.why))
        for generation in range(0, BACKUPS + 1):
            try:
                tables, start, seq, scans = _rebuild(folder, generation)
            except (CorruptFileError, NewerSchemaError) as exc:
                if generation == 0:
                    why = (
                        exc.why
                        if isinstance(exc, CorruptFileError)
                        else Message("schema.newer", found=exc.found)
                    )
                    problems[0:1] = [Message("store.problem_at", file=SESSION_FILE, why=why)]
                continue
            break
        else:
            raise FileNotFoundError(f"no readable backup in {folder}")
        journals = _journals_after(folder, generation)
        replayed = sum(1 for sc in scans for b in sc.batches if start < b.seq <= seq)
        saved_at = str(tables["_meta"]["1"].get("saved_at", ""))
        dropped = 0
        for journal, scan in zip(journals, scans, strict=True):
            unused = sum(1 for b in scan.batches if b.seq > seq)
            dropped += scan.dropped + unused
            if scan.damage is not None:
                line, why = scan.damage
                if line:
                    why = Message("store.journal_line", line=line, why=why)
                problem = Message("store.problem_at", file=journal.name, why=why)
                if all(p.text("en") != problem.text("en") for p in problems):  # said once
                    problems.append(problem)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        main = folder / SESSION_FILE
        kept: list[Path] = []
        # each journal after the snapshot keeps the entries the rebuilt session holds, so the
        # snapshot and its journals still rebuild it if session.json is damaged again later
        kept_entries = [
            b"".join(encode(b.seq, b.ops) for b in sc.batches if b.seq <= seq) for sc in scans
        ]
        cut = [
            journal
            for journal, scan in zip(journals, scans, strict=True)
            if scan.damage is not None or any(b.seq > seq for b in scan.batches)
        ]
        damaged = ([main] if generation > 0 else []) + cut
        for path in damaged:
            if path.exists() and path.stat().st_size:
                target = path.with_name(f"{path.name}.damaged-{stamp}")
                shutil.copy2(path, target)
                kept.append(target)
        meta = dict(tables["_meta"]["1"])
        meta.update(journal_seq=seq, saved_at=datetime.now(UTC).isoformat(timespec="seconds"))
        tables["_meta"] = {"1": meta}
        write_atomic(main, dump_tables(tables), keep_backups=False)
        for journal, data in zip(journals, kept_entries, strict=True):
            if (journal.read_bytes() if journal.exists() else b"") != data:
                write_atomic(journal, data, keep_backups=False)
        return RestoreReport(
            repaired=True,
            snapshot=_snapshot_path(folder, generation),
            saved_at=saved_at,
            records=count_records(tables),
            replayed=replayed,
            dropped=dropped,
            problems=tuple(problems),
            kept=tuple(kept),
        )
    finally:
        lock.release()


def remove_orphans(folder: Path) -> list[Path]:
    """Temporary files left by a crash mid-write (`.session.json.tmp-<pid>`); the caller holds
    the lock, so no writer of this session is alive to finish them."""
    removed = []
    for tmp in folder.glob(".session.*.tmp-*"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


_STOP = object()


class SessionStore:
    """The single writer of one session folder.

    Callers hand it batches of operations; a writer thread takes everything waiting, appends it
    to the journal in one write and one fsync (group commit), applies it in memory, then tells
    each caller "saved". Every `checkpoint_every` batches (and on close) the whole session is
    written as a new `session.json` snapshot, atomically, and the journal starts again.
    """

    def __init__(
        self,
        folder: Path,
        tables: dict[str, Any],
        seq: int,
        journal_length: int,
        lock: SessionLock,
        *,
        checkpoint_every: int = 2000,
    ) -> None:
        self.folder = folder
        self.path = folder / SESSION_FILE
        self.tables = tables
        self.seq = seq
        self._lock = lock
        self._journal = JournalWriter(folder / JOURNAL_FILE, journal_length)
        # batches replayed from the journal count too: closing compacts them into the snapshot,
        # so a closed session.json alone holds everything (as any TinyDB program reads it)
        self._since_checkpoint = seq - int(tables["_meta"]["1"].get("journal_seq", 0))
        self.checkpoint_every = checkpoint_every
        self._queue: queue.Queue[Any] = queue.Queue()
        self._io = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.db = SessionDB(storage=MemoryView, tables=self.tables)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, session_doc: dict[str, Any], **kw: Any) -> SessionStore:
        try:
            check_info(session_doc)
        except SchemaError as exc:
            raise StoreError("store.refused", why=exc.why) from None
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / SESSION_FILE).exists():
            raise FileExistsError(str(folder / SESSION_FILE))
        lock = SessionLock(folder)
        lock.acquire()
        try:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            meta = {"schema_version": SCHEMA_VERSION, "journal_seq": 0, "saved_at": now}
            tables: dict[str, Any] = {"_meta": {"1": meta}, "session": {"1": session_doc}}
            with contextlib.suppress(FileNotFoundError):
                (folder / JOURNAL_FILE).unlink()
            write_atomic(folder / SESSION_FILE, dump_tables(tables), keep_backups=False)
        except BaseException:
            lock.release()
            raise
        return cls(folder, tables, 0, 0, lock, **kw)

    @classmethod
    def open(cls, folder: Path, **kw: Any) -> SessionStore:
        lock = SessionLock(folder)
        lock.acquire()
        try:
            remove_orphans(folder)
            tables, seq, valid = load_tables(folder)
        except BaseException:
            lock.release()
            raise
        return cls(folder, tables, seq, valid, lock, **kw)

    # -- saving ------------------------------------------------------------------------------

    async def save(self, ops: list[Op]) -> None:
        """Queue `ops`; return once they are on disk (or raise StoreError)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        def done(error: BaseException | None) -> None:
            def settle() -> None:
                if future.done():
                    return
                if error is None:
                    future.set_result(None)
                else:
                    future.set_exception(error)

            loop.call_soon_threadsafe(settle)

        self._submit(ops, done)
        await future

    def save_sync(self, ops: list[Op]) -> None:
        """Blocking form of `save`, for the command line."""
        event = threading.Event()
        result: list[BaseException | None] = [None]

        def done(error: BaseException | None) -> None:
            result[0] = error
            event.set()

        self._submit(ops, done)
        event.wait()
        if result[0] is not None:
            raise result[0]

    def _submit(self, ops: list[Op], done: Callable[[BaseException | None], None]) -> None:
        if self._closed:
            raise StoreError("store.closed")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="session-writer", daemon=True)
            self._thread.start()
        self._queue.put((ops, done))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            while len(batch) < 10_000:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(nxt)
            ops = [op for ops, _ in batch for op in ops]
            error: BaseException | None = None
            try:
                self._commit(ops)
            except BaseException as exc:  # noqa: BLE001 - every caller must hear of it
                error = exc if isinstance(exc, StoreError) else StoreError(self._why(exc))
            for _, done in batch:
                done(error)
            if error is None and self._since_checkpoint >= self.checkpoint_every:
                try:
                    self.checkpoint()
                except StoreError as exc:
                    log.warning("checkpoint failed, the journal keeps every change: %s", exc)

    def _why(self, exc: BaseException) -> Message:
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return Message("store.write_failed", path=self.path, why=detail)

    def _commit(self, ops: list[Op]) -> None:
        try:
            check_ops(ops)  # what the journal holds must read back as a session
        except SchemaError as exc:
            raise StoreError("store.refused", why=exc.why) from None
        with self._io:
            seq = self.seq + 1
            self._journal.append(seq, ops)
            self.seq = seq  # on disk now: this number is never used again
            self._since_checkpoint += 1
            apply_ops(self.tables, ops)  # cannot fail on checked operations

    def checkpoint(self) -> None:
        """Write the whole session as a new snapshot and empty the journal."""
        with self._io:
            meta = dict(self.tables["_meta"]["1"])
            meta.update(
                journal_seq=self.seq,
                saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
                schema_version=SCHEMA_VERSION,
            )
            snapshot = dict(self.tables)
            snapshot["_meta"] = {"1": meta}
            try:
                AtomicJSONStorage(self.path).write(snapshot)
            except OSError as exc:
                raise StoreError(self._why(exc)) from exc
            self.tables["_meta"] = {"1": meta}
            self._since_checkpoint = 0
            try:
                self._journal.rotate(BACKUPS)
            except OSError as exc:  # the snapshot holds everything; replay skips old entries
                log.warning("could not start a new journal: %s", exc)

    def close(self) -> None:
        if self._closed:
            return
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
        self._closed = True
        try:
            if self._since_checkpoint:
                self.checkpoint()
        except StoreError as exc:  # a full disk at closing: the journal already holds it all
            log.warning("the session was not compacted, its journal keeps every change: %s", exc)
        finally:
            self._journal.close()
            self._lock.release()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def copy_session(src: Path, dst: Path) -> None:
    """Copy a session folder (without its lock) for tests and the demo."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("session.lock"))
