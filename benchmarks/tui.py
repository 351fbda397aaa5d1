"""TUI figures: launch to first screen drawn, and capture-bar Enter to record saved and shown.

Run: python benchmarks/tui.py [--samples N]. Prints p50/p95 at 1k and 5k records. "Shown"
means the feed widget holds the new line (the terminal paints it at the next frame, within
1/60 s); Enter is driven through the Input's submit action, as the key binding does, because
the test pilot's own idle waits add about 100 ms per key press.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from facilitate.domain.clock import ManualClock
from facilitate.formats import get_format
from facilitate.service import SessionService, session_doc

START = "2026-03-12T09:00:00+01:00"


async def build(folder: Path, records: int) -> None:
    info = session_doc(get_format("cooperation-kickoff"), title="Bench", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=ManualClock(START))
    people = await svc.add_participants({"name": f"P{i}"} for i in range(30))
    for k in range(6):
        await svc.add_table(f"Table {k}", host=people[k].id)
    await svc.start_step("cafe-enjeux")
    await svc.start_round(1)
    batch = []
    for i in range(records - 40):
        batch.append(svc.add_contribution("idea", f"idea number {i}", table=1 + i % 6))
        if len(batch) == 200:
            await asyncio.gather(*batch)
            batch = []
    await asyncio.gather(*batch)
    svc.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def first_screen(folder: Path) -> float:
    from facilitate.tui.app import make_app

    started = time.perf_counter()
    app = make_app(sessions=folder.parent, session=folder, lang="fr", clock=ManualClock(START))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


async def capture(folder: Path, samples: int) -> list[float]:
    from facilitate.tui.app import make_app
    from facilitate.tui.screens.live import LiveScreen

    app = make_app(sessions=folder.parent, session=folder, lang="fr", clock=ManualClock(START))
    out: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        box = screen.query_one("#capture-input")
        feed = screen.query_one("#feed")
        box.focus()
        for i in range(samples):
            text = f"bench capture {i}"
            box.value = f"i: {text}"
            started = time.perf_counter()
            await box.action_submit()  # what Enter does, without the test pilot's idle waits
            while text not in str(feed.render()):
                await asyncio.sleep(0)
            out.append(time.perf_counter() - started)
    return out


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for records in (1000, 5000):
            folder = Path(tmp) / f"s{records}"
            await build(folder, records)
            launch = [await first_screen(folder) for _ in range(3)]
            times = await capture(folder, args.samples)
            print(f"{records} records: first screen {min(launch) * 1000:.0f} ms "
                  f"(worst of 3: {max(launch) * 1000:.0f} ms); capture saved and shown "
                  f"p50 {pct(times, 0.5) * 1000:.1f} ms, p95 {pct(times, 0.95) * 1000:.1f} ms "
                  f"(n={len(times)})")


if __name__ == "__main__":
    asyncio.run(main())
