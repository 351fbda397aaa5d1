"""Actions, meaning answers, open forum topics, hiding; the moving debate is DebateMixin's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitate.domain.records import (
    Action,
    InterestTag,
    MeaningAnswer,
    Record,
    Source,
    Tension,
    TensionCategory,
    Topic,
)
from facilitate.domain.session import RECORD_TYPES
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.core import ValidationError
from facilitate.service.debate import DebateMixin


class WorkshopMixin(DebateMixin):
    """Actions, meaning answers, moving debates, open forum topics, hiding."""

    # -- actions, meaning, debate, open forum ------------------------------------------------

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

    async def add_meaning(
        self,
        *,
        actor: str,
        purpose: str,
        serves: str,
        territory: str = "",
        structure: str = "",
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> MeaningAnswer:
        if not clean_text(purpose) and not clean_text(serves):
            raise ValidationError("service.empty_text")
        rec = MeaningAnswer(
            id=self.new_id("meaning"),
            actor=clean_name(actor),
            territory=clean_name(territory),
            structure=clean_name(structure),
            purpose=clean_text(purpose),
            serves=clean_text(serves),
            **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def tag_interest(
        self, answer_id: int, tag: str, *, tension_about: str = "", between: Iterable[str] = ()
    ) -> MeaningAnswer:
        """Tag an answer common / crossed / antagonistic; an antagonism becomes a tension."""
        rec = self.session.get(MeaningAnswer, answer_id)
        if rec is None:
            raise ValidationError("service.unknown_answer", id=answer_id)
        try:
            interest = InterestTag(tag)
        except ValueError:
            raise ValidationError("service.bad_interest", value=tag) from None
        records: list[Record] = []
        tension_id = rec.tension
        if interest == InterestTag.ANTAGONISTIC and tension_id is None:
            tension = Tension(
                id=self.new_id("tensions"),
                about=clean_text(tension_about) or rec.serves or rec.purpose,
                between=[x for x in (rec.territory, *map(clean_name, between)) if x],
                category=TensionCategory.INTERESTS,
                **self._placed(Source.FACILITATOR, step=rec.step, round=None),
            )
            records.append(tension)
            tension_id = tension.id
        rec = rec.replace(interest=interest, tension=tension_id)
        await self.save(*records, rec)
        return rec

    async def add_topic(
        self,
        title: str,
        convener: str,
        *,
        interested: Iterable[str] = (),
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Topic:
        rec = Topic(
            id=self.new_id("topics"),
            title=self._text(title),
            convener=clean_name(convener),
            interested=[x for x in (clean_name(i) for i in interested) if x],
            **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def place_topic(
        self, topic_id: int, slot: int | None, space: int | None, *, pinned: bool = True
    ) -> Topic:
        rec = self.session.get(Topic, topic_id)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        rec = rec.replace(slot=slot, space=space, pinned=pinned)
        await self.save(rec)
        return rec

    async def report_topic(
        self, topic_id: int, report: str, attendance: Iterable[str] = ()
    ) -> Topic:
        rec = self.session.get(Topic, topic_id)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        rec = rec.replace(
            report=clean_text(report),
            attendance=[clean_name(a) for a in attendance if clean_name(a)],
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
