"""Modals: a generic form (text fields and choices) and a notice the facilitator dismisses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitate.i18n import t
from facilitate.tui.widgets.base import InLanguage, plain


@dataclass
class Field:
    """One field of a form: free text, or a choice among (label, value) options."""

    name: str
    label: str
    value: str = ""
    options: list[tuple[Any, str]] | None = None  # labels: str or rich Text (plain)
    placeholder: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class FormModal(InLanguage, ModalScreen[dict[str, str] | None]):
    """A few fields; Enter saves, Escape cancels. Dismisses with the values or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "Save", id="form-save"),
    ]

    def __init__(self, lang: str, title: str, fields: list[Field], *, note: str = "") -> None:
        super().__init__()
        self.lang, self.title_text, self.fields, self.note = lang, title, fields, note

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="modal"):
            yield Static(plain(self.title_text, "bold"), classes="modal-title")
            if self.note:
                yield Static(plain(self.note), classes="modal-note")
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    yield Label(plain(f.label))
                    if f.options is not None:
                        value = f.value if any(v == f.value for _, v in f.options) else Select.NULL
                        yield Select(
                            f.options,
                            value=value,
                            id=f"f-{f.name}",
                            allow_blank=True,
                            prompt=f.placeholder or "—",
                        )
                    else:
                        yield Input(f.value, placeholder=f.placeholder, id=f"f-{f.name}")
            with Horizontal(classes="modal-buttons"):
                yield Button(t("tui.form.save", self.lang), variant="primary", id="form-ok")
                yield Button(t("tui.form.cancel", self.lang), id="form-no")

    def on_mount(self) -> None:
        """The first field has the keyboard: the first keystrokes are never lost."""
        if self.fields:
            self.query_one(f"#f-{self.fields[0].name}").focus()
        else:
            self.query_one("#form-ok", Button).focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            if f.options is not None:
                value = self.query_one(f"#f-{f.name}", Select).value
                out[f.name] = "" if value is Select.NULL else str(value)
            else:
                out[f.name] = self.query_one(f"#f-{f.name}", Input).value
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-ok":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoticeModal(InLanguage, ModalScreen[None]):
    """A message that stays until read: a locked or damaged session, an import refused."""

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="notice-close"),
    ]

    def __init__(self, lang: str, text: str, lines: list[str] | None = None) -> None:
        super().__init__()
        self.lang, self.text, self.lines = lang, text, lines or []

    def compose(self) -> ComposeResult:
        with Vertical(id="notice", classes="modal"):
            yield Static(plain(self.text), id="notice-text")
            if self.lines:
                with VerticalScroll(id="notice-lines"):
                    for line in self.lines:
                        yield Static(plain(line))
            with Horizontal(classes="modal-buttons"):
                yield Button(t("tui.form.ok", self.lang), variant="primary", id="notice-ok")

    def on_mount(self) -> None:
        self.query_one("#notice-ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def choices(lang: str, prefix: str, values: list[str]) -> list[tuple[str, str]]:
    """(translated label, value) options for a record enum: `choices(lang, "power", [...])`."""
    return [(t(f"{prefix}.{v}", lang), v) for v in values]
