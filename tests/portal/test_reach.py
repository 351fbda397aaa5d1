"""Phones reach the laptop at the venue: the advertised name, cards that survive the day, the join
code, the reachability test, and the portal's limits for a real room (raw sockets, 127.0.0.1)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from portal_session import Live, build_session
from qr_decode import decode_matrix
from test_cards import svg_to_matrix

from facilitate.cli import main
from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Contribution
from facilitate.portal import Portal, reach_lines
from facilitate.portal.arrivals import Arrival
from facilitate.portal.limits import Limits
from facilitate.portal.security import issue_device
from facilitate.printables.cards import write_cards
from facilitate.reach.addresses import join_code, normalise_code, show_code, venue_name
from facilitate.reach.network import lan_addresses

HERE = Path(__file__).resolve().parent
TOKEN = "tok-" + "a" * 20


def _session(tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    asyncio.run(build_session(folder, ManualClock("2026-03-12T09:00:00+01:00"))).close()
    return folder


def mint_cookie(portal: Portal) -> str:
    """A device cookie such as the portal gives a phone at its first visit (signed with the
    portal's secret)."""
    return issue_device(portal.devices.secret)[1]


def _card_urls(html: str) -> list[str]:
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    return [url for svg in svgs for url in decode_matrix(svg_to_matrix(svg))]


# -- cards that survive the day ---------------------------------------------------------------


def test_default_cards_carry_the_advertised_name_not_an_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_pdf: None
) -> None:
    """Without --base-url every code leads to <name>.local:8765: no loopback, no DHCP lease."""
    folder = _session(tmp_path)
    assert main(["cards", str(folder), "--out", str(tmp_path / "print")]) == 0
    html = Path(capsys.readouterr().out.split()[0]).read_text()
    urls = _card_urls(html)
    assert len(urls) >= 3
    leased = set(lan_addresses())
    for url in urls:
        parts = urlsplit(url)
        assert parts.hostname == f"{venue_name()}.local" and parts.port == 8765, url
        assert parts.hostname not in leased and not parts.hostname.startswith("127.")
    assert not any(address in html for address in leased | {"127.0.0.1", "localhost"})
    code = show_code(join_code(TOKEN))
    assert f"{venue_name()}.local:8765/{code}/1" in html  # the table's short address to type
    assert f"{venue_name()}.local:8765/{code}<" in html  # the route cards' short address


def test_the_name_on_the_cards_can_be_chosen(tmp_path: Path, no_pdf: None) -> None:
    """FACILITATE_NAME names the laptop (lower case, one DNS label), on the cards as on the wire."""
    folder = _session(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACILITATE_NAME", "Atelier Gare!")
        assert venue_name() == "atelier-gare"
        html = write_cards(folder, tmp_path / "out", base_url=None, lang="en")[0].read_text()
    assert all(urlsplit(u).netloc == "atelier-gare.local:8765" for u in _card_urls(html))


def test_base_url_is_honoured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_pdf: None
) -> None:
    """--base-url (a hotspot's fixed address, say) is what every code and short address carries."""
    folder = _session(tmp_path)
    base = "http://10.42.0.1:8765"
    assert main(["cards", str(folder), "--out", str(tmp_path / "p"), "--base-url", base]) == 0
    html = Path(capsys.readouterr().out.split()[0]).read_text()
    urls = _card_urls(html)
    assert urls and all(url.startswith(f"{base}/j/{TOKEN}/") for url in urls)
    assert f"10.42.0.1:8765/{show_code(join_code(TOKEN))}/1" in html


@pytest.mark.parametrize(
    "base", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", "0.0.0.0:80"]
)
def test_cards_leading_to_loopback_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str
) -> None:
    """A loopback address is refused with status 2, one line naming the way out, no file."""
    folder = _session(tmp_path)
    out = tmp_path / "print"
    assert main(["cards", str(folder), "--out", str(out), "--base-url", base]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1
    assert "no phone can reach it" in lines[0] and "--base-url" in lines[0]
    assert f"{venue_name()}.local:8765" in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_the_refusal_reads_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """French first: the same refusal in the facilitator's language."""
    folder = _session(tmp_path)
    args = ["--lang", "fr", "cards", str(folder), "--base-url", "http://127.0.0.1:8765"]
    assert main(args) == 2
    assert "aucun téléphone ne l'atteint" in capsys.readouterr().err


# -- the advertised name, in a network namespace ----------------------------------------------


def _netns_usable() -> str:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("ip") is None:
        return "needs Linux, root and iproute2 (ip netns)"
    probe = f"fac-probe-{uuid.uuid4().hex[:6]}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, check=False)
    if made.returncode != 0:
        return "ip netns add failed: " + made.stderr.decode(errors="replace").strip()
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return ""


def test_the_portal_advertises_its_name_over_mdns_in_a_network_namespace(tmp_path: Path) -> None:
    """`serve --lan` in a "laptop" namespace; a "phone" namespace on the same link resolves
    <name>.local by a one-shot mDNS query (as Android does), sees the DNS-SD service, and the
    join code typed after the name leads to the session."""
    why = _netns_usable()
    if why:
        pytest.skip(why)
    folder = _session(tmp_path)
    tag = uuid.uuid4().hex[:6]
    laptop, phone = f"fac-lap-{tag}", f"fac-pho-{tag}"

    def ip(*args: str) -> None:
        subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)

    server: subprocess.Popen[str] | None = None
    try:
        ip("netns", "add", laptop)
        ip("netns", "add", phone)
        ip(
            "-n",
            laptop,
            "link",
            "add",
            "wl0",
            "type",
            "veth",
            "peer",
            "name",
            "wl1",
            "netns",
            phone,
        )
        ip("-n", laptop, "addr", "add", "10.77.0.1/24", "dev", "wl0")
        ip("-n", phone, "addr", "add", "10.77.0.2/24", "dev", "wl1")
        for ns, dev in ((laptop, "wl0"), (phone, "wl1")):
            ip("-n", ns, "link", "set", "lo", "up")
            ip("-n", ns, "link", "set", dev, "up")
        env = {**os.environ, "FACILITATE_LANG": "en", "FACILITATE_NAME": "facilitate-test"}
        env["PYTHONUNBUFFERED"] = "1"
        server = subprocess.Popen(
            ["ip", "netns", "exec", laptop, sys.executable, "-m", "facilitate.cli"]
            + ["serve", str(folder), "--lan", "--port", "8765"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert server.stdout is not None
        first = server.stdout.readline().strip()
        assert first == f"http://10.77.0.1:8765/j/{TOKEN}/"  # the join URL, today's address
        code = show_code(join_code(TOKEN))
        asked = subprocess.run(
            ["ip", "netns", "exec", phone, sys.executable, str(HERE / "mdns_phone.py")]
            + ["10.77.0.2", "facilitate-test", "8765", code],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert asked.returncode == 0, asked.stderr
        found = json.loads(asked.stdout)
        assert found["address"] == "10.77.0.1"
        assert any("facilitate-test" in name for name in found["services"]), found
        assert found["status"] == 200 and found["title"]
        assert found["url"].endswith(f"/j/{TOKEN}/")
    finally:
        if server is not None:
            server.terminate()
            try:
                _, err = server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                _, err = server.communicate()
            assert "facilitate-test.local:8765" in err  # stderr named the address of the cards
        for ns in (laptop, phone):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)


# -- the join code and the reachability test ----------------------------------------------------


async def test_the_join_code_leads_to_the_session_and_to_a_table(live: Live) -> None:
    """`/K7M-2QP` opens the session; typed in lower case or without the dash too; `/CODE/<id>`
    opens that table; a wrong code gets the same empty 404 as a wrong token."""
    base, code = live.portal.base, live.portal.join_code
    table = live.svc.session.table_by_slug("table-covoiturage")
    assert table is not None
    for typed in (show_code(code), code.lower(), code):
        async with live.http.get(f"{base}/{typed}", allow_redirects=False) as r:
            assert r.status == 302 and r.headers["Location"] == f"/j/{TOKEN}/"
    async with live.http.get(f"{base}/{show_code(code)}/{table.id}") as r:
        assert r.status == 200 and "Car sharing between valleys" in await r.text()
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    async with live.http.get(f"{base}/{wrong}", allow_redirects=False) as r:
        assert r.status == 404 and await r.read() == b""
    assert normalise_code("k7m-2qp") == "K7M2QP" and normalise_code("O1L") == "011"


async def test_wrong_codes_from_one_address_are_limited(live: Live) -> None:
    """After 30 wrong codes in a minute, even the right code waits: no guessing the 2^30 codes."""
    base, code = live.portal.base, live.portal.join_code
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    for _ in range(31):
        async with live.http.get(f"{base}/{wrong}", allow_redirects=False) as r:
            assert r.status == 404
    async with live.http.get(f"{base}/{code}", allow_redirects=False) as r:
        assert r.status == 404
    async with live.http.get(live.root + "/") as r:  # the QR codes' links still work
        assert r.status == 200


async def test_the_reach_page_answers_on_the_phone_and_tells_the_laptop_at_once(live: Live) -> None:
    """The test page says "your phone reaches the laptop"; the laptop's listener hears it before
    the page is even sent, with the name or address the phone used."""
    heard: list[Arrival] = []
    live.portal.arrivals.subscribe(heard.append)
    async with live.http.get(live.portal.reach_url(live.portal.base)) as r:
        page = await r.text()
        assert r.status == 200
    assert "Your phone reaches the laptop" in page and "screen shows it too" in page
    assert len(heard) == 1 and heard[0].address == "127.0.0.1" and not heard[0].by_name
    assert live.portal.arrivals.last_test == heard[0] and heard[0].from_laptop
    async with live.http.get(
        live.portal.reach_url(live.portal.base), headers={"Host": f"{live.portal.name}.local"}
    ) as r:
        assert r.status == 200
    assert heard[-1].by_name


async def test_the_laptop_sees_when_the_last_phone_arrived_and_how_many(live: Live) -> None:
    """Each page a phone opens is an arrival; devices are counted by their cookie."""
    assert live.portal.arrivals.last is None
    async with live.http.get(live.table()) as r:  # first visit: the cookie is given
        assert r.status == 200
    async with live.http.get(live.root + "/api/state") as r:  # it comes back: one device
        assert r.status == 200
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
        for _ in range(2):
            async with other.get(live.root + "/") as r:
                assert r.status == 200
    arrivals = live.portal.arrivals
    assert len(arrivals.devices) == 2 and arrivals.last is not None
    assert abs(arrivals.last.at - time.time()) < 5
    async with live.http.get(live.portal.base + "/j/wrong/") as r:
        assert r.status == 404
    assert len(arrivals.devices) == 2  # strangers are not phones of the room


async def test_the_portal_says_when_it_listens_only_on_loopback(live: Live) -> None:
    """On 127.0.0.1 the portal knows phones cannot come, and says so in one line."""
    assert live.portal.reach_state == "loopback"
    lines = reach_lines(live.portal, "en")
    assert len(lines) == 1 and "this laptop only" in lines[0] and "--lan" in lines[0]
    assert "127.0.0.1" in reach_lines(live.portal, "fr")[0]


# -- limits for a real room, with raw sockets on 127.0.0.1 ----------------------------------------


@contextlib.asynccontextmanager
async def portal_with(tmp_path: Path, limits: Limits) -> AsyncIterator[Portal]:
    svc = await build_session(tmp_path / "limits", ManualClock("2026-03-12T09:00:00+01:00"))
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", limits=limits)
    await portal.start()
    try:
        yield portal
    finally:
        await portal.stop()
        svc.close()


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> float | None:
    """Seconds until the server closed the connection (EOF or reset), or None if it did not."""
    start = time.monotonic()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            try:
                while await reader.read(4096):
                    pass
            except (ConnectionError, OSError):
                pass
            return time.monotonic() - start
    return None


async def test_unfinished_requests_are_dropped_within_seconds(tmp_path: Path) -> None:
    """150 clients dribbling header lines and 50 that send nothing are all cut off well within
    40 s (default limits: headers 5 s, first byte 8 s); a real request is served meanwhile."""
    limits = Limits()
    async with portal_with(tmp_path, limits) as portal:
        opened = [await asyncio.open_connection("127.0.0.1", portal.port) for _ in range(200)]
        start = time.monotonic()
        slow = opened[:150]  # the other 50 send nothing at all
        for _, writer in slow:
            writer.write(f"GET /j/{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())

        async def dribble() -> None:
            for i in range(12):
                await asyncio.sleep(1)
                for _, writer in slow:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        writer.write(f"X-Slow-{i}: 1\r\n".encode())

        dribbler = asyncio.create_task(dribble())
        async with aiohttp.ClientSession() as http, http.get(f"{portal.base}/j/{TOKEN}/") as r:
            assert r.status == 200  # the room is served while strangers hang on
        waits = await asyncio.gather(*(closed_within(reader, 20) for reader, _ in opened))
        dribbler.cancel()
        elapsed = time.monotonic() - start
        for _, writer in opened:
            writer.close()
    closed = [w for w in waits if w is not None]
    assert len(closed) == len(waits), f"{waits.count(None)} connections still open"
    assert max(closed[:150]) <= limits.head_s + 2
    assert max(closed[150:]) <= limits.first_byte_s + 2
    assert elapsed < 40
    assert portal.connections.dropped["head"] == 150
    assert portal.connections.dropped["fresh"] == 50


async def test_a_body_that_does_not_come_gets_408_and_the_connection_closes(
    tmp_path: Path,
) -> None:
    """Headers in full, then a body that stops halfway: 408 within the body limit, closed."""
    async with portal_with(tmp_path, Limits(body_s=1.0)) as portal:
        reader, writer = await asyncio.open_connection("127.0.0.1", portal.port)
        writer.write(
            (
                f"POST /j/{TOKEN}/t/table-gare/contribute HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n"
                "\r\nkind=idea&text=half"
            ).encode()
        )
        started = time.monotonic()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n"), 10)
        assert b" 408 " in head and time.monotonic() - started < 4
        assert await closed_within(reader, 5) is not None
        writer.close()
        assert portal.service.session.all(Contribution) == []


async def test_the_connection_cap_closes_the_oldest_idle_first(tmp_path: Path) -> None:
    """With a cap of 40, 60 keep-alive connections leave the 40 newest open; the oldest idle
    ones are closed first, and a phone arriving then is still served."""
    async with portal_with(tmp_path, Limits(max_connections=40)) as portal:
        opened = []
        request = f"GET /j/{TOKEN}/api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        for _ in range(60):
            reader, writer = await asyncio.open_connection("127.0.0.1", portal.port)
            writer.write(request)
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)  # answered, now idle
            opened.append((reader, writer))
            assert portal.connections.open <= 40
        await asyncio.sleep(0.2)
        closed = await asyncio.gather(*(closed_within(r, 0.3) for r, _ in opened))
        async with aiohttp.ClientSession() as http, http.get(f"{portal.base}/j/{TOKEN}/") as r:
            assert r.status == 200
        for _, writer in opened:
            writer.close()
    assert [c is not None for c in closed] == [True] * 20 + [False] * 40
    assert portal.connections.dropped["evicted"] >= 20


async def test_a_full_house_of_slow_headers_still_lets_a_phone_in(tmp_path: Path) -> None:
    """With every slot held by half-sent headers, a new phone takes the slowest one's place."""
    async with portal_with(tmp_path, Limits(max_connections=20)) as portal:
        slow = [await asyncio.open_connection("127.0.0.1", portal.port) for _ in range(20)]
        for _, writer in slow:
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        await asyncio.sleep(0.1)
        async with aiohttp.ClientSession() as http, http.get(f"{portal.base}/j/{TOKEN}/") as r:
            assert r.status == 200
        assert portal.connections.open <= 20
        for _, writer in slow:
            writer.close()


async def test_a_connection_closes_after_its_keep_alive_budget(tmp_path: Path) -> None:
    """The third answer on one connection says `Connection: close` and the socket closes."""
    async with portal_with(tmp_path, Limits(requests_per_connection=3)) as portal:
        reader, writer = await asyncio.open_connection("127.0.0.1", portal.port)
        heads = []
        for _ in range(3):
            writer.write(f"GET /j/{TOKEN}/api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            heads.append(head.decode().lower())
            length = re.search(r"content-length: (\d+)", heads[-1])
            assert length is not None, heads[-1]
            await reader.readexactly(int(length.group(1)))
        assert "connection: close" not in heads[1] and "connection: close" in heads[2]
        assert await closed_within(reader, 5) is not None
        writer.close()


async def test_a_room_behind_one_address_is_counted_by_phones(tmp_path: Path) -> None:
    """200 phones behind one NAT (one address, 127.0.0.1 counted like any other here) each send
    an idea at once: all are saved. Past the devices allowed for one address, new phones wait;
    posts without a cookie share a small budget."""
    limits = Limits(exempt_loopback=False, devices_per_address=250)
    async with portal_with(tmp_path, limits) as portal:
        url = f"{portal.base}/j/{TOKEN}/t/table-gare"
        jar = aiohttp.DummyCookieJar()  # each "phone" carries its own cookie by hand
        async with aiohttp.ClientSession(cookie_jar=jar) as http:

            async def phone(i: int) -> int:
                cookie = mint_cookie(portal)  # as given at its first visit
                async with http.post(
                    url + "/contribute",
                    data={"kind": "idea", "text": f"idea {i}"},
                    headers={"Origin": portal.base, "Cookie": f"fdev={cookie}"},
                    allow_redirects=False,
                ) as r:
                    return r.status

            statuses = await asyncio.gather(*(phone(i) for i in range(200)))
            assert statuses.count(303) == 200
            assert portal.crowd.devices("127.0.0.1") == 200
            more = await asyncio.gather(*(phone(i) for i in range(200, 260)))
            assert more.count(303) == 50 and more.count(429) == 10
            anonymous = []
            for i in range(31):
                async with http.post(
                    url + "/contribute",
                    data={"kind": "idea", "text": f"no cookie {i}"},
                    headers={"Origin": portal.base},
                    allow_redirects=False,
                ) as r:
                    anonymous.append(r.status)
            assert anonymous.count(303) == 30 and anonymous[-1] == 429
        assert len(portal.service.session.all(Contribution)) == 280
