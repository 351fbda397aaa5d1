"""The session store: atomic writes, backups, the lock, corrupt files, failures, group commit."""

from __future__ import annotations

import asyncio
import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from facilitate.store import (
    CorruptSessionError,
    NewerSchemaError,
    SessionLockedError,
    SessionStore,
    StoreError,
    read_session_tables,
    restore,
)
from facilitate.store import store as store_module
from facilitate.store.storage import AtomicJSONStorage, MemoryView, read_tables

INFO = {"title": "Test", "slug": "test", "date": "2026-03-12", "format_id": "world-cafe"}


def put(i: int, text: str = "idée") -> list[Any]:
    return [["put", "contributions", i, {"text": text, "n": i}]]


def make(folder: Path, **kw: Any) -> SessionStore:
    return SessionStore.create(folder, dict(INFO), **kw)


@pytest.mark.parametrize("storage", ["memory", "file"])
def test_tinydb_reads_the_session_through_either_storage(tmp_path: Path, storage: str) -> None:
    """TinyDB queries the same documents whether they sit in memory or in the file."""
    with make(tmp_path / "s") as store:
        store.save_sync(put(1, "a") + put(2, "b"))
        tables = store.tables
    if storage == "memory":
        db = TinyDB(storage=MemoryView, tables=tables)
    else:
        db = TinyDB(tmp_path / "s" / "session.json", storage=AtomicJSONStorage)
    texts = sorted(doc["text"] for doc in db.table("contributions").all())
    assert texts == ["a", "b"]
    second = db.table("contributions").get(doc_id=2)
    assert isinstance(second, dict) and second["n"] == 2  # a Document (TinyDB 4.8 says or a list)


def test_any_tinydb_program_opens_the_session_file_and_queries_it(tmp_path: Path) -> None:
    """session.json is a plain TinyDB database: TinyDB's own JSON storage opens it and Query
    finds records by field, the session description included."""
    from tinydb import Query

    with make(tmp_path / "s") as store:
        store.save_sync(put(1, "bus") + put(2, "train") + put(3, "bus"))
        store.save_sync([["put", "tensions", 1, {"about": "who pays?", "status": "open"}]])
    with TinyDB(tmp_path / "s" / "session.json", access_mode="r") as db:
        record = Query()
        buses = db.table("contributions").search(record.text == "bus")
        assert sorted(doc.doc_id for doc in buses) == [1, 3]
        assert db.table("tensions").get(record.status == "open") == {
            "about": "who pays?",
            "status": "open",
        }
        assert db.table("session").get(doc_id=1)["slug"] == "test"


def test_the_store_db_sees_every_saved_change(tmp_path: Path) -> None:
    """TinyDB over the store's memory answers a query again after each save (no stale cache)."""
    from tinydb import Query

    with make(tmp_path / "s") as store:
        table = store.db.table("contributions")
        assert table.search(Query().text == "a") == []
        store.save_sync(put(1, "a"))
        assert [doc.doc_id for doc in table.search(Query().text == "a")] == [1]
        store.save_sync([["del", "contributions", 1]])
        assert table.search(Query().text == "a") == []


def test_a_journal_that_cannot_be_started_again_keeps_taking_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot whose new journal cannot be started (the rename fails): later changes go on
    in the old journal and survive a crash."""
    from facilitate.store import journal as journal_module

    folder = tmp_path / "s"
    store = make(folder)
    store.save_sync(put(1))
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(src).name.startswith("session.journal"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(journal_module.os, "replace", failing)
    store.checkpoint()
    monkeypatch.undo()
    store.save_sync(put(2))
    store._lock.release()  # a crash: no close
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "2"]


def test_a_second_repair_still_loses_nothing(tmp_path: Path) -> None:
    """session.json damaged after a crash, restored, changed, damaged again after a crash: the
    second restore still has every change (the journals kept what the first one rebuilt)."""
    folder = tmp_path / "s"

    def crash_and_damage(store: SessionStore) -> None:
        if store._thread is not None:  # the writer stops; nothing is closed or snapshotted
            store._queue.put(store_module._STOP)
            store._thread.join()
        store._journal.close()
        store._lock.release()
        main = folder / "session.json"
        main.write_bytes(main.read_bytes()[:20])

    store = make(folder)
    store.save_sync(put(1))
    store.checkpoint()
    store.save_sync(put(2))
    crash_and_damage(store)
    assert restore(folder).repaired
    store = SessionStore.open(folder)
    store.save_sync(put(3))
    crash_and_damage(store)
    assert restore(folder).repaired
    with SessionStore.open(folder) as again:
        assert sorted(again.tables["contributions"]) == ["1", "2", "3"]


def test_saved_changes_survive_a_reopen(tmp_path: Path) -> None:
    """What was saved is there when the session is opened again."""
    folder = tmp_path / "s"
    store = make(folder)
    for i in range(1, 51):
        store.save_sync(put(i))
    store.save_sync([["del", "contributions", 7]])
    store.close()
    with SessionStore.open(folder) as again:
        assert len(again.tables["contributions"]) == 49
        assert "7" not in again.tables["contributions"]


def test_journal_is_replayed_when_the_process_never_closed(tmp_path: Path) -> None:
    """Changes acknowledged but not yet in a snapshot come back from the journal."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    for i in range(1, 21):
        store.save_sync(put(i))
    store._lock.release()  # simulate a crash: no close, no checkpoint
    snapshot = read_tables(folder / "session.json")
    assert snapshot.get("contributions", {}) == {}
    assert len(read_session_tables(folder)["contributions"]) == 20


def test_closing_after_a_crash_leaves_everything_in_the_session_file(tmp_path: Path) -> None:
    """Reopened after a crash and closed unchanged, the session file alone holds the replayed
    changes (the journal is compacted into it), as a TinyDB program reading it expects."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    store.save_sync(put(1) + put(2))
    store._lock.release()  # a crash: no close, no snapshot
    SessionStore.open(folder).close()
    assert sorted(read_tables(folder / "session.json")["contributions"]) == ["1", "2"]


def test_three_backup_generations_are_kept(tmp_path: Path) -> None:
    """Each snapshot keeps the three previous ones beside it."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=1)
    for i in range(1, 7):
        store.save_sync(put(i))
    store.close()
    names = sorted(p.name for p in folder.iterdir())
    assert {"session.json", "session.json.1", "session.json.2", "session.json.3"} <= set(names)
    assert "session.json.4" not in names
    counts = [
        len(read_tables(folder / n).get("contributions", {}))
        for n in ("session.json", "session.json.1", "session.json.2", "session.json.3")
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] == 6


def test_group_commit_takes_everything_waiting_in_one_write(tmp_path: Path) -> None:
    """Many phones saving at once share journal writes; each is told only once on disk."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    appended: list[int] = []
    real_append = store._journal.append

    def counting(seq: int, ops: list[Any]) -> None:
        appended.append(len(ops))
        real_append(seq, ops)

    store._journal.append = counting  # type: ignore[method-assign]

    async def burst() -> None:
        await asyncio.gather(*(store.save(put(i)) for i in range(1, 501)))

    asyncio.run(burst())
    assert sum(appended) == 500
    assert len(appended) < 500
    assert len(read_session_tables(folder)["contributions"]) == 500
    store.close()


def test_a_second_process_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    """Opening a session already open elsewhere names the other process."""
    folder = tmp_path / "s"
    store = make(folder)
    with pytest.raises(SessionLockedError) as info:
        SessionStore.open(folder)
    assert info.value.holder["pid"] == os.getpid()
    assert str(os.getpid()) in str(info.value)
    store.close()
    SessionStore.open(folder).close()


def test_a_corrupt_file_is_refused_untouched_and_a_backup_offered(tmp_path: Path) -> None:
    """A truncated session.json is never overwritten; the newest good backup is named."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=1)
    for i in range(1, 4):
        store.save_sync(put(i))
    store.close()
    main = folder / "session.json"
    damaged = main.read_bytes()[:-40]
    main.write_bytes(damaged)
    with pytest.raises(CorruptSessionError) as info:
        SessionStore.open(folder)
    assert "invalid JSON" in info.value.why.text("en")
    assert info.value.backup is not None
    assert info.value.backup.path.name == "session.json.1"
    assert main.read_bytes() == damaged
    report = restore(folder)
    assert report.repaired and report.snapshot == folder / "session.json.1"
    assert [p.read_bytes() for p in report.kept] == [damaged]
    with SessionStore.open(folder) as again:
        assert len(again.tables["contributions"]) == 3  # the journal adds what the backup lacked


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b'{"_default": {}}', b"\xff\xfe"])
def test_files_that_are_not_sessions_are_refused(tmp_path: Path, content: bytes) -> None:
    """Empty, foreign or binary files are refused with a reason, not loaded as empty sessions."""
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "session.json").write_bytes(content)
    with pytest.raises(CorruptSessionError) as info:
        SessionStore.open(folder)
    assert info.value.why.text("en") and info.value.why.text("fr")
    assert info.value.backup is None
    assert (folder / "session.json").read_bytes() == content


def test_damage_in_the_middle_of_the_journal_is_refused(tmp_path: Path) -> None:
    """A journal altered before good entries is not silently skipped."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    for i in range(1, 4):
        store.save_sync(put(i))
    store._lock.release()
    journal = folder / "session.journal"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[0] = lines[0].replace(b"id\\u00e9e", b"XXX").replace("idée".encode(), b"XXXX")
    journal.write_bytes(b"".join(lines))
    with pytest.raises(CorruptSessionError, match="damaged"):
        SessionStore.open(folder)


def test_a_torn_last_journal_line_is_dropped(tmp_path: Path) -> None:
    """A write cut by a crash (never acknowledged) is ignored and the session opens."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    for i in range(1, 4):
        store.save_sync(put(i))
    store._lock.release()
    with open(folder / "session.journal", "ab") as fh:
        fh.write(b'0badc0de {"seq": 4, "ops": [["put"')
    with SessionStore.open(folder) as again:
        assert sorted(again.tables["contributions"]) == ["1", "2", "3"]
        again.save_sync(put(4))
    assert len(read_session_tables(folder)["contributions"]) == 4


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    """A file from a newer facilitate is not opened (it would be damaged by an old one)."""
    folder = tmp_path / "s"
    make(folder).close()
    data = json.loads((folder / "session.json").read_text())
    data["_meta"]["1"]["schema_version"] = 99
    (folder / "session.json").write_text(json.dumps(data))
    with pytest.raises(NewerSchemaError):
        SessionStore.open(folder)


def test_migrations_run_in_order_on_older_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The migration hook upgrades an old file when it is opened."""
    folder = tmp_path / "s"
    make(folder).close()
    data = json.loads((folder / "session.json").read_text())
    data["_meta"]["1"]["schema_version"] = 0
    (folder / "session.json").write_text(json.dumps(data))

    def zero_to_one(tables: dict[str, Any]) -> dict[str, Any]:
        tables["session"]["1"]["migrated"] = True
        return tables

    monkeypatch.setitem(store_module.MIGRATIONS, 0, zero_to_one)
    with SessionStore.open(folder) as store:
        assert store.tables["session"]["1"]["migrated"] is True
        assert store.tables["_meta"]["1"]["schema_version"] == 1


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_fsync_failing_leaves_file_and_memory_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk during a save: the caller gets an error, nothing half-saved remains."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    store.save_sync(put(1))
    before_disk = read_session_tables(folder)
    before_mem = json.dumps(store.tables, sort_keys=True)
    journal_size = (folder / "session.journal").stat().st_size
    monkeypatch.setattr(os, "fsync", _enospc)
    with pytest.raises(StoreError, match="No space left"):
        store.save_sync(put(2))
    monkeypatch.undo()
    assert json.dumps(store.tables, sort_keys=True) == before_mem
    assert (folder / "session.journal").stat().st_size == journal_size
    assert read_session_tables(folder) == before_disk
    store.save_sync(put(3))  # the store goes on once the disk has room
    store.close()
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "3"]


def test_replace_failing_during_a_snapshot_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace failing while writing a snapshot leaves session.json and memory unchanged."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    store.save_sync(put(1))
    store.checkpoint()
    store.save_sync(put(2))
    on_disk = (folder / "session.json").read_bytes()
    before_mem = json.dumps(store.tables, sort_keys=True)
    monkeypatch.setattr(os, "replace", _enospc)
    with pytest.raises(StoreError, match="No space left"):
        store.checkpoint()
    monkeypatch.undo()
    assert (folder / "session.json").read_bytes() == on_disk
    assert json.dumps(store.tables, sort_keys=True) == before_mem
    assert not list(folder.glob(".session.json.tmp-*"))
    assert sorted(read_session_tables(folder)["contributions"]) == ["1", "2"]
    store.close()


def test_async_save_reports_failure_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone's submission that could not be written is answered with an error."""
    folder = tmp_path / "s"
    store = make(folder)
    monkeypatch.setattr(os, "fsync", _enospc)

    async def attempt() -> None:
        await store.save(put(1))

    with pytest.raises(StoreError):
        asyncio.run(attempt())
    monkeypatch.undo()
    store.close()
    assert read_session_tables(folder).get("contributions", {}) == {}


def test_a_reader_never_misses_changes_while_the_writer_takes_snapshots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exporting while the TUI saves: a read that straddles a snapshot still sees every change."""
    folder = tmp_path / "s"
    store = make(folder, checkpoint_every=10_000)
    for i in range(1, 6):
        store.save_sync(put(i))  # in the journal, not yet in the snapshot
    real = store_module.read_journal
    calls = [0]

    def snapshot_in_between(path: Path) -> Any:
        calls[0] += 1
        if calls[0] == 1:  # the reader has the old snapshot; the writer snapshots now
            store.checkpoint()
        return real(path)

    monkeypatch.setattr(store_module, "read_journal", snapshot_in_between)
    got = sorted(int(k) for k in read_session_tables(folder).get("contributions", {}))
    assert got == [1, 2, 3, 4, 5]
    assert calls[0] >= 2  # it noticed and read again
    store.close()
