"""Gradients of agreement (`agreement` step): a proposal polled on Kaner's scale or fist-to-five.

Rules kept here, whatever screen asks (see domain/agreement.py for the scales):
- the fair-vote rules: one answer per person and poll, counted per participant where known,
  per phone (the portal's signed device id) otherwise, per typed name for the facilitator; a
  second answer replaces the first; answers arriving together from one person cannot both land
  (reserved in memory before the save, as dot votes are);
- the level is one of the step's scale; phones answer the poll that is running only;
- a block (Kaner's 8, the fist) says why, and opens an objection to the proposal as in a
  consent decision (a tension, `objection_to` the proposal), saved with the answer in one write;
  a person who changes a block into another answer lifts their objection;
- the proposal is the facilitator's choice, else the step's `proposal` setting ("top": the first
  of the last vote before the step; a {fr, en} text written as a proposal the first time).
"""

from __future__ import annotations

from typing import Any

from facilitate.domain.agreement import (
    LEVELS,
    Distribution,
    Poll,
    answer_key,
    answers,
    current_poll,
    distribution,
    distribution_shown,
    is_block,
    polls_of,
    scale_of,
)
from facilitate.domain.deciding import voter_key
from facilitate.domain.records import (
    AgreementAnswer,
    EventKind,
    ObjectionEnd,
    Participant,
    Proposal,
    ProposalStatus,
    Record,
    Source,
    Step,
    Tension,
    TensionCategory,
    TensionStatus,
)
from facilitate.domain.text import clean_name, clean_text
from facilitate.i18n import pick
from facilitate.service.consent import SETTLED, ConsentMixin
from facilitate.service.core import ValidationError


class AgreementMixin(ConsentMixin):
    """Polls of support on a proposal; a block becomes an objection."""

    @property
    def _answer_holds(self) -> set[tuple[str, int, int, str]]:
        holds: set[tuple[str, int, int, str]] | None = self.__dict__.get("_agreement_holds")
        if holds is None:
            holds = self.__dict__["_agreement_holds"] = set()
        return holds

    def agreement_step(self, step_id: str | None) -> Step:
        step = self.info.step(step_id) if step_id else None
        if step is None or step.kind != "agreement":
            raise ValidationError("agreement.not_a_scale", id=step_id or "")
        return step

    def agreement_poll(self, step_id: str) -> Poll:
        return current_poll(self.session.events, step_id)

    def agreement_target(self, step_id: str) -> Proposal | None:
        """The proposal polled: the one opened, else the step's setting."""
        poll = self.agreement_poll(step_id)
        if poll.proposal is not None:
            return self.session.get(Proposal, poll.proposal)
        return self.proposal_of_setting(step_id)

    async def open_agreement(self, step_id: str, proposal_id: int | None = None) -> Proposal:
        """Put a proposal to the scale (poll 1): the one given, else the step's."""
        step = self.agreement_step(step_id)
        if proposal_id is not None:
            prop = self.session.get(Proposal, proposal_id)
            if prop is None or prop.hidden:
                raise ValidationError("service.unknown_proposal", id=proposal_id)
        else:
            prop = self.agreement_target(step.id)
            setting = step.settings.get("proposal")
            if prop is None and isinstance(setting, dict):
                prop = Proposal(
                    id=self.new_id("proposals"),
                    title=self._text(pick(setting, self.lang)),
                    origin=step.text("title", self.lang),
                    **self._placed(Source.FACILITATOR, step=step.id, round=None),
                )
                await self.save(prop)
        if prop is None:
            raise ValidationError("agreement.no_proposal")
        if prop.status in SETTLED:
            raise ValidationError("deciding.consent.settled", title=prop.title)
        poll = self.agreement_poll(step.id)
        if poll.proposal != prop.id:
            # back to a proposal polled before in this step: its latest poll goes on
            before = [n for pid, n in polls_of(self.session.events, step.id) if pid == prop.id]
            await self.log(
                EventKind.AGREEMENT_POLL,
                step=step.id,
                proposal=prop.id,
                poll=max(before, default=1),
            )
        return prop

    async def new_agreement_poll(self, step_id: str) -> Poll:
        """After the reservations are heard and the proposal perhaps amended: poll again."""
        step = self.agreement_step(step_id)
        poll = self.agreement_poll(step.id)
        if poll.proposal is None:
            raise ValidationError("agreement.no_poll")
        if not answers(self.session, step.id, poll.proposal, poll.poll):
            raise ValidationError("agreement.poll_empty")
        await self.log(
            EventKind.AGREEMENT_POLL, step=step.id, proposal=poll.proposal, poll=poll.poll + 1
        )
        return self.agreement_poll(step.id)

    def agreement_shown(self, step_id: str) -> bool:
        """Whether the room sees the running poll's distribution (see domain/agreement.py)."""
        return distribution_shown(self.agreement_step(step_id), self.session.events)

    async def show_agreement(self, step_id: str, shown: bool = True) -> bool:
        """Show the running poll's distribution to the room (or hide it again)."""
        step = self.agreement_step(step_id)
        poll = self.agreement_poll(step.id)
        if poll.proposal is None:
            raise ValidationError("agreement.no_poll")
        if self.agreement_shown(step.id) != shown:
            await self.log(
                EventKind.AGREEMENT_SHOWN,
                step=step.id,
                proposal=poll.proposal,
                poll=poll.poll,
                shown=shown,
            )
        return self.agreement_shown(step.id)

    def agreement_distribution(
        self, step_id: str, proposal: int | None = None, poll: int | None = None
    ) -> Distribution:
        step = self.agreement_step(step_id)
        now = self.agreement_poll(step.id)
        pid = proposal if proposal is not None else now.proposal
        number = poll if poll is not None else now.poll
        given = answers(self.session, step.id, pid, number) if pid is not None else []
        return distribution(scale_of(step), given)

    def my_agreement(self, step_id: str, *, device: str = "") -> AgreementAnswer | None:
        """The answer this phone gave in the running poll, if any."""
        poll = self.agreement_poll(step_id)
        if poll.proposal is None or not device:
            return None
        key = voter_key(device=device)
        found = [
            a
            for a in answers(self.session, step_id, poll.proposal, poll.poll)
            if answer_key(a) == key
        ]
        return found[-1] if found else None

    async def answer_agreement(
        self,
        level: int,
        voter: str = "",
        *,
        comment: str = "",
        device: str = "",
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> AgreementAnswer:
        """One person's level in the running poll; a block opens an objection."""
        placed = self._placed(source, **where)
        live_step = self.live().step
        if source == Source.PORTAL and placed["step"] != live_step:
            raise ValidationError("agreement.not_now")
        step = self.agreement_step(placed["step"])
        scale = scale_of(step)
        if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS[scale]:
            raise ValidationError("agreement.bad_level", value=level)
        poll = self.agreement_poll(step.id)
        if poll.proposal is None:
            if source == Source.PORTAL:
                raise ValidationError("agreement.no_poll")
            await self.open_agreement(step.id)
            poll = self.agreement_poll(step.id)
        assert poll.proposal is not None
        prop = self.session.get(Proposal, poll.proposal)
        if prop is None or prop.status in SETTLED:
            raise ValidationError("agreement.closed")
        # who answers: the participant, else the phone, else a typed name (a participant's if
        # it reads as one)
        name = clean_name(voter)
        author = placed["author"]
        if author is None and not device and name:
            person = self.participant_named(name)
            if person is not None:
                author, name = person.id, person.name
        elif author is not None:
            name = self.session.participant_name(author) or name
        placed["author"] = author
        key = voter_key(author=author, device=device, name=name)
        if not key:
            raise ValidationError("agreement.who")
        reason = clean_text(comment)
        block = is_block(scale, level)
        if block and not reason:
            raise ValidationError("agreement.block_needs_reason")
        hold = (step.id, prop.id, poll.poll, key)
        if hold in self._answer_holds:
            raise ValidationError("agreement.being_saved")
        before = [
            a for a in answers(self.session, step.id, prop.id, poll.poll) if answer_key(a) == key
        ]
        old = before[-1] if before else None
        records: list[Record] = []
        objection = old.objection if old else None
        old_objection = self.session.get(Tension, objection) if objection is not None else None
        if block and (old_objection is None or old_objection.ended is not None):
            between = self._territory_of(author)
            tension = Tension(
                id=self.new_id("tensions"),
                about=reason,
                between=[between] if between else [],
                category=TensionCategory.METHOD,
                objection_to=prop.id,
                **{**placed, "author_name": name if author is None else placed["author_name"]},
            )
            records.append(tension)
            records.append(
                prop.replace(
                    status=ProposalStatus.OBJECTED, tensions=sorted({*prop.tensions, tension.id})
                )
            )
            objection = tension.id
        elif not block and old_objection is not None and old_objection.ended is None:
            lifted = old_objection.replace(
                status=TensionStatus.RESOLVED,
                ended=ObjectionEnd.LIFTED,
                outcome=old_objection.outcome or self._changed_answer(),
            )
            records.append(lifted)
            records.append(self._after_objection(prop, lifted))
            objection = None
        rec = AgreementAnswer(
            id=old.id if old else self.new_id("agreement_answers"),
            proposal=prop.id,
            poll=poll.poll,
            level=level,
            voter=name,
            device=device,
            comment=reason,
            objection=objection,
            **placed,
        )
        self._answer_holds.add(hold)
        try:
            await self.save(rec, *records)
        finally:
            self._answer_holds.discard(hold)
        return rec

    def _territory_of(self, author: int | None) -> str:
        person = self.session.get(Participant, author)
        return person.territory if person else ""

    def _changed_answer(self) -> str:
        from facilitate.i18n import t

        return t("agreement.changed_answer", self.lang)
