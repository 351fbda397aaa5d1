"""TUI figures: launch to first screen drawn, and capture-bar Enter to record saved and shown.

Run: python benchmarks/tui.py [--samples N]. Prints p50/p95 at 1k and 5k records:

- capture: an Enter key event is posted to the app (what the terminal driver does), the app
  routes it to the focused capture Input, the line is parsed, saved through the service (TinyDB
  file and journal), the service's listener posts RecordSaved and the live screen puts the line
  in the feed; the clock stops when that feed update has run (an asyncio.Event set right after
  the screen's handler), timed with perf_counter.
- drawn: the same, then `screen.refresh()` and `pilot.pause()` until the next frame is composed.
  `pilot.pause()` waits for the process to look idle (at least 1/50 s of sleeps), so this figure
  has a floor; the floor (a pause with nothing to draw) is printed beside it.
- cpu: process CPU time (all threads, the store's writer included) spent on one capture, the
  app otherwise idle; it is what `pilot.pause()` waits out on top of its floor.
- pilot.press: the test pilot's own `press("enter")`, for comparison (it waits for idle twice).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from facilitate.domain.clock import ManualClock
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format

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


async def bare_first_screen() -> float:
    """Baseline: a Textual app with one line of text, launched the same way."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("facilitate")

    started = time.perf_counter()
    async with Bare().run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


async def service_alone(folder: Path, samples: int) -> list[float]:
    """Baseline: the same save through the service with no UI (validation, journal, fsync)."""
    svc = SessionService.open(folder, clock=ManualClock(START))
    out = []
    try:
        for i in range(samples):
            started = time.perf_counter()
            await svc.add_contribution("idea", f"baseline {i}")
            out.append(time.perf_counter() - started)
    finally:
        svc.close()
    return out


async def capture(folder: Path, samples: int) -> dict[str, list[float]]:
    from textual import events

    from facilitate.tui.app import make_app
    from facilitate.tui.screens.live import LiveScreen

    app = make_app(sessions=folder.parent, session=folder, lang="fr", clock=ManualClock(START))
    out: dict[str, list[float]] = {"capture": [], "drawn": [], "floor": [], "press": []}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        box: Any = screen.query_one("#capture-input")
        feed = screen.query_one("#feed")
        shown = asyncio.Event()
        redraw = screen.refresh_panels

        def refresh_panels() -> None:  # the feed's redraw after a record, then the signal
            redraw()
            shown.set()

        screen.refresh_panels = refresh_panels  # type: ignore[method-assign]
        box.focus()
        await pilot.pause()
        for i in range(samples):
            text = f"bench capture {i}"
            box.value = f"i: {text}"
            shown.clear()
            started = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            await shown.wait()
            saved = time.perf_counter()
            assert text in str(feed.render()), "the feed misses the line"
            screen.refresh()
            await pilot.pause()
            drawn = time.perf_counter()
            out["capture"].append(saved - started)
            out["drawn"].append(drawn - started)
            started = time.perf_counter()
            await pilot.pause()
            out["floor"].append(time.perf_counter() - started)
        for i in range(20):  # whole cost of a capture: CPU of every thread, store writer included
            box.value = f"i: cpu capture {i}"
            cpu = time.process_time()
            app.post_message(events.Key("enter", "\r"))
            await asyncio.sleep(0.3)
            out.setdefault("cpu", []).append(time.process_time() - cpu)
        for i in range(max(5, samples // 5)):
            text = f"pilot capture {i}"
            box.value = f"i: {text}"
            started = time.perf_counter()
            await pilot.press("enter")
            out["press"].append(time.perf_counter() - started)
            assert text in str(feed.render())
    return out


def figures(values: list[float]) -> str:
    return f"p50 {pct(values, 0.5) * 1000:.1f} ms, p95 {pct(values, 0.95) * 1000:.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for records in (1000, 5000):
            folder = Path(tmp) / f"s{records}"
            await build(folder, records)
            launch = [await first_screen(folder) for _ in range(3)]
            bare = [await bare_first_screen() for _ in range(3)]
            alone = await service_alone(folder, args.samples)
            times = await capture(folder, args.samples)
            print(
                f"{records} records: first screen {min(launch) * 1000:.0f} ms "
                f"(worst of 3: {max(launch) * 1000:.0f} ms); a bare Textual app: "
                f"{min(bare) * 1000:.0f} ms, ratio {min(launch) / min(bare):.1f}"
            )
            print(
                f"  Enter key -> saved and in the feed: {figures(times['capture'])} "
                f"(n={len(times['capture'])}); the service alone: {figures(alone)}, "
                f"p95 ratio {pct(times['capture'], 0.95) / pct(alone, 0.95):.1f}"
            )
            print(
                f"  Enter key -> next frame composed:   {figures(times['drawn'])} "
                f"(pilot.pause floor alone: {figures(times['floor'])})"
            )
            print(f"  CPU of one capture, all threads:    {figures(times['cpu'])}")
            print(
                f"  pilot.press('enter') round trip:    {figures(times['press'])} "
                f"(n={len(times['press'])})"
            )


if __name__ == "__main__":
    asyncio.run(main())
