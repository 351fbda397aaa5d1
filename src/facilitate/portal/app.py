"""The participants' portal: an aiohttp app in the caller's event loop, writing through the
service. This module is the app and its life cycle (listen, advertise, stop) and the page
frame every page renders into; the guard (`guard.py`) checks each request, the pages live by
area (`pages.py`, `votes.py`, `debate.py`, `meaning.py`, `forum.py`), the live state the phones
poll in `state.py`."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import secrets
import socket
from collections.abc import Callable
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape

from facilitate.domain import views
from facilitate.domain.records import EventKind, Table
from facilitate.i18n import LANGS, nt, t
from facilitate.portal.arrivals import Arrivals
from facilitate.portal.common import LANG
from facilitate.portal.debate import DebatePages
from facilitate.portal.forum import ForumPages
from facilitate.portal.grids import AgreementPages, MatrixPages
from facilitate.portal.guard import Guard
from facilitate.portal.limits import ConnectionGuard, Crowd, Limits
from facilitate.portal.meaning import MeaningPages
from facilitate.portal.pages import Pages
from facilitate.portal.security import BODY_MAX, DeviceIds, HostCheck
from facilitate.portal.state import PhoneState
from facilitate.portal.statements import StatementsPages
from facilitate.portal.votes import VotePages
from facilitate.reach.addresses import (
    is_loopback_host,
    join_code,
    join_url,
    stable_base,
    table_url,
    venue_name,
)
from facilitate.reach.advertise import Advertisement
from facilitate.reach.network import lan_addresses
from facilitate.service import SessionService, StoreError

__all__ = ["Portal", "PortInUseError"]

WATCH_S = 5.0  # how often the laptop's addresses are looked at (a new lease, a hotspot)
LINGER_S = 2.0
BACKLOG = 512  # a room scanning at once: connections queued before they are accepted


class PortInUseError(OSError):
    """The chosen port is taken by another program."""

    def __init__(self, port: int, lang: str = "en") -> None:
        super().__init__(errno.EADDRINUSE, t("portal.port_in_use", lang, port=port))
        self.port = port


class Portal:
    """The phone pages of one session, served from this laptop."""

    def __init__(
        self,
        service: SessionService,
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        lang: str | None = None,
        rate: tuple[int, float] | None = None,
        ip_rate: tuple[int, float] | None = None,
        limits: Limits | None = None,
        name: str | None = None,
        advertise: bool = True,
    ) -> None:
        self.service = service
        self.host = host
        self.port = port
        self.lang = lang if lang in LANGS else None
        self.state = PhoneState(service)
        # device ids for votes and positions; the session's own secret replaces this at start
        self.devices = DeviceIds(secrets.token_bytes(32))
        limits = limits or Limits()
        if rate is not None:  # per device (cookie)
            limits = dataclasses.replace(limits, device_rate=rate)
        if ip_rate is not None:  # per address, all devices together
            limits = dataclasses.replace(limits, address_rate=ip_rate)
        self.limits = limits
        self.crowd = Crowd(limits)
        self.connections = ConnectionGuard(limits)
        self.arrivals = Arrivals()
        self.name = name or venue_name()  # answered as <name>.local on the venue's network
        self.advertisement = Advertisement(self.name, port) if advertise else None
        self.advertised = asyncio.Event()  # set once the name has been offered (or could not be)
        self.hosts = HostCheck([], port)  # the Host headers answered (see security.py)
        self._server: asyncio.AbstractServer | None = None
        self._watch: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._lan: list[str] = []
        self.templates = Environment(
            loader=PackageLoader("facilitate.portal", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.guard = Guard(self)
        self.app = self._make_app()

    @property
    def version(self) -> int:
        """Changes seen since the portal started: the phones reload when it moves."""
        return self.state.version

    # -- addresses -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def token(self) -> str:
        return self.service.info.token

    @property
    def public_host(self) -> str:
        if self.host in ("0.0.0.0", ""):
            return self._lan[0] if self._lan else "127.0.0.1"
        return self.host

    @property
    def base(self) -> str:
        host = self.public_host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The join URL: the session page of the current token."""
        return join_url(self.base, self.token)

    def table_url(self, table: Table | str) -> str:
        slug = table.slug if isinstance(table, Table) else table
        return table_url(self.base, self.token, slug)

    # -- how phones reach it (see facilitate/reach/) -------------------------------------------

    @property
    def stable_base(self) -> str:
        """`http://<name>.local:<port>`: what the cards carry, whatever today's address."""
        return stable_base(self.port, self.name)

    @property
    def join_code(self) -> str:
        return join_code(self.token)

    @property
    def reach_state(self) -> str:
        """`loopback` (this laptop only), `no-network` (on all interfaces, but none up) or `lan`."""
        if is_loopback_host(self.host) and self.host not in ("0.0.0.0", ""):
            return "loopback"
        return "lan" if self._lan else "no-network"

    @property
    def lan(self) -> list[str]:
        return list(self._lan)

    def reach_url(self, base: str | None = None) -> str:
        """The "test from your phone" page, by name (default) or by another base."""
        return f"{base or self.stable_base}/j/{self.token}/reach"

    def _listening_lan(self) -> list[str]:
        if self.host in ("0.0.0.0", ""):
            return lan_addresses()
        return [] if is_loopback_host(self.host) else [self.host]

    def _host_names(self) -> set[str]:
        hostname = socket.gethostname().lower()
        names = {"localhost", "127.0.0.1", "::1", self.host, hostname, f"{hostname}.local"}
        names.add(f"{self.name}.local")
        names.update(self._lan)
        names.update(lan_addresses())
        names.discard("0.0.0.0")
        return names

    async def _keep_advertised(self) -> None:
        """Offer the name with today's addresses; follow a new lease or a hotspot started late."""
        shown: list[str] | None = None
        while True:
            lan = self._listening_lan()
            if lan != shown:
                shown = lan
                self._lan = lan
                self.hosts = HostCheck(self._host_names(), self.port)
                if self.advertisement is not None:
                    self.advertisement.port, self.advertisement.title = (
                        self.port,
                        self.service.info.title,
                    )
                    await self.advertisement.start(lan)
                self.advertised.set()
            await asyncio.sleep(WATCH_S)

    # -- life cycle ----------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen (in the running event loop) and return the join URL."""
        if self._runner is not None:
            return self.url
        runner = web.AppRunner(
            self.app,
            access_log=None,
            handle_signals=False,
            keepalive_timeout=self.limits.idle_s,
            lingering_time=LINGER_S,  # the rest of a refused body is awaited this long, no more
        )
        await runner.setup()
        assert runner.server is not None
        loop = asyncio.get_running_loop()
        try:
            # our own listening socket, so that every connection goes through the guard
            server = await loop.create_server(
                self.connections.protocol_factory(runner.server),
                self.host or "0.0.0.0",
                self.port,
                backlog=BACKLOG,
            )
        except OSError as exc:
            await runner.cleanup()
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(self.port, self.lang or self.service.lang) from exc
            raise
        if server.sockets:  # asyncio's public Server.sockets: the port chosen for port 0
            self.port = int(server.sockets[0].getsockname()[1])
        self._server, self._runner = server, runner
        self.connections.start()
        self._lan = self._listening_lan()
        self.hosts = HostCheck(self._host_names(), self.port)
        if self.reach_state == "loopback":
            self.advertised.set()  # nothing to advertise: phones cannot reach loopback
        else:
            self._watch = loop.create_task(self._keep_advertised())
        self._unsubscribe = self.service.subscribe(self.state.changed)
        with contextlib.suppress(StoreError, RuntimeError):
            secret = bytes.fromhex(await self.service.ensure_device_secret())
            self.devices = DeviceIds(
                secret, per_address=self.devices.per_address, arriving=self.devices.arriving
            )
        with contextlib.suppress(StoreError, RuntimeError):
            await self.service.log(EventKind.PORTAL_OPENED, host=self.host, port=self.port)
        return self.url

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with contextlib.suppress(StoreError, RuntimeError):
            await self.service.log(EventKind.PORTAL_CLOSED)
        watch, self._watch = self._watch, None
        if watch is not None:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        if self.advertisement is not None:
            await self.advertisement.stop()
        await self.connections.close()
        server, self._server = self._server, None
        if server is not None:
            server.close()
        await runner.cleanup()
        if server is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(5):
                    await server.wait_closed()

    # -- the application -----------------------------------------------------------------------

    def _make_app(self) -> web.Application:
        app = web.Application(
            client_max_size=BODY_MAX,
            middlewares=[self.connections.middleware, self.guard.reach, self.guard.guard],
        )
        app.on_response_prepare.append(self.guard.headers)
        for area in (
            Pages,
            VotePages,
            DebatePages,
            MeaningPages,
            ForumPages,
            MatrixPages,
            AgreementPages,
            StatementsPages,
        ):
            area(self).add_routes(app.router)
        return app

    def render(
        self,
        request: web.Request,
        template: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> web.Response:
        """A page in the portal's frame: the step, the question, the countdown, the language."""
        lang = request[LANG]
        other = LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else LANGS[0]
        svc = self.service
        live = svc.live()
        session = svc.session
        root = f"/j/{self.token}"
        step = views.current_step(session.info, live)
        values = {
            "lang": lang,
            "other_lang": other,
            "switch_url": f"{request.path}?lang={other}",
            "tr": lambda key, **kw: t(key, lang, **kw),
            "ntr": lambda key, n, **kw: nt(key, n, lang, **kw),
            "root": root,
            "state_url": f"{root}/api/state",
            "title": session.info.title,
            "step_title": views.step_title(session, live, lang),
            "step_kind": step.kind if step else "",
            "question": views.current_question(session, live, lang),
            "round_label": views.round_label(step, live, svc.round_count(live.step), lang),
            "submissions_open": svc.posting_refusal() is None,
            "session_over": svc.session_over(),
            "countdown": views.countdown(live),
            "running": live.running,
            "has_agenda": views.has_agenda(session),
            "has_forum": views.has_forum(session),
            "version": self.version,
            **context,
        }
        html = self.templates.get_template(template).render(values)
        return web.Response(
            status=status, text=html, content_type="text/html", charset="utf-8", headers=headers
        )
