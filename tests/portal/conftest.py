"""A small café session with the portal on 127.0.0.1 (port 0) and an HTTP client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from portal_session import build_session

from facilitate.domain.clock import ManualClock
from facilitate.portal.server import Portal
from facilitate.service import SessionService


@dataclass
class Live:
    svc: SessionService
    portal: Portal
    http: aiohttp.ClientSession
    folder: Path

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"

    def table(self, slug: str = "table-gare") -> str:
        return f"{self.root}/t/{slug}"

    async def post(self, path: str, data: dict[str, str], **kw: object) -> aiohttp.ClientResponse:
        headers = {"Origin": self.portal.base, **kw.pop("headers", {})}  # type: ignore[dict-item]
        return await self.http.post(path, data=data, headers=headers, allow_redirects=False, **kw)


@pytest.fixture
async def live(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Live]:
    folder = tmp_path / "session"
    svc = await build_session(folder, clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en")
    await portal.start()
    # an IP-address host: the jar must be told to keep its cookies, as a browser does
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield Live(svc, portal, http, folder)
    await portal.stop()
    svc.close()
