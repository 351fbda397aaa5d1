"""Help: every key of the screen underneath, the app's keys, and the capture prefixes."""

from __future__ import annotations

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitate.i18n import t
from facilitate.tui.widgets.base import InLanguage, long_label


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, id) of every key that works on `screen` now: the screen's own, then
    those of the focused widget and its containers (the step panel's), then the app's.

    From Textual's `active_bindings`: a key another one shadows is not listed, so help never
    shows a key that would do something else."""
    by_node: dict[DOMNode, list[Binding]] = {}
    for active in screen.active_bindings.values():
        by_node.setdefault(active.node, []).append(active.binding)
    widgets = [n for n in by_node if n is not screen and n is not screen.app]
    widgets.sort(key=lambda n: len(n.ancestors))  # the panel before the table inside it
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for node in [screen, *widgets, screen.app]:
        for b in by_node.get(node, []):
            if not b.id or b.id in seen or not b.description:
                continue
            seen.add(b.id)
            rows.append((screen.app.get_key_display(b), long_label(b), b.id))
    return rows


class HelpScreen(InLanguage, ModalScreen[None]):
    """A list of keys, generated from the bindings so it never goes stale."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="close-help")]

    def __init__(self, lang: str, under: Screen) -> None:
        super().__init__()
        self.lang, self.under = lang, under

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
