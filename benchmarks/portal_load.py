"""Portal load: 200 simulated phones submitting at once on 127.0.0.1; figures printed, no assertions.

    python benchmarks/portal_load.py                 # server (+ headless TUI) here, phones in a child
    python benchmarks/portal_load.py --kill          # server in a child, SIGKILLed mid-load, restarted
    python benchmarks/portal_load.py --phones 200 --submissions 5000 --no-tui
    python benchmarks/portal_load.py --limits        # slow and idle connections, a room behind NAT

Bounded: a fixed number of submissions and a time cap, loopback only. The per-device rate limit
(10 submissions per 10 s, which protects a real room) is lifted for the simulated phones, each of
which submits far faster than a person: what is measured is the write path (HTTP, service, store
group commit, fsync) and the event loop's health meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from facilitate.domain.clock import ManualClock
from facilitate.portal import Portal
from facilitate.runtime import hold_long_lived
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.store import read_session_tables

TABLES = ["Gare", "Covoiturage", "Solidaire", "Financement", "Tourisme", "Données"]
TIME_CAP = 120.0  # seconds: the load stops by itself whatever happens
NO_LIMIT = (10**9, 1.0)


# -- the session -----------------------------------------------------------------------------------


async def build(folder: Path) -> SessionService:
    fmt = get_format("world-cafe")
    info = session_doc(fmt, title="Portal load", date="2026-03-12", lang="en")
    svc = SessionService.create(folder, info, clock=ManualClock("2026-03-12T09:00:00+01:00"))
    for name in TABLES:
        await svc.add_table(f"Table {name}", topic=f"Topic of {name}")
    await svc.start_step("tours")
    await svc.start_round(1)
    return svc


def table_urls(svc: SessionService, base: str) -> list[str]:
    return [f"{base}/j/{svc.info.token}/t/{tb.slug}" for tb in svc.session.tables]


# -- the phones ------------------------------------------------------------------------------------


class Load:
    """Phones sharing a budget of submissions; every acknowledged text is kept."""

    def __init__(self, urls: list[str], phones: int, total: int, think: float = 0.0) -> None:
        self.urls, self.phones, self.total, self.think = urls, phones, total, think
        self.next = 0
        self.acked: list[str] = []
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.started = self.ended = 0.0
        self.pause = asyncio.Event()
        self.pause.set()

    def take(self) -> int | None:
        if self.next >= self.total or time.perf_counter() - self.started > TIME_CAP:
            return None
        self.next += 1
        return self.next

    async def phone(self, index: int, origin: str) -> None:
        url = self.urls[index % len(self.urls)]
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as r:  # opening the page gives the phone its device id
                    await r.read()
            n = self.take()
            while n is not None:
                await self.pause.wait()
                text = f"phone {index} submission {n}"
                t0 = time.perf_counter()
                try:
                    async with http.post(
                        url + "/contribute",
                        data={"kind": "idea", "text": text},
                        headers={"Accept": "application/json", "Origin": origin},
                    ) as r:
                        await r.read()
                        status = str(r.status)
                except (aiohttp.ClientError, OSError):
                    status = "connection"
                    await asyncio.sleep(0.05)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == "201":
                    self.latencies.append(time.perf_counter() - t0)
                    self.acked.append(text)
                    n = self.take()
                    if (
                        self.think and n is not None
                    ):  # a person reads and types before sending again
                        await asyncio.sleep(self.think * (0.5 + (n * 7919 % 1000) / 1000))
                # anything else: the same submission is tried again (it was not acknowledged)
        self.ended = max(self.ended, time.perf_counter())

    async def run(self, origin: str) -> None:
        self.started = time.perf_counter()
        await asyncio.gather(*(self.phone(i, origin) for i in range(self.phones)))

    def figures(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
        wall = max(1e-9, self.ended - self.started)
        return {
            "acked": len(self.acked),
            "seconds": wall,
            "per_s": len(self.acked) / wall,
            "p50_ms": q[49] * 1000,
            "p95_ms": q[94] * 1000,
            "max_ms": (lat[-1] if lat else 0) * 1000,
            "statuses": self.statuses,
        }


async def client_main(args: argparse.Namespace) -> None:
    """Child process: the phones, figures written as JSON."""
    urls = json.loads(Path(args.client).read_text())
    load = Load(urls, args.phones, args.submissions, args.think_ms / 1000)
    await load.run(urls[0].split("/j/")[0])
    Path(args.out).write_text(json.dumps({**load.figures(), "texts": load.acked}))


# -- the event loop's health -----------------------------------------------------------------------


async def lag_probe(stop: asyncio.Event, lags: list[float], every: float = 0.01) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(max(0.0, time.perf_counter() - t0 - every))


# -- mode 1: server (and TUI) here, phones in a child process ----------------------------------------


async def load_here(args: argparse.Namespace, work: Path) -> None:
    bare = await bare_baseline(args, work)
    folder = work / "session"
    svc = await build(folder)
    portal = Portal(svc, port=0, lang="en", rate=NO_LIMIT)
    hold_long_lived()  # as `facilitate serve` and the TUI's live screen do
    tui = "no"
    try:
        from facilitate.tui.app import make_app  # the facilitator's screen, if it exists by now
    except ImportError:
        make_app = None
    figures: dict[str, Any] | None = None
    if make_app is not None and not args.no_tui:
        try:
            app = make_app(sessions=work, lang="en")
            async with app.run_test(size=(120, 36)) as pilot:
                app.open_session(folder, service=svc)
                await pilot.pause()
                crashed = getattr(app, "_exception", None)
                if crashed is not None or not app.is_running:
                    raise RuntimeError(f"the TUI stopped: {crashed!r}")
                tui = f"yes (headless, screen {type(app.screen).__name__})"
                app.portal = portal
                figures, lags = await serve_and_load(args, portal, svc, work)
                app.portal = None
                await portal.stop()
        except Exception as exc:  # the TUI is another part: say why it could not run, go on
            why = f"{type(exc).__name__}: {exc}"
            with contextlib.suppress(Exception):
                await portal.stop()
            if not svc.store._closed:
                svc.close()
            if figures is not None:
                tui = f"it crashed during the run ({why})"
            else:
                print(
                    f"the TUI could not run headless ({why}); measuring without it", file=sys.stderr
                )
                folder = work / "session-no-tui"
                svc = await build(folder)
                portal = Portal(svc, port=0, lang="en", rate=NO_LIMIT)
                tui = "no (it failed to start, see above)"
    if figures is None:
        figures, lags = await serve_and_load(args, portal, svc, work)
        await portal.stop()
    if not svc.store._closed:
        svc.close()
    report(args, figures, lags, folder, tui)
    print(
        f"baseline        bare aiohttp answering 201 without saving: {bare['per_s']:.0f}/s, "
        f"p95 {bare['p95_ms']:.1f} ms; facilitate reaches {figures['per_s'] / bare['per_s']:.2f}"
        f" of its rate"
    )


async def bare_baseline(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Baseline in the same run: the same phones against a bare aiohttp app that answers 201
    at once, with no checks, no service and no disk: what HTTP alone costs on this machine."""
    from aiohttp import web

    async def page(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def accept(request: web.Request) -> web.Response:
        await request.post()
        return web.json_response({"ok": True}, status=201)

    app = web.Application()
    app.router.add_get("/j/{token}/t/{slug}", page)
    app.router.add_post("/j/{token}/t/{slug}/contribute", accept)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    urls = [f"http://127.0.0.1:{port}/j/bare/t/table-{k}" for k in range(len(TABLES))]
    try:
        return await run_phones(args, urls, work, "bare")
    finally:
        await runner.cleanup()


async def run_phones(
    args: argparse.Namespace, urls: list[str], work: Path, name: str
) -> dict[str, Any]:
    """The phones in a child process (so they do not share this event loop); their figures."""
    urls_file, out = work / f"{name}-urls.json", work / f"{name}.json"
    urls_file.write_text(json.dumps(urls))
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--client",
        str(urls_file),
        "--out",
        str(out),
        "--phones",
        str(args.phones),
        "--submissions",
        str(args.submissions),
        "--think-ms",
        str(args.think_ms),
    )
    try:
        await asyncio.wait_for(child.wait(), TIME_CAP + 30)
    finally:
        if child.returncode is None:
            child.kill()
    return json.loads(out.read_text())


async def serve_and_load(
    args: argparse.Namespace, portal: Portal, svc: SessionService, work: Path
) -> tuple[dict[str, Any], list[float]]:
    base = (await portal.start()).split("/j/")[0]
    stop, lags = asyncio.Event(), []
    probe = asyncio.create_task(lag_probe(stop, lags))
    try:
        figures = await run_phones(args, table_urls(svc, base), work, "client")
    finally:
        stop.set()
        await probe
    return figures, lags


def report(
    args: argparse.Namespace, f: dict[str, Any], lags: list[float], folder: Path, tui: str
) -> None:
    stored = {c["text"] for c in read_session_tables(folder).get("contributions", {}).values()}
    lost = [x for x in f["texts"] if x not in stored]
    lag_sorted = sorted(lags) or [0.0]
    print(
        f"phones {args.phones}, submissions {args.submissions}, think time {args.think_ms} ms "
        f"(0: back to back), TUI running: {tui}"
    )
    print(f"accepted        {f['acked']} in {f['seconds']:.2f} s = {f['per_s']:.0f} submissions/s")
    print(
        f"latency         p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms, "
        f"max {f['max_ms']:.1f} ms"
    )
    print(
        f"loop lag        max {lag_sorted[-1] * 1000:.1f} ms, "
        f"p99 {lag_sorted[int(len(lag_sorted) * 0.99) - 1] * 1000:.1f} ms "
        f"({len(lags)} ticks of 10 ms)"
    )
    print(f"answers         {f['statuses']}")
    print(f"on disk         {len(stored)} contributions; acknowledged but missing: {len(lost)}")


# -- mode 2: the server killed with SIGKILL mid-load, then restarted ----------------------------------


async def start_server(folder: Path, port: int) -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        str(folder),
        "--port",
        str(port),
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    return proc, line.decode().strip()


async def serve_main(args: argparse.Namespace) -> None:
    """Child process of --kill: the portal alone, without the rate limit, until SIGTERM."""
    svc = SessionService.open(Path(args.serve))
    portal = Portal(svc, port=args.port, lang="en", rate=NO_LIMIT)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print(await portal.start(), flush=True)
    await stop.wait()
    await portal.stop()
    svc.close()


async def kill_test(args: argparse.Namespace, work: Path) -> None:
    folder = work / "session"
    svc = await build(folder)
    svc.close()
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc, url = await start_server(folder, port)
    base = url.split("/j/")[0]
    tables = read_session_tables(folder)
    token = tables["session"]["1"]["token"]
    slugs = [t["slug"] for t in sorted(tables["tables"].values(), key=lambda t: t["id"])]
    urls = [f"{base}/j/{token}/t/{slug}" for slug in slugs]
    load = Load(urls, args.phones, args.submissions, args.think_ms / 1000)
    runner = asyncio.create_task(load.run(base))
    while len(load.acked) < args.submissions // 3 and not runner.done():
        await asyncio.sleep(0.005)
    acked_before_kill = len(load.acked)
    os.kill(proc.pid, signal.SIGKILL)
    await proc.wait()
    t_kill = time.perf_counter()
    proc, _ = await start_server(folder, port)
    restart_s = time.perf_counter() - t_kill
    await asyncio.wait_for(runner, TIME_CAP + 30)
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), 60)
    stored = {c["text"] for c in read_session_tables(folder).get("contributions", {}).values()}
    lost = [x for x in load.acked if x not in stored]
    f = load.figures()
    print(f"kill test: {args.phones} phones, {args.submissions} submissions")
    print(f"SIGKILL after   {acked_before_kill} acknowledged; restarted in {restart_s:.2f} s")
    print(f"acknowledged    {len(load.acked)} in total; answers {f['statuses']}")
    print(f"on disk         {len(stored)} contributions (unacknowledged retries may add a few)")
    print(f"lost            {len(lost)} acknowledged submissions missing after the restart")


# -- mode 3: the portal's limits for a real room ------------------------------------------------------


async def _connect(
    port: int, count: int
) -> list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    out = []
    for _ in range(count):
        with contextlib.suppress(OSError):
            out.append(await asyncio.open_connection("127.0.0.1", port))
    return out


async def _closed_after(reader: asyncio.StreamReader, cap: float) -> float | None:
    start = time.perf_counter()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(cap):
            with contextlib.suppress(ConnectionError, OSError):
                while await reader.read(4096):
                    pass
            return time.perf_counter() - start
    return None


async def _served_in(base: str, token: str) -> float | None:
    """Seconds for a phone to open the session page, or None if it was not served."""
    t0 = time.perf_counter()
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{base}/j/{token}/") as r:
            await r.read()
            return time.perf_counter() - t0 if r.status == 200 else None
    except (aiohttp.ClientError, OSError):
        return None


async def limits_test(args: argparse.Namespace, work: Path) -> None:
    """Slow headers, silent and idle connections, a room behind one address: what is dropped,
    how fast, and whether phones are still served meanwhile. Bounded: about a minute."""
    from facilitate.portal import security
    from facilitate.portal.limits import Limits

    limits = Limits()
    svc = await build(work / "limits")
    token = svc.info.token
    portal = Portal(svc, port=0, lang="en", limits=Limits(exempt_loopback=False))
    base = (await portal.start()).split("/j/")[0]
    try:
        # 1. slow headers: 300 clients sending one header line a second, never the end
        slow = await _connect(portal.port, 300)
        for _, w in slow:
            w.write(f"GET /j/{token}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())

        async def dribble() -> None:
            for i in range(15):
                await asyncio.sleep(1)
                for _, w in slow:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        w.write(f"X-{i}: 1\r\n".encode())

        dribbler = asyncio.create_task(dribble())
        during = await _served_in(base, token)
        waits = await asyncio.gather(*(_closed_after(r, 40) for r, _ in slow))
        dribbler.cancel()
        for _, w in slow:
            w.close()
        held = [x for x in waits if x is not None]
        print(
            f"slow headers    {len(slow)} clients: {len(held)} dropped, after "
            f"{statistics.median(held):.1f} s median, {max(held):.1f} s at most "
            f"(limit {limits.head_s:g} s); {waits.count(None)} still open after 40 s; "
            f"a phone meanwhile served in {(during or 0) * 1000:.0f} ms"
            if held
            else "slow headers    none dropped"
        )
        # 2. a flood of idle connections: 1,500 opened, none sending anything
        peak = 0
        flood: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        for _ in range(15):
            flood += await _connect(portal.port, 100)
            await asyncio.sleep(0)
            peak = max(peak, portal.connections.open)
        during = await _served_in(base, token)
        peak = max(peak, portal.connections.open)
        await asyncio.sleep(0.5)
        alive = await asyncio.gather(*(_closed_after(r, 0.2) for r, _ in flood))
        print(
            f"idle flood      {len(flood)} connections opened: at most {peak} open at once "
            f"(cap {limits.max_connections}), {alive.count(None)} still open, "
            f"{portal.connections.dropped['evicted']} oldest idle closed; a phone meanwhile "
            + (f"served in {during * 1000:.0f} ms" if during is not None else "NOT served")
        )
        waits = await asyncio.gather(*(_closed_after(r, 20) for r, _ in flood))
        rest = [x for x in waits if x is not None]
        print(
            f"silent ones     all closed within {max(rest, default=0):.1f} s more "
            f"(first byte limit {limits.first_byte_s:g} s); {waits.count(None)} left"
        )
        for _, w in flood:
            w.close()
        # 3. a room behind one NAT: 200 phones (one address) send an idea within a second
        url = f"{base}/j/{token}/t/{svc.session.tables[0].slug}/contribute"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:

            async def phone(i: int) -> str:
                devices = getattr(portal, "devices", None)  # signed ids where the portal signs
                cookie = (
                    security.issue_device(devices.secret)[1]
                    if devices is not None
                    else security.new_device_id()
                )
                try:
                    async with http.post(
                        url,
                        data={"kind": "idea", "text": f"room {i}"},
                        headers={"Origin": base, "Cookie": f"fdev={cookie}"},
                        allow_redirects=False,
                    ) as r:
                        return str(r.status)
                except aiohttp.ClientError:
                    return "connection"

            t0 = time.perf_counter()
            answers = await asyncio.gather(*(phone(i) for i in range(args.phones)))
            took = time.perf_counter() - t0
        counts = {a: answers.count(a) for a in sorted(set(answers))}
        print(
            f"one address     {args.phones} phones behind one NAT, one idea each: {counts} "
            f"in {took:.2f} s (up to {limits.devices_per_address} phones an address, "
            f"{limits.device_rate[0]} ideas per {limits.device_rate[1]:g} s each)"
        )
        print(f"dropped in all  {dict(portal.connections.dropped)}")
    finally:
        await portal.stop()
        svc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause of a phone between two submissions (0: back to back)",
    )
    parser.add_argument("--no-tui", action="store_true", help="do not run the TUI headless")
    parser.add_argument("--kill", action="store_true", help="SIGKILL the server mid-load")
    parser.add_argument(
        "--limits", action="store_true", help="slow, silent and idle connections; one NAT"
    )
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.phones = max(1, min(args.phones, 1000))
    args.submissions = max(1, min(args.submissions, 50_000))
    if args.client:
        asyncio.run(client_main(args))
        return
    if args.serve:
        asyncio.run(serve_main(args))
        return
    with tempfile.TemporaryDirectory(prefix="facilitate-load-") as tmp:
        if args.limits:
            asyncio.run(limits_test(args, Path(tmp)))
        elif args.kill:
            asyncio.run(kill_test(args, Path(tmp)))
        else:
            asyncio.run(load_here(args, Path(tmp)))


if __name__ == "__main__":
    main()
