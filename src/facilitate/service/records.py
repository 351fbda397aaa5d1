"""What the room says, kept as records: contributions (and blockages), tensions, proposals and
actions, their links, hiding one. Votes are in voting.py, consent decisions in consent.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitate.domain.records import (
    Action,
    Contribution,
    ContributionKind,
    DecisionMethod,
    Proposal,
    ProposalStatus,
    Record,
    Source,
    Table,
    Tension,
    TensionCategory,
    TensionStatus,
)
from facilitate.domain.session import RECORD_TYPES
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.consent import ConsentMixin
from facilitate.service.core import PORTAL_KINDS, ValidationError


class RecordsMixin(ConsentMixin):
    """Contributions, tensions, proposals, actions (votes and consent: VotingMixin, ConsentMixin)."""

    # -- contributions and the records of deliberation ----------------------------------------

    async def capture(
        self,
        kind: str,
        text: str,
        *,
        table: int | None = None,
        author: int | None = None,
        author_name: str = "",
        reason: str = "",
        source: Source = Source.FACILITATOR,
    ) -> Contribution | Tension | Proposal:
        """One line from the room, in the step and round in force: the capture bar's (an idea,
        question, tension, proposal, blockage with its reason, insight...) and a phone's (an
        idea, question, proposal or disagreement, while submissions are open). A proposal
        comes from its table (`origin`)."""
        if source == Source.PORTAL:
            if not self.info.submissions_open:
                raise ValidationError("service.submissions_closed")
            if kind not in PORTAL_KINDS:
                raise ValidationError("service.bad_kind", value=kind)
        where: dict[str, Any] = {"table": table, "author": author, "author_name": author_name}
        if kind == "proposal":
            at = self.session.get(Table, table) if table is not None else None
            origin = at.name if at is not None else ""
            return await self.add_proposal(text, origin=origin, source=source, **where)
        if kind == "tension":
            return await self.add_tension(text, source=source, **where)
        return await self.add_contribution(kind, text, reason=reason, source=source, **where)

    async def add_contribution(
        self,
        kind: str | ContributionKind,
        text: str,
        *,
        source: Source = Source.FACILITATOR,
        reason: str = "",
        answer: str = "",
        **where: Any,
    ) -> Contribution:
        try:
            ckind = ContributionKind(kind)
        except ValueError:
            raise ValidationError("service.bad_kind", value=kind) from None
        rec = Contribution(
            id=self.new_id("contributions"),
            kind=ckind,
            text=self._text(text),
            reason=clean_text(reason),
            answer=clean_text(answer),
            **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def add_blockage(
        self, text: str, reason: str, answer: str = "", **where: Any
    ) -> Contribution:
        return await self.add_contribution(
            ContributionKind.BLOCKAGE, text, reason=reason, answer=answer, **where
        )

    async def add_tension(
        self,
        about: str,
        *,
        between: Iterable[str] = (),
        category: str = "interests",
        source: Source = Source.FACILITATOR,
        objection_to: int | None = None,
        **where: Any,
    ) -> Tension:
        try:
            cat = TensionCategory(category)
        except ValueError:
            raise ValidationError("service.bad_category", value=category) from None
        if objection_to is not None:
            if self.session.get(Proposal, objection_to) is None:
                raise ValidationError("service.unknown_proposal", id=objection_to)
            self.check_objection_moment(objection_to)
        rec = Tension(
            id=self.new_id("tensions"),
            about=self._text(about),
            between=[b for b in (clean_name(x) for x in between) if b],
            category=cat,
            objection_to=objection_to,
            **self._placed(source, **where),
        )
        records: list[Record] = [rec]
        if objection_to is not None:
            prop = self.session.get(Proposal, objection_to)
            assert prop is not None
            records.append(
                prop.replace(
                    status=ProposalStatus.OBJECTED, tensions=sorted({*prop.tensions, rec.id})
                )
            )
        await self.save(*records)
        return rec

    async def update_tension(self, tension_id: int, **changes: Any) -> Tension:
        rec = self.session.get(Tension, tension_id)
        if rec is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        if "status" in changes:
            try:
                changes["status"] = TensionStatus(changes["status"])
            except ValueError:
                raise ValidationError("service.bad_status", value=changes["status"]) from None
            changes.update(self.objection_status_change(rec, changes["status"]))
        if "category" in changes:
            try:
                changes["category"] = TensionCategory(changes["category"])
            except ValueError:
                raise ValidationError("service.bad_category", value=changes["category"]) from None
        for key in ("about", "outcome"):
            if key in changes:
                changes[key] = clean_text(changes[key])
        if "between" in changes:
            changes["between"] = [b for b in (clean_name(x) for x in changes["between"]) if b]
        records: list[Record] = []
        if "ended" in changes and rec.objection_to is not None:
            prop = self.session.get(Proposal, rec.objection_to)
            if prop is not None and prop.status != ProposalStatus.ADOPTED:
                if changes["ended"] is None:  # reopened
                    after = prop.replace(status=ProposalStatus.OBJECTED)
                else:
                    after = self._after_objection(prop, rec)
                if after != prop:
                    records.append(after)
        rec = rec.replace(**changes)
        await self.save(rec, *records)
        return rec

    async def add_proposal(
        self,
        title: str,
        text: str = "",
        *,
        origin: str = "",
        tensions: Iterable[int] = (),
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Proposal:
        linked = sorted(set(tensions))
        for tid in linked:
            if self.session.get(Tension, tid) is None:
                raise ValidationError("service.unknown_tension", id=tid)
        rec = Proposal(
            id=self.new_id("proposals"),
            title=self._text(title),
            text=clean_text(text),
            origin=clean_name(origin),
            tensions=linked,
            **self._placed(source, **where),
        )
        records: list[Record] = [rec]
        for tid in linked:
            tension = self.session.get(Tension, tid)
            assert tension is not None
            records.append(
                tension.replace(
                    proposals=sorted({*tension.proposals, rec.id}),
                    status=TensionStatus.BECAME_PROPOSAL,
                )
            )
        await self.save(*records)
        return rec

    async def update_proposal(self, proposal_id: int, **changes: Any) -> Proposal:
        rec = self.session.get(Proposal, proposal_id)
        if rec is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if "status" in changes:
            try:
                changes["status"] = ProposalStatus(changes["status"])
            except ValueError:
                raise ValidationError("service.bad_status", value=changes["status"]) from None
            if changes["status"] == ProposalStatus.ADOPTED != rec.status:
                self.check_can_adopt(rec, DecisionMethod.CONSENSUS)  # no objection stands
        for key in ("title", "text"):
            if key in changes:
                changes[key] = self._text(changes[key], required=key == "title")
        records: list[Record] = []
        if "tensions" in changes:
            linked = sorted(set(changes["tensions"]))
            for tid in linked:
                tension = self.session.get(Tension, tid)
                if tension is None:
                    raise ValidationError("service.unknown_tension", id=tid)
                if proposal_id not in tension.proposals:
                    records.append(
                        tension.replace(proposals=sorted({*tension.proposals, proposal_id}))
                    )
            changes["tensions"] = linked
        rec = rec.replace(**changes)
        await self.save(rec, *records)
        return rec

    async def link(self, tension_id: int, proposal_id: int) -> None:
        """Say that a proposal answers a tension (both records keep the link)."""
        tension = self.session.get(Tension, tension_id)
        prop = self.session.get(Proposal, proposal_id)
        if tension is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        if prop is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        await self.save(
            tension.replace(proposals=sorted({*tension.proposals, proposal_id})),
            prop.replace(tensions=sorted({*prop.tensions, tension_id})),
        )

    # -- actions, hiding ---------------------------------------------------------------------

    async def add_action(
        self,
        what: str,
        *,
        owner: str = "",
        due: str = "",
        proposal: int | None = None,
        **where: Any,
    ) -> Action:
        rec = Action(
            id=self.new_id("actions"),
            what=self._text(what),
            owner=clean_name(owner),
            due=clean_name(due),
            proposal=proposal,
            **self._placed(Source.FACILITATOR, **where),
        )
        await self.save(rec)
        return rec

    async def hide(self, kind: str, record_id: int, hidden: bool = True) -> Record:
        """Hide (or show again) a contribution, tension or proposal from the phones and report."""
        cls = RECORD_TYPES.get(kind)
        rec = self.session.get(cls, record_id) if cls else None
        if rec is None or not hasattr(rec, "hidden"):
            raise ValidationError("service.unknown_record", kind=kind, id=record_id)
        rec = rec.replace(hidden=hidden)
        await self.save(rec)
        return rec
