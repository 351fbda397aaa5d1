"""Open forum: the marketplace and its agenda wall (slots × spaces), then the breakout reports."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.domain.records import Topic
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip
from facilitate.tui.widgets.panel import StepPanel
from facilitate.tui.widgets.panels.people import row_key


def wall_settings(panel: StepPanel) -> dict[str, Any]:
    """The step's settings over those of the marketplace before it (which drew the wall)."""
    steps = panel.svc.info.steps
    index = next((i for i, s in enumerate(steps) if s.id == panel.step.id), len(steps))
    market = next((s for s in reversed(steps[:index]) if s.kind == "marketplace"), None)
    base = dict(market.settings) if market is not None and market is not panel.step else {}
    return {**base, **{k: v for k, v in panel.step.settings.items() if v}}


def wall_size(panel: StepPanel) -> tuple[list[str], list[str]]:
    """Slot names and space names: spaces are the session's open-forum spaces, else numbered."""
    settings = wall_settings(panel)
    slots = [panel.tr("tui.forum.slot", n=i + 1) for i in range(int(settings.get("slots", 3)))]
    spaces = [tb.name for tb in panel.session.tables if tb.is_space]
    if not spaces:
        count = int(settings.get("spaces", 0) or len(panel.session.tables) or 4)
        spaces = [panel.tr("tui.forum.space", n=i + 1) for i in range(count)]
    return slots, spaces


class MarketplacePanel(StepPanel):
    """Topics posted on the agenda wall; `s` asks the agenda solver, `m` moves one by hand."""

    BINDINGS = [
        Binding("a", "add_topic", "Add a topic", id="add-topic"),
        Binding("s", "suggest", "Suggest an agenda", id="suggest-agenda"),
        Binding("m", "move", "Move a topic", id="move-topic"),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable(id="wall", cursor_type="cell")
        yield Static(id="unplaced", classes="panel-body")

    def build(self) -> None:
        self.refresh_view()

    def topics(self) -> list[Topic]:
        return sorted(self.session.all(Topic), key=lambda tp: tp.id)

    def refresh_view(self) -> None:
        slots, spaces = wall_size(self)
        wall = self.query_one(DataTable)
        wall.clear(columns=True)
        wall.add_column("")
        for name in spaces:
            wall.add_column(clip(name, 16))
        cells = {(tp.slot, tp.space): tp for tp in self.topics() if tp.slot is not None}
        for s, slot in enumerate(slots):
            row: list[Text | str] = [slot]
            for k in range(len(spaces)):
                tp = cells.get((s, k))
                row.append(clip(f"#{tp.id} {tp.title}", 16) if tp else "·")
            wall.add_row(*row)
        out = Text(self.tr("tui.forum.unplaced") + " ", style="bold")
        out.append(", ".join(f"#{tp.id} {tp.title}" for tp in self.topics() if tp.slot is None))
        self.query_one("#unplaced", Static).update(out)

    def action_add_topic(self) -> None:
        fields = [
            Field("title", self.tr("tui.forum.title")),
            Field("convener", self.tr("tui.forum.convener")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.add_topic(values["title"], values["convener"], **self.where())

        self.ask(self.tr("tui.forum.add_heading"), fields, save)

    def action_move(self) -> None:
        slots, spaces = wall_size(self)
        fields = [
            Field(
                "topic",
                self.tr("tui.forum.topic"),
                options=[(clip(f"#{tp.id} {tp.title}", 50), str(tp.id)) for tp in self.topics()],
            ),
            Field(
                "slot",
                self.tr("tui.forum.slot_label"),
                options=[(name, str(i)) for i, name in enumerate(slots)],
            ),
            Field(
                "space",
                self.tr("tui.forum.space_label"),
                options=[(Text(name), str(i)) for i, name in enumerate(spaces)],
            ),
        ]

        async def save(values: dict[str, str]) -> None:
            if values["topic"]:
                slot = int(values["slot"]) if values["slot"] else None
                space = int(values["space"]) if values["space"] else None
                await self.svc.place_topic(int(values["topic"]), slot, space, pinned=True)

        self.ask(self.tr("tui.forum.move_heading"), fields, save)

    async def action_suggest(self) -> None:
        try:
            from facilitate.planning import InfeasibleError, InstanceError, agenda
            from facilitate.planning.messages import error_text
        except ImportError:
            self.notify(self.tr("tui.forum.no_solver"), severity="warning")
            return
        slots, spaces = wall_size(self)
        topics = self.topics()
        if not topics:
            return
        data = {
            "slots": slots,
            "spaces": [{"name": f"{i}:{n}", "capacity": 1000} for i, n in enumerate(spaces)],
            "topics": [
                {
                    "id": str(tp.id),
                    "title": tp.title,
                    "convener": tp.convener or f"?{tp.id}",
                    "interested": list(tp.interested),
                }
                for tp in topics
            ],
            "pinned": [
                {"topic": str(tp.id), "slot": tp.slot, "space": tp.space}
                for tp in topics
                if tp.pinned and tp.slot is not None and tp.space is not None
            ],
        }
        try:
            plan = agenda.solve(agenda.parse_instance(data), seconds=1.0, seed=0)
        except (InstanceError, InfeasibleError) as exc:
            self.notify(error_text(str(exc), self.lang), severity="error")
            return
        for tp in topics:
            slot, space = plan.cells[str(tp.id)]
            if (tp.slot, tp.space) != (slot, space):
                await self.attempt(self.svc.place_topic(tp.id, slot, space, pinned=tp.pinned))
        self.notify(self.tr("tui.forum.suggested", conflicts=plan.conflicts))
        self.refresh_view()


class BreakoutsPanel(StepPanel):
    """Each topic by slot: where it runs, its convener, and its report as conveners hand it in."""

    BINDINGS = [
        Binding("w", "report", "Write the report", id="write-report"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="breakout-slot", classes="panel-question")
        yield DataTable(id="breakouts", cursor_type="row", zebra_stripes=True)
        yield Static(id="breakout-report", classes="panel-body")

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("slot", "topic", "report", "space", "convener"):
            table.add_column(self.tr(f"tui.forum.col.{key}"), key=key)
        self.refresh_view()

    def current_slot(self) -> int | None:
        """The slot running now: round n of the breakouts step is slot n."""
        number = self.live_round
        return number - 1 if number else None

    def refresh_view(self) -> None:
        slots, spaces = wall_size(self)
        now = self.current_slot()
        heading = Text()
        if now is not None:
            name = slots[now] if now < len(slots) else self.tr("tui.forum.slot", n=now + 1)
            heading.append(self.tr("tui.forum.now", slot=name), style="bold")
        done = sum(1 for tp in self.session.all(Topic) if tp.report)
        heading.append(
            ("  " if heading else "")
            + self.tr("tui.forum.reported", done=done, total=len(self.session.all(Topic)))
        )
        self.query_one("#breakout-slot", Static).update(heading)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        order = sorted(
            self.session.all(Topic),
            key=lambda tp: (
                tp.slot is None,
                tp.slot or 0,
                tp.space if tp.space is not None else 1_000,
                tp.id,
            ),
        )
        for tp in order:
            if tp.slot is None:
                slot = Text("—", style="dim")
            else:
                slot = Text(
                    ("▶ " if tp.slot == now else "")
                    + (
                        slots[tp.slot]
                        if tp.slot < len(slots)
                        else self.tr("tui.forum.slot", n=tp.slot + 1)
                    ),
                    style="bold" if tp.slot == now else "",
                )
            space = (
                ""
                if tp.space is None
                else spaces[tp.space]
                if tp.space < len(spaces)
                else self.tr("tui.forum.space", n=tp.space + 1)
            )
            report = clip(tp.report, 28) if tp.report else Text("—", style="dim")
            table.add_row(
                slot,
                clip(tp.title, 24),
                report,
                clip(space, 16),
                clip(tp.convener, 18),
                key=str(tp.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.show_report()

    def show_report(self) -> None:
        """The highlighted topic's whole report and who came."""
        topic = self.session.get(Topic, row_key(self.query_one(DataTable)))
        out = Text()
        if topic is not None:
            out.append(topic.title, style="bold")
            out.append("\n" + (topic.report or self.tr("tui.forum.no_report")))
            if topic.attendance:
                out.append("\n" + self.tr("tui.forum.came") + " ", style="dim")
                out.append(", ".join(topic.attendance))
        self.query_one("#breakout-report", Static).update(out)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_report()

    def action_report(self) -> None:
        topic = self.session.get(Topic, row_key(self.query_one(DataTable)))
        if topic is None:
            return
        fields = [
            Field("report", self.tr("tui.forum.col.report"), topic.report),
            Field("attendance", self.tr("tui.forum.attendance"), ", ".join(topic.attendance)),
        ]

        async def save(values: dict[str, str]) -> None:
            people = [x.strip() for x in values["attendance"].split(",") if x.strip()]
            await self.svc.report_topic(topic.id, values["report"], people)

        self.ask(topic.title, fields, save)
