"""Dot voting (dots, turnout, the reveal) and consent (its rounds, objections, the decision)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from facilitate.domain.deciding import (
    CONSENT_ROUNDS,
    ROUND_RECORDS,
    objection_end,
    objections_to,
    open_objections,
)
from facilitate.domain.records import Decision, Proposal, Tension
from facilitate.i18n import nt, pt
from facilitate.tui.screens.forms import Field, choices
from facilitate.tui.widgets.base import clip, row_key
from facilitate.tui.widgets.panel import StepPanel, contributions_of
from facilitate.tui.widgets.wall import turnout


def devices_line(panel: StepPanel) -> Text:
    """The phones' new device ids in this step, and the addresses held at the cap."""
    portal: Any = getattr(panel.app, "portal", None)
    devices = getattr(portal, "devices", None)
    if devices is None:
        return Text(panel.tr("deciding.tui.no_portal"), style="dim")
    count = devices.count(panel.step.id)
    line = Text(
        panel.tr(
            "deciding.tui.devices",
            issued=nt("deciding.tui.n_new_ids", count.issued, panel.lang),
            addresses=nt("deciding.tui.n_addresses", count.addresses, panel.lang),
        ),
        style="dim",
    )
    if count.capped:
        who = ", ".join(f"{a} ({n})" for a, n in count.capped[:3])
        line.append("  " + panel.tr("deciding.tui.capped", cap=devices.per_address, who=who))
        line.stylize("yellow", len(line.plain) - len(who))
    if count.refused:
        line.append("  " + panel.tr("deciding.tui.refused", n=count.refused), style="yellow")
    return line


class VotePanel(StepPanel):
    """Proposals and the dots they get: the count hidden until the facilitator reveals it."""

    BINDINGS = [
        Binding("v", "vote", "Place dots", id="place-dots"),
        Binding("a", "add_proposal", "Add a proposal", id="add-proposal"),
        Binding("s", "reveal", "Show or hide the results", id="reveal-results"),
        Binding("d", "dots", "Number of dots", id="set-dots"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="vote-rule", classes="panel-question")
        yield Static(id="vote-status")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)

    def build(self) -> None:
        table = self.query_one(DataTable)
        for key in ("rank", "dots", "bar", "proposal", "status"):  # the count first: visible
            table.add_column(self.tr(f"tui.vote.{key}"), key=key)
        self.refresh_view()

    def refresh_view(self) -> None:
        allowed = self.svc.dots_allowed(self.step.id)
        options = len(self.svc.vote_options(self.step.id))
        how = (
            self.tr("deciding.tui.dots_set")
            if self.step.settings.get("dots")
            else self.tr("deciding.tui.dots_third", n=options)
        )
        if self.step.settings.get("stacking") is False:
            how += ", " + self.tr("deciding.tui.no_stacking")
        self.query_one("#vote-rule", Static).update(
            nt("deciding.tui.rule", allowed, self.lang, dots=allowed, how=how)
        )
        shown = self.svc.results_shown(self.step.id)
        placed, voters = self.svc.turnout(self.step.id)
        status = Text(turnout(placed, voters, self.lang) + "  ")
        if shown:
            status.append(self.tr("deciding.tui.results_shown"), style="bold green")
        else:
            status.append(self.tr("deciding.tui.results_hidden"), style="bold yellow")
        status.append("\n")
        status.append_text(devices_line(self))
        self.query_one("#vote-status", Static).update(status)
        ranking = self.svc.ranking(self.step.id)
        if not shown:  # no order, no count: the room must not see which way it goes
            ranking.sort(key=lambda x: x[0].id)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        top = max((n for _, n in ranking), default=0) or 1
        for rank, (prop, dots) in enumerate(ranking, 1):
            bar = Text("█" * round(10 * dots / top), style="green") if shown else Text("")
            table.add_row(
                str(rank) if shown else "·",
                str(dots) if shown else "·",
                bar,
                clip(prop.title, 50),
                pt("proposal", f"status.{prop.status.value}", self.lang),
                key=str(prop.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def action_vote(self) -> None:
        props = [(clip(p.title, 60), str(p.id)) for p in self.svc.vote_options(self.step.id)]
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

    async def action_reveal(self) -> None:
        shown = self.svc.results_shown(self.step.id)
        await self.attempt(self.svc.reveal_results(self.step.id, not shown))
        self.refresh_view()

    def action_dots(self) -> None:
        current = self.step.settings.get("dots")
        fields = [
            Field(
                "dots",
                self.tr("deciding.tui.dots_field"),
                str(current or ""),
                placeholder=self.tr("deciding.tui.dots_default"),
            )
        ]

        async def save(values: dict[str, str]) -> None:
            text = values["dots"].strip()
            dots = int(text) if text.isdigit() else None
            if text and dots is None:
                self.notify(self.tr("service.bad_dots", value=text), severity="error")
                return
            self.step = await self.svc.set_dots(self.step.id, dots)

        self.ask(self.tr("deciding.tui.dots_heading"), fields, save)


class ConsentPanel(StepPanel):
    """The consent rounds on one proposal: questions, reactions, objections until each ends."""

    BINDINGS = [
        Binding("p", "next_round", "Next round", id="next-consent-round"),
        Binding("a", "add_in_round", "Note what is said", id="add-in-round"),
        Binding("k", "choose", "Choose the proposal", id="choose-proposal"),
        Binding("x", "object", "Objection", id="add-objection"),
        Binding("l", "lift", "Lift an objection", id="lift-objection"),
        Binding("i", "integrate", "Integrate an objection", id="integrate-objection"),
        Binding("m", "set_aside", "Withdraw or postpone", id="set-aside-proposal"),  # t: phone test
        Binding("d", "decide", "Decide", id="record-decision"),
    ]

    can_focus = True

    @property
    def proposal_id(self) -> int | None:
        prop = self.svc.consent_target(self.step.id)
        return prop.id if prop else None

    @property
    def is_live(self) -> bool:
        return self.svc.live().step == self.step.id

    def compose(self) -> ComposeResult:
        yield Static(id="consent-proposal", classes="panel-question")
        yield Static(id="consent-rounds")
        with Horizontal(classes="panel-columns"):
            yield Static(id="consent-talk", classes="panel-col")
            yield Static(id="consent-objections", classes="panel-col")

    def build(self) -> None:
        walk = self.svc.consent_walk(self.step.id)
        if self.is_live and walk.proposal is None:
            # the step's proposal goes on the table (the format's text becomes a proposal)
            self.run_worker(self._open(), group="consent-open")
        self.refresh_view()

    async def _open(self) -> None:
        await self.attempt(self.svc.open_consent(self.step.id))
        self.refresh_view()

    def proposal(self) -> Proposal | None:
        return self.session.get(Proposal, self.proposal_id)

    def objections(self) -> list[Tension]:
        return objections_to(self.session, self.proposal_id)

    def current_round(self) -> str | None:
        walk = self.svc.consent_walk(self.step.id)
        return walk.round if walk.proposal == self.proposal_id else None

    def refresh_view(self) -> None:
        prop = self.proposal()
        head = Text()
        if prop is None:
            head.append(self.tr("tui.consent.no_proposal"), style="dim")
        else:
            head.append(prop.title, style="bold")
            head.append(f"  [{pt('proposal', f'status.{prop.status.value}', self.lang)}]\n")
            head.append(prop.text)
        self.query_one("#consent-proposal", Static).update(head)
        self.query_one("#consent-rounds", Static).update(self.rounds_line())
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
            end = objection_end(tn)
            objs.append(f"#{tn.id} ", style="green" if end else "red")
            objs.append(tn.about.replace("\n", " "), style="strike" if end else "")
            label = self.tr(f"deciding.end.{end.value}") if end else self.tr("deciding.end.open")
            objs.append(f"  [{label}]\n", style="" if end else "bold red")
            if tn.amendment:
                objs.append("   ↳ " + tn.amendment.replace("\n", " ") + "\n", style="italic")
        self.query_one("#consent-objections", Static).update(objs)

    def rounds_line(self) -> Text:
        """Presentation › Questions › ... with the current round marked, and what to do in it."""
        current = self.current_round()
        line = Text()
        for i, name in enumerate(CONSENT_ROUNDS):
            if i:
                line.append(" › ", style="dim")
            style = "bold reverse" if name == current else "dim"
            line.append(self.tr(f"deciding.round.{name}"), style=style)
        prop = self.proposal()
        if prop is not None and prop.status.value == "adopted":
            line.append("\n" + self.tr("deciding.hint.decided"), style="italic green")
        elif current is not None:
            line.append("\n" + self.tr(f"deciding.hint.{current}"), style="italic")
        elif self.is_live:
            line.append("\n" + self.tr("deciding.hint.start"), style="italic")
        return line

    async def action_next_round(self) -> None:
        await self.attempt(self.svc.next_consent_round(self.step.id))
        self.refresh_view()

    def action_add_in_round(self) -> None:
        """What is said in this round: a question, a reaction, an objection, an amendment."""
        what = ROUND_RECORDS.get(self.current_round() or "", "")
        if what in ("question", "reaction"):
            fields = [Field("text", self.tr(f"contribution.{what}"))]

            async def save(values: dict[str, str]) -> None:
                await self.svc.add_contribution(what, values["text"], **self.where())

            self.ask(self.tr(f"contribution.{what}"), fields, save)
        elif what == "objection":
            self.action_object()
        elif what == "amendment":
            self.action_integrate()
        elif self.current_round() == "consent":
            self.action_decide()
        else:
            self.notify(self.tr("deciding.tui.nothing_to_note"))

    def action_choose(self) -> None:
        props = [
            (clip(p.title, 60), str(p.id))
            for p, _ in self.svc.ranking()
            if p.status.value not in ("adopted", "withdrawn", "rejected")
        ]
        fields = [
            Field(
                "proposal", self.tr("tui.vote.proposal"), str(self.proposal_id or ""), options=props
            )
        ]

        async def save(values: dict[str, str]) -> None:
            if values["proposal"]:
                await self.svc.choose_consent_proposal(self.step.id, int(values["proposal"]))

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
        proposal = self.proposal_id

        async def save(values: dict[str, str]) -> None:
            between = [b.strip() for b in values["between"].split(",") if b.strip()]
            await self.svc.add_tension(
                values["about"],
                between=between,
                category=values["category"] or "method",
                objection_to=proposal,
                **self.where(),
            )

        note = self.tr("deciding.tui.objection_note")
        self.ask(self.tr("tui.consent.objection_heading"), fields, save, note=note)

    def _open_ones(self) -> list[tuple[Text, str]]:
        return [
            (clip(f"#{tn.id} {tn.about}", 60), str(tn.id))
            for tn in open_objections(self.session, self.proposal_id)
        ]

    def action_lift(self) -> None:
        open_ones = self._open_ones()
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

    def action_integrate(self) -> None:
        open_ones = self._open_ones()
        if not open_ones:
            self.notify(self.tr("tui.consent.none_open"))
            return
        fields = [
            Field("tension", self.tr("tui.consent.objection"), open_ones[0][1], options=open_ones),
            Field("amend", self.tr("tui.consent.amend")),
            Field("how", self.tr("deciding.tui.integrate_how")),
        ]

        async def save(values: dict[str, str]) -> None:
            await self.svc.integrate_objection(
                int(values["tension"]), values["amend"], values["how"]
            )

        self.ask(self.tr("deciding.tui.integrate_heading"), fields, save)

    def action_set_aside(self) -> None:
        proposal = self.proposal_id
        if proposal is None:
            return
        fields = [
            Field(
                "what",
                self.tr("deciding.tui.set_aside_what"),
                "postponed",
                options=[
                    (self.tr("deciding.tui.withdraw"), "withdrawn"),
                    (self.tr("deciding.tui.postpone"), "postponed"),
                ],
            ),
            Field("why", self.tr("deciding.tui.set_aside_why")),
        ]

        async def save(values: dict[str, str]) -> None:
            if values["what"] == "withdrawn":
                await self.svc.withdraw_proposal(proposal, values["why"])
            else:
                await self.svc.postpone_proposal(proposal, values["why"])

        self.ask(self.tr("deciding.tui.set_aside_heading"), fields, save)

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
        proposal = self.proposal_id

        async def save(values: dict[str, str]) -> None:
            await self.svc.decide(
                values["text"],
                method=values["method"] or "consent",
                proposal=proposal,
                **self.where(),
            )

        self.ask(self.tr("tui.consent.decide_heading"), fields, save)
