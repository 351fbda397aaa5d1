"""Open forum: the marketplace (topics arriving from phones, sign-ups, merges, the agenda wall),
then the breakouts (the slot running, each topic's report as its convener files it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.domain.forum import (
    Wall,
    agenda_instance,
    interest,
    people_interested,
    wall,
)
from facilitate.domain.records import Proposal, Source, Tension, Topic
from facilitate.i18n import nt
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip, row_key
from facilitate.tui.widgets.panel import StepPanel

PHONE = "📱"
SEPARATOR = ";"  # proposals and disagreements typed on one line in the report form


def forum_wall(panel: StepPanel) -> Wall:
    svc = panel.svc
    return wall(svc.info, svc.session.tables, svc.session.all(Topic), svc.live())


def slot_label(panel: StepPanel, slot: int | None) -> str:
    return panel.tr("tui.forum.slot", n=slot + 1) if slot is not None else ""


def space_label(panel: StepPanel, board: Wall, key: int | None) -> str:
    if key is None:
        return ""
    return board.space_name(key) or panel.tr("tui.forum.space", n=key)


def keep_cursor(table: DataTable, row: int, column: int = 0) -> None:
    """Put the cursor back where it was after a redraw (on the same row, or the last one)."""
    if table.row_count:
        row = min(max(row, 0), table.row_count - 1)
        table.move_cursor(row=row, column=min(max(column, 0), len(table.columns) - 1))


# the agenda solver's first budget in the marketplace, in seconds, and the most l extends it to
DEFAULT_AGENDA_SECONDS = 1.0
MAX_AGENDA_SECONDS = 16.0


class MarketplacePanel(StepPanel):
    """Topics as they are posted (phones marked), their sign-ups, and the agenda wall.

    a adds a topic, m moves the highlighted one, u merges it into another, i notes who signed
    up on paper, s asks the agenda solver (which avoids the sign-ups' clashes)."""

    BINDINGS = [
        Binding("a", "add_topic", "Add a topic", id="add-topic"),
        Binding("m", "move", "Move a topic", id="move-topic"),
        Binding("u", "merge", "Merge into another topic", id="merge-topic"),
        Binding("i", "interest", "Who signed up", id="note-interest"),
        Binding("s", "suggest", "Suggest an agenda", id="suggest-agenda"),
        Binding(
            "l", "extend_agenda_budget", "Longer agenda search", id="agenda-budget", show=False
        ),
    ]

    # the agenda solver's budget, shown under the wall; l doubles it up to MAX_AGENDA_SECONDS
    agenda_seconds = DEFAULT_AGENDA_SECONDS

    def compose(self) -> ComposeResult:
        yield Static(id="market-head", classes="panel-question")
        yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="wall", cursor_type="cell", classes="wall")
        yield Static(id="unplaced", classes="panel-body")

    def build(self) -> None:
        self.seen = {tp.id for tp in self.session.all(Topic)}
        table = self.query_one("#topics", DataTable)
        for key in ("topic", "convener", "interest", "where"):
            table.add_column(self.tr(f"tui.forum.col.{key}"), key=key)
        self.refresh_view()

    def topics(self) -> list[Topic]:
        return self.svc.wall_topics()

    def highlighted(self) -> Topic | None:
        return self.session.get(Topic, row_key(self.query_one("#topics", DataTable)))

    def refresh_view(self) -> None:
        board = forum_wall(self)
        topics = self.topics()
        self.announce_arrivals()
        phones = sum(1 for tp in topics if tp.source == Source.PORTAL)
        signed = sum(interest(tp) for tp in topics)
        self.query_one("#market-head", Static).update(
            self.tr(
                "tui.forum.market_head",
                topics=nt("tui.forum.n_topics", len(topics), self.lang),
                phones=phones,
                signed=nt("tui.forum.n_signups", signed, self.lang),
            )
        )
        table = self.query_one("#topics", DataTable)
        row = table.cursor_row
        table.clear()
        for tp in topics:
            title = Text(f"{PHONE} " if tp.source == Source.PORTAL else "")
            title.append(clip(tp.title, 40))
            where = " · ".join(
                x for x in (slot_label(self, tp.slot), space_label(self, board, tp.space)) if x
            )
            table.add_row(
                title,
                clip(tp.convener, 18),
                str(interest(tp)),
                clip(where, 24) if where else Text("—", style="dim"),
                key=str(tp.id),
            )
        keep_cursor(table, row)
        self.draw_wall(board)

    def draw_wall(self, board: Wall) -> None:
        grid = self.query_one("#wall", DataTable)
        at = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_column("")
        for space in board.spaces:
            grid.add_column(clip(space.name or self.tr("tui.forum.space", n=space.key), 16))
        for s in range(board.slots):
            cells: list[Text | str] = [slot_label(self, s)]
            for space in board.spaces:
                tp = board.cells.get((s, space.key))
                cells.append(clip(f"#{tp.id} {tp.title} ({interest(tp)})", 18) if tp else "·")
            grid.add_row(*cells)
        keep_cursor(grid, at.row, at.column)
        out = Text(self.tr("tui.forum.unplaced") + " ", style="bold")
        out.append(", ".join(f"#{tp.id} {tp.title}" for tp in board.unplaced) or "—")
        out.append("\n" + self.tr("tui.forum.agenda_budget", seconds=f"{self.agenda_seconds:g}"))
        self.query_one("#unplaced", Static).update(out)

    def action_extend_agenda_budget(self) -> None:
        """Double the agenda solver's budget, back to the first one past MAX_AGENDA_SECONDS."""
        longer = self.agenda_seconds * 2
        self.agenda_seconds = longer if longer <= MAX_AGENDA_SECONDS else DEFAULT_AGENDA_SECONDS
        self.draw_wall(forum_wall(self))

    def announce_arrivals(self) -> None:
        """A topic posted from a phone is announced once, so the facilitator sees it arrive."""
        seen: set[int] = getattr(self, "seen", set())
        for tp in self.session.all(Topic):
            if tp.id not in seen and tp.source == Source.PORTAL:
                self.notify(self.tr("tui.forum.arrived", title=tp.title, convener=tp.convener))
        self.seen = {tp.id for tp in self.session.all(Topic)}

    def topic_options(self, exclude: int | None = None) -> list[tuple[Text, str]]:
        return [
            (clip(f"#{tp.id} {tp.title}", 50), str(tp.id))
            for tp in self.topics()
            if tp.id != exclude
        ]

    def action_add_topic(self) -> None:
        fields = [
            Field("title", self.tr("tui.forum.title")),
            Field("convener", self.tr("tui.forum.convener")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.add_topic(values["title"], values["convener"], **self.where())

        self.ask(self.tr("tui.forum.add_heading"), fields, save)

    def action_move(self) -> None:
        board = forum_wall(self)
        current = self.highlighted()
        fields = [
            Field(
                "topic",
                self.tr("tui.forum.topic"),
                str(current.id) if current else "",
                options=self.topic_options(),
            ),
            Field(
                "slot",
                self.tr("tui.forum.slot_label"),
                str(current.slot) if current and current.slot is not None else "",
                options=[(slot_label(self, i), str(i)) for i in range(board.slots)],
            ),
            Field(
                "space",
                self.tr("tui.forum.space_label"),
                str(current.space) if current and current.space is not None else "",
                options=[
                    (Text(space_label(self, board, sp.key)), str(sp.key)) for sp in board.spaces
                ],
            ),
        ]

        async def save(values: dict[str, str]) -> None:
            if values["topic"]:
                slot = int(values["slot"]) if values["slot"] else None
                space = int(values["space"]) if values["space"] else None
                await self.svc.place_topic(int(values["topic"]), slot, space, pinned=True)

        self.ask(self.tr("tui.forum.move_heading"), fields, save)

    def action_merge(self) -> None:
        current = self.highlighted()
        if current is None:
            return
        fields = [
            Field("into", self.tr("tui.forum.merge_into"), options=self.topic_options(current.id))
        ]

        async def save(values: dict[str, str]) -> None:
            if values["into"]:
                await self.svc.merge_topics(int(values["into"]), current.id)

        self.ask(
            self.tr("tui.forum.merge_heading", title=current.title),
            fields,
            save,
            note=self.tr("tui.forum.merge_note"),
        )

    def action_interest(self) -> None:
        current = self.highlighted()
        if current is None:
            return
        phones = len(current.signups)
        fields = [
            Field("names", self.tr("tui.forum.interest_names"), ", ".join(current.interested))
        ]

        async def save(values: dict[str, str]) -> None:
            names = [x.strip() for x in values["names"].split(",")]
            await self.svc.note_interest(current.id, names)

        self.ask(
            current.title,
            fields,
            save,
            note=nt("tui.forum.interest_note", phones, self.lang, phones=phones),
        )

    async def action_suggest(self) -> None:
        try:
            from facilitate.planning import InfeasibleError, InstanceError, agenda
        except ImportError:
            self.notify(self.tr("tui.forum.no_solver"), severity="warning")
            return
        board = forum_wall(self)
        topics = self.topics()
        if not topics:
            return
        data = agenda_instance(board, topics)
        try:
            plan = agenda.solve(agenda.parse_instance(data), seconds=self.agenda_seconds, seed=0)
        except (InstanceError, InfeasibleError) as exc:
            self.notify(exc.message(self.lang), severity="error")
            return
        for tp in topics:
            slot, k = plan.cells[str(tp.id)]
            space = board.spaces[k].key
            if (tp.slot, tp.space) != (slot, space):
                await self.attempt(self.svc.place_topic(tp.id, slot, space, pinned=tp.pinned))
        self.notify(nt("tui.forum.suggested", plan.conflicts, self.lang, conflicts=plan.conflicts))
        self.refresh_view()


class BreakoutsPanel(StepPanel):
    """Each topic by slot: where it runs, its convener, and its report as it comes in (from the
    convener's phone or typed here: Enter on the topic)."""

    # Enter on a topic (w is the projector's, on every step)
    BINDINGS = [
        Binding("enter", "report", "Write the report", id="write-report"),
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

    def refresh_view(self) -> None:
        board = forum_wall(self)
        now = board.now
        topics = self.svc.wall_topics()
        heading = Text()
        if now is not None:
            heading.append(self.tr("tui.forum.now", slot=slot_label(self, now)), style="bold")
        done = sum(1 for tp in topics if tp.report or tp.reported_at)
        heading.append(
            ("  " if heading else "") + self.tr("tui.forum.reported", done=done, total=len(topics))
        )
        self.query_one("#breakout-slot", Static).update(heading)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        order = sorted(
            topics,
            key=lambda tp: (
                tp.slot is None,
                tp.slot or 0,
                board.space_index(tp.space) if tp.space is not None else 1_000,
                tp.id,
            ),
        )
        for tp in order:
            if tp.slot is None:
                slot = Text("—", style="dim")
            else:
                slot = Text(
                    ("▶ " if tp.slot == now else "") + slot_label(self, tp.slot),
                    style="bold" if tp.slot == now else "",
                )
            if tp.report or tp.reported_at:
                report = Text(f"{PHONE} " if tp.source == Source.PORTAL and tp.reported_at else "")
                report.append(clip(tp.report or "✓", 28))
            else:
                report = Text("—", style="dim")
            table.add_row(
                slot,
                clip(tp.title, 24),
                report,
                clip(space_label(self, board, tp.space), 16),
                clip(tp.convener, 18),
                key=str(tp.id),
            )
        keep_cursor(table, row)
        self.show_report()

    def report_lists(self, topic: Topic) -> tuple[list[str], list[str]]:
        sess = self.session
        proposals = [
            p.title for i in topic.proposals if (p := sess.get(Proposal, i)) and not p.hidden
        ]
        tensions = [x.about for i in topic.tensions if (x := sess.get(Tension, i)) and not x.hidden]
        return proposals, tensions

    def show_report(self) -> None:
        """The highlighted topic's whole report: key points, proposals, disagreements, who came."""
        topic = self.session.get(Topic, row_key(self.query_one(DataTable)))
        out = Text()
        if topic is not None:
            out.append(topic.title, style="bold")
            out.append("\n" + (topic.report or self.tr("tui.forum.no_report")))
            proposals, tensions = self.report_lists(topic)
            for label, items in (
                ("tui.forum.proposals", proposals),
                ("tui.forum.tensions", tensions),
            ):
                if items:
                    out.append("\n" + self.tr(label) + " ", style="dim")
                    out.append(" · ".join(items))
            if topic.attendance:
                out.append("\n" + self.tr("tui.forum.came") + " ", style="dim")
                out.append(", ".join(topic.attendance))
            signed = people_interested(topic)
            if signed or topic.signups:
                out.append("\n" + self.tr("tui.forum.signed", n=interest(topic)) + " ", style="dim")
                out.append(", ".join(signed))
        self.query_one("#breakout-report", Static).update(out)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_report()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_report()

    def action_report(self) -> None:
        table = self.query_one(DataTable)
        topic = self.session.get(Topic, row_key(table))
        if topic is None:
            return
        proposals, tensions = self.report_lists(topic)
        fields = [
            Field("report", self.tr("tui.forum.key_points"), topic.report),
            Field(
                "proposals", self.tr("tui.forum.report_proposals"), f"{SEPARATOR} ".join(proposals)
            ),
            Field("tensions", self.tr("tui.forum.report_tensions"), f"{SEPARATOR} ".join(tensions)),
            Field("attendance", self.tr("tui.forum.attendance"), ", ".join(topic.attendance)),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.file_report(
                topic.id,
                key_points=values["report"],
                proposals=values.get("proposals", "").split(SEPARATOR),
                tensions=values.get("tensions", "").split(SEPARATOR),
                attendance=values["attendance"],
            )

        self.ask(topic.title, fields, save)
