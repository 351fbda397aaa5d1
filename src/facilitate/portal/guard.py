"""The portal's guard: every request passes here before a page. The short join code's address,
the Host and the token checked, a device id minted or verified, the language chosen, posts
checked (origin, size, rate), refusals answered, the strict headers added."""

from __future__ import annotations

import re
import secrets
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from aiohttp import web

from facilitate.domain.records import Table
from facilitate.i18n import LANGS, t
from facilitate.portal.common import DEVICE, LANG, Handler, Refusal, wants_json
from facilitate.portal.security import (
    BODY_MAX,
    DECIDING_KINDS,
    DEVICE_COOKIE,
    HEADERS,
    LANG_COOKIE,
    RateLimit,
    is_loopback,
    origin_matches,
)
from facilitate.reach.addresses import code_path, join_code

if TYPE_CHECKING:
    from facilitate.portal.app import Portal

_TOKEN_PATH = re.compile(r"^/j/([^/]*)(/.*)?$")
COOKIE_DAYS = 30


class Guard:
    """The middlewares of one portal (they read its token, hosts, devices and crowd)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self._code_misses = RateLimit(*portal.limits.code_failures)
        self._code_blocked: dict[str, float] = {}

    @web.middleware
    async def reach(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The join code's short address (`/K7M-2QP`, `/K7M-2QP/<table id>`); arrivals noted."""
        portal = self.portal
        short = code_path(request.path) if request.method == "GET" else None
        if short is not None and portal.hosts.allows(request.headers.get("Host")):
            return self._short_join(request.remote or "?", *short)
        response = await handler(request)
        if response.status < 400 and request.path.startswith("/j/"):
            portal.arrivals.seen(_returning(request), request.remote or "?", request.host)
        if response.status == 408:
            response.force_close()  # a body too slow to come: the connection goes too
        return response

    def _short_join(self, remote: str, code: str, table_id: int | None) -> web.StreamResponse:
        """A right code leads to the session (or the table); a wrong one gets the token's 404."""
        now = time.monotonic()
        blocked = self._code_blocked.get(remote, 0.0) > now
        token = self.portal.token
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
        session = self.portal.service.session
        table = session.get(Table, table_id) if table_id is not None else None
        if table is not None:
            target += f"t/{quote(table.slug)}"
        return web.Response(status=302, headers={"Location": target})

    @staticmethod
    async def headers(request: web.Request, response: web.StreamResponse) -> None:
        """Every answer's strict headers (see security.HEADERS); pages are never cached."""
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers.setdefault("Cache-Control", "no-store")

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        portal = self.portal
        if not portal.hosts.allows(request.headers.get("Host")):
            return web.Response(status=400, text=t("portal.bad_host", "en"))
        match = _TOKEN_PATH.match(request.path)
        token = portal.token
        if (
            match is None
            or not token
            or not secrets.compare_digest(match.group(1).encode(), token.encode())
        ):
            return web.Response(status=404)
        device = portal.devices.verify(request.cookies.get(DEVICE_COOKIE))
        fresh = device is None
        minted = None
        if fresh and request.method == "GET" and _serves_page(match.group(2)):
            # a device id is minted only when a page is served, never on a post
            step = portal.service.info.step(portal.service.live().step or "")
            minted = portal.devices.issue(
                request.remote or "?",
                step.id if step else None,
                deciding=step is not None and step.kind in DECIDING_KINDS,
            )
        request[DEVICE] = minted[0] if minted else device
        request[LANG] = self.lang_of(request)
        try:
            if request.method == "POST":
                self._check_post(request, fresh)
            response = await handler(request)
        except Refusal as refusal:
            response = self.refusal(request, refusal)
        except web.HTTPRequestEntityTooLarge:
            response = self.refusal(request, Refusal(413, "portal.too_large"))
        except web.HTTPNotFound:
            return web.Response(status=404)
        if minted:
            response.set_cookie(
                DEVICE_COOKIE,
                minted[1],
                max_age=COOKIE_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                path="/",
            )
        chosen = request.query.get("lang")
        if chosen in LANGS and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(
                LANG_COOKIE,
                chosen,
                max_age=COOKIE_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                path="/",
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
        wait = self.portal.crowd.check(remote, device, local=is_loopback(remote))
        if wait:
            raise Refusal(429, "portal.too_many", seconds=max(1, round(wait + 0.5)))

    def lang_of(self, request: web.Request) -> str:
        """`?lang=`, else the cookie it left, else the portal's language, else the session's."""
        for value in (request.query.get("lang"), request.cookies.get(LANG_COOKIE)):
            if value in LANGS:
                return str(value)
        return self.portal.lang or self.portal.service.lang

    def refusal(self, request: web.Request, refusal: Refusal) -> web.StreamResponse:
        """A refusal as the phone reads it: a page with the reason, or JSON for a script."""
        portal = self.portal
        lang = request.get(LANG, portal.service.lang)
        message = t(refusal.key, lang, **refusal.values)
        headers = {}
        if refusal.status == 429:
            headers["Retry-After"] = str(refusal.values.get("seconds", 10))
        if wants_json(request):
            return web.json_response({"error": message}, status=refusal.status, headers=headers)
        return portal.render(
            request,
            "message.html",
            status=refusal.status,
            headers=headers,
            heading=t("portal.error", lang),
            message=message,
        )


def _serves_page(rest: str | None) -> bool:
    """A phone page (where a device id may be minted), not the live state nor a static file."""
    return rest is not None and not rest.startswith(("/api/", "/static/"))


def _returning(request: web.Request) -> str | None:
    """The device of a phone that came back with the cookie it was given (counted once)."""
    cookie, device = request.cookies.get(DEVICE_COOKIE), request.get(DEVICE)
    if not cookie or not device:
        return None
    return str(device) if cookie == device or cookie.startswith(f"{device}.") else None
