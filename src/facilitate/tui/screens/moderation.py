"""Moderation from the live screen: hide what should not be shown, close submissions, new token."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from facilitate.domain.records import Contribution, MatrixItem, Proposal, Record, Tension
from facilitate.domain.session import Session
from facilitate.domain.statements import Statement, StatementOrigin
from facilitate.i18n import t
from facilitate.service import SessionService, ValidationError
from facilitate.tui.widgets.base import InLanguage, plain

SHOWN = 300  # the latest records; older ones are reached through the board and the exports


def moderated(session: Session) -> list[Record]:
    """Contributions, disagreements and proposals, newest first, hidden ones included."""
    items: list[Record] = [
        *session.all(Contribution),
        *session.all(Tension),
        *session.all(Proposal),
        *session.all(MatrixItem),  # a grid's cards, from phones too
        # statements proposed from phones (y/x in the statements panel accept or set aside)
        *(s for s in session.all(Statement) if s.origin == StatementOrigin.PHONE),
    ]
    items.sort(key=lambda r: (getattr(r, "at", ""), r.kind_name, r.id), reverse=True)
    return items[:SHOWN]


def summary(rec: Record) -> str:
    if isinstance(rec, Tension):
        return rec.about
    if isinstance(rec, Proposal):
        return rec.title
    return getattr(rec, "text", "")


class ModerationModal(InLanguage, ModalScreen[None]):
    """The latest records with where they came from; Enter hides or shows the highlighted one."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="moderation-close"),
        Binding("h", "toggle_hidden", "Hide / show", id="moderation-toggle"),
    ]

    def __init__(self, lang: str, svc: SessionService) -> None:
        super().__init__()
        self.lang, self.svc = lang, svc

    def compose(self) -> ComposeResult:
        with Vertical(id="moderation", classes="modal"):
            yield Static(plain(t("tui.moderation.title", self.lang), "bold"), classes="modal-title")
            yield Static(plain(t("tui.moderation.note", self.lang)), classes="modal-note")
            yield DataTable(id="moderation-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("shown", "kind", "from", "table", "text"):
            table.add_column(t(f"tui.moderation.col.{key}", self.lang), key=key)
        self.refresh_rows()
        table.focus()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for rec in moderated(self.svc.session):
            kind = rec.kind_name if not isinstance(rec, Contribution) else rec.kind.value
            where = self.svc.session.get_table_name(getattr(rec, "table", None))
            hidden = bool(getattr(rec, "hidden", False))
            source = getattr(rec, "source", None)
            table.add_row(
                t("tui.moderation.hidden" if hidden else "tui.moderation.visible", self.lang),
                t(f"tui.moderation.kind.{kind}", self.lang),
                "📱" if source is not None and source.value == "portal" else "⌨",
                Text(where),
                Text(summary(rec).replace("\n", " ")[:90], style="dim strike" if hidden else ""),
                key=f"{rec.kind_name}:{rec.id}",
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    async def action_toggle_hidden(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, ident = key.partition(":")
        rec = next(
            (r for r in moderated(self.svc.session) if r.kind_name == kind and r.id == int(ident)),
            None,
        )
        if rec is None:
            return
        try:
            await self.svc.hide(kind, rec.id, not getattr(rec, "hidden", False))
        except ValidationError as exc:
            self.notify(exc.message(self.lang), severity="error")
        self.refresh_rows()

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on a row: the table's own key, so answer its message
        await self.action_toggle_hidden()

    def action_close(self) -> None:
        self.dismiss(None)
