"""Home: the sessions, a new session from a format, the demo, imports, the preparation checklist."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from facilitate.domain.records import SessionInfo
from facilitate.domain.timeline import LiveState
from facilitate.i18n import pick, t
from facilitate.paths import formats_dir, session_folder_name
from facilitate.service import SessionService, list_sessions, session_doc
from facilitate.service.opening import OpenRefused, open_session
from facilitate.session_formats import copy_shipped_format, find_formats
from facilitate.tui.screens.forms import Field, FormModal, NoticeModal
from facilitate.tui.screens.importing import import_participants
from facilitate.tui.widgets.base import InLanguage, plain

if TYPE_CHECKING:
    from facilitate.tui.app import FacilitateApp

CHECKLIST = ("anticipate", "blockages", "powers", "investment", "drivers")


class HomeScreen(InLanguage, Screen[None]):
    """Every session in the sessions folder, and what to do before the day."""

    BINDINGS = [
        Binding("enter", "open_session", "Open", id="open-session"),
        Binding("n", "new_session", "New session", id="new-session"),
        Binding("d", "open_demo", "Demo", id="open-demo"),
        Binding("i", "import_participants", "Import participants", id="import-participants"),
        Binding("k", "focus_checklist", "Checklist", id="focus-checklist"),
        Binding("c", "copy_format", "Copy a shipped format to edit", id="copy-format"),
        Binding("f5", "reload", "Reload", id="reload-sessions"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.folders: list[Path] = []
        self.infos: dict[Path, SessionInfo] = {}

    @property
    def fapp(self) -> FacilitateApp:
        from facilitate.tui.app import FacilitateApp

        app = self.app
        assert isinstance(app, FacilitateApp), app  # the home screen runs in facilitate's app
        return app

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-sessions"):
                yield Static(t("tui.home.sessions", self.lang), classes="section-title")
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static(t("tui.home.hint", self.lang), id="home-hint")
            with Vertical(id="home-checklist"):
                yield Static(t("tui.home.checklist", self.lang), classes="section-title")
                yield SelectionList[str](id="checklist")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        for key in ("title", "format", "date", "venue", "state"):
            table.add_column(t(f"tui.home.col.{key}", self.lang), key=key)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        entries = list_sessions(self.fapp.sessions_dir, lang=self.lang, now=self.fapp.clock.now())
        self.folders = [entry.folder for entry in entries]
        self.infos = {}
        for entry in entries:
            if entry.info is None or entry.live is None:
                name, why = plain(entry.folder.name), plain(f"!! {entry.problem}")
                table.add_row(name, "", "", "", why, key=str(entry.folder))
                continue
            info = entry.info
            self.infos[entry.folder] = info
            table.add_row(
                plain(info.title),
                plain(pick(info.format_name, self.lang)),
                info.date,
                plain(info.venue),
                self.state(info, entry.live),
                key=str(entry.folder),
            )
        self.show_checklist()

    def state(self, info: SessionInfo, live: LiveState) -> str:
        if live.step is None:
            return t("tui.state.ready", self.lang)
        last = info.steps[-1].id if info.steps else None
        if live.step == last and live.times[last].ended:
            return t("tui.state.done", self.lang)
        step = info.step(live.step)
        return t("tui.state.at", self.lang, step=step.text("title", self.lang) if step else "")

    def selected(self) -> Path | None:
        table = self.query_one("#sessions", DataTable)
        if not self.folders or table.cursor_row < 0 or table.cursor_row >= table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return Path(key) if key else None

    def show_checklist(self) -> None:
        checklist = self.query_one("#checklist", SelectionList)
        checklist.clear_options()
        info = self.infos.get(self.selected() or Path())
        done = info.checklist if info else {}
        checklist.add_options(
            [
                Selection(t(f"tui.checklist.{key}", self.lang), key, bool(done.get(key)))
                for key in CHECKLIST
            ]
        )
        checklist.disabled = info is None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_checklist()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_session()

    async def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled
    ) -> None:
        folder = self.selected()
        if folder is None:
            return
        item = str(event.selection.value)
        ticked = item in event.selection_list.selected
        try:
            svc = open_session(folder, lang=self.lang, clock=self.fapp.clock)
        except OpenRefused as exc:
            self.app.push_screen(NoticeModal(self.lang, str(exc)))
            return
        try:
            await svc.set_checklist(item, ticked)
            self.infos[folder] = svc.info
        finally:
            svc.close()

    # -- actions ------------------------------------------------------------------------

    def action_open_session(self) -> None:
        folder = self.selected()
        if folder is not None:
            self.fapp.open_session(folder)

    def action_focus_checklist(self) -> None:
        checklist = self.query_one("#checklist", SelectionList)
        checklist.focus()
        if checklist.highlighted is None and checklist.option_count:
            checklist.highlighted = 0

    def action_reload(self) -> None:
        self.reload()

    def user_formats(self) -> Path:
        return formats_dir(self.fapp.sessions_dir)

    def action_new_session(self) -> None:
        shelf = find_formats(self.user_formats())
        for problem in shelf.problems:  # each damaged file in one line; the others stay offered
            message = t("tui.formats.left_out", self.lang, message=problem.message(self.lang))
            self.notify(message, severity="warning", timeout=12)
        formats = shelf.formats

        def label(fid: str) -> str:
            name = pick(formats[fid].name, self.lang)
            return t("tui.formats.own_label", self.lang, name=name) if fid in shelf.own else name

        options = [(label(fid), fid) for fid in formats]
        today = self.fapp.clock.now().date().isoformat()
        fields = [
            Field("title", t("tui.new.title", self.lang)),
            Field(
                "format",
                t("tui.new.format", self.lang),
                options[0][1] if options else "",
                options=options,
            ),
            Field("date", t("tui.new.date", self.lang), today, placeholder="YYYY-MM-DD"),
            Field("venue", t("tui.new.venue", self.lang)),
            Field(
                "content_lang",
                t("tui.new.content_lang", self.lang),
                "fr",
                options=[(t(f"tui.lang.{code}", self.lang), code) for code in ("fr", "en")],
            ),
        ]

        def create(values: dict[str, str] | None) -> None:
            if values:
                self.create_session(values, formats)

        self.app.push_screen(FormModal(self.lang, t("tui.new.heading", self.lang), fields), create)

    def create_session(self, values: dict[str, str], formats: dict) -> None:
        title = values["title"].strip()
        fmt = formats.get(values["format"])
        try:
            when = date.fromisoformat(values["date"].strip()).isoformat()
        except ValueError:
            self.notify(t("tui.new.bad_date", self.lang, value=values["date"]), severity="error")
            return
        if not title or fmt is None:
            self.notify(t("tui.new.missing", self.lang), severity="error")
            return
        folder = self.fapp.sessions_dir / session_folder_name(when, title)
        if (folder / "session.json").exists():
            self.notify(t("cli.exists", self.lang, path=folder), severity="error")
            return
        content = values.get("content_lang") or "fr"
        info = session_doc(fmt, title=title, date=when, venue=values["venue"], lang=content)
        svc = SessionService.create(folder, info, clock=self.fapp.clock)
        self.fapp.open_session(folder, service=svc)

    def action_open_demo(self) -> None:
        self.notify(t("tui.demo.building", self.lang))
        self.build_demo()

    @work(exclusive=True, group="demo")
    async def build_demo(self) -> None:
        from facilitate.demo import DEMO_DATE, DEMO_TITLE
        from facilitate.demo import build_demo as build

        folder = self.fapp.sessions_dir / session_folder_name(DEMO_DATE, DEMO_TITLE)
        if (folder / "session.json").exists():
            self.fapp.open_session(folder)
            return
        svc = await build(folder)  # a French workshop, whatever the screens' language
        self.fapp.open_session(folder, service=svc)

    def action_copy_format(self) -> None:
        """Copy a shipped format into the user's folder, then say where it is to edit."""
        folder = self.user_formats()
        shipped = find_formats().formats
        options = [(pick(f.name, self.lang), fid) for fid, f in shipped.items()]
        fields = [
            Field(
                "format",
                t("tui.formats.copy_which", self.lang),
                options[0][1] if options else "",
                options=options,
            )
        ]

        def chosen(values: dict[str, str] | None) -> None:
            if not values or not values.get("format"):
                return
            try:
                path, written = copy_shipped_format(values["format"], folder)
            except OSError as exc:
                self.app.push_screen(NoticeModal(self.lang, f"{folder}: {exc.strerror or exc}"))
                return
            key = "tui.formats.copied" if written else "tui.formats.already_there"
            self.app.push_screen(NoticeModal(self.lang, t(key, self.lang, path=path)))

        note = t("tui.formats.copy_note", self.lang, path=folder)
        heading = t("tui.formats.copy_heading", self.lang)
        self.app.push_screen(FormModal(self.lang, heading, fields, note=note), chosen)

    def action_import_participants(self) -> None:
        folder = self.selected()
        if folder is None:
            self.notify(t("tui.import.no_session", self.lang), severity="warning")
            return

        async def run(svc: SessionService | None, path: str) -> None:
            try:
                svc = open_session(folder, lang=self.lang, clock=self.fapp.clock)
            except OpenRefused as exc:
                self.app.push_screen(NoticeModal(self.lang, str(exc)))
                return
            try:
                await import_participants(self, self.lang, svc, path)
            finally:
                svc.close()
            self.reload()

        import_participants_prompt(self, self.lang, run)


def import_participants_prompt(
    screen: Screen[Any], lang: str, run: Callable[[Any, str], Coroutine[Any, Any, None]]
) -> None:
    """Ask for a CSV path, then hand it to `run(service, path)` in a worker."""
    fields = [Field("path", t("tui.import.path", lang), placeholder="participants.csv")]

    def chosen(values: dict[str, str] | None) -> None:
        if values and values["path"].strip():
            screen.run_worker(run(None, values["path"].strip()), group="import")

    screen.app.push_screen(
        FormModal(lang, t("tui.import.heading", lang), fields, note=t("tui.import.note", lang)),
        chosen,
    )
