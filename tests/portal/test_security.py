"""The portal's answers to strangers on the venue's Wi-Fi: 404, 400, 403, 413, 429 and headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from portal_session import Live

from facilitate.domain.records import Contribution
from facilitate.portal.security import RateLimit
from facilitate.store import read_session_tables


def stored_texts(live: Live) -> list[str]:
    return [c.text for c in live.svc.session.all(Contribution)]


async def test_a_wrong_token_gets_an_empty_404(live: Live) -> None:
    """A guessed or old token sees nothing at all: no page, no hint, no form."""
    base = live.portal.base
    for path in (
        "/j/wrong/",
        "/j/wrong/t/table-gare",
        "/j/wrong/api/state",
        "/",
        "/j/",
        "/favicon.ico",
        f"/j/{live.svc.info.token}x/",
    ):
        async with live.http.get(base + path) as r:
            assert r.status == 404, path
            assert await r.read() == b""
    r = await live.post(f"{base}/j/wrong/t/table-gare/contribute", {"kind": "idea", "text": "x"})
    assert r.status == 404 and await r.read() == b""
    assert stored_texts(live) == []


async def test_an_unknown_host_name_is_refused(live: Live) -> None:
    """A page served under another name (DNS rebinding) gets 400 and never the session."""
    for host in ("evil.example", "evil.example:" + str(live.portal.port), "127.0.0.1:1"):
        async with live.http.get(live.root + "/", headers={"Host": host}) as r:
            assert r.status == 400
            assert "Shared mobility" not in await r.text()
    async with live.http.get(
        live.root + "/", headers={"Host": f"localhost:{live.portal.port}"}
    ) as r:
        assert r.status == 200


async def test_a_form_posted_from_another_site_is_refused(live: Live) -> None:
    """A stranger's page cannot make a phone post to the table (Origin must be this site)."""
    for origin in ("http://evil.example", "null", f"http://localhost:{live.portal.port + 1}"):
        r = await live.post(
            live.table() + "/contribute",
            {"kind": "idea", "text": "forged"},
            headers={"Origin": origin},
        )
        assert r.status == 403, origin
    r = await live.post(
        live.table() + "/contribute",
        {"kind": "idea", "text": "forged"},
        headers={"Origin": live.portal.base, "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status == 403
    assert stored_texts(live) == []
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "mine"})
    assert r.status == 303
    r = await live.post(
        live.table() + "/contribute",
        {"kind": "idea", "text": "opaque"},
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert r.status == 303
    assert stored_texts(live) == ["mine", "opaque"]


async def test_a_body_over_16_kib_gets_413(live: Live) -> None:
    """A huge request is refused before it is read, announced or chunked."""
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "x" * 17_000})
    assert r.status == 413

    async def chunks() -> AsyncIterator[bytes]:
        yield b"kind=idea&text="
        for _ in range(20):
            yield b"y" * 1024

    r = await live.http.post(
        live.table() + "/contribute",
        data=chunks(),
        allow_redirects=False,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    assert r.status == 413
    assert "too large" in (await r.json())["error"]
    assert stored_texts(live) == []


async def test_a_text_over_2000_characters_is_refused_with_a_message(live: Live) -> None:
    """A too long text is refused with the reason, and the form keeps what was typed."""
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "é" * 2001})
    assert r.status == 400
    page = await r.text()
    assert "2000 characters at most" in page
    assert "é" * 100 in page
    r = await live.post(
        live.table() + "/contribute",
        {"kind": "idea", "text": "é" * 2001},
        headers={"Accept": "application/json"},
    )
    assert r.status == 400 and "2000" in (await r.json())["error"]
    assert stored_texts(live) == []


async def test_a_device_sending_too_fast_gets_429(live: Live) -> None:
    """Ten submissions in ten seconds, then 429 with Retry-After; another phone is not blocked."""
    async with live.http.get(live.table()) as r:  # the phone opens the page: gets its device id
        assert r.status == 200
    for i in range(10):
        r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": f"idea {i}"})
        assert r.status == 303
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "one too many"})
    assert r.status == 429
    assert int(r.headers["Retry-After"]) >= 1
    assert "wait" in await r.text()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
        await (await other.get(live.table())).read()
        r = await other.post(
            live.table() + "/contribute",
            data={"kind": "idea", "text": "other"},
            headers={"Origin": live.portal.base},
            allow_redirects=False,
        )
        assert r.status == 303
    texts = stored_texts(live)
    assert "one too many" not in texts and "other" in texts and len(texts) == 11


def test_the_rate_limit_window_slides() -> None:
    """Once the window has passed, a device may send again."""
    limit = RateLimit(2, 10.0)
    assert limit.hit("a", now=0.0) == 0 and limit.hit("a", now=1.0) == 0
    assert limit.hit("a", now=2.0) > 0
    assert limit.hit("a", now=10.5) == 0


async def test_every_answer_carries_the_strict_headers(live: Live) -> None:
    """Pages, API and refusals all forbid framing, sniffing, referrers and outside resources."""
    for url in (
        live.root + "/",
        live.table(),
        live.root + "/api/state",
        live.portal.base + "/nope",
    ):
        async with live.http.get(url) as r:
            csp = r.headers["Content-Security-Policy"]
            assert "default-src 'self'" in csp and "script-src 'self'" in csp
            assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert r.headers["X-Frame-Options"] == "DENY"
            assert r.headers["Referrer-Policy"] == "same-origin"


async def test_pages_use_no_inline_script_and_nothing_from_outside(live: Live) -> None:
    """The phone pages load only the portal's own CSS and JS (works offline, fits the CSP)."""
    for path in ("/", "/t/table-gare", "/agenda", "/vote", "/debate", "/meaning"):
        async with live.http.get(live.root + path) as r:
            page = await r.text()
        assert "<script>" not in page and " on" + "click=" not in page and "style=" not in page
        assert "http://" not in page and "https://" not in page
    async with live.http.get(live.root + "/static/portal.js") as r:
        assert r.status == 200 and r.content_type == "text/javascript"
    async with live.http.get(live.root + "/static/../server.py") as r:
        assert r.status == 404


async def test_a_submission_after_closing_is_refused(live: Live) -> None:
    """Once the facilitator closes submissions, the form is gone and a post gets 403."""
    await live.svc.set_submissions_open(False)
    async with live.http.get(live.table()) as r:
        page = await r.text()
    assert "Submissions are closed" in page
    assert 'id="form"' in page and 'id="form" method="post" action' in page
    assert '" hidden>' in page.split('id="form"')[1].split("\n")[0]
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "late"})
    assert r.status == 403 and "closed" in await r.text()
    r = await live.post(
        live.table() + "/contribute",
        {"kind": "idea", "text": "late"},
        headers={"Accept": "application/json"},
    )
    assert r.status == 403 and (await r.json())["error"] == "Submissions are closed for now."
    assert stored_texts(live) == []
    assert read_session_tables(live.folder).get("contributions", {}) == {}


async def test_rotating_the_token_kills_old_links(live: Live) -> None:
    """After a rotation the old QR codes give 404 and the new join URL works."""
    old = live.table()
    new_token = await live.svc.rotate_token()
    async with live.http.get(old) as r:
        assert r.status == 404 and await r.read() == b""
    r = await live.post(old + "/contribute", {"kind": "idea", "text": "old link"})
    assert r.status == 404
    assert live.portal.url.endswith(f"/j/{new_token}/")
    async with live.http.get(live.portal.table_url("table-gare")) as r:
        assert r.status == 200
