"""Phone-sized pages in Debian's Chromium, driven by Playwright, for the browser tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "portal"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# every browser test module carries these: the marker, and a skip where Chromium is missing
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]


@asynccontextmanager
async def open_phones(count: int, locale: str) -> AsyncIterator[list[Any]]:
    """`count` phone-sized pages (390x844), each in its own browser context (its own cookies:
    its own signed device id), script errors and CSP violations collected in `page.problems`."""
    playwright = pytest.importorskip("playwright.async_api", reason="needs the playwright package")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with playwright.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pages = []
        for _ in range(count):
            context = await browser.new_context(
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale=locale,
            )
            page = await context.new_page()
            page.problems = []  # the page is untyped (playwright is imported when present)
            page.on("console", lambda m, p=page: m.type == "error" and p.problems.append(m.text))
            page.on("pageerror", lambda e, p=page: p.problems.append(str(e)))
            pages.append(page)
        try:
            yield pages
        finally:
            await browser.close()
