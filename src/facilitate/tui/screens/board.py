"""Board: every disagreement and proposal, filtered and edited (status, category, links)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select

from facilitate.domain.records import (
    Proposal,
    ProposalStatus,
    Tension,
    TensionCategory,
    TensionStatus,
)
from facilitate.i18n import pt, t
from facilitate.service import SessionService, ValidationError
from facilitate.tui.messages import RecordSaved
from facilitate.tui.screens.forms import Field, FormModal, choices
from facilitate.tui.widgets.base import InLanguage, clip

TENSION_STATUSES = [s.value for s in TensionStatus]
PROPOSAL_STATUSES = [s.value for s in ProposalStatus]
CATEGORIES = [c.value for c in TensionCategory]


def status_name(value: str, lang: str) -> str:
    """A status in the board's filter, worded for what carries it: a disagreement, masculine in
    French ("ouvert"), or a proposal, feminine ("adoptée")."""
    kind = "disagreement" if value in TENSION_STATUSES else "proposal"
    return pt(kind, f"status.{value}", lang)


class BoardScreen(InLanguage, Screen[None]):
    """Tensions (T…) and proposals (P…) in one table; the keys edit the highlighted one."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="close-board"),
        Binding("s", "status", "Status", id="edit-status"),
        Binding("k", "category", "Category", id="edit-category"),
        Binding("v", "between", "Between", id="edit-between"),
        Binding("l", "link", "Link to a proposal", id="link-proposal"),
    ]

    def __init__(self, lang: str, svc: SessionService) -> None:
        super().__init__()
        self.lang, self.svc = lang, svc

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board-filters"):
            statuses = sorted(set(TENSION_STATUSES) | set(PROPOSAL_STATUSES))
            yield Select(
                [(status_name(s, self.lang), s) for s in statuses],
                prompt=self.tr("tui.board.any_status"),
                id="filter-status",
            )
            yield Select(
                choices(self.lang, "category", CATEGORIES),
                prompt=self.tr("tui.board.any_category"),
                id="filter-category",
            )
            yield Input(placeholder=self.tr("tui.board.territory"), id="filter-territory")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.svc.info.title
        self.sub_title = self.tr("tui.board.sub")
        table = self.query_one(DataTable)
        for key in ("id", "what", "status", "category", "between", "links"):
            table.add_column(self.tr(f"tui.board.col.{key}"), key=key)
        self.refresh_view()
        table.focus()

    def filters(self) -> tuple[str | None, str | None, str]:
        status = self.query_one("#filter-status", Select).value
        category = self.query_one("#filter-category", Select).value
        place = self.query_one("#filter-territory", Input).value.strip().lower()
        return (
            None if status is Select.NULL else str(status),
            None if category is Select.NULL else str(category),
            place,
        )

    def refresh_view(self) -> None:
        status, category, place = self.filters()
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for tn in sorted(self.svc.session.all(Tension), key=lambda x: x.id):
            if tn.hidden or (status and tn.status.value != status):
                continue
            if category and tn.category.value != category:
                continue
            if place and not any(place in b.lower() for b in tn.between):
                continue
            table.add_row(
                f"T{tn.id}",
                clip(tn.about, 56),
                pt("disagreement", f"status.{tn.status.value}", self.lang),
                self.tr(f"category.{tn.category.value}"),
                clip(", ".join(tn.between), 30),
                " ".join(f"P{p}" for p in tn.proposals),
                key=f"T{tn.id}",
            )
        if not category and not place:
            for pr in sorted(self.svc.session.all(Proposal), key=lambda x: x.id):
                if pr.hidden or (status and pr.status.value != status):
                    continue
                table.add_row(
                    f"P{pr.id}",
                    clip(pr.title, 56),
                    pt("proposal", f"status.{pr.status.value}", self.lang),
                    "",
                    clip(pr.origin, 30),
                    " ".join(f"T{x}" for x in pr.tensions),
                    key=f"P{pr.id}",
                )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_view()

    @on(RecordSaved)
    def record_saved(self, message: RecordSaved) -> None:
        change = message.change
        if change.kind in ("tensions", "proposals"):
            self.refresh_view()

    def current(self) -> tuple[str, int] | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        return key[0], int(key[1:])

    def edit(
        self, title: str, fields: list[Field], then: Callable[[dict[str, str]], Awaitable[object]]
    ) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return

            async def go() -> None:
                try:
                    await then(values)
                except ValidationError as exc:
                    self.notify(exc.message(self.lang), severity="error")
                self.refresh_view()

            self.run_worker(go(), group="board")

        self.app.push_screen(FormModal(self.lang, title, fields), done)

    def action_status(self) -> None:
        cur = self.current()
        if cur is None:
            return
        kind, rid = cur
        if kind == "T":
            rec_t = self.svc.session.get(Tension, rid)
            opts = [(pt("disagreement", f"status.{s}", self.lang), s) for s in TENSION_STATUSES]
            value = rec_t.status.value if rec_t else ""
        else:
            rec_p = self.svc.session.get(Proposal, rid)
            opts = [(pt("proposal", f"status.{s}", self.lang), s) for s in PROPOSAL_STATUSES]
            value = rec_p.status.value if rec_p else ""
        fields = (
            [
                Field("status", self.tr("tui.board.col.status"), value, options=opts),
                Field("outcome", self.tr("tui.board.outcome")),
            ]
            if kind == "T"
            else [Field("status", self.tr("tui.board.col.status"), value, options=opts)]
        )

        async def save(values: dict[str, str]) -> None:
            if kind == "T":
                changes = {"status": values["status"]}
                if values.get("outcome"):
                    changes["outcome"] = values["outcome"]
                await self.svc.update_tension(rid, **changes)
            else:
                await self.svc.update_proposal(rid, status=values["status"])

        self.edit(f"{kind}{rid}", fields, save)

    def action_category(self) -> None:
        cur = self.current()
        if cur is None or cur[0] != "T":
            return
        rec = self.svc.session.get(Tension, cur[1])
        fields = [
            Field(
                "category",
                self.tr("tui.board.category"),
                rec.category.value if rec else "",
                options=choices(self.lang, "category", CATEGORIES),
            )
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.update_tension(cur[1], category=values["category"])

        self.edit(f"T{cur[1]}", fields, save)

    def action_between(self) -> None:
        cur = self.current()
        if cur is None or cur[0] != "T":
            return
        rec = self.svc.session.get(Tension, cur[1])
        fields = [
            Field("between", self.tr("tui.board.between"), ", ".join(rec.between) if rec else "")
        ]

        async def save(values: dict[str, str]) -> None:
            names = [x.strip() for x in values["between"].split(",") if x.strip()]
            await self.svc.update_tension(cur[1], between=names)

        self.edit(f"T{cur[1]}", fields, save)

    def action_link(self) -> None:
        cur = self.current()
        if cur is None or cur[0] != "T":
            return
        props = [
            (clip(f"P{p.id} {p.title}", 60), str(p.id))
            for p in sorted(self.svc.session.all(Proposal), key=lambda p: p.id)
        ]
        fields = [Field("proposal", self.tr("tui.vote.proposal"), options=props)]

        async def save(values: dict[str, str]) -> None:
            if values["proposal"]:
                await self.svc.link(cur[1], int(values["proposal"]))

        self.edit(f"T{cur[1]}", fields, save)

    def action_close(self) -> None:
        self.dismiss(None)
