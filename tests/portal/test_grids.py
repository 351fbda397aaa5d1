"""The grid and the gradients of agreement from phones, over real loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import AgreementAnswer, MatrixItem, Source, Tension
from facilitate.portal import Portal
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format


@dataclass
class Room:
    svc: SessionService
    portal: Portal

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"

    def phone(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def post(
        self, http: aiohttp.ClientSession, path: str, data: dict[str, str]
    ) -> aiohttp.ClientResponse:
        headers = {"Origin": self.portal.base}
        return await http.post(self.root + path, data=data, headers=headers, allow_redirects=False)


@pytest.fixture
async def room(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Room]:
    info = session_doc(
        get_format("diagnostic-partage"), title="Diagnostic", date="2026-03-12", lang="en"
    )
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en")
    await portal.start()
    yield Room(svc, portal)
    await portal.stop()
    svc.close()


async def test_a_phone_puts_a_card_in_a_quadrant_of_the_running_grid(room: Room) -> None:
    async with room.phone() as phone:
        async with phone.get(room.root + "/matrix") as r:
            assert "No grid is open right now." in await r.text()
        r = await room.post(phone, "/matrix", {"quadrant": "strengths", "text": "A river"})
        assert r.status == 403
        await room.svc.start_step("afom")
        async with phone.get(room.root + "/matrix") as r:
            page = await r.text()
        for name in ("Strengths", "Weaknesses", "Opportunities", "Threats", "inside, helps"):
            assert name in page
        assert 'value="threats"' in page and 'data-kind="matrix"' in page
        r = await room.post(phone, "/matrix", {"quadrant": "strengths", "text": "A shared river"})
        assert r.status == 303
        r = await room.post(phone, "/matrix", {"quadrant": "quick_wins", "text": "x"})
        assert r.status == 400  # not a quadrant of this grid: the service says so
        r = await room.post(phone, "/matrix", {"quadrant": "strengths", "text": "a SHARED river"})
        assert r.status == 400
        assert "already in this quadrant" in await r.text()
        async with phone.get(room.root + "/matrix?sent=1") as r:
            page = await r.text()
        assert "Your card is on the grid." in page and "<li>A shared river</li>" in page
    (card,) = room.svc.session.all(MatrixItem)
    assert card.source == Source.PORTAL and card.device and card.step == "afom"


async def test_phones_answer_the_scale_once_each_and_a_block_opens_an_objection(
    room: Room,
) -> None:
    svc = room.svc
    await svc.start_step("accord")
    async with room.phone() as one, room.phone() as two:
        async with one.get(room.root + "/agreement") as r:
            assert "put the proposal on screen" in await r.text()
        r = await room.post(one, "/agreement", {"level": "1"})
        assert r.status == 400  # nothing on the scale yet
        await svc.open_agreement("accord")
        async with one.get(room.root + "/agreement") as r:
            page = await r.text()
        assert "The quick wins and major projects" in page
        assert "Whole-hearted endorsement" in page and "I block this proposal." in page
        assert (await room.post(one, "/agreement", {"level": "2"})).status == 303
        assert (await room.post(one, "/agreement", {"level": "1"})).status == 303  # changed
        async with one.get(room.root + "/agreement") as r:
            page = await r.text()
        assert "Your answer: Whole-hearted endorsement" in page
        assert "The distribution shows when everyone has answered." in page
        async with two.get(room.root + "/agreement") as r:  # its signed id comes with a page
            assert r.status == 200
        r = await room.post(two, "/agreement", {"level": "8"})
        assert r.status == 400 and "a block says why" in await r.text()
        r = await room.post(two, "/agreement", {"level": "8", "comment": "No budget line"})
        assert r.status == 303
        r = await room.post(two, "/agreement", {"level": "nine"})
        assert r.status == 400
        await svc.show_agreement("accord")
        async with two.get(room.root + "/agreement") as r:
            page = await r.text()
        assert "Where the room stands" in page
        assert "1. Whole-hearted endorsement: 1" in page and "8. Block: 1" in page
    dist = svc.agreement_distribution("accord")
    assert (dist.total, dist.counts[1], dist.blocks) == (2, 1, 1)
    assert len(svc.session.all(AgreementAnswer)) == 2
    (objection,) = [t for t in svc.session.all(Tension) if t.objection_to is not None]
    assert objection.about == "No budget line" and objection.source == Source.PORTAL


async def test_a_phone_without_its_signed_id_cannot_answer(room: Room) -> None:
    await room.svc.start_step("accord")
    await room.svc.open_agreement("accord")
    async with aiohttp.ClientSession() as anonymous:  # keeps no cookie: never a device id
        r = await anonymous.post(
            room.root + "/agreement",
            data={"level": "1"},
            headers={"Origin": room.portal.base, "Cookie": "fdev=made-up.signature"},
            allow_redirects=False,
        )
        assert r.status == 403
    assert room.svc.session.all(AgreementAnswer) == []


async def test_the_grid_and_the_scale_read_in_french(room: Room) -> None:
    await room.svc.start_step("afom")
    async with room.phone() as phone:
        async with phone.get(room.root + "/matrix?lang=fr") as r:
            page = await r.text()
        assert "AFOM (atouts, faiblesses, opportunités, menaces)" in page
        assert "Atouts" in page and "externe, défavorable" in page
        assert "Dans quelle case\u202f?" in page
        await room.svc.start_step("accord")
        await room.svc.open_agreement("accord")
        async with phone.get(room.root + "/agreement?lang=fr") as r:
            page = await r.text()
        assert "Degrés d&#39;accord (Kaner)" in page and "Adhésion totale" in page
        assert "Blocage" in page and "Je bloque cette proposition." in page


async def test_the_live_state_says_when_the_scale_changes_so_the_page_reloads(room: Room) -> None:
    """The agreement page carries the state it shows; the polled state says when it changed."""
    svc = room.svc
    await svc.start_step("accord")
    async with room.phone() as phone:

        async def state() -> object:
            async with phone.get(room.root + "/api/state") as r:
                return (await r.json())["scale"]

        assert await state() == ""
        prop = await svc.open_agreement("accord")
        assert await state() == f"{prop.id}:1:0"
        async with phone.get(room.root + "/agreement") as r:
            assert f'data-scale="{prop.id}:1:0"' in await r.text()
        await svc.answer_agreement(2, "Ana")
        await svc.show_agreement("accord")
        assert await state() == f"{prop.id}:1:1"
        await svc.new_agreement_poll("accord")
        assert await state() == f"{prop.id}:2:0"
        await svc.start_step("actions")
        assert await state() is None
