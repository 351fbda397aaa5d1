"""The portal's limits for a real room: slow or idle connections dropped, phones counted.

aiohttp waits forever for a request's headers and keeps every connection it accepts, so a few
scripts on the venue's Wi-Fi could hold all of the laptop's sockets. `ConnectionGuard` wraps each
connection's protocol to know its state (new, reading its headers, being answered, idle between
requests), drops the ones over their deadline, and keeps the number open under a cap by closing
the oldest idle ones first. `Crowd` limits submissions per device and per address, sized for a
room of 60 to 200 phones behind one NAT: an address is allowed as many devices as a room holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from facilitate.portal.security import RateLimit


@dataclass(frozen=True)
class Limits:
    """Every figure in one place (the README's security table shows them)."""

    head_s: float = 5.0  # from a request's first byte to the end of its headers
    first_byte_s: float = 8.0  # a new connection must start a request within this
    body_s: float = 10.0  # a form's body must arrive within this once its headers have
    idle_s: float = 15.0  # a keep-alive connection with no request is closed after this
    requests_per_connection: int = 100  # then `Connection: close`: sockets are recycled
    max_connections: int = 512  # open at once; the oldest idle ones are closed first beyond it
    device_rate: tuple[int, float] = (10, 10.0)  # submissions per device (cookie) per seconds
    address_rate: tuple[int, float] = (600, 10.0)  # all submissions from one address
    cookieless_rate: tuple[int, float] = (30, 10.0)  # submissions without a device cookie
    devices_per_address: int = 300  # phones behind one address active within device_window_s
    device_window_s: float = 600.0
    code_failures: tuple[int, float] = (30, 60.0)  # wrong join codes per address
    exempt_loopback: bool = True  # the laptop itself is not counted against the room


FRESH, HEAD, BUSY, IDLE = "fresh", "head", "busy", "idle"


class _Conn:
    __slots__ = ("transport", "state", "since", "requests", "handler")

    def __init__(self, transport: asyncio.Transport, handler: object, now: float) -> None:
        self.transport = transport
        self.handler = handler
        self.state = FRESH
        self.since = now
        self.requests = 0


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard told of what happens on it."""

    def __init__(self, guard: ConnectionGuard, inner: Any) -> None:
        self.guard, self.inner = guard, inner
        self.conn: _Conn | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.inner.connection_made(transport)
        self.conn = self.guard._opened(transport, self.inner)

    def data_received(self, data: bytes) -> None:
        conn = self.conn
        if conn is not None and conn.state in (FRESH, IDLE) and data:
            conn.state, conn.since = HEAD, self.guard.clock()
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return bool(self.inner.eof_received())

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard._lost(self.conn)
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


class ConnectionGuard:
    """Deadlines and a cap for the portal's connections; figures of what it dropped."""

    SWEEP_S = 0.5

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self._conns: dict[asyncio.BaseTransport, _Conn] = {}
        self._by_handler: dict[object, _Conn] = {}
        self.dropped: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None

    # -- wiring ------------------------------------------------------------------------------

    def protocol_factory(self, inner: Callable[[], Any]) -> Callable[[], asyncio.Protocol]:
        return lambda: _Guarded(self, inner())

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._sweep())

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        conn = self._by_handler.get(request.protocol)
        if conn is not None:
            conn.state, conn.since = BUSY, self.clock()
            conn.requests += 1
        try:
            response = await handler(request)
        finally:
            if conn is not None and conn.state == BUSY:
                conn.state, conn.since = IDLE, self.clock()
        if conn is not None and conn.requests >= self.limits.requests_per_connection:
            response.force_close()  # keep-alive limit: this answer closes the connection
        return response

    # -- figures -----------------------------------------------------------------------------

    @property
    def open(self) -> int:
        return len(self._conns)

    def states(self) -> Counter[str]:
        return Counter(conn.state for conn in self._conns.values())

    # -- what happens on connections ---------------------------------------------------------

    def _opened(self, transport: Any, handler: object) -> _Conn | None:
        if len(self._conns) >= self.limits.max_connections:
            victim = self._victim()
            if victim is None:  # every connection is being answered: refuse the newcomer
                self.dropped["refused"] += 1
                transport.abort()
                return None
            self._drop(victim, "evicted")
        conn = _Conn(transport, handler, self.clock())
        self._conns[transport] = conn
        self._by_handler[handler] = conn
        return conn

    def _lost(self, conn: _Conn | None) -> None:
        if conn is not None:
            self._conns.pop(conn.transport, None)
            self._by_handler.pop(conn.handler, None)

    def _victim(self) -> _Conn | None:
        """The oldest idle (or never used) connection, else the one slowest with its headers."""
        idle = [c for c in self._conns.values() if c.state in (IDLE, FRESH)]
        if idle:
            return min(idle, key=lambda c: c.since)
        heads = [c for c in self._conns.values() if c.state == HEAD]
        return min(heads, key=lambda c: c.since) if heads else None

    def _drop(self, conn: _Conn, reason: str) -> None:
        self._lost(conn)
        self.dropped[reason] += 1
        if conn.state == IDLE:
            conn.transport.close()  # nothing in flight: a clean close
        else:
            conn.transport.abort()

    def sweep(self) -> None:
        """Drop every connection past its deadline (run every SWEEP_S by the task)."""
        now = self.clock()
        limits = self.limits
        deadline = {FRESH: limits.first_byte_s, HEAD: limits.head_s, IDLE: limits.idle_s}
        late = [
            conn
            for conn in self._conns.values()
            if conn.state in deadline and now - conn.since > deadline[conn.state]
        ]
        for conn in late:
            self._drop(conn, conn.state)

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self.SWEEP_S)
            self.sweep()


class Crowd:
    """Submissions limited per device and per address, counting phones, not requests.

    A device is its cookie. Behind one NAT, a whole room shares an address: the address may have
    up to `devices_per_address` devices active at once, each with its own budget, and a ceiling
    on all its submissions together that a room cannot reach. Posts without a cookie (a browser
    that refuses them, or a script) share a small budget per address and count no device.
    """

    MAX_ADDRESSES = 20_000

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.per_device = RateLimit(*limits.device_rate)
        self.per_address = RateLimit(*limits.address_rate)
        self.cookieless = RateLimit(*limits.cookieless_rate)
        self._devices: dict[str, dict[str, float]] = {}

    def check(self, address: str, device: str | None, *, local: bool = False) -> float:
        """Count one submission; 0 if allowed, else the seconds to wait."""
        now = time.monotonic()
        exempt = local and self.limits.exempt_loopback
        if device is None:  # the laptop itself keeps the per-device budget, as one device
            wait = (self.per_device if exempt else self.cookieless).hit(f"anon:{address}", now)
        else:
            wait = 0.0 if exempt else self._admit(address, device, now)
            wait = wait or self.per_device.hit(device, now)
        if not wait and not exempt:
            wait = self.per_address.hit(address, now)
        return wait

    def devices(self, address: str) -> int:
        return len(self._devices.get(address, {}))

    def _admit(self, address: str, device: str, now: float) -> float:
        seen = self._devices.get(address)
        if seen is None:
            if len(self._devices) >= self.MAX_ADDRESSES:
                self._forget(now)
            seen = self._devices[address] = {}
        if device not in seen and len(seen) >= self.limits.devices_per_address:
            cutoff = now - self.limits.device_window_s
            for quiet in [d for d, at in seen.items() if at < cutoff]:
                del seen[quiet]
            if len(seen) >= self.limits.devices_per_address:
                return max(1.0, min(seen.values()) + self.limits.device_window_s - now)
        seen[device] = now
        return 0.0

    def _forget(self, now: float) -> None:
        cutoff = now - self.limits.device_window_s
        for address in [a for a, s in self._devices.items() if max(s.values(), default=0) < cutoff]:
            del self._devices[address]
        if len(self._devices) >= self.MAX_ADDRESSES:  # still full: forget the oldest half
            oldest = sorted(self._devices, key=lambda a: max(self._devices[a].values(), default=0))
            for address in oldest[: len(oldest) // 2]:
                del self._devices[address]
