"""The live screen tells whether phones reach the laptop: the warning on loopback, the test from
a phone shown at once, the last phone seen, and F4 refusing cards no phone could follow."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from tests.tui.conftest import SIZE, START, app_for, fill, heard, settle, within
from textual.widgets import Input, Select, Static

from facilitate.domain.clock import ManualClock
from facilitate.tui.screens.live import LiveScreen
from facilitate.tui.screens.outputs import ExportModal
from facilitate.tui.screens.reaching import ReachModal


def shown(widget: Static) -> str:
    return str(widget.render())


async def test_the_phone_test_answers_on_the_laptop_at_once(cafe: Path, sessions: Path) -> None:
    """With the portal on this laptop only, the screen says phones cannot come; `t` shows the
    test codes, and opening the test page makes the laptop say so within a second."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await fill(pilot, port="0")
        await settle(pilot)
        assert app.portal is not None
        status = app.screen.query_one("#reach-status", Static)
        assert "This laptop only" in shown(status)
        assert "portal on this laptop only" in (
            app.screen.sub_title or ""
        )  # the header, always seen
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReachModal)
        result = app.screen.query_one("#reach-result", Static)
        assert "Waiting for a phone" in shown(result)
        url = app.portal.reach_url(app.portal.base)
        async with aiohttp.ClientSession() as http, http.get(url) as r:
            assert r.status == 200
        assert await within(pilot, 1.0, lambda: "reaches the laptop" in shown(result))
        assert "from this laptop itself" in shown(result)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert await within(pilot, 2.0, lambda: "Last phone" in shown(status))
        assert "portal on this laptop only" in (app.screen.sub_title or "")  # still the first thing
        await app.portals.stop()


async def test_t_without_the_portal_says_how_to_open_it(
    cafe: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No portal, no test: a notice says to open it on the venue network first."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        said = heard(app, monkeypatch)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert any("The portal is closed" in line for line in said)


async def test_f4_refuses_cards_while_the_portal_listens_to_this_laptop_only(
    cafe: Path, sessions: Path, tmp_path: Path
) -> None:
    """Printing while the portal is on 127.0.0.1 writes nothing and says, in one line, how out."""
    out = tmp_path / "cards"
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await fill(pilot, port="0")
        await settle(pilot)
        assert app.portal is not None
        app.push_screen(ExportModal(app.lang, cafe, cards=True))
        await settle(pilot)
        app.screen.query_one("#export-out", Input).value = str(out)
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = shown(app.screen.query_one("#export-result", Static))
        await app.portals.stop()
    assert "listens to this laptop only" in said and "key o" in said
    assert not out.exists() or not list(out.glob("*.html"))


def test_the_header_line_says_when_the_last_phone_came() -> None:
    """On the venue network, the header counts devices and says how long ago a phone came."""
    from facilitate.portal.arrivals import Arrivals
    from facilitate.tui.widgets.portal import reach_summary

    class Venue:
        reach_state = "lan"
        arrivals = Arrivals(clock=lambda: 1000.0)

    assert reach_summary(Venue(), "en") == "📱 no phone yet"
    Venue.arrivals.seen("device-a", "192.168.1.20", "192.168.1.5:8765")
    Venue.arrivals.seen("device-b", "192.168.1.21", "facilitate-x.local:8765")
    line = reach_summary(Venue(), "en", now=1095.0)
    assert line.startswith("📱 2 · last ") and line.endswith("(95 s ago)")
    assert reach_summary(Venue(), "fr", now=1000.0 + 600).endswith("(il y a 10 min)")


async def test_f4_prints_the_cards_in_the_session_language_from_a_french_screen(
    cafe: Path, sessions: Path, tmp_path: Path, no_pdf: None
) -> None:
    """The cards are the participants': F4 offers the session's content language (English
    here) even on a French screen, and the sheet comes out in it."""
    out = tmp_path / "cards"
    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        assert app.screen.query_one("#export-lang", Select).value == "en"
        app.screen.query_one("#export-out", Input).value = str(out)
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = shown(app.screen.query_one("#export-result", Static))
    html = next(out.glob("*-cards.html")).read_text()
    assert '<html lang="en">' in html and "Scan to add your ideas" in html
    assert "Scannez" not in html
    assert "fichier" in said  # the modal's own words stay French
