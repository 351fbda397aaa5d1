"""Moving debate: the statement, the floor (preparation, whose turn, its timer), the camps per
round, who moved and why, the arguments on each side."""

from __future__ import annotations

from collections import Counter

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from facilitate.domain.deciding import debate_sides, moves, standings
from facilitate.domain.records import Argument, Position
from facilitate.i18n import pick
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import mmss
from facilitate.tui.widgets.panel import StepPanel


class DebatePanel(StepPanel):
    """Counts per side and round, the people who moved, the arguments on each side."""

    BINDINGS = [
        Binding("a", "position", "Record a position", id="record-position"),
        Binding("x", "argument", "Add an argument", id="add-argument"),
        Binding("p", "prepare", "Camps prepare", id="start-preparation"),
        Binding("u", "pass_turn", "The camp passes", id="pass-turn"),  # t: the phone test
        Binding("s", "next_statement", "Next statement", id="next-statement"),
    ]

    can_focus = True

    @property
    def statement(self) -> int:
        """The statement on the floor: from the event log, so phones and a resume agree."""
        live = self.svc.live()
        return live.statement if live.step == self.step.id else 1

    def compose(self) -> ComposeResult:
        yield Static(id="statement", classes="panel-question")
        yield Static(id="debate-floor")
        with Horizontal(classes="panel-columns"):
            yield Static(id="debate-counts", classes="panel-col")
            yield Static(id="debate-movers", classes="panel-col")
        with Horizontal(classes="panel-columns"):
            yield Static(id="args-agree", classes="panel-col")
            yield Static(id="args-disagree", classes="panel-col")

    def build(self) -> None:
        self.refresh_view()
        self.set_interval(1.0, self.show_floor)

    def statements(self) -> list[str]:
        return [pick(s, self.svc.lang) for s in self.step.settings.get("statements") or []]

    def side(self, value: str) -> str:
        return self.tr(f"deciding.side.{value}")

    def show_floor(self) -> None:
        """Preparation left, or whose turn it is and its timer (red once over)."""
        if not self.is_attached:
            return
        line = Text()
        if self.svc.live().step == self.step.id:
            floor = self.svc.debate_floor(self.step.id, self.statement)
            if floor.preparing_s:
                line.append(self.tr("deciding.tui.preparing", left=mmss(floor.preparing_s)))
            else:
                left = floor.turn_budget_s - floor.turn_elapsed_s
                line.append(
                    self.tr("deciding.tui.turn", n=floor.turn, side=self.side(floor.side.value)),
                    style="bold",
                )
                line.append(f"  {mmss(left)}", style="bold red" if left < 0 else "bold green")
        self.query_one("#debate-floor", Static).update(line)

    def refresh_view(self) -> None:
        texts = self.statements()
        text = texts[self.statement - 1] if len(texts) >= self.statement else ""
        self.query_one("#statement", Static).update(
            Text.assemble((f"« {text} »" if text else self.tr("tui.debate.no_statement"), "bold"))
        )
        self.show_floor()
        mine = [
            p
            for p in self.session.all(Position)
            if p.step == self.step.id and p.statement == self.statement
        ]
        sides = [s.value for s in debate_sides(self.step)]
        by_round = standings(mine)
        grid = RichTable(box=None, padding=(0, 1), show_edge=False)
        grid.add_column(self.tr("tui.debate.round"))
        for side in sides:
            grid.add_column(self.side(side), justify="right")
        for number in sorted(by_round):
            counts = Counter(p.side.value for p in by_round[number].values())
            grid.add_row(str(number), *(str(counts[s]) for s in sides))
        self.query_one("#debate-counts", Static).update(grid)
        moved = moves(mine)
        towards = Counter(m.after.value for m in moved)
        head = self.tr("deciding.tui.moved", n=len(moved))
        if towards:
            head += " (" + ", ".join(f"→ {self.side(s)} {n}" for s, n in towards.items()) + ")"
        out = Text(head + "\n", style="bold")
        for m in moved:
            out.append(f"R{m.round} ")
            out.append(m.who or self.tr("deciding.anonymous_phone"))
            out.append(f": {self.side(m.before.value)} → {self.side(m.after.value)}")
            if m.because:
                out.append(f" — {m.because}", style="italic")
            out.append("\n")
        self.query_one("#debate-movers", Static).update(out)
        args = [
            a
            for a in self.session.all(Argument)
            if a.step == self.step.id and a.statement == self.statement
        ]
        for side in ("agree", "disagree"):
            col = Text(self.side(side) + "\n", style="bold")
            for a in sorted(args, key=lambda a: a.id):
                if a.side.value == side:
                    col.append(f"{a.turn}. " if a.turn else "• ")
                    col.append(a.text.replace("\n", " "))
                    if a.moved:
                        col.append(f"  (+{a.moved})", style="italic")
                    col.append("\n")
            self.query_one(f"#args-{side}", Static).update(col)

    def action_position(self) -> None:
        names = [(Text(p.name), p.name) for p in self.session.participants]
        sides = [(self.side(s.value), s.value) for s in debate_sides(self.step)]
        fields = [
            Field("voter", self.tr("tui.debate.voter"), options=names),
            Field("side", self.tr("tui.debate.side"), "agree", options=sides),
            Field("because", self.tr("tui.debate.because")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.set_position(
                self.statement,
                values["side"] or "agree",
                values["voter"],
                moved_because=values["because"],
                step=self.step.id,
                round=self.live_round or 1,
            )

        self.ask(self.tr("tui.debate.position_heading"), fields, save)

    def action_argument(self) -> None:
        turn = "agree"
        if self.svc.live().step == self.step.id:
            turn = self.svc.debate_floor(self.step.id, self.statement).side.value
        fields = [
            Field(
                "side",
                self.tr("tui.debate.side"),
                turn,
                options=[(self.side(s), s) for s in ("agree", "disagree")],
            ),
            Field("text", self.tr("tui.debate.argument")),
            Field("moved", self.tr("tui.debate.moved"), "0"),
        ]

        async def save(values: dict[str, str]) -> None:
            moved = int(values["moved"]) if values["moved"].strip().isdigit() else 0
            await self.svc.add_argument(
                self.statement,
                values["side"] or turn,
                values["text"],
                moved=moved,
                step=self.step.id,
                round=self.live_round or 1,
            )

        self.ask(self.tr("tui.debate.argument_heading"), fields, save)

    async def action_prepare(self) -> None:
        await self.attempt(self.svc.start_preparation(self.step.id, self.statement))
        self.refresh_view()

    async def action_pass_turn(self) -> None:
        await self.attempt(self.svc.pass_turn(self.step.id, self.statement))
        self.refresh_view()

    async def action_next_statement(self) -> None:
        count = max(1, len(self.statements()))
        await self.attempt(self.svc.start_statement(self.statement % count + 1))
        self.refresh_view()
