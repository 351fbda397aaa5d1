"""Help: every key of the screen underneath, the app's keys, and the capture prefixes."""

from __future__ import annotations

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitate.i18n import t
from facilitate.tui.widgets.base import localise_bindings, long_label


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, id) of every binding reachable from `screen`, panels included."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    nodes = [screen, *screen.query("*"), screen.app]
    for node in nodes:
        for items in node._bindings.key_to_bindings.values():  # per-instance, translated
            for b in items:
                if not b.id or b.id in seen or not b.description:
                    continue
                seen.add(b.id)
                keys = ", ".join(
                    screen.app.get_key_display(b.with_key(k)) for k in b.key.split(",")
                )
                rows.append((keys, long_label(b), b.id))
    return rows


class HelpScreen(ModalScreen[None]):
    """A list of keys, generated from the bindings so it never goes stale."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="close-help")]

    def __init__(self, lang: str, under: Screen) -> None:
        super().__init__()
        self.lang, self.under = lang, under
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        grid = RichTable(box=None, expand=True, padding=(0, 2))
        grid.add_column(t("tui.help.keys", self.lang), style="bold", no_wrap=True)
        grid.add_column(t("tui.help.does", self.lang), ratio=1)
        grid.add_column("id", style="dim", no_wrap=True)
        for keys, description, binding_id in key_rows(self.under):
            grid.add_row(keys, description, binding_id)
        with VerticalScroll(id="help", classes="modal"):
            yield Static(Text(t("tui.help.title", self.lang), style="bold"), classes="modal-title")
            yield Static(grid)
            yield Static(Text(t("tui.help.capture", self.lang)), id="help-capture")

    def action_close(self) -> None:
        self.dismiss(None)
