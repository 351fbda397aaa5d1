"""World café rounds: each table, its host, who sits there this round and what it said."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.i18n import pick
from facilitate.tui.widgets.base import clip, row_key
from facilitate.tui.widgets.panel import StepPanel


class RoundsPanel(StepPanel):
    """World café: each table, its host, who sits there this round and what it said."""

    # Enter on a table (t is the screen's phone test, on every step)
    BINDINGS = [
        Binding("enter", "capture_here", "Capture for this table", id="capture-at-table"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="round-question", classes="panel-question")
        yield DataTable(id="rounds-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="table-ideas", classes="panel-body")

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("table", "host", "seated", "ideas"):
            table.add_column(self.tr(f"tui.rounds.{key}"), key=key)
        self.refresh_view()

    def current_round(self) -> int:
        return self.live_round or 1

    def refresh_view(self) -> None:
        sess, number = self.session, self.current_round()
        rnd = next((r for r in sess.rounds_of(self.step.id) if r.number == number), None)
        question = rnd.question if rnd and rnd.question else ""
        if not question:
            qs = self.step.settings.get("questions") or []
            question = pick(qs[number - 1], self.svc.lang) if len(qs) >= number else ""
        self.query_one("#round-question", Static).update(
            Text.assemble((self.tr("tui.timer.round", number=number) + " · ", "bold"), question)
        )
        counts: dict[int | None, int] = {}
        for c in sess.contributions():
            if c.step == self.step.id and c.round == number:
                counts[c.table] = counts.get(c.table, 0) + 1
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for tb in sess.tables:
            seated = rnd.seating.get(str(tb.id), []) if rnd else []
            names = ", ".join(sess.participant_name(p) for p in seated if p != tb.host)
            table.add_row(
                clip(tb.name, 18),
                clip(sess.participant_name(tb.host), 18),
                clip(names, 48),
                str(counts.get(tb.id, 0)),
                key=str(tb.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.show_ideas()

    def show_ideas(self) -> None:
        table_id = row_key(self.query_one(DataTable))
        items = [
            c
            for c in self.session.contributions()
            if c.step == self.step.id and c.table == table_id and c.table is not None
        ]
        out = Text()
        for c in items[-6:]:
            out.append(f"R{c.round or '-'} ", style="dim")
            out.append(self.tr(f"contribution.{c.kind.value}") + ": ", style="bold")
            out.append(c.text.replace("\n", " ") + "\n")
        self.query_one("#table-ideas", Static).update(out)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_ideas()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_capture_here()

    def action_capture_here(self) -> None:
        from facilitate.tui.widgets.capture import CaptureBar

        bar = self.screen.query_one(CaptureBar)
        bar.choose_table(row_key(self.query_one(DataTable)))
        bar.focus_input()
