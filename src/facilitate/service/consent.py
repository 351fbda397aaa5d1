"""Consent decisions (sociocracy): the rounds, the objections' endings, the decision.

The step walks the rounds of a consent decision as sociocracy runs it (Endenburg; Buck and
Villines, *We the People*, 2007; Sociocracy 3.0, "consent decision making"): presentation,
clarifying questions, reactions, objections; with objections, an integration round (amend),
then the amended proposal is tested again by a new objection round; consent when none remains.

Rules kept here, whatever screen asks:
- a decision by consent is refused while any objection to its proposal is not lifted or
  integrated, and until an objection round was held on the proposal as it now reads;
- each objection ends lifted, integrated (with its amendment), or with the proposal withdrawn
  or postponed, and says which;
- the proposal is the one the facilitator chose in the step, else the step's `proposal`
  setting: a text written in the format, or "top" (the first of the last vote; the default).
"""

from __future__ import annotations

from typing import Any

from facilitate.domain.deciding import (
    ConsentWalk,
    consent_round_of,
    consent_walk,
    next_consent_round,
    objection_blocks,
    objections_to,
    open_objections,
)
from facilitate.domain.records import (
    Decision,
    DecisionMethod,
    EventKind,
    ObjectionEnd,
    Proposal,
    ProposalStatus,
    Record,
    Source,
    Step,
    Tension,
    TensionStatus,
    Vote,
)
from facilitate.domain.text import clean_text
from facilitate.i18n import Counted, pick
from facilitate.service.core import ValidationError
from facilitate.service.voting import VotingMixin

# proposals that can no longer be put to consent
SETTLED = (ProposalStatus.ADOPTED, ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED)
# rounds in which an objection may be raised on the proposal on the table
OBJECTION_ROUNDS = ("objections", "integration", "consent")
# how an ending leaves the objection's tension
_ENDS = {
    ObjectionEnd.LIFTED: TensionStatus.RESOLVED,
    ObjectionEnd.INTEGRATED: TensionStatus.RESOLVED,
    ObjectionEnd.WITHDRAWN: TensionStatus.UNRESOLVED,  # not lifted: a tension to work on
    ObjectionEnd.POSTPONED: TensionStatus.PARKED,  # waits with its proposal
}


class ConsentMixin(VotingMixin):
    """The consent walk, the endings of objections, decisions."""

    # -- which proposal, which round ----------------------------------------------------------

    def consent_walk(self, step_id: str) -> ConsentWalk:
        return consent_walk(self.session.events, step_id)

    def consent_target(self, step_id: str) -> Proposal | None:
        """The proposal on the table: the facilitator's choice, else the step's setting."""
        walk = self.consent_walk(step_id)
        if walk.proposal is not None:
            return self.session.get(Proposal, walk.proposal)
        return self.proposal_of_setting(step_id)

    def proposal_of_setting(self, step_id: str) -> Proposal | None:
        """The step's `proposal` setting: a text of the format's, else the top of the last vote
        (consent and the scale of agreement read it the same way)."""
        step = self.info.step(step_id)
        setting = step.settings.get("proposal", "top") if step else "top"
        if isinstance(setting, dict):
            return self._format_proposal(step_id, setting)
        return self._top_of_last_vote(step_id)

    def _format_proposal(self, step_id: str, text: dict[str, str]) -> Proposal | None:
        title = clean_text(pick(text, self.lang))
        for p in sorted(self.session.all(Proposal), key=lambda p: p.id):
            if p.step == step_id and p.title == title:
                return p
        return None

    def _top_of_last_vote(self, step_id: str) -> Proposal | None:
        ids = [s.id for s in self.info.steps]
        before = set(ids[: ids.index(step_id)]) if step_id in ids else set(ids)
        for step in reversed([s for s in self.info.steps if s.kind == "vote" and s.id in before]):
            for prop, dots in self.ranking(step.id):
                if dots and prop.status not in SETTLED:
                    return prop
        return None

    def _consent_step(self, step_id: str) -> Step:
        step = self.info.step(step_id)
        if step is None or step.kind != "consent":
            raise ValidationError("deciding.consent.not_a_consent_step", id=step_id)
        return step

    async def open_consent(self, step_id: str) -> Proposal | None:
        """Put the step's proposal on the table (writing the format's text as a proposal the
        first time), unless the facilitator already chose one."""
        step = self._consent_step(step_id)
        walk = self.consent_walk(step_id)
        if walk.proposal is not None:
            return self.session.get(Proposal, walk.proposal)
        prop = self.consent_target(step_id)
        setting = step.settings.get("proposal")
        if prop is None and isinstance(setting, dict):
            prop = Proposal(
                id=self.new_id("proposals"),
                title=self._text(pick(setting, self.lang)),
                origin=step.text("title", self.lang),
                **self._placed(Source.FACILITATOR, step=step_id, round=None),
            )
            await self.save(prop)
        if prop is None or prop.status in SETTLED:
            return None
        await self.log(
            EventKind.CONSENT_ROUND, step=step_id, proposal=prop.id, stage="presentation"
        )
        return prop

    async def choose_consent_proposal(self, step_id: str, proposal_id: int) -> Proposal:
        """The facilitator puts another proposal on the table: its walk starts again."""
        self._consent_step(step_id)
        prop = self.session.get(Proposal, proposal_id)
        if prop is None or prop.hidden:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if prop.status in SETTLED:
            raise ValidationError("deciding.consent.settled", title=prop.title)
        await self.log(
            EventKind.CONSENT_ROUND, step=step_id, proposal=prop.id, stage="presentation"
        )
        return prop

    async def next_consent_round(self, step_id: str) -> str:
        """Move the proposal on the table to its next round; returns the round's name."""
        self._consent_step(step_id)
        walk = self.consent_walk(step_id)
        if walk.proposal is None:
            if await self.open_consent(step_id) is None:
                raise ValidationError("deciding.consent.no_proposal")
            return "presentation"
        prop = self.session.get(Proposal, walk.proposal)
        if prop is None or prop.status in SETTLED:
            raise ValidationError("deciding.consent.settled", title=prop.title if prop else "")
        name = next_consent_round(walk.round, len(open_objections(self.session, prop.id)))
        if name != walk.round:
            await self.log(EventKind.CONSENT_ROUND, step=step_id, proposal=prop.id, stage=name)
        return name

    def check_objection_moment(self, proposal_id: int) -> None:
        """An objection to the proposal on the table comes once questions and reactions are
        heard: not during its presentation, questions or reactions rounds."""
        live = self.live()
        step = self.info.step(live.step) if live.step else None
        if step is None or step.kind != "consent":
            return
        walk = self.consent_walk(step.id)
        if walk.proposal == proposal_id and walk.round not in (None, *OBJECTION_ROUNDS):
            raise ValidationError("deciding.consent.objection_too_early")

    # -- how objections end --------------------------------------------------------------------

    def _objection(self, tension_id: int) -> Tension:
        tension = self.session.get(Tension, tension_id)
        if tension is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        if tension.objection_to is None:
            raise ValidationError("deciding.objection.not_an_objection", id=tension_id)
        if not objection_blocks(tension):
            raise ValidationError("deciding.objection.already_ended", id=tension_id)
        return tension

    def _after_objection(self, prop: Proposal, ended: Tension, amended: str = "") -> Proposal:
        """The proposal once an objection is lifted or integrated."""
        others = [x for x in open_objections(self.session, prop.id) if x.id != ended.id]
        integrated = amended or any(
            x.ended == ObjectionEnd.INTEGRATED for x in objections_to(self.session, prop.id)
        )
        if prop.status in SETTLED:
            status = prop.status
        elif others:
            status = ProposalStatus.OBJECTED
        elif integrated:
            status = ProposalStatus.AMENDED
        elif any(v.proposal == prop.id for v in self.session.all(Vote)):
            status = ProposalStatus.VOTED
        else:
            status = ProposalStatus.DRAFT
        text = prop.text
        if amended:
            text = (text + "\n" if text else "") + amended
        return prop.replace(status=status, text=text)

    async def lift_objection(self, tension_id: int, how: str = "", *, amend: str = "") -> Tension:
        """The objector lifts the objection, having heard the answers; with `amend`, it is
        integrated instead (see `integrate_objection`)."""
        if clean_text(amend):
            return await self.integrate_objection(tension_id, amend, how)
        tension = self._objection(tension_id)
        tension = tension.replace(
            status=TensionStatus.RESOLVED, ended=ObjectionEnd.LIFTED, outcome=clean_text(how)
        )
        records: list[Record] = [tension]
        prop = self.session.get(Proposal, tension.objection_to)
        if prop is not None:
            records.append(self._after_objection(prop, tension))
        await self.save(*records)
        return tension

    async def integrate_objection(self, tension_id: int, amendment: str, how: str = "") -> Tension:
        """An amendment answers the objection: the proposal now reads with it, and must be
        tested again (a new objection round) before anyone can consent to it."""
        tension = self._objection(tension_id)
        text = clean_text(amendment)
        if not text:
            raise ValidationError("deciding.objection.no_amendment")
        tension = tension.replace(
            status=TensionStatus.RESOLVED,
            ended=ObjectionEnd.INTEGRATED,
            amendment=text,
            outcome=clean_text(how),
        )
        records: list[Record] = [tension]
        prop = self.session.get(Proposal, tension.objection_to)
        if prop is not None:
            records.append(self._after_objection(prop, tension, text))
        await self.save(*records)
        if prop is not None:
            for step in self.info.steps:
                walk = self.consent_walk(step.id) if step.kind == "consent" else None
                if walk and walk.proposal == prop.id and walk.round in ("objections", "consent"):
                    await self.log(
                        EventKind.CONSENT_ROUND, step=step.id, proposal=prop.id, stage="integration"
                    )
        return tension

    async def withdraw_proposal(self, proposal_id: int, why: str = "") -> Proposal:
        """The proposer withdraws it: its objections stay as tensions to work on."""
        return await self._set_aside(proposal_id, ObjectionEnd.WITHDRAWN, why)

    async def postpone_proposal(self, proposal_id: int, why: str = "") -> Proposal:
        """Put off to a later meeting: its objections wait with it and will be heard again."""
        return await self._set_aside(proposal_id, ObjectionEnd.POSTPONED, why)

    async def _set_aside(self, proposal_id: int, end: ObjectionEnd, why: str) -> Proposal:
        prop = self.session.get(Proposal, proposal_id)
        if prop is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if prop.status in SETTLED:
            raise ValidationError("deciding.consent.settled", title=prop.title)
        status = (
            ProposalStatus.WITHDRAWN if end == ObjectionEnd.WITHDRAWN else ProposalStatus.PARKED
        )
        prop = prop.replace(status=status)
        records: list[Record] = [prop]
        for x in open_objections(self.session, proposal_id):
            records.append(
                x.replace(ended=end, status=_ENDS[end], outcome=x.outcome or clean_text(why))
            )
        await self.save(*records)
        return prop

    def objection_status_change(self, rec: Tension, status: TensionStatus) -> dict[str, Any]:
        """A status set on the board on an objection: resolved lifts it, open reopens it."""
        if rec.objection_to is None or status == rec.status:
            return {}
        if status == TensionStatus.RESOLVED and objection_blocks(rec):
            return {"ended": ObjectionEnd.LIFTED}
        if status == TensionStatus.OPEN:
            return {"ended": None}
        return {}

    # -- the decision ----------------------------------------------------------------------------

    def check_can_adopt(self, prop: Proposal, how: DecisionMethod) -> None:
        """Why a proposal cannot be adopted by `how` now, as a refusal."""
        if prop.status in SETTLED:
            raise ValidationError("deciding.consent.settled", title=prop.title)
        blocking = open_objections(self.session, prop.id)
        if blocking and how != DecisionMethod.VOTE:
            raise ValidationError(
                Counted("deciding.consent.objections_open", len(blocking), about=blocking[0].about)
            )
        if how == DecisionMethod.CONSENT:
            reached = consent_round_of(self.session.events, prop.id)
            if reached == "integration":
                raise ValidationError("deciding.consent.test_again")
            if reached not in ("objections", "consent"):
                raise ValidationError("deciding.consent.no_objection_round")

    async def decide(
        self, text: str, *, method: str = "consent", proposal: int | None = None, **where: Any
    ) -> Decision:
        """Record what was agreed and how; by consent, only once no objection remains."""
        try:
            how = DecisionMethod(method)
        except ValueError:
            raise ValidationError("service.bad_method", value=method) from None
        records: list[Record] = []
        if proposal is not None:
            prop = self.session.get(Proposal, proposal)
            if prop is None:
                raise ValidationError("service.unknown_proposal", id=proposal)
            self.check_can_adopt(prop, how)
            records.append(prop.replace(status=ProposalStatus.ADOPTED))
        rec = Decision(
            id=self.new_id("decisions"),
            text=self._text(text),
            method=how,
            proposal=proposal,
            **self._placed(Source.FACILITATOR, **where),
        )
        await self.save(rec, *records)
        return rec
