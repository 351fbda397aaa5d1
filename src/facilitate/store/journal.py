"""The append-only journal of committed batches between two snapshots of the session file."""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate.i18n import Message
from facilitate.store.schema import SchemaError, check_ops

# One op: ["put", kind, id, document] or ["del", kind, id].
Op = list[Any]


class CorruptJournalError(Exception):
    """A damaged journal entry: `why` is a message, worded where it is shown."""

    def __init__(self, path: Path, line: int, why: Message) -> None:
        self.path, self.line, self.why = path, line, why
        super().__init__(f"{path}:{line}: {why.text('en')}")


@dataclass
class Batch:
    seq: int
    ops: list[Op]


def encode(seq: int, ops: list[Op]) -> bytes:
    body = json.dumps({"seq": seq, "ops": ops}, ensure_ascii=False, separators=(",", ":"))
    data = body.encode("utf-8")
    return b"%08x " % zlib.crc32(data) + data + b"\n"


@dataclass
class JournalScan:
    """What a journal holds: the good entries in order, and where and why it stops being good."""

    batches: list[Batch]
    good_end: int  # byte length of the good prefix
    damage: tuple[int, Message] | None = None  # (line, why) of the first damaged entry
    dropped: int = 0  # entries at or after the damage
    torn: bool = False  # an unfinished last line (never acknowledged)


def scan_journal(path: Path) -> JournalScan:
    """Read a journal without raising: the valid prefix, and the first damage if any.

    A torn tail (lines whose checksum fails with nothing good after them: the process died
    mid-write, so they were never acknowledged) is not damage. A line whose checksum holds but
    whose content is not a valid batch, or whose sequence number does not increase, is damage,
    and so is a bad checksum before a good line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return JournalScan([], 0)
    scan = JournalScan([], 0)
    pos = 0
    number = 0
    bad_line = 0
    last = 0
    while pos < len(raw):
        number += 1
        end = raw.find(b"\n", pos)
        if end < 0:
            scan.torn = True
            break
        line = raw[pos:end]
        pos = end + 1
        if scan.damage is not None:
            scan.dropped += 1
            continue
        batch, why = _decode(line)
        if batch is None and why is None:  # checksum fails: torn, unless good lines follow
            if not bad_line:
                bad_line = number
            continue
        if bad_line:
            scan.damage = (bad_line, Message("journal.damaged_before_good"))
            scan.dropped = number - bad_line + 1
            continue
        if batch is None:
            scan.damage = (number, why or Message("journal.invalid_entry"))
            scan.dropped = 1
            continue
        if batch.seq <= last:
            scan.damage = (number, Message("journal.seq_not_increasing", seq=batch.seq, last=last))
            scan.dropped = 1
            continue
        last = batch.seq
        scan.batches.append(batch)
        scan.good_end = pos
    if bad_line and scan.damage is None:
        scan.torn = True
    return scan


def read_journal(path: Path) -> tuple[list[Batch], int]:
    """Batches in order, and the byte length of the valid part; damage raises."""
    scan = scan_journal(path)
    if scan.damage is not None:
        raise CorruptJournalError(path, *scan.damage)
    return scan.batches, scan.good_end


def _decode(line: bytes) -> tuple[Batch | None, Message | None]:
    """(batch, None); (None, None) when the checksum fails; (None, why) when it holds but
    the content is not a valid batch."""
    if len(line) < 10 or line[8:9] != b" ":
        return None, None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None, None
    data = line[9:]
    if zlib.crc32(data) != crc:
        return None, None
    try:
        obj = json.loads(data)
    except RecursionError:
        return None, Message("journal.too_deep")
    except json.JSONDecodeError as exc:
        return None, Message("journal.not_json", pos=exc.pos + 1)
    except ValueError:  # an integer of thousands of digits
        return None, Message("journal.number_too_long")
    if not isinstance(obj, dict) or not isinstance(obj.get("seq"), int) or "ops" not in obj:
        return None, Message("journal.not_a_batch")
    if isinstance(obj["seq"], bool) or not 1 <= obj["seq"] <= 2**53:
        return None, Message("journal.bad_seq", seq=repr(obj["seq"]))
    try:
        check_ops(obj["ops"])
    except SchemaError as exc:
        return None, exc.why
    return Batch(seq=obj["seq"], ops=list(obj["ops"])), None


class JournalWriter:
    """Appends batches with fsync; on failure the file is cut back to where it was."""

    def __init__(self, path: Path, valid_length: int) -> None:
        self.path = path
        # unbuffered, so a failed write leaves nothing waiting in a buffer to land later
        self.fh = open(path, "ab", buffering=0)  # noqa: SIM115 - kept open for the store's life
        if self.fh.tell() != valid_length:
            self.fh.truncate(valid_length)
            self.fh.seek(valid_length)
            os.fsync(self.fh.fileno())
        self.size = valid_length

    def append(self, seq: int, ops: list[Op]) -> None:
        data = encode(seq, ops)
        try:
            view = memoryview(data)
            while view:
                written = self.fh.write(view)
                view = view[written or 0 :]
            os.fsync(self.fh.fileno())
        except BaseException:
            try:
                self.fh.truncate(self.size)
                self.fh.seek(self.size)
            except OSError:
                pass
            raise
        self.size += len(data)

    def rotate(self, keep: int) -> None:
        """Start a new journal; the old one becomes `.1` (older ones shift, `keep` are kept).

        Each snapshot backup keeps the journal written after it, so restoring a backup can
        replay every change made since.
        """
        self.fh.close()
        try:
            for gen in range(keep, 1, -1):
                older = self.path.with_name(f"{self.path.name}.{gen - 1}")
                if older.exists():
                    os.replace(older, self.path.with_name(f"{self.path.name}.{gen}"))
            if self.path.exists():
                os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))
        finally:
            # a rename that failed leaves the old journal in place: later batches go on in it
            # (replay skips what the snapshot holds), never into a closed file
            self.fh = open(self.path, "ab", buffering=0)  # noqa: SIM115
            self.size = self.fh.tell()

    def close(self) -> None:
        self.fh.close()
