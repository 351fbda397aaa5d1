"""Moving debate: the statement, where people stand each round, who moved, the arguments."""

from __future__ import annotations

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from facilitate.domain.records import Argument, Position
from facilitate.i18n import pick
from facilitate.tui.screens.forms import Field, choices
from facilitate.tui.widgets.panel import StepPanel

SIDES = ["agree", "disagree", "undecided"]


def standings(positions: list[Position]) -> dict[int, dict[str, str]]:
    """round -> voter -> side (the last position given in that round counts)."""
    out: dict[int, dict[str, str]] = {}
    for p in sorted(positions, key=lambda p: p.id):
        out.setdefault(p.round or 1, {})[p.voter] = p.side.value
    return out


def movers(by_round: dict[int, dict[str, str]]) -> list[tuple[int, str, str, str]]:
    """(round, voter, from side, to side) for everyone who crossed the room."""
    out = []
    rounds = sorted(by_round)
    for before, after in zip(rounds, rounds[1:], strict=False):
        for voter, side in by_round[after].items():
            old = by_round[before].get(voter)
            if old is not None and old != side:
                out.append((after, voter, old, side))
    return out


class DebatePanel(StepPanel):
    """Counts per side and round, the people who moved, the arguments on each side."""

    BINDINGS = [
        Binding("a", "position", "Record a position", id="record-position"),
        Binding("x", "argument", "Add an argument", id="add-argument"),
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
        with Horizontal(classes="panel-columns"):
            yield Static(id="debate-counts", classes="panel-col")
            yield Static(id="debate-movers", classes="panel-col")
        with Horizontal(classes="panel-columns"):
            yield Static(id="args-agree", classes="panel-col")
            yield Static(id="args-disagree", classes="panel-col")

    def build(self) -> None:
        self.refresh_view()

    def statements(self) -> list[str]:
        return [pick(s, self.svc.lang) for s in self.step.settings.get("statements") or []]

    def refresh_view(self) -> None:
        texts = self.statements()
        text = texts[self.statement - 1] if len(texts) >= self.statement else ""
        self.query_one("#statement", Static).update(
            Text.assemble((f"« {text} »" if text else self.tr("tui.debate.no_statement"), "bold"))
        )
        mine = [
            p
            for p in self.session.all(Position)
            if p.step == self.step.id and p.statement == self.statement
        ]
        by_round = standings(mine)
        grid = RichTable(box=None, padding=(0, 1), show_edge=False)
        grid.add_column(self.tr("tui.debate.round"))
        for side in SIDES:
            grid.add_column(self.tr(f"side.{side}"), justify="right")
        for number in sorted(by_round):
            sides = list(by_round[number].values())
            grid.add_row(str(number), *(str(sides.count(s)) for s in SIDES))
        self.query_one("#debate-counts", Static).update(grid)
        moved = Text(self.tr("tui.debate.movers") + "\n", style="bold")
        for number, voter, old, new in movers(by_round):
            moved.append(f"R{number} ")
            moved.append(voter)
            moved.append(f": {self.tr(f'side.{old}')} → {self.tr(f'side.{new}')}\n")
        self.query_one("#debate-movers", Static).update(moved)
        args = [
            a
            for a in self.session.all(Argument)
            if a.step == self.step.id and a.statement == self.statement
        ]
        for side in ("agree", "disagree"):
            out = Text(self.tr(f"side.{side}") + "\n", style="bold")
            for a in sorted(args, key=lambda a: a.id):
                if a.side.value == side:
                    out.append("• " + a.text.replace("\n", " "))
                    if a.moved:
                        out.append(f"  (+{a.moved})", style="italic")
                    out.append("\n")
            self.query_one(f"#args-{side}", Static).update(out)

    def action_position(self) -> None:
        names = [(Text(p.name), p.name) for p in self.session.participants]
        fields = [
            Field("voter", self.tr("tui.debate.voter"), options=names),
            Field(
                "side",
                self.tr("tui.debate.side"),
                "agree",
                options=choices(self.lang, "side", SIDES),
            ),
            Field("because", self.tr("tui.debate.because")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.set_position(
                self.statement,
                values["side"] or "undecided",
                values["voter"],
                moved_because=values["because"],
                step=self.step.id,
                round=self.live_round or 1,
            )

        self.ask(self.tr("tui.debate.position_heading"), fields, save)

    def action_argument(self) -> None:
        fields = [
            Field(
                "side",
                self.tr("tui.debate.side"),
                "agree",
                options=choices(self.lang, "side", SIDES[:2]),
            ),
            Field("text", self.tr("tui.debate.argument")),
            Field("moved", self.tr("tui.debate.moved"), "0"),
        ]

        async def save(values: dict[str, str]) -> None:
            moved = int(values["moved"]) if values["moved"].strip().isdigit() else 0
            await self.svc.add_argument(
                self.statement,
                values["side"] or "agree",
                values["text"],
                moved=moved,
                step=self.step.id,
                round=self.live_round or 1,
            )

        self.ask(self.tr("tui.debate.argument_heading"), fields, save)

    async def action_next_statement(self) -> None:
        count = max(1, len(self.statements()))
        await self.attempt(self.svc.start_statement(self.statement % count + 1))
        self.refresh_view()
