"""The participant portal from the live screen: start, stop, the join URL and its QR code."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from rich.text import Text
from textual.css.query import NoMatches
from textual.widgets import Static

from facilitate.i18n import t
from facilitate.tui.screens.forms import Field, FormModal

DEFAULT_PORT = 8765


def lan_address() -> str:
    """This laptop's address on the local network (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def qr_block(url: str) -> Text:
    """The join QR code drawn with block characters, or the URL alone until QR drawing exists."""
    try:
        from facilitate.portal.qr import qr_text
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
    from facilitate.portal.server import Portal

    return Portal(svc, host=host, port=port)


class PortalControl:
    """Mixin for screens that start and stop the portal (needs `svc`, `lang`, `fapp`)."""

    portal_url: str | None = None

    def show_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        box = self.query_one("#qr", Static)  # type: ignore[attr-defined]
        url = getattr(app, "portal_url", None) if app.portal is not None else None
        with contextlib.suppress(NoMatches):  # the left column widens to hold the code whole
            self.query_one("#live-left").set_class(bool(url), "-qr")  # type: ignore[attr-defined]
        box.set_class(bool(url), "-code")
        if url:
            box.update(qr_block(url))
        else:
            box.update(Text(t("tui.portal.off", self.lang)))  # type: ignore[attr-defined]

    def action_toggle_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        lang: str = self.lang  # type: ignore[attr-defined]
        if app.portal is not None:
            self.run_worker(self.stop_portal(), group="portal")  # type: ignore[attr-defined]
            return
        fields = [
            Field(
                "host",
                t("tui.portal.host", lang),
                "127.0.0.1",
                options=[
                    (t("tui.portal.local", lang), "127.0.0.1"),
                    (t("tui.portal.lan", lang, address=lan_address()), lan_address()),
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
        self.show_portal()

    async def stop_portal(self) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        portal, app.portal = app.portal, None
        if portal is not None:
            await portal.stop()
        app.notify(t("tui.portal.stopped", self.lang))  # type: ignore[attr-defined]
        self.show_portal()
