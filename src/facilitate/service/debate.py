"""The moving debate (débat mouvant): sides, preparation, alternate timed turns, who moved.

As French popular education (éducation populaire) runs it, see METHODS.md: a divisive
statement ("affirmation clivante"), two camps and no middle unless the format allows the
"rivière du doute" (zone of doubt, `allow_undecided = true`); each camp prepares its arguments
(`prep_minutes`), then the camps speak in turn, one short argument each (`argument_seconds` on
the timer); anyone convinced crosses the room and may say why. The rules are kept here, so a
phone or a screen cannot break them.
"""

from __future__ import annotations

from typing import Any

from facilitate.domain.deciding import PREP_MINUTES, Floor, debate_floor, debate_sides
from facilitate.domain.records import Argument, EventKind, Position, Side, Source, Step
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.core import ServiceCore, ValidationError


class DebateMixin(ServiceCore):
    """Positions and arguments of a moving debate, checked against its rules."""

    def _debate(self, step_id: str | None) -> Step | None:
        step = self.info.step(step_id) if step_id else None
        return step if step is not None and step.kind == "debate" else None

    def _statement(self, step: Step | None, statement: int) -> int:
        count = len(step.settings.get("statements") or []) if step else 0
        if isinstance(statement, bool) or not isinstance(statement, int):
            raise ValidationError("service.unknown_statement", n=statement, count=count)
        if step is not None and not 1 <= statement <= max(1, count):
            raise ValidationError("service.unknown_statement", n=statement, count=count)
        return statement

    def debate_floor(self, step_id: str, statement: int | None = None) -> Floor:
        """Who has the floor now: preparation left, the camp whose turn it is, its timer."""
        step = self._debate(step_id)
        if step is None:
            raise ValidationError("service.no_debate_running")
        live = self.live()
        number = statement or (live.statement if live.step == step_id else 1)
        return debate_floor(self.session, step, number, self.clock.now())

    async def set_position(
        self,
        statement: int,
        side: str,
        voter: str = "",
        *,
        moved_because: str = "",
        device: str = "",
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Position:
        """Where someone stands; the middle only where the format allows it."""
        try:
            sd = Side(side)
        except ValueError:
            raise ValidationError("service.bad_side", value=side) from None
        placed = self._placed(source, **where)
        step = self._debate(placed["step"])
        if step is not None and sd not in debate_sides(step):
            raise ValidationError("deciding.debate.no_middle")
        name = clean_name(voter)
        if not name and not device and placed["author"] is None:
            raise ValidationError("deciding.debate.who")
        rec = Position(
            id=self.new_id("positions"),
            statement=self._statement(step, statement),
            side=sd,
            voter=name,
            device=device,
            moved_because=clean_text(moved_because),
            **placed,
        )
        await self.save(rec)
        return rec

    async def add_argument(
        self, statement: int, side: str, text: str, *, moved: int = 0, **where: Any
    ) -> Argument:
        """One camp's argument, in its turn: the camps alternate (a camp may pass)."""
        try:
            sd = Side(side)
        except ValueError:
            raise ValidationError("service.bad_side", value=side) from None
        if sd == Side.UNDECIDED:
            raise ValidationError("deciding.debate.argument_from_a_camp")
        placed = self._placed(Source.FACILITATOR, **where)
        step = self._debate(placed["step"])
        number = self._statement(step, statement)
        turn, seconds = 0, 0
        if step is not None:
            floor = debate_floor(self.session, step, number, self.clock.now())
            if floor.side != sd:
                raise ValidationError(f"deciding.debate.turn_of_{floor.side.value}")
            turn, seconds = floor.turn, round(floor.turn_elapsed_s)
        rec = Argument(
            id=self.new_id("arguments"),
            statement=number,
            side=sd,
            text=self._text(text),
            moved=max(0, int(moved)),
            turn=turn,
            seconds=seconds,
            **placed,
        )
        await self.save(rec)
        return rec

    async def start_preparation(self, step_id: str, statement: int | None = None) -> Floor:
        """Each camp gathers for `prep_minutes` to prepare its arguments; the timer shows it."""
        step = self._debate(step_id)
        if step is None:
            raise ValidationError("service.no_debate_running")
        live = self.live()
        number = self._statement(step, statement or live.statement)
        minutes = int(step.settings.get("prep_minutes") or PREP_MINUTES)
        await self.log(
            EventKind.DEBATE_PREPARATION, step=step.id, statement=number, seconds=minutes * 60
        )
        return self.debate_floor(step.id, number)

    async def pass_turn(self, step_id: str, statement: int | None = None) -> Floor:
        """The camp whose turn it is has nothing to add: the other camp speaks."""
        floor = self.debate_floor(step_id, statement)
        await self.log(
            EventKind.DEBATE_PASS,
            step=step_id,
            statement=floor.statement,
            side=floor.side.value,
            after=floor.turn - 1,  # the arguments heard before the pass: its place in the turns
        )
        return self.debate_floor(step_id, floor.statement)
