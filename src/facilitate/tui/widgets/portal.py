"""The participant portal from the live screen: start, stop, the join QR code, whether phones
reach the laptop (the name, the code, the last phone seen) and the "test from your phone" key."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from rich.text import Text
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from facilitate.i18n import t
from facilitate.reach.addresses import DEFAULT_PORT, show_code, venue_name
from facilitate.reach.network import lan_addresses
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
                    t(
                        "reach.last_phone",
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


def make_portal(svc: Any, host: str, port: int) -> Any:
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


class PortalControl:
    """Mixin for screens that start and stop the portal (needs `svc`, `lang`, `fapp`)."""

    portal_url: str | None = None
    _drawn: tuple[str, Text] | None = None  # the join code drawn for this URL
    _status_timer: Timer | None = None
    _plain_sub: str | None = None  # the header's own subtitle, before the portal's line

    def show_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        box = self.query_one("#qr", Static)  # type: ignore[attr-defined]
        url = getattr(app, "portal_url", None) if app.portal is not None else None
        with contextlib.suppress(NoMatches):  # the left column widens to hold the code whole
            self.query_one("#live-left").set_class(bool(url), "-qr")  # type: ignore[attr-defined]
        box.set_class(bool(url), "-code")
        if not url:
            box.update(Text(t("tui.portal.off", self.lang)))  # type: ignore[attr-defined]
            self._drawn = None
            self._show_status(box, Text())
            return
        if self._drawn is None or self._drawn[0] != url:
            self._drawn = (url, qr_block(url))
            box.update(self._drawn[1])
        self._show_status(box, reach_status(app.portal, self.lang))  # type: ignore[attr-defined]
        if self._status_timer is None:  # the "last phone" line keeps time while the portal runs
            self._status_timer = self.set_interval(STATUS_S, self._refresh_status)  # type: ignore[attr-defined]

    def _show_status(self, box: Static, status: Text) -> None:
        """The reach lines in their own box under the code (the code's box never wraps), and
        their summary in the header."""
        app: Any = self.app  # type: ignore[attr-defined]
        screen: Any = self
        if self._plain_sub is None:
            self._plain_sub = str(screen.sub_title)
        summary = reach_summary(app.portal, self.lang) if app.portal is not None else ""  # type: ignore[attr-defined]
        screen.sub_title = f"{self._plain_sub} · {summary}" if summary else self._plain_sub
        try:
            shown = self.query_one("#reach-status", Static)  # type: ignore[attr-defined]
        except NoMatches:
            parent = box.parent
            if status and isinstance(parent, Widget):
                parent.mount(Static(status, id="reach-status"), after=box)
            return
        shown.update(status)
        shown.display = bool(status)

    def _refresh_status(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        if app.portal is None:
            if self._status_timer is not None:
                self._status_timer.stop()
                self._status_timer = None
            return
        with contextlib.suppress(NoMatches):
            self.show_portal()

    def action_test_reach(self) -> None:
        """A code to scan from a phone: it says "your phone reaches the laptop" on both screens."""
        app: Any = self.app  # type: ignore[attr-defined]
        lang: str = self.lang  # type: ignore[attr-defined]
        if app.portal is None or not hasattr(app.portal, "reach_url"):
            app.notify(t("reach.test_closed", lang), severity="warning", timeout=8)
            return
        from facilitate.tui.screens.reaching import ReachModal

        app.push_screen(ReachModal(lang, app.portal))

    def action_toggle_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        lang: str = self.lang  # type: ignore[attr-defined]
        if app.portal is not None:
            self.run_worker(self.stop_portal(), group="portal")  # type: ignore[attr-defined]
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
                app.notify(t("tui.portal.bad_port", lang, value=values["port"]), severity="error")
                return
            self.run_portal(values["host"] or "127.0.0.1", port)  # type: ignore[attr-defined]

        app.push_screen(FormModal(lang, t("tui.portal.heading", lang), fields), chosen)

    async def start_portal(self, host: str, port: int) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        lang: str = self.lang  # type: ignore[attr-defined]
        factory = app.portal_factory or make_portal
        try:
            portal = factory(app.service, host=host, port=port)
            url = await portal.start()
        except ImportError:
            app.notify(t("tui.portal.missing", lang), severity="error")
            return
        except OSError as exc:
            app.notify(
                t("tui.portal.failed", lang, port=port, why=exc.strerror or str(exc)),
                severity="error",
                timeout=8,
            )
            return
        app.portal, app.portal_url = portal, url
        app.notify(t("tui.portal.started", lang, url=url))
        if getattr(portal, "reach_state", "lan") == "loopback":
            app.notify(t("reach.loopback_only", lang), severity="warning", timeout=10)
        self.show_portal()

    async def stop_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        portal, app.portal = app.portal, None
        if portal is not None:
            await portal.stop()
        app.notify(t("tui.portal.stopped", self.lang))  # type: ignore[attr-defined]
        self.show_portal()
