"""Shared helpers: translated key descriptions and plain (never markup) participant text."""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import types
from typing import Any, ClassVar, Self, TypeVar, cast

from rich.text import Text
from textual.binding import Binding, BindingsMap
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.widgets import DataTable

from facilitate.i18n import has, t

N = TypeVar("N")
_IN_LANGUAGE: dict[tuple[type, str], type] = {}


def described(binding: Binding, lang: str) -> Binding:
    """`binding` described in `lang` by its id (`tui.key.<id>`), unchanged without one.

    The footer shows the short label (`tui.key.<id>.short`, else the long one); the long one is
    the binding's tooltip, which the help screen and the command palette show.
    """
    if not binding.id or not has(f"tui.key.{binding.id}"):
        return binding
    long = t(f"tui.key.{binding.id}", lang)
    short_key = f"tui.key.{binding.id}.short"
    short = t(short_key, lang) if has(short_key) else long
    return dataclasses.replace(binding, description=short, tooltip=long)


def in_language(cls: type[N], lang: str) -> type[N]:
    """`cls` with every key it declares or inherits described in `lang`.

    Textual reads a class's `BINDINGS` once, when the class is made, and the language is known
    only when the app starts (and the tests run both languages in one process). So each
    language gets a subclass of the same name whose `BINDINGS` are the described copies of the
    merged ones: the same keys and ids, so CSS, queries, handlers and keymaps see no difference.
    The merge follows Textual's rule (each class's keys replace its bases' for the same key).
    """
    if cls.__dict__.get("bindings_language") == lang:
        return cls
    known = _IN_LANGUAGE.get((cls, lang))
    if known is not None:
        return cast("type[N]", known)
    keys: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        if issubclass(base, DOMNode):
            keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    bindings = [described(b, lang) for items in keys.values() for b in items]
    namespace = {
        "BINDINGS": bindings,
        "bindings_language": lang,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
    }
    made = types.new_class(cls.__name__, (cls,), exec_body=lambda ns: ns.update(namespace))
    _IN_LANGUAGE[(cls, lang)] = made
    return cast("type[N]", made)


class InLanguage:
    """Mixin for a screen, widget or app whose keys are described in its language: its
    constructor's `lang` argument picks the subclass `in_language` makes for that language."""

    bindings_language: ClassVar[str | None] = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        call = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
        call.apply_defaults()
        return super().__new__(in_language(cls, str(call.arguments["lang"])))


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
