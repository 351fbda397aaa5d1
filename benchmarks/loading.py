"""Opening a session with every record checked against the schema, against a bare JSON load.

Prints, for sessions of 5,000 to 70,000 contributions, the time to open (parse, migrate,
check every record and reference, replay the journal) beside `json.loads` of the same file,
and their ratio, measured in the same run.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from facilitate.store import SessionStore  # noqa: E402
from facilitate.store.store import load_tables  # noqa: E402

INFO = {
    "title": "Banc",
    "slug": "banc",
    "date": "2026-03-12",
    "format_id": "world-cafe",
    "steps": [{"id": "cafe", "kind": "rounds", "title": {"fr": "Café", "en": "Café"}}],
}


def build(folder: Path, records: int) -> None:
    store = SessionStore.create(folder, dict(INFO), checkpoint_every=10**9)
    batch = []
    for i in range(1, records + 1):
        doc = {
            "kind": "idea",
            "text": f"Une idée numéro {i} sur le covoiturage entre les territoires",
            "step": "cafe",
            "round": 1 + i % 4,
            "table": 1 + i % 10,
            "source": "portal",
            "at": "2026-03-12T10:00:00+01:00",
        }
        batch.append(["put", "contributions", i, doc])
        if len(batch) == 500:
            store.save_sync(batch)
            batch = []
    if batch:
        store.save_sync(batch)
    store.close()  # one snapshot holding everything


def timed(fn: object, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print("open a session: checked load vs bare json.loads (median of 5, ms)")
    print(" records | checked open | json.loads | ratio")
    for records in (5_000, 20_000, 70_000):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "s"
            build(folder, records)
            raw = (folder / "session.json").read_bytes()
            checked = timed(lambda folder=folder: load_tables(folder))
            bare = timed(lambda raw=raw: json.loads(raw))
            print(
                f"{records:8d} | {checked * 1000:12.1f} | {bare * 1000:10.1f} | {checked / bare:5.1f}x"
            )


if __name__ == "__main__":
    main()
