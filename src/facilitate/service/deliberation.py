"""Contributions, tensions, proposals, votes and decisions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitate.domain.records import (
    Contribution,
    ContributionKind,
    Decision,
    DecisionMethod,
    Proposal,
    ProposalStatus,
    Record,
    Source,
    Tension,
    TensionCategory,
    TensionStatus,
    Vote,
)
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.core import ServiceCore, ValidationError


class DeliberationMixin(ServiceCore):
    """Contributions, tensions, proposals, votes and decisions."""

    # -- contributions and the records of deliberation ----------------------------------------

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
        if objection_to is not None and self.session.get(Proposal, objection_to) is None:
            raise ValidationError("service.unknown_proposal", id=objection_to)
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
        rec = rec.replace(**changes)
        await self.save(rec)
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

    def dots_allowed(self, step: str | None) -> int:
        st = self.info.step(step) if step else None
        return int(st.settings.get("dots", 3)) if st else 3

    async def vote(
        self,
        proposal_id: int,
        voter: str,
        dots: int = 1,
        *,
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Vote:
        if self.session.get(Proposal, proposal_id) is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if dots < 1:
            raise ValidationError("service.bad_dots", value=dots)
        placed = self._placed(source, **where)
        voter = clean_name(voter) or "?"
        allowed = self.dots_allowed(placed["step"])
        used = self.session.dots_used(voter, placed["step"])
        if used + dots > allowed:
            raise ValidationError("service.no_dots_left", used=used, allowed=allowed)
        st = self.info.step(placed["step"]) if placed["step"] else None
        if st is not None and st.settings.get("stacking") is False:
            for v in self.session.all(Vote):
                if v.voter == voter and v.step == placed["step"] and v.proposal == proposal_id:
                    raise ValidationError("service.no_stacking")
            if dots > 1:
                raise ValidationError("service.no_stacking")
        rec = Vote(id=self.new_id("votes"), proposal=proposal_id, dots=dots, voter=voter, **placed)
        records: list[Record] = [rec]
        prop = self.session.get(Proposal, proposal_id)
        assert prop is not None
        if prop.status == ProposalStatus.DRAFT:
            records.append(prop.replace(status=ProposalStatus.VOTED))
        await self.save(*records)
        return rec

    def ranking(self, step: str | None = None) -> list[tuple[Proposal, int]]:
        """Proposals by dots received (in `step`, or overall), most first; ties by id."""
        totals: dict[int, int] = {}
        for v in self.session.all(Vote):
            if step is None or v.step == step:
                totals[v.proposal] = totals.get(v.proposal, 0) + v.dots
        props = [p for p in self.session.all(Proposal) if not p.hidden]
        return sorted(((p, totals.get(p.id, 0)) for p in props), key=lambda x: (-x[1], x[0].id))

    async def decide(
        self, text: str, *, method: str = "consent", proposal: int | None = None, **where: Any
    ) -> Decision:
        try:
            how = DecisionMethod(method)
        except ValueError:
            raise ValidationError("service.bad_method", value=method) from None
        records: list[Record] = []
        if proposal is not None:
            prop = self.session.get(Proposal, proposal)
            if prop is None:
                raise ValidationError("service.unknown_proposal", id=proposal)
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

    async def lift_objection(self, tension_id: int, how: str, *, amend: str = "") -> Tension:
        """An objection lifted by an amendment: the tension is resolved, the proposal amended."""
        tension = self.session.get(Tension, tension_id)
        if tension is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        tension = tension.replace(status=TensionStatus.RESOLVED, outcome=clean_text(how))
        records: list[Record] = [tension]
        if tension.objection_to is not None:
            prop = self.session.get(Proposal, tension.objection_to)
            if prop is not None:
                others = [
                    x
                    for x in self.session.all(Tension)
                    if x.objection_to == prop.id
                    and x.id != tension_id
                    and x.status == TensionStatus.OPEN
                ]
                text = prop.text
                if amend:
                    text = (text + "\n" if text else "") + clean_text(amend)
                status = ProposalStatus.OBJECTED if others else ProposalStatus.AMENDED
                records.append(prop.replace(status=status, text=text))
        await self.save(*records)
        return tension
