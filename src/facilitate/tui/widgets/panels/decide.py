"""Dot voting (the live ranking) and consent (questions, reactions, objections, the decision)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from facilitate.domain.records import Decision, Proposal, Tension, TensionStatus
from facilitate.tui.screens.forms import Field, choices
from facilitate.tui.widgets.base import clip
from facilitate.tui.widgets.panel import StepPanel
from facilitate.tui.widgets.panels.people import contributions_of, row_key


class VotePanel(StepPanel):
    """Proposals ranked by the dots they received in this step, updated as votes arrive."""

    BINDINGS = [
        Binding("v", "vote", "Place dots", id="place-dots"),
        Binding("a", "add_proposal", "Add a proposal", id="add-proposal"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="vote-rule", classes="panel-question")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("rank", "proposal", "dots", "bar", "status"):
            table.add_column(self.tr(f"tui.vote.{key}"), key=key)
        self.refresh_view()

    def refresh_view(self) -> None:
        allowed = self.svc.dots_allowed(self.step.id)
        self.query_one("#vote-rule", Static).update(self.tr("tui.vote.rule", dots=allowed))
        ranking = self.svc.ranking(self.step.id)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        top = max((n for _, n in ranking), default=0) or 1
        for rank, (prop, dots) in enumerate(ranking, 1):
            bar = Text("█" * round(20 * dots / top), style="green")
            table.add_row(
                str(rank),
                clip(prop.title, 50),
                str(dots),
                bar,
                self.tr(f"proposal.{prop.status.value}"),
                key=str(prop.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def action_vote(self) -> None:
        props = [(clip(p.title, 60), str(p.id)) for p, _ in self.svc.ranking(self.step.id)]
        current = row_key(self.query_one(DataTable))
        fields = [
            Field("proposal", self.tr("tui.vote.proposal"), str(current or ""), options=props),
            Field("voter", self.tr("tui.vote.voter")),
            Field("dots", self.tr("tui.vote.dots"), "1"),
        ]

        async def save(values: dict[str, str]) -> None:
            dots = int(values["dots"]) if values["dots"].strip().isdigit() else 1
            await self.svc.vote(int(values["proposal"]), values["voter"], dots, step=self.step.id)

        self.ask(self.tr("tui.vote.heading"), fields, save)

    def action_add_proposal(self) -> None:
        fields = [
            Field("title", self.tr("tui.vote.proposal")),
            Field("text", self.tr("tui.vote.text")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.add_proposal(values["title"], values["text"], **self.where())

        self.ask(self.tr("tui.vote.add_heading"), fields, save)


class ConsentPanel(StepPanel):
    """The proposal, clarifying questions, reactions, objections until lifted, the decision."""

    BINDINGS = [
        Binding("k", "choose", "Choose the proposal", id="choose-proposal"),
        Binding("x", "object", "Objection", id="add-objection"),
        Binding("l", "lift", "Lift an objection", id="lift-objection"),
        Binding("d", "decide", "Decide", id="record-decision"),
    ]

    can_focus = True
    proposal_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="consent-proposal", classes="panel-question")
        with Horizontal(classes="panel-columns"):
            yield Static(id="consent-talk", classes="panel-col")
            yield Static(id="consent-objections", classes="panel-col")

    def build(self) -> None:
        ranking = self.svc.ranking()
        objected = [t.objection_to for t in self.session.all(Tension) if t.objection_to]
        self.proposal_id = objected[-1] if objected else (ranking[0][0].id if ranking else None)
        self.refresh_view()

    def proposal(self) -> Proposal | None:
        return self.session.get(Proposal, self.proposal_id)

    def objections(self) -> list[Tension]:
        return sorted(
            (
                t
                for t in self.session.all(Tension)
                if self.proposal_id is not None and t.objection_to == self.proposal_id
            ),
            key=lambda t: t.id,
        )

    def refresh_view(self) -> None:
        prop = self.proposal()
        head = Text()
        if prop is None:
            head.append(self.tr("tui.consent.no_proposal"), style="dim")
        else:
            head.append(prop.title, style="bold")
            head.append(f"  [{self.tr(f'proposal.{prop.status.value}')}]\n")
            head.append(prop.text)
        self.query_one("#consent-proposal", Static).update(head)
        talk = Text()
        for kind in ("question", "reaction"):
            talk.append(self.tr(f"tui.consent.{kind}s") + "\n", style="bold")
            for c in contributions_of(self, kind):
                talk.append("• " + c.text.replace("\n", " ") + "\n")
        for d in self.session.all(Decision):
            if d.proposal == self.proposal_id and d.proposal is not None:
                talk.append(self.tr("tui.consent.decision") + " ", style="bold green")
                talk.append(d.text + "\n")
        self.query_one("#consent-talk", Static).update(talk)
        objs = Text(self.tr("tui.consent.objections") + "\n", style="bold")
        for tn in self.objections():
            lifted = tn.status == TensionStatus.RESOLVED
            objs.append(f"#{tn.id} ", style="green" if lifted else "red")
            objs.append(tn.about.replace("\n", " "), style="strike" if lifted else "")
            objs.append(f"  [{self.tr(f'tension.{tn.status.value}')}]\n")
        self.query_one("#consent-objections", Static).update(objs)

    def action_choose(self) -> None:
        props = [(clip(p.title, 60), str(p.id)) for p, _ in self.svc.ranking()]
        fields = [
            Field(
                "proposal", self.tr("tui.vote.proposal"), str(self.proposal_id or ""), options=props
            )
        ]

        async def save(values: dict[str, str]) -> None:
            self.proposal_id = int(values["proposal"]) if values["proposal"] else None

        self.ask(self.tr("tui.consent.choose"), fields, save)

    def action_object(self) -> None:
        if self.proposal_id is None:
            return
        fields = [
            Field("about", self.tr("tui.consent.objection")),
            Field("between", self.tr("tui.board.between")),
            Field(
                "category",
                self.tr("tui.board.category"),
                "method",
                options=choices(
                    self.lang,
                    "category",
                    ["meaning", "interests", "power", "time", "method", "resources"],
                ),
            ),
        ]

        async def save(values: dict[str, str]) -> None:
            between = [b.strip() for b in values["between"].split(",") if b.strip()]
            await self.svc.add_tension(
                values["about"],
                between=between,
                category=values["category"] or "method",
                objection_to=self.proposal_id,
                **self.where(),
            )

        self.ask(self.tr("tui.consent.objection_heading"), fields, save)

    def action_lift(self) -> None:
        open_ones = [
            (clip(f"#{tn.id} {tn.about}", 60), str(tn.id))
            for tn in self.objections()
            if tn.status == TensionStatus.OPEN
        ]
        if not open_ones:
            self.notify(self.tr("tui.consent.none_open"))
            return
        fields = [
            Field("tension", self.tr("tui.consent.objection"), open_ones[0][1], options=open_ones),
            Field("how", self.tr("tui.consent.how")),
            Field("amend", self.tr("tui.consent.amend")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.lift_objection(
                int(values["tension"]), values["how"], amend=values["amend"]
            )

        self.ask(self.tr("tui.consent.lift_heading"), fields, save)

    def action_decide(self) -> None:
        prop = self.proposal()
        fields = [
            Field("text", self.tr("tui.consent.decision"), prop.title if prop else ""),
            Field(
                "method",
                self.tr("tui.consent.method"),
                "consent",
                options=choices(self.lang, "method", ["consent", "vote", "consensus"]),
            ),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.decide(
                values["text"],
                method=values["method"] or "consent",
                proposal=self.proposal_id,
                **self.where(),
            )

        self.ask(self.tr("tui.consent.decide_heading"), fields, save)
