"""The participants' portal: an aiohttp app in the caller's event loop, writing through the service."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import json
import re
import secrets
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape

from facilitate.domain import views
from facilitate.domain.deciding import debate_sides
from facilitate.domain.records import EventKind, Position, Record, Source, Table
from facilitate.i18n import LANGS, t
from facilitate.portal.arrivals import Arrival, Arrivals
from facilitate.portal.limits import ConnectionGuard, Crowd, Limits
from facilitate.portal.security import (
    BODY_MAX,
    DECIDING_KINDS,
    DEVICE_COOKIE,
    HEADERS,
    LANG_COOKIE,
    NAME_MAX,
    TEXT_MAX,
    DeviceIds,
    HostCheck,
    RateLimit,
    is_loopback,
    origin_matches,
)
from facilitate.reach.addresses import (
    code_path,
    is_loopback_host,
    join_code,
    show_code,
    stable_base,
    venue_name,
)
from facilitate.reach.advertise import Advertisement
from facilitate.reach.network import lan_addresses
from facilitate.runtime import hold_long_lived
from facilitate.service import PORTAL_KINDS, Change, SessionService, StoreError, ValidationError

__all__ = ["Portal", "PortInUseError", "lan_addresses", "serve_forever"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_TOKEN_PATH = re.compile(r"^/j/([^/]*)(/.*)?$")
# request storage keys (aiohttp >= 3.12 wants typed keys; plain strings before that)
_Key: Any = getattr(web, "RequestKey", None)
DEVICE: Any = _Key("device", str) if _Key else "device"
LANG: Any = _Key("lang", str) if _Key else "lang"
STATIC_TYPES = {"portal.css": "text/css", "portal.js": "text/javascript"}
WATCH_S = 5.0  # how often the laptop's addresses are looked at (a new lease, a hotspot)
LINGER_S = 2.0
BACKLOG = 512  # a room scanning at once: connections queued before they are accepted


class PortInUseError(OSError):
    """The chosen port is taken by another program."""

    def __init__(self, port: int, lang: str = "en") -> None:
        super().__init__(errno.EADDRINUSE, t("portal.port_in_use", lang, port=port))
        self.port = port


class Refusal(Exception):
    """A request refused with a status and a translatable message."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


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
        self.version = 0
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
        self._code_misses = RateLimit(*limits.code_failures)
        self._code_blocked: dict[str, float] = {}
        self._server: asyncio.AbstractServer | None = None
        self._watch: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._lan: list[str] = []
        self._hosts = HostCheck([], port)
        self._state_cache: dict[str, tuple[float, int, bytes]] = {}
        self.templates = Environment(
            loader=PackageLoader("facilitate.portal", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        folder = resources.files("facilitate.portal") / "static"
        self._static = {name: (folder / name).read_bytes() for name in STATIC_TYPES}
        self.app = self._make_app()

    # -- life cycle ----------------------------------------------------------------------------

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
        return f"{self.base}/j/{self.token}/"

    def table_url(self, table: Table | str) -> str:
        slug = table.slug if isinstance(table, Table) else table
        return f"{self.base}/j/{self.token}/t/{quote(slug)}"

    # -- how phones reach it (see reach.py) ----------------------------------------------------

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
                self._hosts = HostCheck(self._host_names(), self.port)
                if self.advertisement is not None:
                    self.advertisement.port, self.advertisement.title = (
                        self.port,
                        self.service.info.title,
                    )
                    await self.advertisement.start(lan)
                self.advertised.set()
            await asyncio.sleep(WATCH_S)

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
        if server.sockets:
            self.port = int(server.sockets[0].getsockname()[1])
        self._server, self._runner = server, runner
        self.connections.start()
        self._lan = self._listening_lan()
        self._hosts = HostCheck(self._host_names(), self.port)
        if self.reach_state == "loopback":
            self.advertised.set()  # nothing to advertise: phones cannot reach loopback
        else:
            self._watch = loop.create_task(self._keep_advertised())
        self._unsubscribe = self.service.subscribe(self._changed)
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

    def _changed(self, change: Change) -> None:
        self.version += 1

    # -- the application -----------------------------------------------------------------------

    def _make_app(self) -> web.Application:
        app = web.Application(
            client_max_size=BODY_MAX,
            middlewares=[self.connections.middleware, self._reach, self._guard],
        )
        app.on_response_prepare.append(self._headers)
        r = app.router
        r.add_get("/j/{token}", self._to_session)
        r.add_get("/j/{token}/", self.session_page)
        r.add_get("/j/{token}/t/{slug}", self.table_page)
        r.add_post("/j/{token}/t/{slug}/contribute", self.contribute)
        r.add_get("/j/{token}/api/state", self.api_state)
        r.add_get("/j/{token}/agenda", self.agenda_page)
        r.add_get("/j/{token}/vote", self.vote_page)
        r.add_post("/j/{token}/vote", self.vote)
        r.add_get("/j/{token}/debate", self.debate_page)
        r.add_post("/j/{token}/debate", self.debate)
        r.add_get("/j/{token}/meaning", self.meaning_page)
        r.add_post("/j/{token}/meaning", self.meaning)
        r.add_get("/j/{token}/static/{name}", self.static)
        r.add_get("/j/{token}/reach", self.reach_page)
        from facilitate.portal.forum import ForumPages  # it uses this module's names

        ForumPages(self).add_routes(r)
        return app

    @web.middleware
    async def _reach(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The join code's short address (`/K7M-2QP`, `/K7M-2QP/<table id>`); arrivals noted."""
        short = code_path(request.path) if request.method == "GET" else None
        if short is not None and self._hosts.allows(request.headers.get("Host")):
            return self._short_join(request.remote or "?", *short)
        response = await handler(request)
        if response.status < 400 and request.path.startswith("/j/"):
            self.arrivals.seen(_returning(request), request.remote or "?", request.host)
        if response.status == 408:
            response.force_close()  # a body too slow to come: the connection goes too
        return response

    def _short_join(self, remote: str, code: str, table_id: int | None) -> web.StreamResponse:
        """A right code leads to the session (or the table); a wrong one gets the token's 404."""
        now = time.monotonic()
        blocked = self._code_blocked.get(remote, 0.0) > now
        token = self.token
        if blocked or not token or not secrets.compare_digest(code, join_code(token)):
            if not blocked:
                wait = self._code_misses.hit(remote, now)
                if wait:  # too many wrong codes from this address: even a right one waits
                    if len(self._code_blocked) > 10_000:
                        self._code_blocked = {
                            a: u for a, u in self._code_blocked.items() if u > now
                        }
                    self._code_blocked[remote] = now + wait
            return web.Response(status=404)
        target = f"/j/{token}/"
        table = self.service.session.get(Table, table_id) if table_id is not None else None
        if table is not None:
            target += f"t/{quote(table.slug)}"
        return web.Response(status=302, headers={"Location": target})

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers.setdefault("Cache-Control", "no-store")

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._hosts.allows(request.headers.get("Host")):
            return web.Response(status=400, text=t("portal.bad_host", "en"))
        match = _TOKEN_PATH.match(request.path)
        token = self.token
        if (
            match is None
            or not token
            or not secrets.compare_digest(match.group(1).encode(), token.encode())
        ):
            return web.Response(status=404)
        device = self.devices.verify(request.cookies.get(DEVICE_COOKIE))
        fresh = device is None
        minted = None
        if fresh and request.method == "GET" and _serves_page(match.group(2)):
            # a device id is minted only when a page is served, never on a post
            step = self.service.info.step(self.service.live().step or "")
            minted = self.devices.issue(
                request.remote or "?",
                step.id if step else None,
                deciding=step is not None and step.kind in DECIDING_KINDS,
            )
        request[DEVICE] = minted[0] if minted else device
        request[LANG] = self._lang_of(request)
        try:
            if request.method == "POST":
                self._check_post(request, fresh)
            response = await handler(request)
        except Refusal as refusal:
            response = self._refusal(request, refusal)
        except web.HTTPRequestEntityTooLarge:
            response = self._refusal(request, Refusal(413, "portal.too_large"))
        except web.HTTPNotFound:
            return web.Response(status=404)
        if minted:
            response.set_cookie(
                DEVICE_COOKIE,
                minted[1],
                max_age=30 * 86400,
                httponly=True,
                samesite="Lax",
                path="/",
            )
        chosen = request.query.get("lang")
        if chosen in LANGS and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(
                LANG_COOKIE, chosen, max_age=30 * 86400, httponly=True, samesite="Lax", path="/"
            )
        return response

    def _check_post(self, request: web.Request, fresh: bool) -> None:
        headers = request.headers
        if not origin_matches(
            headers.get("Origin"), headers.get("Host"), headers.get("Sec-Fetch-Site")
        ):
            raise Refusal(403, "portal.bad_origin")
        length = request.content_length
        if length is not None and length > BODY_MAX:
            raise Refusal(413, "portal.too_large")
        remote = request.remote or "?"
        device = None if fresh else request[DEVICE]
        wait = self.crowd.check(remote, device, local=is_loopback(remote))
        if wait:
            raise Refusal(429, "portal.too_many", seconds=max(1, round(wait + 0.5)))

    def _lang_of(self, request: web.Request) -> str:
        for value in (request.query.get("lang"), request.cookies.get(LANG_COOKIE)):
            if value in LANGS:
                return str(value)
        return self.lang or self.service.lang

    @staticmethod
    def _wants_json(request: web.Request) -> bool:
        accept = request.headers.get("Accept", "")
        return "application/json" in accept and "text/html" not in accept

    def _refusal(self, request: web.Request, refusal: Refusal) -> web.StreamResponse:
        lang = request.get(LANG, self.service.lang)
        message = t(refusal.key, lang, **refusal.values)
        headers = {}
        if refusal.status == 429:
            headers["Retry-After"] = str(refusal.values.get("seconds", 10))
        if self._wants_json(request):
            return web.json_response({"error": message}, status=refusal.status, headers=headers)
        return self._render(
            request,
            "message.html",
            status=refusal.status,
            headers=headers,
            heading=t("portal.error", lang),
            message=message,
        )

    # -- rendering -------------------------------------------------------------------------------

    def _render(
        self,
        request: web.Request,
        template: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> web.Response:
        lang = request[LANG]
        other = "en" if lang == "fr" else "fr"
        live = self.service.live()
        session = self.service.session
        root = f"/j/{self.token}"
        step = views.current_step(session.info, live)
        values = {
            "lang": lang,
            "other_lang": other,
            "switch_url": f"{request.path}?lang={other}",
            "tr": lambda key, **kw: t(key, lang, **kw),
            "root": root,
            "state_url": f"{root}/api/state",
            "title": session.info.title,
            "step_title": views.step_title(session, live, lang),
            "step_kind": step.kind if step else "",
            "question": views.current_question(session, live, lang),
            "round_label": views.round_label(step, live, self.service.round_count(live.step), lang),
            "submissions_open": self.service.posting_refusal() is None,
            "session_over": self.service.session_over(),
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

    def _table(self, request: web.Request) -> Table:
        table = self.service.session.table_by_slug(request.match_info["slug"])
        if table is None:
            raise web.HTTPNotFound()
        return table

    def _state(self, lang: str) -> bytes:
        now = time.monotonic()
        cached = self._state_cache.get(lang)
        if cached is not None and cached[1] == self.version and now - cached[0] < 1.0:
            return cached[2]
        session = self.service.session
        live = self.service.live()
        step = views.current_step(session.info, live)
        question = views.current_question(session, live, lang)
        state = {
            "version": self.version,
            "step": live.step,
            "step_kind": step.kind if step else None,
            "step_title": views.step_title(session, live, lang) or t("portal.not_started", lang),
            "running": live.running,
            "remaining_s": round(live.remaining_s) if live.step else None,
            "step_remaining_s": round(live.budget_s - live.elapsed_s) if live.step else None,
            "countdown": views.countdown(live),
            "round": live.round,
            "round_label": views.round_label(step, live, self.service.round_count(live.step), lang),
            "question": question,
            "submissions_open": self.service.posting_refusal() is None,
            "over": self.service.session_over(),
            "closed_text": t(
                "portal.session_over" if self.service.session_over() else "portal.closed", lang
            ),
            # a vote's count, once the facilitator reveals it: the vote page reloads to show it
            "results_shown": (
                self.service.results_shown(step.id) if step and step.kind == "vote" else None
            ),
            "tables": [
                {"slug": tb.slug, "name": tb.name, "topic": tb.topic, "question": question}
                for tb in session.tables
            ],
        }
        body = json.dumps(state, ensure_ascii=False).encode()
        self._state_cache[lang] = (now, self.version, body)
        return body

    # -- pages -----------------------------------------------------------------------------------

    async def _to_session(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=301, headers={"Location": f"/j/{self.token}/"})

    async def session_page(self, request: web.Request) -> web.StreamResponse:
        session = self.service.session
        live = self.service.live()
        tables = [
            (tb, views.host_name(session, tb), views.seated(session, tb, live))
            for tb in session.tables
        ]
        return self._render(request, "session.html", tables=tables)

    async def table_page(self, request: web.Request) -> web.StreamResponse:
        return self._table_view(request)

    def _table_view(
        self,
        request: web.Request,
        *,
        status: int = 200,
        error: str = "",
        form: dict[str, str] | None = None,
    ) -> web.Response:
        table = self._table(request)
        session = self.service.session
        lang = request[LANG]
        show = session.info.show_contributions
        return self._render(
            request,
            "table.html",
            status=status,
            table=table,
            host=views.host_name(session, table),
            seated=views.seated(session, table, self.service.live()),
            topic_here=views.topic_here(session, table, self.service.live()),
            items=views.table_items(session, table, lang) if show else [],
            show_items=show,
            kinds=[(k, t(f"contribution.{k}", lang)) for k in PORTAL_KINDS],
            sent=request.query.get("sent") == "1" and not error,
            form=form or {"kind": "idea", "text": "", "author": ""},
            error=error,
        )

    async def api_state(self, request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=self._state(request[LANG]), content_type="application/json", charset="utf-8"
        )

    async def reach_page(self, request: web.Request) -> web.StreamResponse:
        """ "Your phone reaches the laptop", on the phone and, at once, on the laptop's screen."""
        self.arrivals.tested(request.remote or "?", request.host)
        return self._render(request, "reach.html", host=request.host)

    async def agenda_page(self, request: web.Request) -> web.StreamResponse:
        session, live = self.service.session, self.service.live()
        return self._render(request, "agenda.html", wall=views.agenda(session, live))

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in self._static:
            raise web.HTTPNotFound()
        response = web.Response(
            body=self._static[name], content_type=STATIC_TYPES[name], charset="utf-8"
        )
        response.headers["Cache-Control"] = "private, max-age=300"
        return response

    # -- writes ------------------------------------------------------------------------------------

    async def _form(self, request: web.Request) -> dict[str, str]:
        try:
            async with asyncio.timeout(self.limits.body_s):
                data = await request.post()
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        except TimeoutError:
            raise Refusal(408, "reach.body_timeout") from None
        out: dict[str, str] = {}
        for key, value in data.items():
            if not isinstance(value, str):
                raise Refusal(400, "portal.bad_request")
            out[key] = value
        return out

    @staticmethod
    def _device(request: web.Request) -> str:
        """The signed device id a vote or a position is counted against; none, nothing placed."""
        device = request[DEVICE]
        if not device:
            raise Refusal(403, "deciding.portal.no_device")
        return str(device)

    def _check_open(self) -> None:
        refusal = self.service.posting_refusal()
        if refusal == "service.session_over":
            raise Refusal(403, "portal.session_over")
        if refusal is not None:
            raise Refusal(403, "portal.closed")

    @staticmethod
    def _check_length(*values: str, limit: int = TEXT_MAX) -> None:
        if any(len(v) > limit for v in values):
            raise Refusal(400, "portal.too_long", max=limit)

    def _saved(self, request: web.Request, record: Record, location: str) -> web.StreamResponse:
        if self._wants_json(request):
            return web.json_response({"record": record.kind_name, **record.to_dict()}, status=201)
        return web.Response(status=303, headers={"Location": location})

    async def _write(self, request: web.Request, action: Awaitable[Record]) -> Record:
        try:
            return await action
        except ValidationError as exc:
            closed = ("service.submissions_closed", "service.session_over")
            status = 403 if exc.key in closed else 400
            raise Refusal(status, "portal.plain", text=exc.message(request[LANG])) from None
        except StoreError:
            raise Refusal(503, "portal.save_failed") from None

    async def contribute(self, request: web.Request) -> web.StreamResponse:
        table = self._table(request)
        form = await self._form(request)
        kind, text, author = form.get("kind", "idea"), form.get("text", ""), form.get("author", "")
        try:
            self._check_open()
            self._check_length(text)
            self._check_length(author, limit=NAME_MAX * 2)
            record = await self._write(
                request, self.service.submit_from_portal(table.slug, kind, text, author)
            )
        except Refusal as refusal:
            if self._wants_json(request) or refusal.status not in (400,):
                raise
            # a form the person can fix: show the table again with their text and the reason
            lang = request[LANG]
            return self._table_view(
                request,
                status=400,
                error=t(refusal.key, lang, **refusal.values),
                form={"kind": kind, "text": text[:TEXT_MAX], "author": author[:NAME_MAX]},
            )
        return self._saved(request, record, f"/j/{self.token}/t/{quote(table.slug)}?sent=1")

    # -- dot vote ------------------------------------------------------------------------------

    async def vote_page(self, request: web.Request) -> web.StreamResponse:
        session = self.service.session
        step = views.vote_step(session, self.service.live())
        context: dict[str, Any] = {"vote_step": step, "sent": request.query.get("sent") == "1"}
        if step is not None:
            device = request[DEVICE]
            shown = self.service.results_shown(step.id)
            ranking = dict((p.id, n) for p, n in self.service.ranking(step.id))
            proposals = views.visible_proposals(session)
            if shown:
                proposals.sort(key=lambda p: (-ranking.get(p.id, 0), p.id))
            context.update(
                allowed=self.service.dots_allowed(step.id),
                left=self.service.dots_left(step.id, device=device) if device else 0,
                no_device=device is None,
                shown=shown,
                proposals=[(p, ranking.get(p.id, 0)) for p in proposals],
            )
        return self._render(request, "vote.html", **context)

    async def vote(self, request: web.Request) -> web.StreamResponse:
        form = await self._form(request)
        self._check_open()
        step = views.vote_step(self.service.session, self.service.live())
        if step is None:
            raise Refusal(403, "portal.not_now")
        try:
            proposal = int(form.get("proposal", ""))
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        shown = {p.id for p in views.visible_proposals(self.service.session)}
        if proposal not in shown:
            raise Refusal(400, "portal.bad_request")
        device = self._device(request)
        record = await self._write(
            request, self.service.vote(proposal, device=device, source=Source.PORTAL)
        )
        return self._saved(request, record, f"/j/{self.token}/vote?sent=1")

    # -- moving debate ---------------------------------------------------------------------------

    def _debate_step(self) -> tuple[Any, int, Any]:
        live = self.service.live()
        step = views.current_step(self.service.info, live)
        if step is None or step.kind != "debate":
            return None, 0, live
        return step, views.statement_number(step, live), live

    async def debate_page(self, request: web.Request) -> web.StreamResponse:
        step, number, live = self._debate_step()
        lang = request[LANG]
        context: dict[str, Any] = {"debate_step": step, "sent": request.query.get("sent") == "1"}
        if step is not None:
            device = request[DEVICE]
            mine = [
                p
                for p in self.service.session.all(Position)
                if device
                and p.device == device
                and p.statement == number
                and p.step == step.id
                and p.round == live.round
            ]
            context.update(
                statement=views.statement_text(step, number, lang),
                sides=[(s.value, views.side_label(s, lang)) for s in debate_sides(step)],
                mine=views.side_label(mine[-1].side, lang) if mine else "",
                no_device=device is None,
            )
        return self._render(request, "debate.html", **context)

    async def debate(self, request: web.Request) -> web.StreamResponse:
        form = await self._form(request)
        self._check_open()
        step, number, _ = self._debate_step()
        if step is None:
            raise Refusal(403, "portal.not_now")
        side = form.get("side", "")  # the service keeps the side rules (no middle unless allowed)
        because = form.get("moved_because", "")
        self._check_length(because)
        device = self._device(request)
        record = await self._write(
            request,
            self.service.set_position(
                number, side, moved_because=because, device=device, source=Source.PORTAL
            ),
        )
        return self._saved(request, record, f"/j/{self.token}/debate?sent=1")

    # -- meaning -----------------------------------------------------------------------------------

    def _meaning_step(self) -> Any:
        step = views.current_step(self.service.info, self.service.live())
        return step if step is not None and step.kind == "meaning" else None

    async def meaning_page(self, request: web.Request) -> web.StreamResponse:
        step = self._meaning_step()
        lang = request[LANG]
        questions = (
            [q.get(lang) or q.get("en", "") for q in (step.settings.get("questions") or [])]
            if step is not None
            else []
        )
        return self._render(
            request,
            "meaning.html",
            meaning_step=step,
            questions=questions,
            sent=request.query.get("sent") == "1",
        )

    async def meaning(self, request: web.Request) -> web.StreamResponse:
        form = await self._form(request)
        self._check_open()
        if self._meaning_step() is None:
            raise Refusal(403, "portal.not_now")
        purpose, serves = form.get("purpose", ""), form.get("serves", "")
        self._check_length(purpose, serves)
        fields = {k: form.get(k, "") for k in ("actor", "structure", "territory")}
        self._check_length(*fields.values(), limit=NAME_MAX * 2)
        record = await self._write(
            request,
            self.service.add_meaning(
                purpose=purpose,
                serves=serves,
                source=Source.PORTAL,
                **fields,
            ),
        )
        return self._saved(request, record, f"/j/{self.token}/meaning?sent=1")


def _serves_page(rest: str | None) -> bool:
    """A phone page (where a device id may be minted), not the live state nor a static file."""
    return rest is not None and not rest.startswith(("/api/", "/static/"))


def serve_forever(svc: SessionService, *, port: int, lan: bool, lang: str) -> int:
    """`facilitate serve`: print the join URL first, then each table's; stop on SIGINT/SIGTERM."""

    async def main() -> int:
        portal = Portal(svc, host="0.0.0.0" if lan else "127.0.0.1", port=port, lang=lang)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        url = await portal.start()
        hold_long_lived()
        print(url, flush=True)
        for table in svc.session.tables:
            print(portal.table_url(table), flush=True)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await portal.advertised.wait()
        for line in reach_lines(portal, lang):
            print(line, file=sys.stderr, flush=True)

        def arrived(arrival: Arrival) -> None:
            print(arrival_line(arrival, lang), file=sys.stderr, flush=True)

        portal.arrivals.subscribe(arrived)
        print(t("portal.serving", lang), file=sys.stderr, flush=True)
        try:
            await stop.wait()
        finally:
            await portal.stop()
        return 0

    return asyncio.run(main())


def _returning(request: web.Request) -> str | None:
    """The device of a phone that came back with the cookie it was given (counted once)."""
    cookie, device = request.cookies.get(DEVICE_COOKIE), request.get(DEVICE)
    if not cookie or not device:
        return None
    return str(device) if cookie == device or cookie.startswith(f"{device}.") else None


def reach_lines(portal: Portal, lang: str) -> list[str]:
    """What `serve` says on stderr about phones reaching it: the name and code, or why not."""
    state = portal.reach_state
    if state == "loopback":
        return [t("reach.serve_loopback", lang)]
    code = show_code(portal.join_code)
    lines = [t("reach.serve_name", lang, base=portal.stable_base, code=code)]
    if state == "no-network":
        lines.append(t("reach.serve_no_network", lang))
    ad = portal.advertisement
    if ad is not None and ad.error:
        lines.append(
            t("reach.serve_advert_failed", lang, host=ad.host, why=ad.error, url=portal.base)
        )
    return lines


def how_line(arrival: Arrival, lang: str) -> str:
    if arrival.from_laptop:
        return t("reach.how_laptop", lang)
    return t("reach.how_name" if arrival.by_name else "reach.how_address", lang, host=arrival.host)


def arrival_line(arrival: Arrival, lang: str) -> str:
    at = time.strftime("%H:%M:%S", time.localtime(arrival.at))
    return t(
        "reach.serve_arrival", lang, time=at, how=how_line(arrival, lang), address=arrival.address
    )
