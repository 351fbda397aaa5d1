"""The small café session the portal tests and benchmarks run against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from facilitate.domain.clock import ManualClock
from facilitate.portal import Portal
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format

QUESTIONS = ["What works already?", "What blocks us?", "What do we try first?"]


async def build_session(folder: Path, clock: ManualClock, lang: str = "en") -> SessionService:
    """Three tables, nine people, a seating for three rounds, the café step running, round 1."""
    fmt = get_format("cooperation-kickoff")
    info = session_doc(fmt, title="Shared mobility", date="2026-03-12", lang=lang)
    info.token = "tok-" + "a" * 20
    svc = SessionService.create(folder, info, clock=clock)
    people = await svc.add_participants({"name": f"Person {i}"} for i in range(1, 10))
    tables = []
    for k, (name, topic) in enumerate(
        [
            ("Table Gare", "Getting to the stations"),
            ("Table Covoiturage", "Car sharing between valleys"),
            ("Table Solidaire", "People without a car"),
        ]
    ):
        tables.append(await svc.add_table(name, topic=topic, host=people[k].id))
    ids = [p.id for p in people]
    plan = [
        [[ids[0], ids[3], ids[6]], [ids[1], ids[4], ids[7]], [ids[2], ids[5], ids[8]]],
        [[ids[0], ids[4], ids[8]], [ids[1], ids[5], ids[6]], [ids[2], ids[3], ids[7]]],
        [[ids[0], ids[5], ids[7]], [ids[1], ids[3], ids[8]], [ids[2], ids[4], ids[6]]],
    ]
    await svc.set_seating("cafe-enjeux", plan, QUESTIONS)
    await svc.start_step("cafe-enjeux")
    await svc.start_round(1)
    return svc


@dataclass
class Live:
    """The session, its portal on 127.0.0.1 and an HTTP client (the `live` fixture)."""

    svc: SessionService
    portal: Portal
    http: aiohttp.ClientSession
    folder: Path

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"

    def table(self, slug: str = "table-gare") -> str:
        return f"{self.root}/t/{slug}"

    async def post(
        self, path: str, data: dict[str, str], *, headers: Mapping[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        """A form posted as the portal's own page would (its Origin, unless `headers` say)."""
        sent = {"Origin": self.portal.base, **(headers or {})}
        return await self.http.post(path, data=data, headers=sent, allow_redirects=False)
