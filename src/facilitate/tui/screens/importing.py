"""Participant import from a spreadsheet export: a preview first, then one save (or nothing)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from facilitate.i18n import t
from facilitate.importers import parse_participants, plural
from facilitate.service import SessionService, ValidationError
from facilitate.tui.screens.forms import NoticeModal
from facilitate.tui.widgets.base import InLanguage, plain


class ImportPreviewModal(InLanguage, ModalScreen[bool]):
    """What an import would do, line by line; Enter imports, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import-cancel"),
        Binding("ctrl+s", "confirm", "Import", id="import-confirm"),
    ]

    def __init__(self, lang: str, title: str, lines: list[str]) -> None:
        super().__init__()
        self.lang, self.title_text, self.lines = lang, title, lines

    def compose(self) -> ComposeResult:
        with Vertical(id="import-preview", classes="modal"):
            yield Static(plain(self.title_text, "bold"), classes="modal-title")
            with VerticalScroll(id="import-preview-lines"):
                for line in self.lines:
                    yield Static(plain(line))
            with Horizontal(classes="modal-buttons"):
                yield Button(t("import.confirm", self.lang), variant="primary", id="import-ok")
                yield Button(t("import.cancel", self.lang), id="import-no")

    def on_mount(self) -> None:
        self.query_one("#import-ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "import-ok")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


async def import_participants(screen: Screen, lang: str, svc: SessionService, path: str) -> int:
    """Preview the import of a CSV into `svc`, then import it if the facilitator says so.
    A file with problems shows them all and imports nothing. Runs in a worker."""
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        why = exc.strerror or str(exc)
        screen.app.push_screen(NoticeModal(lang, t("import.unreadable", lang, path=path, why=why)))
        return 0
    name = Path(path).name
    parsed = parse_participants(raw, path=name)
    if parsed.errors:
        heading = plural("import.refused", len(parsed.errors), lang, path=name)
        screen.app.push_screen(NoticeModal(lang, heading, parsed.error_lines(lang)[:200]))
        return 0
    try:
        preview = await svc.import_participants(parsed, dry_run=True)
        title = t("import.preview_title", lang, path=name)
        modal = ImportPreviewModal(lang, title, preview.lines(lang))
        if not await screen.app.push_screen_wait(modal):
            screen.notify(t("import.cancelled", lang))
            return 0
        report = await svc.import_participants(parsed)
    except ValidationError as exc:
        screen.app.push_screen(NoticeModal(lang, exc.message(lang)))
        return 0
    screen.notify(report.summary(lang))
    return len(report.added) + len(report.updated)
