"""The 2x2 grid (AFOM, impact/effort, the actors' map) and the gradients of agreement."""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.domain.agreement import LEVELS, scale_of
from facilitate.domain.matrix import preset_of, quadrant_label, quadrants_of
from facilitate.domain.records import Proposal
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip, row_key
from facilitate.tui.widgets.grids_view import (
    agreement_text,
    matrix_heading,
    matrix_table,
)
from facilitate.tui.widgets.panel import StepPanel
from facilitate.tui.widgets.panels.decide import devices_line


class MatrixPanel(StepPanel):
    """The grid drawn 2x2 and its cards listed; 1 to 4 move the highlighted card there."""

    can_focus = True
    BINDINGS = [
        Binding("a", "add_card", "Add a card", id="matrix-add"),
        Binding("m", "move_card", "Move the card", id="matrix-move"),
        Binding("1", "to(0)", "To quadrant 1", id="matrix-to-1", show=False),
        Binding("2", "to(1)", "To quadrant 2", id="matrix-to-2", show=False),
        Binding("3", "to(2)", "To quadrant 3", id="matrix-to-3", show=False),
        Binding("4", "to(3)", "To quadrant 4", id="matrix-to-4", show=False),
        Binding("p", "place", "Place the structures", id="matrix-place"),
        Binding("x", "hide_card", "Hide the card", id="matrix-hide"),
        Binding("v", "to_proposal", "Make the card a proposal", id="matrix-propose"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="matrix-grid")
        yield DataTable(id="matrix-cards", cursor_type="row", zebra_stripes=True)

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("quadrant", "card"):
            table.add_column(self.tr(f"matrix.tui.{key}"), key=key)
        self.refresh_view()

    def _options(self) -> list[tuple[str, str]]:
        preset = preset_of(self.step)
        return [
            (f"{i}. {quadrant_label(self.step.settings, preset, key, self.lang)}", key)
            for i, key in enumerate(quadrants_of(self.step), start=1)
        ]

    def refresh_view(self) -> None:
        view = Group(
            matrix_heading(self.step, self.lang),
            matrix_table(self.svc, self.step, self.lang, numbered=True),
        )
        self.query_one("#matrix-grid", Static).update(view)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        names = dict((k, label) for label, k in self._options())
        for m in self.svc.matrix_items(self.step.id):
            table.add_row(
                clip(names.get(m.quadrant, m.quadrant), 30), clip(m.text, 60), key=str(m.id)
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _current(self) -> int | None:
        key = row_key(self.query_one(DataTable))
        return int(key) if key else None

    def action_add_card(self) -> None:
        fields = [
            Field("quadrant", self.tr("matrix.tui.quadrant"), options=self._options()),
            Field("text", self.tr("matrix.tui.card")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.add_matrix_item(values["quadrant"], values["text"], **self.where())

        self.ask(self.tr("matrix.tui.add_heading"), fields, save)

    def action_move_card(self) -> None:
        card = self._current()
        if card is None:
            self.notify(self.tr("matrix.tui.no_card"), severity="warning")
            return
        fields = [Field("quadrant", self.tr("matrix.tui.quadrant"), options=self._options())]

        async def save(values: dict[str, str]) -> None:
            await self.svc.move_matrix_item(card, values["quadrant"])

        self.ask(self.tr("matrix.tui.move_heading"), fields, save)

    async def action_to(self, index: int) -> None:
        card = self._current()
        keys = quadrants_of(self.step)
        if card is None or not 0 <= index < len(keys):
            return
        await self.attempt(self.svc.move_matrix_item(card, keys[index]))
        self.refresh_view()

    async def action_place(self) -> None:
        placed = await self.attempt(self.svc.place_structures(self.step.id))
        if placed is not None:
            self.notify(self.tr("matrix.tui.placed", n=len(placed)))
        self.refresh_view()

    async def action_hide_card(self) -> None:
        card = self._current()
        if card is not None:
            await self.attempt(self.svc.hide("matrix_items", card))
            self.refresh_view()

    async def action_to_proposal(self) -> None:
        card = self._current()
        if card is None:
            self.notify(self.tr("matrix.tui.no_card"), severity="warning")
            return
        prop = await self.attempt(self.svc.matrix_to_proposal(card))
        if prop is not None:
            self.notify(self.tr("matrix.tui.proposed", title=prop.title))


class AgreementPanel(StepPanel):
    """The proposal on the scale and the distribution, live; answers typed for the room."""

    can_focus = True
    BINDINGS = [
        Binding("p", "open_poll", "Put the proposal to the scale", id="agreement-open"),
        Binding("k", "choose", "Choose another proposal", id="agreement-choose"),
        Binding("a", "answer", "Note an answer", id="agreement-answer"),
        Binding("s", "new_poll", "Poll again", id="agreement-poll"),
        Binding("d", "show", "Show the distribution to the room", id="agreement-show"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="agreement-view")
        yield Static(id="agreement-devices")

    def build(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        self.query_one("#agreement-view", Static).update(
            agreement_text(self.svc, self.step, self.lang)
        )
        self.query_one("#agreement-devices", Static).update(devices_line(self))

    async def action_open_poll(self) -> None:
        await self.attempt(self.svc.open_agreement(self.step.id))
        self.refresh_view()

    def action_choose(self) -> None:
        props = [
            (clip(p.title, 60), str(p.id))
            for p in sorted(self.session.all(Proposal), key=lambda p: p.id)
            if not p.hidden
        ]
        if not props:
            self.notify(self.tr("agreement.no_proposal"), severity="warning")
            return
        fields = [Field("proposal", self.tr("agreement.tui.proposal"), options=props)]

        async def save(values: dict[str, str]) -> None:
            await self.svc.open_agreement(self.step.id, int(values["proposal"]))

        self.ask(self.tr("agreement.tui.choose_heading"), fields, save)

    def action_answer(self) -> None:
        scale = scale_of(self.step)
        levels = [
            (f"{lv}. {self.tr(f'agreement.level.{scale}.{lv}')}", str(lv)) for lv in LEVELS[scale]
        ]
        fields = [
            Field("voter", self.tr("agreement.tui.who")),
            Field("level", self.tr("agreement.report.level"), options=levels),
            Field("comment", self.tr("agreement.tui.comment")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.answer_agreement(
                int(values["level"]), values["voter"], comment=values["comment"], **self.where()
            )

        self.ask(self.tr("agreement.tui.answer_heading"), fields, save)

    async def action_show(self) -> None:
        poll = self.svc.agreement_poll(self.step.id)
        shown = poll.proposal is not None and self.svc.agreement_shown(self.step.id)
        await self.attempt(self.svc.show_agreement(self.step.id, not shown))
        self.refresh_view()

    async def action_new_poll(self) -> None:
        await self.attempt(self.svc.new_agreement_poll(self.step.id))
        self.refresh_view()
