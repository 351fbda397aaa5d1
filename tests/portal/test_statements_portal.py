"""The statements step through the real portal on 127.0.0.1: the page, answers counted once per
phone, forged device ids placing nothing, proposals held for moderation, the floor in the state."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from markupsafe import escape
from portal_session import build_session

from facilitate.domain.clock import ManualClock
from facilitate.domain.statements import Answer, Statement, StatementAnswer, StatementStatus
from facilitate.portal import Portal
from facilitate.portal.security import DEVICE_COOKIE, issue_device
from facilitate.service import SessionService

STEP = "affirmations"  # cooperation-kickoff's statements step


class Room:
    def __init__(self, svc: SessionService, portal: Portal) -> None:
        self.svc, self.portal = svc, portal

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"

    def phone(self, cookies: dict[str, str] | None = None) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), cookies=cookies)

    async def post(
        self, phone: aiohttp.ClientSession, path: str, data: dict[str, str], *, json: bool = True
    ) -> tuple[int, str]:
        headers = {"Origin": self.portal.base}
        if json:
            headers["Accept"] = "application/json"
        async with phone.post(
            self.root + path, data=data, headers=headers, allow_redirects=False
        ) as r:
            return r.status, await r.text()

    async def page(self, phone: aiohttp.ClientSession, query: str = "") -> str:
        async with phone.get(self.root + "/statements" + query) as r:
            assert r.status == 200
            return await r.text()


@pytest.fixture
async def room(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Room]:
    svc = await build_session(tmp_path / "session", clock, lang="fr")
    for n, territory in enumerate(["Belrive", "Val d'Argent", "Belrive"], start=1):
        await svc.update_participant(n, territory=territory)
    await svc.start_step(STEP)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", rate=(1000, 10.0))
    portal.devices.per_address = 100
    await portal.start()
    yield Room(svc, portal)
    await portal.stop()
    svc.close()


def floor(room: Room) -> Statement:
    found = room.svc.statement_on_floor(STEP)
    assert found is not None
    return found


async def test_the_page_shows_the_statement_three_buttons_and_the_territories(
    room: Room,
) -> None:
    async with room.phone() as phone:
        html = await room.page(phone)
    assert escape(floor(room).text) in html
    for value in ("agree", "disagree", "pass"):
        assert f'name="answer" value="{value}"' in html
    assert 'name="territory" required' in html
    assert "Belrive" in html and "Val d&#39;Argent" in html
    assert 'action="/j/' in html and "/statements/propose" in html
    assert f'data-statement="{floor(room).id}"' in html


async def test_an_answer_is_counted_once_per_phone_and_a_change_replaces_it(room: Room) -> None:
    sid = floor(room).id
    async with room.phone() as phone:
        await room.page(phone)  # the page hands out the signed device id
        data = {"statement": str(sid), "territory": "Belrive", "power": "technical"}
        results = await asyncio.gather(
            *(room.post(phone, "/statements", {**data, "answer": a}) for a in ("agree", "pass"))
        )
        assert [s for s, _ in results] == [201, 201]
        status, _ = await room.post(phone, "/statements", {**data, "answer": "disagree"})
        assert status == 201
        html = await room.page(phone)
    answers = room.svc.session.all(StatementAnswer)
    assert len(answers) == 1 and answers[0].answer == Answer.DISAGREE
    assert answers[0].territory == "Belrive" and answers[0].power is not None
    assert "pas d&#39;accord" in html or "disagree" in html
    # a second phone is a second person
    async with room.phone() as other:
        await room.page(other)
        status, _ = await room.post(
            other,
            "/statements",
            {"statement": str(sid), "territory": "Val d'Argent", "answer": "agree"},
        )
    assert status == 201 and len(room.svc.session.all(StatementAnswer)) == 2


async def test_forged_or_missing_device_ids_place_nothing(room: Room) -> None:
    sid = str(floor(room).id)
    data = {"statement": sid, "territory": "Belrive", "answer": "agree"}
    forged = {DEVICE_COOKIE: "A" * 16 + "." + "B" * 22}
    other_key = {DEVICE_COOKIE: issue_device(b"not the session's secret")[1]}
    for cookies in (None, forged, other_key):
        async with room.phone(cookies) as phone:  # posting without ever opening the page
            status, _ = await room.post(phone, "/statements", data)
        assert status == 403
    assert room.svc.session.all(StatementAnswer) == []


async def test_the_service_rules_come_back_as_the_phones_message(room: Room) -> None:
    later = room.svc.statements(STEP)[-1]
    async with room.phone() as phone:
        await room.page(phone)
        status, text = await room.post(
            phone,
            "/statements",
            {"statement": str(later.id), "territory": "Belrive", "answer": "agree"},
        )
        assert status == 400 and ("présentée" in text or "shown" in text)
        status, _ = await room.post(
            phone,
            "/statements",
            {"statement": str(floor(room).id), "territory": "Mars", "answer": "agree"},
        )
        assert status == 400
        status, _ = await room.post(phone, "/statements", {"statement": "x", "answer": "agree"})
        assert status == 400
    assert room.svc.session.all(StatementAnswer) == []


async def test_a_proposal_waits_for_moderation_before_any_phone_sees_it(room: Room) -> None:
    async with room.phone() as phone:
        await room.page(phone)
        status, _ = await room.post(
            phone, "/statements/propose", {"text": "Une navette le dimanche."}, json=False
        )
        assert status == 303
        html = await room.page(phone, "?proposed=1")
        assert "relue" in html or "read by" in html
        (pending,) = room.svc.statements(STEP, pending=True)
        assert pending.status == StatementStatus.PENDING and pending.text not in html
        await room.svc.moderate_statement(pending.id)
        while room.svc.statement_on_floor(STEP) != room.svc.statement(pending.id):
            await room.svc.show_next_statement()
        html = await room.page(phone)
        assert "Une navette le dimanche." in html
        status, _ = await room.post(phone, "/statements/propose", {"text": "x" * 141})
        assert status == 400


async def test_the_state_names_the_statement_on_the_floor(room: Room) -> None:
    async with room.phone() as phone:
        async with phone.get(room.root + "/api/state") as r:
            state = await r.json()
        assert state["step_kind"] == "statements" and state["statement"] == floor(room).id
        nxt = await room.svc.show_next_statement()
        await asyncio.sleep(1.1)  # the state is cached a second per version
        async with phone.get(room.root + "/api/state") as r:
            assert (await r.json())["statement"] == nxt.id


async def test_no_answers_once_the_step_is_over(room: Room) -> None:
    sid = str(floor(room).id)
    await room.svc.next_step()
    async with room.phone() as phone:
        html = await room.page(phone)
        assert "étape des affirmations" in html or "statements step" in html
        status, _ = await room.post(
            phone, "/statements", {"statement": sid, "territory": "Belrive", "answer": "agree"}
        )
    assert status == 403
