"""Save latency: "save this contribution" to "saved", against plain TinyDB, at 1k/5k/20k records.

Prints median and p95 for facilitate's store (through the application service: validation,
journal write + fsync, in-memory apply) and for plain TinyDB `JSONStorage` inserting the same
records at the same database size, and their ratio measured in the same run. Not a test.

usage: python benchmarks/store.py [--samples N] [--sizes 1000,5000,20000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Contribution, ContributionKind, Source
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format


def record(i: int) -> dict[str, object]:
    return Contribution(
        id=i,
        kind=ContributionKind.IDEA,
        step="tours",
        round=1 + i % 3,
        table=1 + i % 8,
        text=f"Idée numéro {i} : mutualiser les transports entre les vallées, avec un exemple.",
        source=Source.PORTAL,
        at="2026-03-12T10:00:00+01:00",
    ).to_dict()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def facilitate_latencies(folder: Path, size: int, samples: int) -> list[float]:
    info = session_doc(get_format("world-cafe"), title="Bench", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=ManualClock())
    svc.store.save_sync([["put", "contributions", i, record(i)] for i in range(1, size + 1)])
    svc.store.checkpoint()
    svc = SessionService(svc.store, clock=svc.clock)  # reload the in-memory session
    out = []
    for i in range(samples):
        start = time.perf_counter()
        await svc.add_contribution("idea", f"Nouvelle idée {i}", table=None)
        out.append((time.perf_counter() - start) * 1000)
    svc.close()
    return out


def tinydb_latencies(path: Path, size: int, samples: int) -> list[float]:
    db = TinyDB(path)
    table = db.table("contributions")
    table.insert_multiple(record(i) for i in range(1, size + 1))
    out = []
    for i in range(samples):
        doc = record(size + 1 + i)
        start = time.perf_counter()
        table.insert(doc)
        out.append((time.perf_counter() - start) * 1000)
    db.close()
    return out


async def burst(folder: Path, size: int, phones: int) -> tuple[float, float]:
    """`phones` submissions at once: total time and p95 of each one's wait."""
    info = session_doc(get_format("world-cafe"), title="Burst", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=ManualClock())
    svc.store.save_sync([["put", "contributions", i, record(i)] for i in range(1, size + 1)])
    svc = SessionService(svc.store, clock=svc.clock)
    waits: list[float] = []

    async def one(i: int) -> None:
        start = time.perf_counter()
        await svc.add_contribution("idea", f"Idée {i}")
        waits.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(phones)))
    total = time.perf_counter() - start
    svc.close()
    return total, pct(waits, 0.95)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 2500 sequential saves cross at least one snapshot (every 2000 batches), whose cost the
    # figures must include
    parser.add_argument("--samples", type=int, default=2500)
    parser.add_argument("--sizes", default="1000,5000,20000")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"save latency, {args.samples} sequential saves per size (ms; TinyDB: up to 200)")
    print(
        f"{'records':>8} | {'facilitate p50':>14} {'p95':>7} {'max':>7} | {'TinyDB p50':>10} "
        f"{'p95':>7} | {'p95 ratio':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            ours = asyncio.run(facilitate_latencies(Path(tmp) / f"f{size}", size, args.samples))
            base_samples = max(20, min(200, 2_000_000 // size))
            theirs = tinydb_latencies(Path(tmp) / f"t{size}.json", size, base_samples)
            ratio = pct(theirs, 0.95) / pct(ours, 0.95)
            print(
                f"{size:>8} | {statistics.median(ours):>14.2f} {pct(ours, 0.95):>7.2f} "
                f"{max(ours):>7.1f} | "
                f"{statistics.median(theirs):>10.2f} {pct(theirs, 0.95):>7.2f} | "
                f"{ratio:>8.0f}x"
            )
        total, p95 = asyncio.run(burst(Path(tmp) / "burst", 5000, 500))
        print(
            f"burst: 500 submissions at once on 5k records: {total * 1000:.0f} ms in all "
            f"({500 / total:.0f}/s), each waited p95 {p95:.1f} ms (group commit)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
