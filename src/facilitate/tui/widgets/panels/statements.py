"""The statements step: the statement on the floor, the list to moderate and show, and what
unites, divides or stays uncertain by territory, live as the phones answer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitate.domain.records import Tension
from facilitate.domain.statements import Statement, StatementStatus
from facilitate.i18n import nt
from facilitate.tui.screens.forms import Field
from facilitate.tui.widgets.base import clip, remember_row, restore_row, row_key
from facilitate.tui.widgets.panel import StepPanel
from facilitate.tui.widgets.statements_view import STYLE, floor_text, results_view


class StatementsPanel(StepPanel):
    """a types a statement, i picks one from the ideas and disagreements, s shows the next one,
    v the highlighted one; y accepts a phone's proposal, x sets it aside, k corrects its words
    and accepts it; p notes an answer given on paper; d turns a divisive statement into a
    tension."""

    can_focus = True
    BINDINGS = [
        Binding("a", "add", "Type a statement", id="statements-add"),
        Binding("i", "pick", "A statement from an idea or a disagreement", id="statements-pick"),
        Binding("s", "next", "Next statement", id="statements-next"),
        Binding("v", "show", "Show the highlighted statement", id="statements-show"),
        Binding("y", "accept", "Accept the proposal", id="statements-accept"),
        Binding("k", "reword", "Correct and accept", id="statements-reword", show=False),
        Binding("x", "reject", "Set the proposal aside", id="statements-reject"),
        Binding("p", "paper", "Note an answer given on paper", id="statements-paper", show=False),
        Binding("d", "tension", "Divisive: make it a tension", id="statements-tension"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="statements-floor", classes="panel-question")
        yield DataTable(id="statements-list", cursor_type="row", zebra_stripes=True)
        yield Static(id="statements-results")

    def build(self) -> None:
        table = self.query_one(DataTable)
        # the list keeps room for a dozen statements; the results follow below it
        table.styles.height = "auto"
        table.styles.max_height = 12
        self.query_one("#statements-results").styles.padding = (1, 0, 0, 0)
        for key in ("number", "state", "statement", "answers", "verdict"):
            table.add_column(self.tr(f"statements.tui.col.{key}"), key=key)
        self._pending_seen = {s.id for s in self.svc.statements(self.step.id, pending=True)}
        self.refresh_view()

    def refresh_view(self) -> None:
        svc, step = self.svc, self.step
        self.query_one("#statements-floor", Static).update(floor_text(svc, step, self.lang))
        self.query_one("#statements-results", Static).update(
            results_view(svc, step, self.lang, width=36, short=True)
        )
        table = self.query_one(DataTable)
        saved = remember_row(table)
        table.clear()
        floor = svc.statement_on_floor(step.id)
        shown = {s.id for s in svc.statements_shown(step.id)}
        verdicts = {r.statement.id: r for r in svc.statement_results(step.id)}
        every = [s for s in svc.statements(step.id, pending=None)]
        # the proposals waiting for moderation first: they need the facilitator
        every.sort(key=lambda s: (s.status != StatementStatus.PENDING, s.id))
        for s in every:
            if s.status == StatementStatus.PENDING:
                state = Text("📱 " + self.tr("statements.status.pending"), style="bold yellow")
            elif s.status == StatementStatus.REJECTED:
                state = Text(self.tr("statements.status.rejected"), style="dim")
            elif floor is not None and s.id == floor.id:
                state = Text("▶ " + self.tr("statements.tui.on_floor"), style="bold reverse")
            elif s.id in shown:
                state = Text(self.tr("statements.tui.shown"))
            else:
                state = Text(self.tr("statements.tui.waiting"), style="dim")
            r = verdicts.get(s.id)
            answers = str(r.total.total) if r else ""
            verdict = Text("")
            if r is not None and r.total.total:
                verdict = Text(self.tr(f"statements.verdict.{r.verdict.value}"), STYLE[r.verdict])
                if s.tension is not None:
                    verdict.append(" ⚡")
            table.add_row(str(s.id), state, clip(s.text, 36), answers, verdict, key=str(s.id))
        restore_row(table, saved)
        pending = {s.id for s in every if s.status == StatementStatus.PENDING}
        new = pending - getattr(self, "_pending_seen", set())
        if new:
            self.notify(nt("statements.tui.new_proposals", len(new), self.lang))
        self._pending_seen = pending

    def _highlighted(self) -> int | None:
        return row_key(self.query_one(DataTable))

    async def _redraw(self) -> None:
        if self.is_attached:
            self.refresh_view()

    def action_add(self) -> None:
        async def save(values: dict[str, str]) -> None:
            await self.svc.add_statement(values["text"], step=self.step.id)

        fields = [Field("text", self.tr("statements.tui.text"))]
        self.ask(self.tr("statements.tui.add_heading"), fields, save)

    def action_pick(self) -> None:
        """Choose an idea (of the café, the harvest...) or a disagreement, and reword it."""
        options: list[tuple[object, str]] = []
        for c in self.session.contributions():
            if c.kind.value in ("idea", "insight", "agreement", "question", "report"):
                label = Text(f"{self.tr(f'contribution.{c.kind.value}')} · ")
                label.append(c.text[:90].replace("\n", " "))
                options.append((label, f"contribution:{c.id}"))
        for x in sorted(self.session.all(Tension), key=lambda x: x.id):
            if not x.hidden:
                label = Text(f"{self.tr('contribution.tension')} · ")
                label.append(x.about[:90].replace("\n", " "))
                options.append((label, f"tension:{x.id}"))
        if not options:
            self.notify(self.tr("statements.tui.nothing_to_pick"), severity="warning")
            return
        fields = [
            Field("source", self.tr("statements.tui.source"), options=options),
            Field("text", self.tr("statements.tui.reword")),
        ]

        async def save(values: dict[str, str]) -> None:
            kind, _, rid = (values["source"] or options[0][1]).partition(":")
            await self.svc.pick_statement(
                kind, int(rid), text=values["text"].strip(), step=self.step.id
            )

        self.ask(self.tr("statements.tui.pick_heading"), fields, save)

    async def action_next(self) -> None:
        await self.attempt(self.svc.show_next_statement(self.step.id))
        await self._redraw()

    async def action_show(self) -> None:
        sid = self._highlighted()
        if sid is not None:
            await self.attempt(self.svc.show_statement(sid))
            await self._redraw()

    async def action_accept(self) -> None:
        sid = self._highlighted()
        if sid is not None:
            await self.attempt(self.svc.moderate_statement(sid, True))
            await self._redraw()

    async def action_reject(self) -> None:
        sid = self._highlighted()
        if sid is not None:
            await self.attempt(self.svc.moderate_statement(sid, False))
            await self._redraw()

    def action_reword(self) -> None:
        sid = self._highlighted()
        rec = self.session.get(Statement, sid)
        if rec is None:
            return
        fields = [Field("text", self.tr("statements.tui.text"), rec.text)]

        async def save(values: dict[str, str]) -> None:
            await self.svc.moderate_statement(rec.id, True, text=values["text"])

        self.ask(self.tr("statements.tui.reword_heading"), fields, save)

    def action_paper(self) -> None:
        sid = self._highlighted()
        floor = self.svc.statement_on_floor(self.step.id)
        target = sid if sid is not None else (floor.id if floor else None)
        if target is None:
            return
        names = [(Text(p.name), p.name) for p in self.session.participants]
        answers = [(self.tr(f"statements.answer.{a}"), a) for a in ("agree", "disagree", "pass")]
        fields = [
            Field("voter", self.tr("statements.tui.voter"), options=names),
            Field("answer", self.tr("statements.portal.your_answer"), "agree", options=answers),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.answer_statement(target, values["answer"] or "agree", values["voter"])

        self.ask(self.tr("statements.tui.paper_heading"), fields, save)

    async def action_tension(self) -> None:
        sid = self._highlighted()
        if sid is None:
            return
        tension = await self.attempt(self.svc.statement_to_tension(sid))
        if tension is not None:
            self.notify(self.tr("statements.tui.became_tension", id=tension.id))
        await self._redraw()
