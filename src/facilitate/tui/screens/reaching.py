""" "Test from your phone": two codes (by the cards' name, by today's address) whose page says
"your phone reaches the laptop" on the phone, and here at once, with the way the phone came."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitate.i18n import t
from facilitate.portal.arrivals import Arrival
from facilitate.tui.widgets.base import InLanguage, plain
from facilitate.tui.widgets.portal import qr_block


def reached_text(arrival: Arrival, lang: str) -> Text:
    """What the laptop says when the test page was opened, and what to do next."""
    at = time.strftime("%H:%M:%S", time.localtime(arrival.at))
    if arrival.from_laptop:
        how = t("reach.how_laptop", lang)
        hint = t("reach.test_laptop_hint", lang)
    elif arrival.by_name:
        how, hint = t("reach.how_name", lang, host=arrival.host), ""
    else:
        how = t("reach.how_address", lang, host=arrival.host)
        hint = t("reach.test_address_hint", lang)
    line = Text(t("reach.test_reached", lang, time=at, how=how), style="bold")
    return Text.assemble(line, "\n", hint) if hint else line


class ReachModal(InLanguage, ModalScreen[None]):
    """Both codes side by side; the result line changes the moment a phone opens one."""

    BINDINGS = [Binding("escape", "close", "Close", id="reach-close")]

    def __init__(self, lang: str, portal: Any) -> None:
        super().__init__()
        self.lang, self.portal = lang, portal
        self._unsubscribe: Any = None

    def compose(self) -> ComposeResult:
        portal, lang = self.portal, self.lang
        by_name = portal.reach_url()
        by_address = portal.reach_url(portal.base)
        with Vertical(id="reach", classes="modal"):
            yield Static(plain(t("reach.test_title", lang), "bold"), classes="modal-title")
            yield Static(plain(t("reach.test_intro", lang)), classes="modal-note")
            with Horizontal(id="reach-codes"):
                with Vertical(classes="reach-code"):
                    yield Static(plain(t("reach.test_by_name", lang), "bold"))
                    yield Static(qr_block(by_name), id="reach-by-name", classes="qr -code")
                if by_address != by_name:
                    with Vertical(classes="reach-code"):
                        yield Static(plain(t("reach.test_by_address", lang), "bold"))
                        yield Static(
                            qr_block(by_address), id="reach-by-address", classes="qr -code"
                        )
            yield Static(self._result(), id="reach-result")

    def _result(self) -> Text:
        last = getattr(self.portal.arrivals, "last_test", None)
        if last is None:
            return Text.assemble(
                Text(t("reach.test_waiting", self.lang), style="bold"),
                "\n",
                t("reach.test_nothing", self.lang),
            )
        return reached_text(last, self.lang)

    def on_mount(self) -> None:
        self._unsubscribe = self.portal.arrivals.subscribe(self._arrived)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _arrived(self, arrival: Arrival) -> None:
        # called from the portal's handler, in this same event loop: draw at the next refresh
        self.call_later(self._show)

    def _show(self) -> None:
        self.query_one("#reach-result", Static).update(self._result())
        self.app.bell()

    def action_close(self) -> None:
        self.dismiss(None)
