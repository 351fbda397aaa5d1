"""Exports and printable cards from the TUI: chosen formats, run in a worker, with a progress bar."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)

from facilitate.i18n import nt, t
from facilitate.service.opening import REFUSALS, refusal_text
from facilitate.tui.widgets.base import InLanguage, plain


class ExportModal(InLanguage, ModalScreen[list[Path] | None]):
    """Choose the formats, go: the files are written off the event loop, one by one."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "run", "Export", id="export-run"),
    ]

    def __init__(
        self, lang: str, folder: Path, *, cards: bool = False, content_lang: str | None = None
    ) -> None:
        super().__init__()
        self.lang, self.folder, self.cards = lang, folder, cards
        self.content_lang = content_lang or lang  # what the report is written in by default
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        from facilitate.exporters import FILE_TYPES, pdf_available

        title = "tui.export.cards_title" if self.cards else "tui.export.title"
        default = self.folder / ("printables" if self.cards else "exports")
        with Vertical(id="export", classes="modal"):
            yield Static(plain(t(title, self.lang), "bold"), classes="modal-title")
            if not self.cards:
                yield Label(t("tui.export.formats", self.lang))
                pdf = pdf_available()  # else the option says what the laptop lacks
                yield SelectionList[str](
                    *[
                        (name, name, True)
                        if name != "pdf" or pdf
                        else (t("pdf.tui_missing", self.lang), name, False)
                        for name in FILE_TYPES
                    ],
                    id="export-formats",
                )
            with Horizontal(id="export-options"):
                if not self.cards:
                    yield Checkbox(t("tui.export.anonymise", self.lang), id="export-anonymise")
                yield Label(t("tui.export.lang", self.lang), id="export-lang-label")
                yield Select(
                    [(t(f"tui.lang.{code}", self.lang), code) for code in ("fr", "en")],
                    value=self.content_lang,
                    allow_blank=False,
                    id="export-lang",
                )
            yield Label(t("tui.export.folder", self.lang))
            yield Input(str(default), id="export-out")
            yield ProgressBar(total=1, show_eta=False, id="export-progress")
            yield Static("", id="export-result", classes="modal-note")
            with Horizontal(classes="modal-buttons"):
                yield Button(t("tui.export.go", self.lang), variant="primary", id="export-go")
                yield Button(t("tui.form.cancel", self.lang), id="export-close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.action_run()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(self.written or None)

    def action_run(self) -> None:
        out = Path(self.query_one("#export-out", Input).value.strip() or ".").expanduser()
        if self.cards:
            self.query_one("#export-progress", ProgressBar).update(total=None)
            self.make_cards(out, self.chosen_lang())
            return
        formats = list(self.query_one("#export-formats", SelectionList).selected)
        if not formats:
            self.query_one("#export-result", Static).update(t("tui.export.none", self.lang))
            return
        anonymise = self.query_one("#export-anonymise", Checkbox).value
        self.query_one("#export-progress", ProgressBar).update(total=len(formats), progress=0)
        self.export(out, formats, anonymise, self.chosen_lang())

    def progressed(self, done: int, total: int, label: str) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)
        self.query_one("#export-result", Static).update(plain(label))

    def finished(self, paths: list[Path], error: str = "") -> None:
        self.written = paths
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=max(1, len(paths)), progress=max(1, len(paths)) if not error else 0)
        lines = (
            [nt("tui.export.done", len(paths), self.lang, count=len(paths))]
            if not error
            else [error]
        )
        self.query_one("#export-result", Static).update(
            plain("\n".join(lines + [str(p) for p in paths]))
        )

    @work(thread=True, exclusive=True, group="export")
    def export(self, out: Path, formats: list[str], anonymise: bool, lang: str) -> None:
        from facilitate.exporters import ExportError, export_session

        def step(done: int, total: int, label: str) -> None:
            self.app.call_from_thread(self.progressed, done, total, label)

        try:
            paths = export_session(
                self.folder,
                out,
                formats,
                anonymise=anonymise,
                lang=lang,
                on_progress=step,
            )
        except REFUSALS as exc:  # the file was damaged or replaced since it was opened
            self.app.call_from_thread(self.finished, [], refusal_text(exc, self.folder, self.lang))
            return
        except (ExportError, OSError) as exc:
            self.app.call_from_thread(self.finished, [], str(exc))
            return
        self.app.call_from_thread(self.finished, paths)

    @work(thread=True, exclusive=True, group="export")
    def make_cards(self, out: Path, lang: str) -> None:
        from facilitate.printables.cards import DeadCardsError, default_base_url, write_cards

        try:
            paths = write_cards(self.folder, out, base_url=self.base_url(), lang=lang)
        except DeadCardsError as exc:  # the portal listens to this laptop only: one clear line
            why = t("reach.tui_cards_loopback", self.lang, url=exc.url, stable=default_base_url())
            self.app.call_from_thread(self.finished, [], why)
            return
        except REFUSALS as exc:
            self.app.call_from_thread(self.finished, [], refusal_text(exc, self.folder, self.lang))
            return
        except OSError as exc:
            self.app.call_from_thread(self.finished, [], str(exc))
            return
        self.app.call_from_thread(self.finished, paths)

    def chosen_lang(self) -> str:
        """The language picked for the files: the session's content language unless changed."""
        value = self.query_one("#export-lang", Select).value
        return value if isinstance(value, str) else self.content_lang

    def base_url(self) -> str | None:
        """The running portal's name and port, so the printed codes lead to it whatever the
        address of the day; its own address when it listens to this laptop only (refused)."""
        portal = getattr(self.app, "portal", None)
        url = getattr(self.app, "portal_url", None) if portal else None
        if not url:
            return None  # the cards carry the laptop's advertised name and the fixed port
        stable = getattr(portal, "stable_base", None)
        if stable and getattr(portal, "reach_state", "lan") != "loopback":
            return str(stable)
        return str(url).split("/j/")[0]
