"""The live run: every change of step, round or statement is an event."""

from __future__ import annotations

from facilitate.domain.records import (
    Event,
    EventKind,
)
from facilitate.domain.text import clean_name
from facilitate.service.core import ServiceCore, ValidationError


class LiveMixin(ServiceCore):
    """The live run: every change of step, round or statement is an event."""

    # -- the live run: every change of step or round is an event -------------------------------

    async def start_step(self, step_id: str) -> Event:
        if self.info.step(step_id) is None:
            raise ValidationError("service.unknown_step", id=step_id)
        return await self.log(EventKind.STEP_STARTED, step=step_id)

    async def pause(self) -> Event | None:
        live = self.live()
        if live.step is None or not live.running:
            return None
        return await self.log(EventKind.STEP_PAUSED, step=live.step)

    async def resume(self) -> Event | None:
        live = self.live()
        if live.step is None or live.running:
            return None
        return await self.log(EventKind.STEP_RESUMED, step=live.step)

    async def extend(self, seconds: int = 60) -> Event | None:
        live = self.live()
        if live.step is None:
            return None
        return await self.log(EventKind.STEP_EXTENDED, step=live.step, seconds=seconds)

    async def end_step(self) -> Event | None:
        live = self.live()
        if live.step is None:
            return None
        return await self.log(EventKind.STEP_ENDED, step=live.step)

    async def start_round(self, number: int) -> Event:
        live = self.live()
        if live.step is None:
            raise ValidationError("service.no_step_running")
        return await self.log(EventKind.ROUND_STARTED, step=live.step, round=number)

    async def start_statement(self, number: int) -> Event:
        """Put a moving debate's statement `number` (1-based) on the floor, for every screen."""
        live = self.live()
        step = self.info.step(live.step) if live.step else None
        if step is None or step.kind != "debate":
            raise ValidationError("service.no_debate_running")
        count = len(step.settings.get("statements") or [])
        if not 1 <= number <= max(1, count):
            raise ValidationError("service.unknown_statement", n=number, count=count)
        return await self.log(EventKind.STATEMENT_STARTED, step=step.id, statement=number)

    async def next_step(self) -> Event | None:
        """End the current step and start the one after it (or the first one)."""
        live = self.live()
        ids = [s.id for s in self.info.steps]
        if live.step is None:
            return await self.start_step(ids[0]) if ids else None
        index = ids.index(live.step)
        if index + 1 >= len(ids):
            await self.end_step()
            return None
        return await self.start_step(ids[index + 1])

    async def record_territory_time(self, territory: str, minutes: float) -> Event:
        """Time given to one territory's own issues (the seed's 'time' lens)."""
        live = self.live()
        return await self.log(
            EventKind.TERRITORY_TIME,
            step=live.step,
            territory=clean_name(territory),
            minutes=float(minutes),
        )
