"""Set-up: details, participants, tables, round questions, the rotation plan and the warnings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
)

from facilitate.domain.records import Participant, Step, Table
from facilitate.i18n import nt, pick, t
from facilitate.service import SessionService, ValidationError
from facilitate.service.rotation import DEFAULT_PLAN_SECONDS, MAX_PLAN_SECONDS
from facilitate.service.structure import MAX_CAPACITY, whole
from facilitate.tui.messages import RecordSaved
from facilitate.tui.screens.forms import Field, FormModal, choices
from facilitate.tui.screens.home import import_participants_prompt
from facilitate.tui.screens.importing import import_participants
from facilitate.tui.screens.setup_structure import (
    StructureActions,
    cafe_summary,
    default_capacity,
    stale_plan,
)
from facilitate.tui.widgets.base import InLanguage, clip, remember_row, restore_row, row_key
from facilitate.tui.widgets.rotation import (
    mixing,
    plan_by_person,
    plan_by_round,
    rounds_step,
    same_label_tables,
)


def power_label(p: Participant, lang: str) -> str:
    """A participant's kind of power, marked when it is only a suggestion from the import."""
    if p.power is None:
        return ""
    label = t(f"power.{p.power.value}", lang)
    return t("import.suggested", lang, power=label) if p.power_suggested_by else label


POWERS = ["political", "administrative", "institutional", "technical", "economic", "civil_society"]
ROLES = ["driver", "follower", "counterweight"]


def round_questions(svc: SessionService) -> list[tuple[Step, int, str]]:
    """(step, round number, question) of every round of every café step, stored or planned."""
    out: list[tuple[Step, int, str]] = []
    for step in svc.info.steps:
        if step.kind != "rounds":
            continue
        planned = step.settings.get("questions") or []
        stored = {r.number: r.question for r in svc.session.rounds_of(step.id)}
        count = max(int(step.settings.get("rounds", 0) or 0), len(planned), *stored, 0)
        for number in range(1, count + 1):
            question = stored.get(number) or (
                pick(planned[number - 1], svc.lang) if number <= len(planned) else ""
            )
            out.append((step, number, question))
    return out


def cooperation_warnings(svc: SessionService, lang: str) -> list[str]:
    """The imbalances of powers, territories and counterweights, once that module exists."""
    try:
        from facilitate.domain.cooperation import warnings
    except ImportError:
        return []
    return [w.message(lang) if hasattr(w, "message") else str(w) for w in warnings(svc.session)]


DETAILS = ("title", "date", "venue", "venue_host", "facilitator", "project", "lang")
# the set-up's tabs in order, with the widget the keyboard lands on when one is shown
TABS = (
    ("tab-details", "#detail-title"),
    ("tab-participants", "#people"),
    ("tab-tables", "#tables"),
    ("tab-rotation", "#plan-box"),
    ("tab-warnings", "#warnings-box"),
)


def venue_advice(svc: SessionService, sessions: Path | None, lang: str) -> str:
    """Where the project has met so far and the partner suggested to host next (the seed's
    "place of cooperation": meetings that rotate between the actors)."""
    from facilitate.domain.cooperation import next_venue
    from facilitate.service import list_sessions

    infos = [svc.info]
    if sessions is not None and svc.info.project:
        here = svc.store.folder.resolve()
        for entry in list_sessions(Path(sessions), lang=lang):
            # a damaged session has no info: it is listed as such on the home screen
            info = entry.info
            same_project = info is not None and info.project == svc.info.project
            if same_project and info is not None and entry.folder.resolve() != here:
                infos.append(info)
    infos.sort(key=lambda i: i.date)
    advice = next_venue(infos, svc.session.participants)
    if advice.suggested_structure is None and advice.suggested_territory is None:
        return ""
    hosted = ", ".join(f"{host or '?'} ({venue or '?'})" for venue, host, _ in advice.hosted)
    return t(
        "tui.setup.next_venue",
        lang,
        hosted=hosted or "—",
        structure=advice.suggested_structure or "—",
        territory=advice.suggested_territory or "—",
    )


class SetupScreen(InLanguage, StructureActions):
    """Everything to prepare before the room fills; each tab has its keys."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="close-setup"),
        Binding("ctrl+s", "save_details", "Save details", id="save-details"),
        Binding("a", "add", "Add", id="setup-add"),
        Binding("enter", "edit", "Edit", id="setup-edit", show=False),
        Binding("i", "import", "Import participants", id="setup-import"),
        Binding("c", "confirm_power", "Confirm power", id="confirm-power", show=False),
        Binding("g", "plan", "Plan the rotation", id="plan-rotation"),
        Binding("x", "toggle_plan_view", "By round/by person", id="plan-view"),
        Binding("m", "toggle_spread", "Mix territories first", id="plan-spread", show=False),
        Binding("b", "extend_budget", "Longer planning", id="plan-budget", show=False),
        # shown in the tables tab's key line and the help, the footer being full
        Binding("r", "edit_rounds", "Rounds and minutes", id="setup-rounds", show=False),
        Binding("t", "edit_tables", "Number of tables and seats", id="setup-tables", show=False),
        Binding("delete", "remove_table", "Remove the table", id="setup-remove-table", show=False),
        # tabs by key: their number (shown on each tab), or [ and ] for the one before or after
        *(
            Binding(str(n), f"show_tab({n})", f"Tab {n}", id=f"setup-tab-{n}", show=False)
            for n in range(1, len(TABS) + 1)
        ),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", id="setup-tab-previous"),
        Binding("right_square_bracket", "next_tab(1)", "Next tab", id="setup-tab-next"),
    ]

    def __init__(self, lang: str, svc: SessionService) -> None:
        super().__init__()
        self.lang, self.svc = lang, svc
        self.by_person = False
        # the rotation planner's budget, shown beside the plan; the facilitator may extend it
        self.plan_seconds = DEFAULT_PLAN_SECONDS
        # mix territories (and structures) first: fewer same-territory tables, more repeats
        self.plan_spread = False

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def numbered(self, key: str) -> str:
        """A tab's label with the key that shows it: "2 Participants"."""
        tab = {"details": 1, "participants": 2, "tables": 3, "rotation": 4, "warnings": 5}
        return f"{tab[key.rsplit('.', 1)[1]]} {self.tr(key)}"

    _focus_after_tab: str | None = None  # the widget to focus once the tab asked for is shown

    def action_show_tab(self, number: int) -> None:
        """Show tab `number` (1-based) and put the keyboard on its list or first field."""
        tab, target = TABS[max(1, min(number, len(TABS))) - 1]
        tabs = self.query_one(TabbedContent)
        self._focus_after_tab = target
        if tabs.active == tab:
            self.call_after_refresh(self._focus_tab_target)
        tabs.active = tab  # the keyboard moves once the tab says it is shown (below)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.call_after_refresh(self._focus_tab_target)

    def _focus_tab_target(self) -> None:
        target = self._focus_after_tab
        if target is not None:
            self._focus_after_tab = None
            self.query_one(target).focus()

    def action_next_tab(self, delta: int) -> None:
        ids = [tab for tab, _ in TABS]
        index = ids.index(self.tab()) if self.tab() in ids else 0
        self.action_show_tab((index + delta) % len(ids) + 1)

    def compose(self) -> ComposeResult:
        info = self.svc.info
        yield Header()
        with TabbedContent(id="setup-tabs"):
            with TabPane(self.numbered("tui.setup.details"), id="tab-details"):
                for name in DETAILS:
                    yield Static(self.tr(f"tui.setup.{name}"))
                    yield Input(str(getattr(info, name)), id=f"detail-{name}")
                yield Static(
                    self.tr("tui.setup.content_lang_hint", screen=self.lang), classes="modal-note"
                )
            with TabPane(self.numbered("tui.setup.participants"), id="tab-participants"):
                yield Input(placeholder=self.tr("tui.setup.search"), id="people-search")
                yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            with TabPane(self.numbered("tui.setup.tables"), id="tab-tables"):
                yield Static(id="cafe-structure")
                yield DataTable(id="tables", cursor_type="row", zebra_stripes=True)
                yield Static(self.tr("tui.setup.questions"), classes="section-title")
                yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
            with TabPane(self.numbered("tui.setup.rotation"), id="tab-rotation"):
                yield Static(id="plan-settings")
                yield Static(id="plan-figures")
                yield ProgressBar(total=100, show_eta=False, id="plan-progress")
                with VerticalScroll(id="plan-box"):
                    yield Static(id="plan")
            with (
                TabPane(self.numbered("tui.setup.warnings"), id="tab-warnings"),
                VerticalScroll(id="warnings-box"),
            ):
                yield Static(id="warnings")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.svc.info.title
        self.sub_title = self.tr("tui.setup.sub")
        people = self.query_one("#people", DataTable)
        for key in ("name", "structure", "territory", "power", "role", "host"):
            people.add_column(self.tr(f"tui.setup.col.{key}"), key=key)
        tables = self.query_one("#tables", DataTable)
        for key in ("table", "topic", "host", "capacity"):
            tables.add_column(self.tr(f"tui.setup.col.{key}"), key=key)
        questions = self.query_one("#questions", DataTable)
        for key in ("step", "round", "question"):
            questions.add_column(self.tr(f"tui.setup.col.{key}"), key=key)
        self.refresh_view()

    def refresh_view(self) -> None:
        sess = self.svc.session
        query = self.query_one("#people-search", Input).value.strip().lower()
        people = self.query_one("#people", DataTable)
        kept = remember_row(people)  # the cursor stays on the person just edited
        people.clear()
        hosts = {tb.host: tb.name for tb in sess.tables}
        for p in sess.participants:
            if query and query not in f"{p.name} {p.structure} {p.territory}".lower():
                continue
            people.add_row(
                clip(p.name, 24),
                clip(p.structure, 30),
                clip(p.territory, 16),
                power_label(p, self.lang),
                self.tr(f"role.{p.role.value}") if p.role else "",
                clip(hosts.get(p.id, ""), 16),
                key=str(p.id),
            )
        restore_row(people, kept)
        tables = self.query_one("#tables", DataTable)
        kept = remember_row(tables)
        tables.clear()
        for tb in sess.tables:
            tables.add_row(
                clip(tb.name, 20),
                clip(tb.topic, 48),
                clip(sess.participant_name(tb.host), 20),
                str(tb.capacity),
                key=str(tb.id),
            )
        restore_row(tables, kept)
        self.query_one("#cafe-structure", Static).update(cafe_summary(self.svc, self.lang))
        self.show_questions()
        self.show_plan()
        lines = cooperation_warnings(self.svc, self.lang)
        text = Text(
            "\n".join(f"⚠ {line}" for line in lines) if lines else self.tr("tui.setup.no_warnings")
        )
        venue = venue_advice(self.svc, getattr(self.app, "sessions_dir", None), self.lang)
        if venue:
            text.append("\n\n" + venue)
        self.query_one("#warnings", Static).update(text)

    def show_questions(self) -> None:
        """One row per round of each café step: its stored question, else the format's."""
        table = self.query_one("#questions", DataTable)
        row = table.cursor_row
        table.clear()
        for step, number, question in round_questions(self.svc):
            table.add_row(
                clip(step.text("title", self.svc.lang), 28),
                str(number),
                clip(question, 80) if question else Text(self.tr("tui.setup.question_to_write")),
                key=f"{step.id}#{number}",
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def show_planner(self) -> None:
        """The planner's budget and its choice of spread, which b and m change."""
        spread = self.tr("tui.setup.yes" if self.plan_spread else "tui.setup.no")
        self.query_one("#plan-settings", Static).update(
            self.tr("tui.setup.planner", seconds=f"{self.plan_seconds:g}", spread=spread)
        )

    def action_toggle_spread(self) -> None:
        self.plan_spread = not self.plan_spread
        self.show_planner()

    def action_extend_budget(self) -> None:
        """Double the planner's budget, back to the first one past a minute."""
        longer = self.plan_seconds * 2
        self.plan_seconds = longer if longer <= MAX_PLAN_SECONDS else DEFAULT_PLAN_SECONDS
        self.show_planner()

    def show_plan(self) -> None:
        self.show_planner()
        step = rounds_step(self.svc)
        if step is None or not any(r.seating for r in self.svc.session.rounds_of(step.id)):
            self.query_one("#plan", Static).update(self.tr("tui.seating.no_plan"))
            return
        rounds = self.svc.session.rounds_of(step.id)
        seats = [list(r.seating.values()) for r in rounds]
        figures = mixing(seats)
        territory = {p.id: p.territory for p in self.svc.session.participants if p.territory}
        clashes = same_label_tables(seats, territory)
        stale = stale_plan(self.svc, step, self.lang)
        self.query_one("#plan-figures", Static).update(
            Text(
                self.tr(
                    "tui.setup.figures",
                    repeats=figures["repeats"],
                    met=f"{figures['met']:.1f}",
                    people=nt(
                        "tui.setup.figures_people", len(self.svc.session.participants), self.lang
                    ),
                    tables=nt("tui.setup.n_tables", len(self.svc.session.tables), self.lang),
                )
                + (f"\n{self.tr('tui.setup.spread_figure', clashes=clashes)}" if territory else "")
                + (f"\n⚠ {stale}" if stale else "")
            )
        )
        render = plan_by_person if self.by_person else plan_by_round
        self.query_one("#plan", Static).update(render(self.svc, step, self.lang))

    _refresh_due = False

    @on(RecordSaved)
    def record_saved(self, message: RecordSaved) -> None:
        """Refresh once for a burst of changes (an import saves 60 people in one batch)."""
        change = message.change
        if change.kind in ("participants", "tables", "rounds", "session") and not self._refresh_due:
            self._refresh_due = True
            self.call_after_refresh(self._refresh_after_changes)

    def _refresh_after_changes(self) -> None:
        self._refresh_due = False
        self.refresh_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "people-search":
            self.refresh_view()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    # -- actions -------------------------------------------------------------------------

    def form(
        self, title: str, fields: list[Field], then: Callable[[dict[str, str]], Awaitable[object]]
    ) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run_worker(self.attempt(then(values)), group="setup")

        self.app.push_screen(FormModal(self.lang, title, fields), done)

    async def attempt(self, coro: Awaitable[object]) -> None:
        try:
            await coro
        except ValidationError as exc:
            self.notify(exc.message(self.lang), severity="error")
        self.refresh_view()

    async def action_save_details(self) -> None:
        values = {n: self.query_one(f"#detail-{n}", Input).value for n in DETAILS}
        await self.attempt(self.svc.update_info(**values))
        self.notify(self.tr("tui.setup.saved"))

    def person_fields(self, p: Participant | None) -> list[Field]:
        return [
            Field("name", self.tr("tui.setup.col.name"), p.name if p else ""),
            Field("structure", self.tr("tui.setup.col.structure"), p.structure if p else ""),
            Field("territory", self.tr("tui.setup.col.territory"), p.territory if p else ""),
            Field(
                "power",
                self.tr("import.power_from", word=p.power_suggested_by)
                if p and p.power_suggested_by
                else self.tr("tui.setup.col.power"),
                p.power.value if p and p.power else "",
                options=choices(self.lang, "power", POWERS),
            ),
            Field("function", self.tr("import.field.function"), p.function if p else ""),
            Field("email", self.tr("import.field.email"), p.email if p else ""),
            Field("phone", self.tr("import.field.phone"), p.phone if p else ""),
            Field(
                "role",
                self.tr("tui.setup.col.role"),
                p.role.value if p and p.role else "",
                options=choices(self.lang, "role", ROLES),
            ),
        ]

    def action_add(self) -> None:
        if self.tab() == "tab-tables":
            fields = [
                Field("name", self.tr("tui.setup.col.table")),
                Field("topic", self.tr("tui.setup.col.topic")),
                Field(
                    "host",
                    self.tr("tui.setup.col.host"),
                    options=[(Text(p.name), str(p.id)) for p in self.svc.session.participants],
                ),
                Field("capacity", self.tr("tui.setup.capacity"), str(default_capacity(self.svc))),
            ]

            async def add_table(v: dict[str, str]) -> None:
                await self.svc.add_table(
                    v["name"],
                    topic=v["topic"],
                    host=int(v["host"]) if v["host"] else None,
                    capacity=whole(v["capacity"], "service.bad_capacity", 1, MAX_CAPACITY),
                )

            self.form(self.tr("tui.setup.add_table"), fields, lambda v: self.after(add_table(v)))
        else:
            self.form(
                self.tr("tui.setup.add_person"),
                self.person_fields(None),
                lambda v: self.svc.add_participant(**v),
            )

    def action_edit(self) -> None:
        if self.tab() == "tab-tables" and self.focused is self.query_one("#questions"):
            self.edit_question()
        elif self.tab() == "tab-tables":
            tb = self.svc.session.get(Table, row_key(self.query_one("#tables", DataTable)))
            if tb is None:
                return
            fields = [
                Field("name", self.tr("tui.setup.col.table"), tb.name),
                Field("topic", self.tr("tui.setup.col.topic"), tb.topic),
                Field(
                    "host",
                    self.tr("tui.setup.col.host"),
                    str(tb.host or ""),
                    options=[(Text(p.name), str(p.id)) for p in self.svc.session.participants],
                ),
                Field("capacity", self.tr("tui.setup.capacity"), str(tb.capacity)),
            ]

            async def save_table(v: dict[str, str]) -> None:
                if v["capacity"].strip() != str(tb.capacity):
                    await self.svc.set_capacity(v["capacity"], tb.id)
                await self.svc.update_table(
                    tb.id,
                    name=v["name"],
                    topic=v["topic"],
                    host=int(v["host"]) if v["host"] else None,
                )

            self.form(tb.name, fields, lambda v: self.after(save_table(v)))
        elif self.tab() == "tab-participants":
            p = self.svc.session.get(Participant, row_key(self.query_one("#people", DataTable)))
            if p is not None:
                self.form(
                    p.name, self.person_fields(p), lambda v: self.svc.update_participant(p.id, **v)
                )

    def edit_question(self) -> None:
        table = self.query_one("#questions", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or ""
        step_id, _, number = key.rpartition("#")
        current = dict(((s.id, n), q) for s, n, q in round_questions(self.svc))
        step = self.svc.info.step(step_id)
        if step is None:
            return
        title = f"{step.text('title', self.svc.lang)} · " + self.tr(
            "tui.timer.round", number=number
        )
        fields = [
            Field(
                "question",
                self.tr("tui.setup.col.question"),
                current.get((step_id, int(number)), ""),
            )
        ]
        self.form(
            title,
            fields,
            lambda v: self.svc.set_round_question(step_id, int(number), v["question"]),
        )

    async def action_confirm_power(self) -> None:
        """The highlighted participant's suggested kind of power becomes theirs, as it is."""
        if self.tab() != "tab-participants":
            return
        p = self.svc.session.get(Participant, row_key(self.query_one("#people", DataTable)))
        if p is None or p.power is None or not p.power_suggested_by:
            return
        await self.attempt(self.svc.update_participant(p.id, power=p.power.value))
        power = self.tr(f"power.{p.power.value}")
        self.notify(self.tr("import.power_confirmed", name=p.name, power=power))

    def action_import(self) -> None:
        async def run(_svc: object, path: str) -> None:
            await import_participants(self, self.lang, self.svc, path)
            self.refresh_view()

        import_participants_prompt(self, self.lang, run)

    def action_toggle_plan_view(self) -> None:
        self.by_person = not self.by_person
        self.show_plan()

    def action_plan(self) -> None:
        step = rounds_step(self.svc)
        if step is None:
            self.notify(self.tr("tui.setup.no_rounds"), severity="warning")
            return
        self.query_one(TabbedContent).active = "tab-rotation"
        self.query_one("#plan-progress", ProgressBar).update(total=100, progress=0)
        self.plan_worker(step.id)

    @work(thread=True, exclusive=True, group="rotation")
    def plan_worker(self, step_id: str) -> None:
        from facilitate.planning import InfeasibleError, InstanceError

        bar = self.query_one("#plan-progress", ProgressBar)
        seconds = self.plan_seconds

        def progress(info: dict[str, float]) -> None:
            done = 100 if info.get("done") else min(99, 100 * info.get("seconds", 0) / seconds)
            self.app.call_from_thread(bar.update, progress=done)

        try:
            # the service builds the instance and solves it as `facilitate rotation solve` does
            proposal = self.svc.plan_rotation(
                step_id, seconds=seconds, seed=0, spread=self.plan_spread, on_progress=progress
            )
        except (InstanceError, InfeasibleError) as exc:
            self.app.call_from_thread(self.notify, exc.message(self.lang), severity="error")
            return
        plan = proposal.plan
        # call_from_thread awaits a coroutine function's result; mypy cannot solve its overload
        self.app.call_from_thread(self.store_plan, step_id, proposal.seats, plan.repeats)  # type: ignore[arg-type]

    async def store_plan(self, step_id: str, seats: list[list[list[int]]], repeats: int) -> None:
        self.query_one("#plan-progress", ProgressBar).update(progress=100)
        await self.attempt(self.svc.set_seating(step_id, seats))
        self.notify(nt("tui.setup.planned", repeats, self.lang, repeats=repeats))

    def action_close(self) -> None:
        self.dismiss(None)
