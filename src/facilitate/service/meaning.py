"""The meaning step: each actor's "what is the project for?" and "how does it serve my
territory, my structure?", and the interests tagged common, crossed or antagonistic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitate.domain.records import (
    InterestTag,
    MeaningAnswer,
    Record,
    Source,
    Tension,
    TensionCategory,
)
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.core import ServiceCore, ValidationError


class MeaningMixin(ServiceCore):
    """Meaning answers and their interest tags (an antagonism opens a tension)."""

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
