"""Kill test: a writer killed with SIGKILL at random moments never loses an acknowledged record."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from facilitate.store import read_session_tables

ROUNDS = 50

# The child opens (or creates) the session, then saves in a loop: new contributions, and a
# document that grows big and shrinks back, so that snapshots get shorter as well as longer.
# Snapshots are taken every few batches so kills also land in the middle of them.
CHILD = r"""
import sys
from pathlib import Path
from facilitate.store import SessionStore
folder = Path(sys.argv[1]); start = int(sys.argv[2])
if (folder / "session.json").exists():
    store = SessionStore.open(folder, checkpoint_every=5)
else:
    store = SessionStore.create(
        folder,
        {"title": "kill", "slug": "kill", "date": "2026-03-12", "format_id": "world-cafe"},
        checkpoint_every=5,
    )
i = start
while True:
    i += 1
    size = 20000 if i % 3 else 10
    ops = [["put", "contributions", i, {"text": "idée %d" % i}],
           ["put", "notes", 1, {"version": i, "body": "x" * size}]]
    store.save_sync(ops)
    sys.stdout.write("%d\n" % i)
    sys.stdout.flush()
"""


def test_sigkill_at_random_moments_loses_no_acknowledged_record(tmp_path: Path) -> None:
    """After each of 50 kills the file loads and holds every record the writer was told was saved."""
    folder = tmp_path / "s"
    rng = random.Random(20261127)
    acked: set[int] = set()
    last = 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(last)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        deadline = time.monotonic() + rng.uniform(0.05, 0.35)
        buffer = b""
        # read acknowledgements until the random kill time, after the first one arrived
        while time.monotonic() < deadline or not acked or last == 0:
            ready, _, _ = select.select([child.stdout], [], [], 0.01)
            if ready:
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    acked.add(int(line))
                    last = max(last, int(line))
            if time.monotonic() > deadline + 5:
                break
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        for line in (buffer + rest).split(b"\n")[:-1]:  # told "saved" before the kill landed
            acked.add(int(line))
            last = max(last, int(line))
        tables = read_session_tables(folder)
        stored = {int(k) for k in tables.get("contributions", {})}
        missing = acked - stored
        assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
        note = tables["notes"]["1"]
        assert note["version"] >= last
        assert len(note["body"]) == (20000 if note["version"] % 3 else 10)
        last = max(last, max(stored))
    assert len(acked) > ROUNDS
