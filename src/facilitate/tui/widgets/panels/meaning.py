"""Meaning: each actor's answers (purpose, what it serves) and the interest tagged on each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.domain.records import MeaningAnswer
from facilitate.i18n import pick
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip, plain, row_key
from facilitate.tui.widgets.panel import StepPanel

TAG_STYLE = {"common": "green", "crossed": "yellow", "antagonistic": "bold red"}


class MeaningPanel(StepPanel):
    """Each actor's answers to the two questions; 1, 2, 3 tag the interest."""

    BINDINGS = [
        Binding("a", "add_answer", "Add an answer", id="add-answer"),
        Binding("1", "tag('common')", "Common", id="tag-common"),
        Binding("2", "tag('crossed')", "Crossed", id="tag-crossed"),
        Binding("3", "tag('antagonistic')", "Antagonistic", id="tag-antagonistic"),
    ]

    def compose(self) -> ComposeResult:
        questions = self.step.settings.get("questions") or []
        text = "  ".join(f"{i}. {pick(q, self.svc.lang)}" for i, q in enumerate(questions, 1))
        yield Static(plain(text), classes="panel-question")
        yield DataTable(id="meaning-table", cursor_type="row", zebra_stripes=True)

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("actor", "territory", "purpose", "serves", "interest"):
            table.add_column(self.tr(f"tui.meaning.{key}"), key=key)
        self.refresh_view()

    def refresh_view(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for ans in sorted(self.session.all(MeaningAnswer), key=lambda a: a.id):
            tag = ans.interest.value if ans.interest else ""
            label = Text(
                self.tr(f"interest.{tag}") if tag else "·", style=TAG_STYLE.get(tag, "dim")
            )
            if ans.tension:
                label.append(f" #{ans.tension}")
            table.add_row(
                clip(ans.actor, 22),
                clip(ans.territory, 14),
                clip(ans.purpose, 40),
                clip(ans.serves, 40),
                label,
                key=str(ans.id),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def action_add_answer(self) -> None:
        names = [(Text(p.name), p.name) for p in self.session.participants]
        fields = [
            Field("actor", self.tr("tui.meaning.actor"), options=names),
            Field("purpose", self.tr("tui.meaning.purpose")),
            Field("serves", self.tr("tui.meaning.serves")),
        ]

        async def save(values: dict[str, str]) -> None:
            person = next((p for p in self.session.participants if p.name == values["actor"]), None)
            await self.svc.add_meaning(
                actor=values["actor"],
                purpose=values["purpose"],
                serves=values["serves"],
                territory=person.territory if person else "",
                structure=person.structure if person else "",
                author=person.id if person else None,
                **self.where(),
            )

        self.ask(self.tr("tui.meaning.heading"), fields, save)

    async def action_tag(self, tag: str) -> None:
        answer = row_key(self.query_one(DataTable))
        if answer is not None:
            await self.attempt(self.svc.tag_interest(answer, tag))
            self.refresh_view()
