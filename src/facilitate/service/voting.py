"""Dot voting: budgets that hold under concurrent phones, results hidden until revealed.

A voter has `dots` dots per vote step (the format's or the set-up's number, else about a third
of the options: see `facilitate.domain.deciding.default_dots`). The budget is counted per
participant where the voter is known, per phone (the portal's signed device id) otherwise, and
by the typed name, case and accents aside, for a name the facilitator types that matches no
participant. The dots a vote takes are reserved in memory *before* the save and released once
it is applied (or failed), so requests arriving together can never place more than the budget.
"""

from __future__ import annotations

import secrets
from typing import Any

from facilitate.domain.deciding import (
    default_dots,
    dots_used,
    fold_name,
    results_shown,
    vote_key,
    voter_key,
)
from facilitate.domain.records import (
    EventKind,
    Participant,
    Proposal,
    ProposalStatus,
    Record,
    SessionInfo,
    Source,
    Step,
    Vote,
)
from facilitate.domain.text import clean_name
from facilitate.i18n import Counted
from facilitate.service.core import ServiceCore, ValidationError

DOTS_MAX = 100


class VotingMixin(ServiceCore):
    """Dots per voter and step, reserved before the save; the reveal of the results."""

    @property
    def _holds(self) -> dict[tuple[str | None, str], int]:
        """Dots being saved right now, per (step, voter key): counted as placed already."""
        holds: dict[tuple[str | None, str], int] | None = self.__dict__.get("_dot_holds")
        if holds is None:
            holds = self.__dict__["_dot_holds"] = {}
        return holds

    def vote_options(self, step: str | None = None) -> list[Proposal]:
        """What a vote offers: the proposals the phones show (none hidden), by id."""
        return sorted((p for p in self.session.all(Proposal) if not p.hidden), key=lambda p: p.id)

    def dots_allowed(self, step: str | None) -> int:
        """The dots each voter has in `step`: set in the format or the set-up, else a third of
        the options (at least one)."""
        st = self.info.step(step) if step else None
        if st is not None and st.settings.get("dots"):
            return int(st.settings["dots"])
        return default_dots(len(self.vote_options(step)))

    def dots_left(
        self, step: str | None, *, voter: str = "", device: str = "", author: int | None = None
    ) -> int:
        key = self._budget_key(voter, device, author)[0]
        if not key:
            return 0
        used = dots_used(self.session, step, key) + self._holds.get((step, key), 0)
        return max(0, self.dots_allowed(step) - used)

    def participant_named(self, name: str) -> Participant | None:
        """The one participant whose name reads `name`, case, accents and spacing aside."""
        folded = fold_name(name)
        if not folded:
            return None
        found = [p for p in self.session.participants if fold_name(p.name) == folded]
        return found[0] if len(found) == 1 else None

    def _budget_key(
        self, voter: str, device: str, author: int | None
    ) -> tuple[str, str, int | None]:
        """(budget key, name to record, participant) for a voter."""
        name = clean_name(voter)
        if author is None and not device:
            person = self.participant_named(name)
            if person is not None:
                author, name = person.id, person.name
        elif author is not None:
            name = self.session.participant_name(author) or name
        return voter_key(author=author, device=device, name=name), name, author

    async def vote(
        self,
        proposal_id: int,
        voter: str = "",
        dots: int = 1,
        *,
        device: str = "",
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Vote:
        """Place `dots` dots on a proposal, within the voter's budget for the step."""
        prop = self.session.get(Proposal, proposal_id)
        if prop is None or prop.hidden:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= DOTS_MAX:
            raise ValidationError("service.bad_dots", value=dots)
        placed = self._placed(source, **where)
        step_id: str | None = placed["step"]
        key, name, author = self._budget_key(voter, device, placed["author"])
        if not key:
            raise ValidationError("deciding.vote.no_voter")
        placed["author"] = author
        allowed = self.dots_allowed(step_id)
        held = self._holds.get((step_id, key), 0)
        used = dots_used(self.session, step_id, key) + held
        if used >= allowed:
            raise ValidationError(
                Counted("service.no_dots_left", allowed, used=used, allowed=allowed)
            )
        if used + dots > allowed:
            left = allowed - used
            raise ValidationError(
                Counted("deciding.vote.too_many", left, left=left, allowed=allowed)
            )
        st = self.info.step(step_id) if step_id else None
        if st is not None and st.settings.get("stacking") is False:
            on_it = (step_id, f"{key}#{proposal_id}")
            already = self._holds.get(on_it, 0) or any(
                v.proposal == proposal_id and v.step == step_id and vote_key(v) == key
                for v in self.session.all(Vote)
            )
            if dots > 1 or already:
                raise ValidationError("service.no_stacking")
        else:
            on_it = None
        rec = Vote(
            id=self.new_id("votes"),
            proposal=proposal_id,
            dots=dots,
            voter=name,
            device=device,
            **placed,
        )
        records: list[Record] = [rec]
        if prop.status == ProposalStatus.DRAFT:
            records.append(prop.replace(status=ProposalStatus.VOTED))
        # reserved before the save, released once it is applied (or failed): no await between
        # the check above and this line, so no other request can slip in
        self._hold((step_id, key), dots)
        if on_it:
            self._hold(on_it, 1)
        try:
            await self.save(*records)
        finally:
            self._hold((step_id, key), -dots)
            if on_it:
                self._hold(on_it, -1)
        return rec

    def _hold(self, key: tuple[str | None, str], dots: int) -> None:
        value = self._holds.get(key, 0) + dots
        if value > 0:
            self._holds[key] = value
        else:
            self._holds.pop(key, None)

    def ranking(self, step: str | None = None) -> list[tuple[Proposal, int]]:
        """Proposals by dots received (in `step`, or overall), most first; ties by id."""
        totals: dict[int, int] = {}
        for v in self.session.all(Vote):
            if step is None or v.step == step:
                totals[v.proposal] = totals.get(v.proposal, 0) + v.dots
        props = [p for p in self.session.all(Proposal) if not p.hidden]
        return sorted(((p, totals.get(p.id, 0)) for p in props), key=lambda x: (-x[1], x[0].id))

    def turnout(self, step: str) -> tuple[int, int]:
        """(dots placed, voters) in a vote step: what may be shown while results are hidden."""
        votes = [v for v in self.session.all(Vote) if v.step == step]
        return sum(v.dots for v in votes), len({vote_key(v) for v in votes})

    # -- the results: hidden until the facilitator reveals them ----------------------------------

    def results_shown(self, step: str | None) -> bool:
        st = self.info.step(step) if step else None
        return results_shown(st, self.session.events)

    async def reveal_results(self, step: str, shown: bool = True) -> None:
        """Show the count on the projector and the phones (or hide it again)."""
        st = self._vote_step(step)
        if self.results_shown(st.id) != shown:
            await self.log(EventKind.VOTE_REVEALED, step=st.id, shown=shown)

    async def set_dots(self, step: str, dots: int | None) -> Step:
        """The set-up's number of dots for a vote step; None goes back to a third of the options."""
        st = self._vote_step(step)
        settings = dict(st.settings)
        if dots is None:
            settings.pop("dots", None)
        else:
            if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= DOTS_MAX:
                raise ValidationError("service.bad_dots", value=dots)
            settings["dots"] = dots
        new = Step.from_dict({**st.to_dict(), "settings": settings})
        steps = [new if s.id == st.id else s for s in self.info.steps]
        info = self.info
        await self.save_info(
            SessionInfo.from_dict({**info.to_dict(), "steps": [s.to_dict() for s in steps]})
        )
        return new

    async def ensure_device_secret(self) -> str:
        """The key (hex) the portal signs phones' device ids with, made once per session and
        kept in it, so ids stay valid when the laptop restarts."""
        if not self.info.device_secret:
            info = SessionInfo.from_dict(
                {**self.info.to_dict(), "device_secret": secrets.token_hex(32)}
            )
            await self.save_info(info)
        return self.info.device_secret

    def _vote_step(self, step: str) -> Step:
        st = self.info.step(step)
        if st is None or st.kind != "vote":
            raise ValidationError("deciding.vote.not_a_vote", id=step)
        return st
