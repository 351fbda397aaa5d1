"""The append-only journal of committed batches between two snapshots of the session file."""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One op: ["put", kind, id, document] or ["del", kind, id].
Op = list[Any]


class CorruptJournalError(Exception):
    def __init__(self, path: Path, line: int, why: str) -> None:
        self.path, self.line, self.why = path, line, why
        super().__init__(f"{path}:{line}: {why}")


@dataclass
class Batch:
    seq: int
    ops: list[Op]


def encode(seq: int, ops: list[Op]) -> bytes:
    body = json.dumps({"seq": seq, "ops": ops}, ensure_ascii=False, separators=(",", ":"))
    data = body.encode("utf-8")
    return b"%08x " % zlib.crc32(data) + data + b"\n"


def read_journal(path: Path) -> tuple[list[Batch], int]:
    """Batches in order, and the byte length of the valid part.

    A torn last line (the process died mid-write, so it was never acknowledged) is ignored;
    damage before a good line means the file was altered, and is refused.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    batches: list[Batch] = []
    good_end = 0
    pos = 0
    bad_line = 0
    number = 0
    while pos < len(raw):
        number += 1
        end = raw.find(b"\n", pos)
        if end < 0:
            break  # torn tail
        line = raw[pos:end]
        batch = _decode(line)
        if batch is None:
            if not bad_line:
                bad_line = number
        else:
            if bad_line:
                raise CorruptJournalError(path, bad_line, "damaged entry before good ones")
            batches.append(batch)
            good_end = end + 1
        pos = end + 1
    return batches, good_end


def _decode(line: bytes) -> Batch | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    data = line[9:]
    if zlib.crc32(data) != crc:
        return None
    try:
        obj = json.loads(data)
        return Batch(seq=int(obj["seq"]), ops=list(obj["ops"]))
    except (ValueError, KeyError, TypeError):
        return None


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
        for gen in range(keep, 1, -1):
            older = self.path.with_name(f"{self.path.name}.{gen - 1}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{gen}"))
        if self.path.exists():
            os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))
        self.fh = open(self.path, "ab", buffering=0)  # noqa: SIM115
        self.size = 0

    def close(self) -> None:
        self.fh.close()
