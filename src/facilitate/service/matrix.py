"""The 2x2 grid (`matrix` step): cards from phones and the keyboard, moved by the facilitator;
the actors' map placed from the participants' kinds of power and roles (domain/matrix.py).

Rules kept here, whatever screen asks:
- a card goes in one of the step's four quadrants, with a text (or a structure);
- phones add cards to the grid that is running, not to another step's;
- the same card twice in one quadrant is refused (a double tap, two people typing one idea);
- only the facilitator moves a card; a moved structure keeps its place when the map is
  placed again.
"""

from __future__ import annotations

from facilitate.domain.deciding import fold_name
from facilitate.domain.matrix import (
    items_of,
    placed_structures,
    preset_of,
    quadrant_label,
    quadrants_of,
    standings,
)
from facilitate.domain.records import MatrixItem, Proposal, Record, Source, Step
from facilitate.domain.text import clean_name
from facilitate.i18n import t
from facilitate.service.core import ServiceCore, ValidationError

CARDS_MAX = 500  # cards on one grid: far above a real room, below what would drown a screen


class MatrixMixin(ServiceCore):
    """Cards on a 2x2 grid; the actors' map placed from the participants."""

    def matrix_step(self, step_id: str | None) -> Step:
        step = self.info.step(step_id) if step_id else None
        if step is None or step.kind != "matrix":
            raise ValidationError("matrix.not_a_grid", id=step_id or "")
        return step

    def matrix_items(self, step_id: str) -> list[MatrixItem]:
        return items_of(self.session, step_id)

    async def add_matrix_item(
        self,
        quadrant: str,
        text: str,
        *,
        device: str = "",
        source: Source = Source.FACILITATOR,
        structure: str = "",
        territory: str = "",
        **where: object,
    ) -> MatrixItem:
        """A card in one quadrant of the grid (the running step's, from a phone)."""
        placed = self._placed(source, **where)
        if source == Source.PORTAL and placed["step"] != self.live().step:
            raise ValidationError("matrix.not_now")
        step = self.matrix_step(placed["step"])
        if quadrant not in quadrants_of(step):
            raise ValidationError("matrix.bad_quadrant", value=quadrant)
        body = self._text(text)
        items = self.matrix_items(step.id)
        if len(items) >= CARDS_MAX:
            raise ValidationError("matrix.full", n=CARDS_MAX)
        folded = fold_name(body)
        if any(m.quadrant == quadrant and fold_name(m.text) == folded for m in items):
            raise ValidationError("matrix.duplicate", text=body)
        rec = MatrixItem(
            id=self.new_id("matrix_items"),
            quadrant=quadrant,
            text=body,
            structure=clean_name(structure),
            territory=clean_name(territory),
            device=device,
            **placed,
        )
        await self.save(rec)
        return rec

    async def move_matrix_item(self, item_id: int, quadrant: str) -> MatrixItem:
        """The facilitator moves a card to another quadrant (it keeps its place afterwards)."""
        rec = self.session.get(MatrixItem, item_id)
        if rec is None or rec.hidden:
            raise ValidationError("service.unknown_record", kind="matrix_items", id=item_id)
        step = self.matrix_step(rec.step)
        if quadrant not in quadrants_of(step):
            raise ValidationError("matrix.bad_quadrant", value=quadrant)
        rec = rec.replace(quadrant=quadrant, by_hand=True)
        await self.save(rec)
        return rec

    async def place_structures(self, step_id: str) -> list[MatrixItem]:
        """The actors' map: a card for each structure present not yet on it, in the quadrant
        its members' kinds of power and roles suggest. Cards already there (moved or not) stay
        where they are."""
        step = self.matrix_step(step_id)
        if preset_of(step) != "actors":
            raise ValidationError("matrix.not_actors")
        there = placed_structures(self.session, step.id)
        records: list[Record] = []
        when = self._placed(Source.FACILITATOR, step=step.id, round=None)
        for standing in standings(self.session):
            if standing.structure in there:
                continue
            records.append(
                MatrixItem(
                    id=self.new_id("matrix_items"),
                    quadrant=standing.quadrant,
                    text=standing.structure,
                    structure=standing.structure,
                    territory=standing.territory,
                    **when,
                )
            )
        if records:
            await self.save(*records)
        return [r for r in records if isinstance(r, MatrixItem)]

    async def matrix_to_proposal(self, item_id: int) -> Proposal:
        """A card becomes a proposal (a quick win to decide on, a threat to answer), once; the
        proposal says which grid and quadrant it came from."""
        rec = self.session.get(MatrixItem, item_id)
        if rec is None or rec.hidden:
            raise ValidationError("service.unknown_record", kind="matrix_items", id=item_id)
        step = self.matrix_step(rec.step)
        if rec.proposal is not None and self.session.get(Proposal, rec.proposal) is not None:
            raise ValidationError("matrix.already_proposed", text=rec.text)
        where = quadrant_label(step.settings, preset_of(step), rec.quadrant, self.lang)
        prop = Proposal(
            id=self.new_id("proposals"),
            title=rec.text,
            origin=t(
                "matrix.proposal_origin",
                self.lang,
                grid=step.text("title", self.lang),
                quadrant=where,
            ),
            **self._placed(Source.FACILITATOR, step=step.id, round=None),
        )
        await self.save(prop, rec.replace(proposal=prop.id))
        return prop
