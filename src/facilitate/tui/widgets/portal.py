"""The participant portal from the live screen: start, stop, the join QR code, whether phones
reach the laptop (the name, the code, the last phone seen) and the "test from your phone" key."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from facilitate.i18n import nt, t
from facilitate.reach.addresses import DEFAULT_PORT, show_code, venue_name
from facilitate.reach.network import lan_addresses
from facilitate.service import SessionService
from facilitate.tui.screens.forms import Field, FormModal

VENUE_HOST = "0.0.0.0"  # every interface: the venue's Wi-Fi, the hotspot, a new lease
STATUS_S = 1.0  # how often the "last phone" line is redrawn


def ago(seconds: float, lang: str) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return t("reach.seconds", lang, n=seconds)
    return t("reach.minutes", lang, n=seconds // 60)


def reach_status(portal: Any, lang: str, now: float | None = None) -> Text:
    """The lines under the join code: a warning when phones cannot come, else the name, the
    code and the last phone seen (so that the facilitator notices when they stop coming)."""
    state = getattr(portal, "reach_state", "lan")
    lines: list[Text] = []
    if state == "loopback":
        lines.append(Text(t("reach.loopback_only", lang), style="bold"))
    else:
        if state == "no-network":
            lines.append(Text(t("reach.no_network", lang), style="bold"))
        ad = getattr(portal, "advertisement", None)
        if ad is not None and ad.error:
            lines.append(Text(t("reach.advert_failed", lang, why=ad.error), style="bold"))
        name = getattr(portal, "stable_base", "").removeprefix("http://")
        code = getattr(portal, "join_code", "")
        if name and code:  # what the cards carry, and what to type after today's address
            lines.append(Text(t("reach.name_code", lang, host=name, code=show_code(code))))
    arrivals = getattr(portal, "arrivals", None)
    last = getattr(arrivals, "last", None)
    if arrivals is not None:
        if last is None:
            lines.append(Text(t("reach.no_phone", lang)))
        else:
            now = time.time() if now is None else now
            lines.append(
                Text(
                    nt(
                        "reach.last_phone",
                        len(arrivals.devices),
                        lang,
                        time=time.strftime("%H:%M:%S", time.localtime(last.at)),
                        ago=ago(now - last.at, lang),
                        n=len(arrivals.devices),
                    )
                )
            )
    return Text("\n").join(lines)


def qr_block(url: str) -> Text:
    """The join QR code drawn with block characters, or the URL alone until QR drawing exists."""
    try:
        from facilitate.reach.qr import qr_text
    except ImportError:
        return Text(url)
    try:
        # dark modules on a light ground, as scanners expect, whatever the terminal's theme
        drawn = qr_text(url)
        code = Text(drawn, style="#000000 on #ffffff", no_wrap=True)  # hex: no theme remapping
        width = max(len(line) for line in drawn.splitlines())
        # the URL written out for those who cannot scan, cut to the code's width (no wrapping)
        written = "\n".join(url[i : i + width] for i in range(0, len(url), width))
        return Text.assemble(code, "\n", Text(written, no_wrap=True))
    except Exception:  # noqa: BLE001 - a QR failure must never hide the URL
        return Text(url)


def make_portal(svc: SessionService, host: str, port: int) -> Any:
    from facilitate.portal import Portal

    return Portal(svc, host=host, port=port)


def reach_summary(portal: Any, lang: str, now: float | None = None) -> str:
    """One short line for the screen's header, always in sight: can phones come, and when did
    the last one arrive (the portal column below the code may be cut on a small terminal)."""
    state = getattr(portal, "reach_state", "lan")
    if state == "loopback":
        return t("reach.sub_loopback", lang)
    if state == "no-network":
        return t("reach.sub_no_network", lang)
    arrivals = getattr(portal, "arrivals", None)
    last = getattr(arrivals, "last", None)
    if arrivals is None or last is None:
        return t("reach.sub_no_phone", lang)
    now = time.time() if now is None else now
    return t(
        "reach.sub_last",
        lang,
        n=len(arrivals.devices),
        time=time.strftime("%H:%M:%S", time.localtime(last.at)),
        ago=ago(now - last.at, lang),
    )


class PortalRunner:
    """The participants' portal of the open session, at most one: the app holds it (closing the
    session stops it) and the screens that show its code read it."""

    def __init__(self, factory: Callable[..., Any] | None = None) -> None:
        self.factory = factory or make_portal
        self.portal: Any = None
        self.url: str | None = None

    async def start(self, svc: SessionService, host: str, port: int) -> Any:
        """A portal on `host:port` (ImportError without the portal's extras, OSError when the
        port is taken: nothing is kept then)."""
        portal = self.factory(svc, host=host, port=port)
        url = await portal.start()
        self.portal, self.url = portal, url
        return portal

    def take(self) -> Any:
        """The running portal, no longer this runner's: the caller stops it (None if none)."""
        portal, self.portal, self.url = self.portal, None, None
        return portal

    async def stop(self) -> None:
        portal = self.take()
        if portal is not None:
            await portal.stop()

    def token_rotated(self) -> None:
        """A new token: the join URL is the one the portal now serves."""
        if self.portal is not None:
            self.url = self.portal.url


class PortalControl(Vertical):
    """The portal's corner of the live screen: the join code (or "closed"), whether phones
    reach the laptop (the name, the code, the last phone seen), and what the portal's keys do
    (start or stop it, test from a phone). It owns what it draws and tells its screen through
    `PortalControl.Shown`."""

    class Shown(Message):
        """The portal as drawn: its join URL (None when closed) and the reach summary, one
        line for the screen's header (always in sight, the code's column may be cut)."""

        def __init__(self, url: str | None, summary: str) -> None:
            super().__init__()
            self.url, self.summary = url, summary

    def __init__(
        self, lang: str, svc: SessionService, runner: PortalRunner, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.lang, self.svc, self.runner = lang, svc, runner
        self.drawn: tuple[str, Text] | None = None  # the join code drawn for this URL
        self.status_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="qr", classes="qr")
        yield Static(id="reach-status")

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """The code for the portal's URL (drawn again only when it changed), the reach lines
        under it, and the summary for the header."""
        portal, url = self.runner.portal, self.runner.url
        box = self.query_one("#qr", Static)
        box.set_class(bool(portal is not None and url), "-code")
        if portal is None or not url:
            box.update(Text(t("tui.portal.off", self.lang)))
            self.drawn = None
            self.show_status(Text())
            self.post_message(self.Shown(None, ""))
            return
        if self.drawn is None or self.drawn[0] != url:
            self.drawn = (url, qr_block(url))
            box.update(self.drawn[1])
        self.show_status(reach_status(portal, self.lang))
        self.post_message(self.Shown(url, reach_summary(portal, self.lang)))
        if self.status_timer is None:  # the "last phone" line keeps time while the portal runs
            self.status_timer = self.set_interval(STATUS_S, self.refresh_status)

    def show_status(self, status: Text) -> None:
        """The reach lines in their own box under the code (the code's box never wraps)."""
        shown = self.query_one("#reach-status", Static)
        shown.update(status)
        shown.display = bool(status)

    def refresh_status(self) -> None:
        if self.runner.portal is None:
            if self.status_timer is not None:
                self.status_timer.stop()
                self.status_timer = None
            return
        self.show()

    def test_reach(self) -> None:
        """A code to scan from a phone: it says "your phone reaches the laptop" on both screens."""
        portal = self.runner.portal
        if portal is None or not hasattr(portal, "reach_url"):
            self.notify(t("reach.test_closed", self.lang), severity="warning", timeout=8)
            return
        from facilitate.tui.screens.reaching import ReachModal

        self.app.push_screen(ReachModal(self.lang, portal))

    def toggle(self) -> None:
        """Stop the running portal, or ask where to start it (this laptop, or the venue's
        network) and on which port."""
        lang = self.lang
        if self.runner.portal is not None:
            self.run_worker(self.stop(), group="portal")
            return
        addresses = ", ".join(lan_addresses()) or t("reach.venue_none", lang)
        venue = t("reach.venue_option", lang, host=f"{venue_name()}.local", addresses=addresses)
        fields = [
            Field(
                "host",
                t("tui.portal.host", lang),
                "127.0.0.1",
                options=[
                    (t("tui.portal.local", lang), "127.0.0.1"),
                    (venue, VENUE_HOST),
                ],
            ),
            Field("port", t("tui.portal.port", lang), str(DEFAULT_PORT)),
        ]

        def chosen(values: dict[str, str] | None) -> None:
            if not values:
                return
            try:
                port = int(values["port"] or DEFAULT_PORT)
            except ValueError:
                self.notify(t("tui.portal.bad_port", lang, value=values["port"]), severity="error")
                return
            self.start(values["host"] or "127.0.0.1", port)

        self.app.push_screen(FormModal(lang, t("tui.portal.heading", lang), fields), chosen)

    @work(group="portal", exclusive=True)
    async def start(self, host: str, port: int) -> None:
        lang = self.lang
        try:
            portal = await self.runner.start(self.svc, host, port)
        except ImportError:
            self.notify(t("tui.portal.missing", lang), severity="error")
            return
        except OSError as exc:
            self.notify(
                t("tui.portal.failed", lang, port=port, why=exc.strerror or str(exc)),
                severity="error",
                timeout=8,
            )
            return
        self.notify(t("tui.portal.started", lang, url=self.runner.url))
        if getattr(portal, "reach_state", "lan") == "loopback":
            self.notify(t("reach.loopback_only", lang), severity="warning", timeout=10)
        self.show()

    async def stop(self) -> None:
        await self.runner.stop()
        self.notify(t("tui.portal.stopped", self.lang))
        self.show()
