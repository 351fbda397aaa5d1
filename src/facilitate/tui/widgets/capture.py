"""The capture bar: one line becomes an idea, question, tension, proposal, blockage or insight."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from facilitate.i18n import t
from facilitate.tui.widgets.base import InLanguage

KINDS = ("idea", "question", "tension", "proposal", "blockage", "insight", "reaction", "agreement")
PREFIXES: dict[str, str] = {
    **dict.fromkeys(["i", "idea", "idee"], "idea"),
    **dict.fromkeys(["q", "question"], "question"),
    **dict.fromkeys(["t", "tension", "d", "desaccord", "disagreement"], "tension"),
    **dict.fromkeys(["p", "proposal", "proposition", "prop"], "proposal"),
    **dict.fromkeys(["b", "blockage", "blocage"], "blockage"),
    **dict.fromkeys(["s", "insight", "e", "enseignement"], "insight"),
    **dict.fromkeys(["r", "reaction"], "reaction"),
    **dict.fromkeys(["a", "agreement", "accord"], "agreement"),
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Capture:
    """What a typed line means: its kind, its text and, for a blockage, its reason."""

    kind: str
    text: str
    reason: str = ""


def parse_capture(line: str, chosen: str | None = None) -> Capture | None:
    """`q: why?` is a question; `b: text // reason` a blockage; no prefix takes `chosen` or idea."""
    line = line.strip()
    if not line:
        return None
    kind = chosen or "idea"
    head, sep, rest = line.partition(":")
    if sep and _fold(head) in PREFIXES:
        kind, line = PREFIXES[_fold(head)], rest.strip()
    reason = ""
    if kind == "blockage" and "//" in line:
        line, _, reason = line.partition("//")
        line, reason = line.strip(), reason.strip()
    if not line:
        return None
    return Capture(kind, line, reason)


class CaptureBar(InLanguage, Horizontal):
    """Kind, table and a line of text; Enter saves it to the current step and round."""

    BINDINGS = [
        Binding("escape", "leave", "Leave the capture bar", id="leave-capture"),
    ]

    class Captured(Message):
        """A line was typed and parsed; the screen saves it."""

        def __init__(self, capture: Capture, table: int | None) -> None:
            super().__init__()
            self.capture, self.table = capture, table

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang

    def compose(self) -> ComposeResult:
        kinds = [(t("tui.capture.auto", self.lang), "auto")]
        kinds += [(t(f"contribution.{k}", self.lang), k) for k in KINDS]
        yield Select(kinds, value="auto", allow_blank=False, id="capture-kind")
        yield Select([], prompt=t("tui.capture.no_table", self.lang), id="capture-table")
        yield Input(placeholder=t("tui.capture.placeholder", self.lang), id="capture-input")

    def set_tables(self, tables: list[tuple[str, int]], keep: int | None = None) -> None:
        select = self.query_one("#capture-table", Select)
        current = select.value if keep is None else keep
        select.set_options([(Text(name), tid) for name, tid in tables])
        if any(tid == current for _, tid in tables):
            select.value = current

    def choose_table(self, table_id: int | None) -> None:
        select = self.query_one("#capture-table", Select)
        if table_id is None:
            select.clear()
        else:
            select.value = table_id

    def focus_input(self) -> None:
        self.query_one("#capture-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        kind = self.query_one("#capture-kind", Select).value
        capture = parse_capture(event.value, None if kind in ("auto", Select.NULL) else str(kind))
        if capture is None:
            return
        table = self.query_one("#capture-table", Select).value
        event.input.value = ""
        self.post_message(self.Captured(capture, table if isinstance(table, int) else None))

    def action_leave(self) -> None:
        self.screen.focus_next()
