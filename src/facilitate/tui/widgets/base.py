"""Shared helpers: translated key descriptions and plain (never markup) participant text."""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.widgets import DataTable

from facilitate.i18n import has, t


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Give each binding of `node` the description of its id in `lang` (key `tui.key.<id>`).

    Bindings are declared once on the class, in English; the language is known only when the
    app starts, so each instance's own copy of its bindings is translated when it is built.
    The footer shows the short label (`tui.key.<id>.short`, else the long one); the long one is
    the binding's tooltip, which the help screen and the command palette show.
    """
    bindings = node._bindings.key_to_bindings  # Textual keeps a per-instance copy
    for key, items in bindings.items():
        bindings[key] = [
            _localised(b, lang) if b.id and has(f"tui.key.{b.id}") else b for b in items
        ]


def _localised(binding: Binding, lang: str) -> Binding:
    long = t(f"tui.key.{binding.id}", lang)
    short_key = f"tui.key.{binding.id}.short"
    short = t(short_key, lang) if has(short_key) else long
    return dataclasses.replace(binding, description=short, tooltip=long)


def long_label(binding: Binding) -> str:
    """What a key does, in full: for the help screen and the command palette."""
    return binding.tooltip or binding.description


def plain(value: Any, style: str = "") -> Text:
    """Text typed by a person, shown as typed: `[/bold]` stays `[/bold]`."""
    return Text("" if value is None else str(value), style=style)


def clip(value: Any, width: int) -> Text:
    """Plain text cut to `width` characters with an ellipsis."""
    text = "" if value is None else str(value).replace("\n", " ")
    if len(text) > width:
        text = text[: max(0, width - 1)] + "…"
    return Text(text)


def row_key(table: DataTable) -> int | None:
    """The record id of the highlighted row (rows are keyed by id)."""
    if table.row_count == 0 or table.cursor_row < 0:
        return None
    key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
    return int(key) if key is not None else None


def remember_row(table: Any) -> tuple[str | None, int]:
    """The highlighted row of a DataTable (its key and index), before it is redrawn."""
    if table.row_count == 0 or table.cursor_row < 0:
        return None, 0
    key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
    return key, table.cursor_row


def restore_row(table: Any, saved: tuple[str | None, int]) -> None:
    """Put the cursor back on the same record after a redraw (on its index if it is gone), so
    the cursor stays on what was just edited."""
    if table.row_count == 0:
        return
    key, row = saved
    if key is not None:
        with contextlib.suppress(Exception):  # the record left the list (deleted, filtered out)
            row = table.get_row_index(key)
    table.move_cursor(row=min(max(row, 0), table.row_count - 1))


def mmss(seconds: float) -> str:
    """A countdown as mm:ss, with a minus sign once time has run out."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds) + (0.999 if seconds > 0 else 0))
    return f"{sign}{total // 60:02d}:{total % 60:02d}"
