"""A small café session with the portal on 127.0.0.1 (port 0) and an HTTP client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from portal_session import Live, build_session

from facilitate.domain.clock import ManualClock
from facilitate.portal import Portal


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
