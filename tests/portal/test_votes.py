"""Dot votes through the real portal on 127.0.0.1: budgets hold under simultaneous requests,
device ids are the portal's own, and the count stays hidden until the facilitator shows it."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from portal_session import build_session

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Vote
from facilitate.portal import Portal
from facilitate.portal.security import DEVICE_COOKIE, issue_device
from facilitate.service import SessionService

VOTE = "vote-actions"  # cooperation-kickoff: 3 dots, stacking allowed


class Room:
    """The portal with generous rate limits (the budget, not the rate limit, is under test)."""

    def __init__(self, svc: SessionService, portal: Portal) -> None:
        self.svc, self.portal = svc, portal

    @property
    def root(self) -> str:
        return f"{self.portal.base}/j/{self.svc.info.token}"

    def phone(self, cookies: dict[str, str] | None = None) -> aiohttp.ClientSession:
        jar = aiohttp.CookieJar(unsafe=True)
        session = aiohttp.ClientSession(
            cookie_jar=jar, connector=aiohttp.TCPConnector(limit=0), cookies=cookies
        )
        return session

    async def vote(self, phone: aiohttp.ClientSession, proposal: int) -> int:
        async with phone.post(
            self.root + "/vote",
            data={"proposal": str(proposal)},
            headers={"Origin": self.portal.base, "Accept": "application/json"},
            allow_redirects=False,
        ) as r:
            await r.read()
            return r.status


@pytest.fixture
async def room(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Room]:
    svc = await build_session(tmp_path / "session", clock)
    for title in ("One booking number", "Car-sharing stops", "Solidarity fund", "Night bus"):
        await svc.add_proposal(title)
    await svc.start_step(VOTE)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", rate=(1000, 10.0))
    portal.devices.per_address = 100  # many phones from one address: the test's own loopback
    await portal.start()
    yield Room(svc, portal)
    await portal.stop()
    svc.close()


def proposal_ids(room: Room) -> list[int]:
    return sorted(p.id for p in room.svc.vote_options(VOTE))


async def test_one_phone_sending_twelve_votes_at_once_gets_its_three_dots(room: Room) -> None:
    """Twelve posts in flight together from one phone: three dots placed, nine refused."""
    props = proposal_ids(room)
    async with room.phone() as phone:
        async with phone.get(room.root + "/vote") as r:
            assert r.status == 200 and DEVICE_COOKIE in r.cookies
        statuses = await asyncio.gather(*(room.vote(phone, props[i % 4]) for i in range(12)))
    assert Counter(statuses) == {201: 3, 400: 9}
    votes = room.svc.session.all(Vote)
    assert sum(v.dots for v in votes) == 3 and len({v.device for v in votes}) == 1


async def test_many_phones_voting_at_once_each_keep_to_their_dots(room: Room) -> None:
    """Ten phones, twelve simultaneous posts each: thirty dots in all, three per phone."""
    props = proposal_ids(room)
    phones = [room.phone() for _ in range(10)]
    try:
        for phone in phones:
            async with phone.get(room.root + "/vote") as r:
                assert r.status == 200
        statuses = await asyncio.gather(
            *(room.vote(phone, props[i % 4]) for phone in phones for i in range(12))
        )
    finally:
        for phone in phones:
            await phone.close()
    assert Counter(statuses) == {201: 30, 400: 90}
    per_device: Counter[str] = Counter()
    for v in room.svc.session.all(Vote):
        per_device[v.device] += v.dots
    assert len(per_device) == 10 and set(per_device.values()) == {3}


async def test_forged_device_ids_place_nothing(room: Room, tmp_path: Path) -> None:
    """Made-up, unsigned, altered or foreign cookies, and none at all: 403 and no dot."""
    props = proposal_ids(room)
    async with room.phone() as real, real.get(room.root + "/vote") as r:
        genuine = r.cookies[DEVICE_COOKIE].value
    device, signature = genuine.split(".")
    forged = [
        "abcdefghijklmnop",  # the old unsigned shape
        "A" * 16 + "." + "B" * 22,  # the right shape, a made-up signature
        ("Z" if device[0] != "Z" else "Y") + device[1:] + "." + signature,  # another id
        issue_device(b"another session's secret")[1],
    ]
    for cookie in [*forged, None]:
        async with room.phone({DEVICE_COOKIE: cookie} if cookie else None) as phone:
            for _ in range(3):
                async with phone.post(
                    room.root + "/vote",
                    data={"proposal": str(props[0])},
                    headers={"Origin": room.portal.base},
                    allow_redirects=False,
                ) as r:
                    assert r.status == 403, cookie
                    assert "voting id" in await r.text()
                    assert DEVICE_COOKIE not in r.cookies  # a post never mints an id
    assert room.svc.session.all(Vote) == []


async def test_new_device_ids_are_capped_per_address_and_step_and_counted(room: Room) -> None:
    """Past the cap, a phone without a cookie gets the page but no id; the panel counts it."""
    room.portal.devices.per_address = 2
    phones = [room.phone() for _ in range(3)]
    try:
        pages = []
        for phone in phones:
            async with phone.get(room.root + "/vote") as r:
                pages.append((DEVICE_COOKIE in r.cookies, await r.text()))
    finally:
        for phone in phones:
            await phone.close()
    assert [minted for minted, _ in pages] == [True, True, False]
    assert "cannot get a voting id" in pages[2][1] and "Dots left" not in pages[2][1]
    count = room.portal.devices.count(VOTE)
    assert (count.issued, count.addresses, count.capped, count.refused) == (
        2,
        1,
        (("127.0.0.1", 2),),
        1,
    )
    await room.svc.next_step()  # a new step: the address may get new ids again
    assert room.portal.devices.count(room.svc.live().step).issued == 0


async def test_phones_see_the_count_only_once_the_facilitator_reveals_it(room: Room) -> None:
    """Before the reveal the page and the state give no count; after it, both do."""
    props = proposal_ids(room)
    async with room.phone() as phone:
        async with phone.get(room.root + "/vote") as r:
            assert r.status == 200
        assert await room.vote(phone, props[1]) == 201
        async with phone.get(room.root + "/vote") as r:
            page = await r.text()
        assert "1 dot<" not in page and "hidden until the facilitator" in page
        async with phone.get(room.root + "/api/state") as r:
            assert (await r.json())["results_shown"] is False
        await room.svc.reveal_results(VOTE)
        async with phone.get(room.root + "/api/state") as r:
            assert (await r.json())["results_shown"] is True
        async with phone.get(room.root + "/vote") as r:
            page = await r.text()
        assert "1 dot<" in page and page.index("Car-sharing stops") < page.index("Night bus")


async def test_a_room_behind_one_address_gets_its_ids_on_arrival_and_votes(
    tmp_path: Path, clock: ManualClock
) -> None:
    """Twelve phones behind one NAT open the portal during the welcome: each gets an id (the
    vote's cap of 4 new ids per address does not apply before the vote) and each votes."""
    svc = await build_session(tmp_path / "nat", clock)
    for title in ("One booking number", "Car-sharing stops", "Solidarity fund"):
        await svc.add_proposal(title)
    await svc.start_step(svc.info.steps[0].id)  # the welcome
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", rate=(1000, 10.0))
    await portal.start()
    room = Room(svc, portal)
    phones = [room.phone() for _ in range(12)]
    try:
        for phone in phones:
            async with phone.get(room.root + "/") as r:
                assert r.status == 200 and DEVICE_COOKIE in r.cookies
        await svc.start_step(VOTE)
        props = proposal_ids(room)
        statuses = [await room.vote(phone, props[0]) for phone in phones]
        assert statuses == [201] * 12
        late = room.phone()
        try:  # during the vote, new ids from that address stop at the cap
            minted = []
            for _ in range(6):
                late.cookie_jar.clear()
                async with late.get(room.root + "/vote") as r:
                    minted.append(DEVICE_COOKIE in r.cookies)
            assert minted == [True] * 4 + [False] * 2
        finally:
            await late.close()
    finally:
        for phone in phones:
            await phone.close()
        await portal.stop()
        svc.close()
    assert len({v.device for v in svc.session.all(Vote)}) == 12
