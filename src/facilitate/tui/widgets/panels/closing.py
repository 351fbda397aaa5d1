"""Harvest (insights, agreements, disagreements) and actions (who does what by when)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from facilitate.domain.records import Action, Tension, TensionStatus
from facilitate.i18n import pick
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip, plain
from facilitate.tui.widgets.panel import StepPanel, contributions_of


class HarvestPanel(StepPanel):
    """What the plenary brings back; the capture bar adds to it (s: insight, t: tension...)."""

    can_focus = True

    def compose(self) -> ComposeResult:
        questions = self.step.settings.get("questions") or []
        yield Static(
            plain("  ".join(pick(q, self.svc.lang) for q in questions)), classes="panel-question"
        )
        with Horizontal(classes="panel-columns"):
            yield Static(id="harvest-insights", classes="panel-col")
            yield Static(id="harvest-tensions", classes="panel-col")

    def build(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        out = Text()
        for kind in ("insight", "agreement", "idea"):
            items = contributions_of(self, kind)
            if items:
                out.append(self.tr(f"contribution.{kind}") + "\n", style="bold")
                for c in items:
                    out.append("• " + c.text.replace("\n", " ") + "\n")
        if not out:
            out.append(self.tr("tui.harvest.hint"), style="dim")
        self.query_one("#harvest-insights", Static).update(out)
        tensions = Text(self.tr("tui.harvest.tensions") + "\n", style="bold")
        for tn in sorted(self.session.all(Tension), key=lambda t: t.id):
            if tn.hidden or tn.status not in (TensionStatus.OPEN, TensionStatus.UNRESOLVED):
                continue
            tensions.append(f"#{tn.id} ", style="red")
            tensions.append(tn.about.replace("\n", " ") + "\n")
        self.query_one("#harvest-tensions", Static).update(tensions)


class ActionsPanel(StepPanel):
    """Actions with their owner and due date."""

    BINDINGS = [
        Binding("a", "add_action", "Add an action", id="add-action"),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("what", "owner", "due"):
            table.add_column(self.tr(f"tui.actions.{key}"), key=key)
        self.refresh_view()

    def refresh_view(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for a in sorted(self.session.all(Action), key=lambda a: a.id):
            table.add_row(clip(a.what, 40), clip(a.owner, 24), a.due, key=str(a.id))

    def action_add_action(self) -> None:
        fields = [
            Field("what", self.tr("tui.actions.what")),
            Field("owner", self.tr("tui.actions.owner")),
            Field("due", self.tr("tui.actions.due"), placeholder="YYYY-MM-DD"),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.add_action(
                values["what"], owner=values["owner"], due=values["due"], **self.where()
            )

        self.ask(self.tr("tui.actions.heading"), fields, save)
