"""An open forum session (forum-ouvert) with three spaces and the portal on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from facilitate.domain.clock import ManualClock
from facilitate.portal import Portal
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format

SPACES = ("Salle Verte", "Salle Bleue", "Jardin")


async def build_forum(folder: Path, clock: ManualClock, lang: str = "en") -> SessionService:
    """Three spaces, the marketplace running."""
    info = session_doc(get_format("forum-ouvert"), title="Forum mobilités", date="2026-03-12")
    info.lang = lang
    info.token = "tok-" + "f" * 20
    svc = SessionService.create(folder, info, clock=clock)
    for name in SPACES:
        await svc.add_table(name, is_space=True)
    await svc.start_step("place-du-marche")
    return svc


class Phone:
    """One phone: its own cookie jar (so its own device id), posting like a form does."""

    def __init__(self, portal: Portal, http: aiohttp.ClientSession) -> None:
        self.portal, self.http = portal, http

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.portal.token}"

    async def get(self, path: str) -> str:
        async with self.http.get(self.root + path) as r:
            assert r.status == 200, (path, r.status)
            return await r.text()

    async def post(self, path: str, data: object) -> aiohttp.ClientResponse:
        headers = {"Origin": self.portal.base}
        return await self.http.post(
            self.root + path, data=data, headers=headers, allow_redirects=False
        )


@asynccontextmanager
async def phone(portal: Portal) -> AsyncIterator[Phone]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield Phone(portal, http)
