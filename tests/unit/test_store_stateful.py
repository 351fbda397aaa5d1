"""The store against a model, driven by Hypothesis' rule-based state machine (hypothesis.stateful).

Random sequences of single saves, batches, concurrent saves (one group commit), updates,
deletes, snapshots, closing and reopening, crashes (no close; a torn journal tail, a half-written
snapshot left behind), a journal that cannot be started again, restoring a damaged
`session.json` from its backup and journals. After every step the store's tables, a lock-free
reader, TinyDB over the store and the file all hold what the model holds: every acknowledged
change, nothing else.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from tinydb import Query, TinyDB

from facilitate.store import CorruptSessionError, SessionStore, read_session_tables, restore
from facilitate.store import journal as journal_module
from facilitate.store import store as store_module
from facilitate.store.journal import encode

INFO = {"title": "Test", "slug": "test", "date": "2026-03-12", "format_id": "world-cafe"}
# two of the session's record tables and one of another TinyDB program (any JSON objects)
FIELD = {"contributions": "text", "tensions": "about", "notes": "body"}
Model = dict[str, dict[str, dict[str, Any]]]

# (table, id, text): a put, or a delete when the text is None
operations = st.tuples(
    st.sampled_from(sorted(FIELD)), st.integers(1, 8), st.none() | st.text(max_size=8)
)


def as_ops(changes: list[tuple[str, int, str | None]]) -> list[list[Any]]:
    return [
        ["del", table, rid] if text is None else ["put", table, rid, {FIELD[table]: text}]
        for table, rid, text in changes
    ]


def records(tables: dict[str, Any]) -> Model:
    """The record tables that hold something (a table emptied by deletes counts as absent)."""
    return {
        name: dict(table)
        for name, table in tables.items()
        if name not in ("_meta", "session") and table
    }


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="facilitate-store-machine-"))
        self.folder = self.root / "session"
        self.model: Model = {}
        self.info = dict(INFO)
        self.store: SessionStore | None = None
        self.every = 2000

    # -- the model ---------------------------------------------------------------------------

    def apply(self, ops: list[list[Any]]) -> None:
        for op in ops:
            table = self.model.setdefault(op[1], {})
            if op[0] == "put":
                table[str(op[2])] = op[3]
            else:
                table.pop(str(op[2]), None)
        self.model = {name: table for name, table in self.model.items() if table}

    def opened(self) -> SessionStore:
        assert self.store is not None
        return self.store

    def crash(self) -> SessionStore:
        """The process dies here: every acknowledged batch is in the journal (fsync), the
        writer stops, nothing is closed or snapshotted, the lock goes with the process."""
        store = self.opened()
        if store._thread is not None:
            store._queue.put(store_module._STOP)
            store._thread.join()
        store._journal.close()
        store._lock.release()
        return store

    # -- steps -------------------------------------------------------------------------------

    @initialize(every=st.sampled_from([1, 3, 2000]))
    def create(self, every: int) -> None:
        """Snapshots after every batch, every third one, or only on close."""
        self.every = every
        self.store = SessionStore.create(self.folder, dict(INFO), checkpoint_every=every)

    @rule(changes=st.lists(operations, min_size=1, max_size=5))
    def save(self, changes: list[tuple[str, int, str | None]]) -> None:
        ops = as_ops(changes)
        self.opened().save_sync(ops)
        self.apply(ops)

    @rule(batches=st.lists(st.lists(operations, min_size=1, max_size=3), min_size=2, max_size=4))
    def save_together(self, batches: list[list[tuple[str, int, str | None]]]) -> None:
        """Callers waiting at once: the writer commits them in the order they came."""
        store = self.opened()

        async def all_at_once() -> None:
            await asyncio.gather(*(store.save(as_ops(b)) for b in batches))

        asyncio.run(all_at_once())
        for batch in batches:
            self.apply(as_ops(batch))

    @rule(title=st.text(min_size=1, max_size=12))
    def rename(self, title: str) -> None:
        """The session description is a record too (`session.1`)."""
        self.info = {**self.info, "title": title}
        self.opened().save_sync([["put", "session", 1, dict(self.info)]])

    @rule()
    def snapshot(self) -> None:
        self.opened().checkpoint()

    @rule()
    def snapshot_without_a_new_journal(self) -> None:
        """The snapshot is written, starting the next journal fails (the old one goes on)."""
        real = os.replace

        def failing(src: Any, dst: Any, *args: Any, **kw: Any) -> None:
            if Path(src).name.startswith(store_module.JOURNAL_FILE):
                raise OSError(28, "No space left on device")
            real(src, dst, *args, **kw)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(journal_module.os, "replace", failing)
            self.opened().checkpoint()

    @rule()
    def close_and_reopen(self) -> None:
        self.opened().close()
        self.store = SessionStore.open(self.folder, checkpoint_every=self.every)

    @rule(
        tail=st.sampled_from(["none", "unfinished line", "bad checksum", "garbage"]),
        orphan=st.booleans(),
    )
    def crash_and_reopen(self, tail: str, orphan: bool) -> None:
        """The process dies: no close, no snapshot; maybe mid-write (a torn last line, never
        acknowledged) and mid-snapshot (a temporary file left beside the session)."""
        store = self.crash()
        journal = self.folder / store_module.JOURNAL_FILE
        line = encode(store.seq + 1, [["put", "notes", 1, {"body": "never acknowledged"}]])
        torn = {
            "none": b"",
            "unfinished line": line[: len(line) // 2],
            "bad checksum": b"00000000" + line[8:],
            "garbage": b"\x00\xff not an entry",
        }[tail]
        with open(journal, "ab") as fh:
            fh.write(torn)
        if orphan:
            (self.folder / f".{store_module.SESSION_FILE}.tmp-99999").write_bytes(b'{"half')
        self.store = SessionStore.open(self.folder, checkpoint_every=self.every)
        assert not list(self.folder.glob(".session.*.tmp-*"))

    @rule(crash=st.booleans())
    def damage_and_restore(self, crash: bool) -> None:
        """`session.json` damaged after a close or a crash: opening refuses it and offers the
        backup; restoring brings back every acknowledged change from backup plus journals."""
        if crash:
            self.crash()
        else:
            self.opened().close()
        self.store = None
        main = self.folder / store_module.SESSION_FILE
        if not (self.folder / f"{store_module.SESSION_FILE}.1").exists():
            # no snapshot since the session was made: nothing to restore from (not damaged)
            self.store = SessionStore.open(self.folder, checkpoint_every=self.every)
            return
        main.write_bytes(main.read_bytes()[: main.stat().st_size // 2])
        with pytest.raises(CorruptSessionError) as refused:
            SessionStore.open(self.folder)
        assert refused.value.backup is not None
        report = restore(self.folder)
        assert report.repaired and report.kept  # the damaged file is kept beside it
        self.store = SessionStore.open(self.folder, checkpoint_every=self.every)

    @rule()
    def restore_a_sound_session(self) -> None:
        """On a sound session restore changes nothing and says so."""
        self.opened().close()
        self.store = None
        assert not restore(self.folder).repaired
        self.store = SessionStore.open(self.folder, checkpoint_every=self.every)

    # -- what always holds -------------------------------------------------------------------

    @invariant()
    def store_reader_and_tinydb_agree_with_the_model(self) -> None:
        if self.store is None:
            return
        assert records(self.store.tables) == self.model
        assert self.store.tables["session"]["1"] == self.info
        on_disk = read_session_tables(self.folder)  # snapshot plus journal, without the lock
        assert records(on_disk) == self.model and on_disk["session"]["1"] == self.info
        for name, field in FIELD.items():
            found = self.store.db.table(name).search(Query()[field].exists())
            assert {str(doc.doc_id): dict(doc) for doc in found} == self.model.get(name, {})

    def teardown(self) -> None:
        if self.store is not None:
            self.store.close()
            # what was closed is a TinyDB database any TinyDB program reads
            with TinyDB(self.folder / store_module.SESSION_FILE, access_mode="r") as db:
                for name, field in FIELD.items():
                    found = db.table(name).search(Query()[field].exists())
                    assert {str(d.doc_id): dict(d) for d in found} == self.model.get(name, {})
        shutil.rmtree(self.root, ignore_errors=True)


StoreMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_store_against_its_model = StoreMachine.TestCase
