"""The set-up screen's café keys (rounds and minutes, tables and seats) and a plan gone stale."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent

from facilitate.domain.records import Step, Table
from facilitate.i18n import nt, t
from facilitate.service import SessionService
from facilitate.tui.screens.forms import Field, FormModal
from facilitate.tui.widgets.base import row_key


def cafe_steps(svc: SessionService) -> list[Step]:
    return [s for s in svc.info.steps if s.kind == "rounds"]


def default_capacity(svc: SessionService) -> int:
    """Seats offered for a new table: those of the last table, else 6."""
    tables = svc.session.tables
    return tables[-1].capacity if tables else 6


def cafe_summary(svc: SessionService, lang: str) -> Text:
    """One line per café step (rounds × minutes, tables, seats for people), and the keys."""
    sess = svc.session
    tables = sess.tables
    seats = sum(tb.capacity for tb in tables)
    present = sum(1 for p in sess.participants if p.present)
    lines = []
    for step in cafe_steps(svc):
        rounds = int(step.settings.get("rounds") or 0)
        per = step.settings.get("round_minutes") or (step.minutes // max(1, rounds))
        line = t(
            "tui.setup.cafe",
            lang,
            step=step.text("title", svc.lang),
            rounds=nt("tui.setup.n_rounds", rounds, lang),
            minutes=per,
            total=step.minutes,
            tables=nt("tui.setup.n_tables", len(tables), lang),
            seats=nt("tui.setup.n_seats", seats, lang),
            people=nt("tui.setup.n_people", present, lang),
        )
        if svc.started(step.id):
            line += " · " + t("tui.setup.cafe_started", lang)
        lines.append(line)
    text = Text("\n".join(lines), style="bold")
    if lines:
        text.append("\n" + t("tui.setup.cafe_keys", lang), style="dim")
    return text


def stale_plan(svc: SessionService, step: Step, lang: str) -> str:
    """Why the stored rotation plan no longer fits the café, or '' when it fits (or is none)."""
    sess = svc.session
    rounds = sess.rounds_of(step.id)
    seated = [r for r in rounds if r.seating]
    if not seated:
        return ""
    reasons = []
    count = int(step.settings.get("rounds") or 0)
    if len(seated) != count:
        reasons.append(t("tui.setup.stale.rounds", lang, planned=len(seated), rounds=count))
    keys = {str(tb.id) for tb in sess.tables}
    if any(set(r.seating) != keys for r in seated):
        reasons.append(t("tui.setup.stale.tables", lang))
    present = [p for p in sess.participants if p.present]
    missing = [
        p.name for p in present if any(p.id not in sum(r.seating.values(), []) for r in seated)
    ]
    if missing:
        names = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        reasons.append(t("tui.setup.stale.people", lang, names=names))
    full = [
        tb.name
        for tb in sess.tables
        if any(len(r.seating.get(str(tb.id), [])) > tb.capacity for r in seated)
    ]
    if full:
        reasons.append(t("tui.setup.stale.seats", lang, tables=", ".join(full)))
    return t("tui.setup.stale", lang, why="; ".join(reasons)) if reasons else ""


class StructureActions(Screen[None]):
    """The set-up keys r (rounds and minutes), t (tables and seats) and Delete (a table)."""

    lang: str
    svc: SessionService

    def structure_form(
        self,
        title: str,
        fields: list[Field],
        note: str,
        then: Callable[[dict[str, str]], Awaitable[object]],
    ) -> None:
        """A form with its note; the change runs in a worker, refusals and staleness shown."""

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run_worker(self.after(then(values)), group="setup")

        self.app.push_screen(FormModal(self.lang, title, fields, note=note), done)

    def cafe_step(self) -> Step | None:
        """The café step under the questions' cursor, else the first one."""
        steps = cafe_steps(self.svc)
        questions = self.query_one("#questions", DataTable)
        if questions.row_count and self.focused is questions:
            key = questions.coordinate_to_cell_key(questions.cursor_coordinate).row_key.value
            step_id = (key or "").rpartition("#")[0]
            return next((s for s in steps if s.id == step_id), steps[0] if steps else None)
        return steps[0] if steps else None

    def show_tables_tab(self) -> None:
        self.query_one(TabbedContent).active = "tab-tables"

    def action_edit_rounds(self) -> None:
        step = self.cafe_step()
        if step is None:
            self.notify(t("tui.setup.no_rounds", self.lang), severity="warning")
            return
        self.show_tables_tab()
        per = step.settings.get("round_minutes")
        fields = [
            Field(
                "rounds",
                t("tui.setup.field.rounds", self.lang),
                str(step.settings.get("rounds", "")),
            ),
            Field("round_minutes", t("tui.setup.field.round_minutes", self.lang), str(per or "")),
        ]
        self.structure_form(
            t("tui.setup.rounds_form", self.lang, step=step.text("title", self.svc.lang)),
            fields,
            t("tui.setup.rounds_note", self.lang),
            lambda v: self.svc.set_rounds(
                step.id, rounds=v["rounds"], round_minutes=v["round_minutes"]
            ),
        )

    def action_edit_tables(self) -> None:
        self.show_tables_tab()
        tables = self.svc.session.tables
        seats = {tb.capacity for tb in tables}
        fields = [
            Field("tables", t("tui.setup.field.tables", self.lang), str(len(tables))),
            Field(
                "capacity",
                t("tui.setup.field.capacity", self.lang),
                str(seats.pop()) if len(seats) == 1 else "",
            ),
        ]
        self.structure_form(
            t("tui.setup.tables_form", self.lang),
            fields,
            t("tui.setup.tables_note", self.lang),
            lambda v: self.svc.set_tables(v["tables"], capacity=v["capacity"]),
        )

    async def action_remove_table(self) -> None:
        if self.query_one(TabbedContent).active != "tab-tables":
            return
        table = self.svc.session.get(Table, row_key(self.query_one("#tables", DataTable)))
        if table is None:
            return
        await self.after(self.svc.remove_table(table.id))
        if self.svc.session.get(Table, table.id) is None:
            self.notify(t("tui.setup.removed", self.lang, name=table.name))

    async def after(self, change: Awaitable[object]) -> None:
        """Make the change (a refusal is shown by `attempt`), then say if the plan went stale."""
        await self.attempt(change)
        for step in cafe_steps(self.svc):
            why = stale_plan(self.svc, step, self.lang)
            if why:
                self.notify(why, severity="warning")

    async def attempt(self, coro: Awaitable[object]) -> None:
        raise NotImplementedError  # the set-up screen's: the service's refusal as a notice
