"""The live run: every change of step, round or statement is an event."""

from __future__ import annotations

from facilitate.domain.records import (
    Event,
    EventKind,
)
from facilitate.domain.text import clean_name
from facilitate.service.core import ServiceCore, ValidationError

# Steps whose first round (or slot) starts with the step.
ROUNDED_KINDS = ("rounds", "breakouts")


class LiveMixin(ServiceCore):
    """The live run: every change of step, round or statement is an event."""

    # -- the live run: every change of step or round is an event -------------------------------

    async def start_step(self, step_id: str) -> Event:
        """Start a step; a café (rounds) or breakouts step starts its first round or slot with it,
        in the same save, so every record made from then on carries round 1."""
        step = self.info.step(step_id)
        if step is None:
            raise ValidationError("service.unknown_step", id=step_id)
        started = self._event(EventKind.STEP_STARTED, step=step_id)
        if step.kind not in ROUNDED_KINDS:
            await self.save(started)
            return started
        first = self._event(EventKind.ROUND_STARTED, step=step_id, round=1)
        await self.save(started, first)
        return started

    def _event(self, kind: EventKind, *, step: str | None, round: int | None = None) -> Event:
        return Event(id=self.new_id("events"), kind=kind, step=step, round=round, at=self.now())

    def round_count(self, step_id: str | None) -> int:
        """How many rounds (café) or slots (open forum breakouts) a step has; 0 when open-ended."""
        step = self.info.step(step_id) if step_id else None
        if step is None:
            return 0
        settings = step.settings
        if step.kind == "rounds":
            return int(settings.get("rounds") or 0)
        if step.kind == "breakouts":
            if settings.get("slots"):
                return int(settings["slots"])
            market = next((s for s in self.info.steps if s.kind == "marketplace"), None)
            return int(market.settings.get("slots") or 0) if market else 0
        if step.kind == "debate":
            return int(settings.get("position_rounds") or 0)
        return 0

    async def next_round(self) -> Event:
        """The next round (or slot) of the step running; refused after the last one."""
        live = self.live()
        step = self.info.step(live.step) if live.step else None
        if step is None:
            raise ValidationError("service.no_step_running")
        if step.kind not in (*ROUNDED_KINDS, "debate"):
            raise ValidationError("service.no_rounds", step=step.id)
        count = self.round_count(step.id)
        number = (live.round or 0) + 1
        if count and number > count:
            raise ValidationError("service.last_round", count=count)
        return await self.start_round(number)

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
        """Start round `number` of the step running (the round in force already: nothing new)."""
        live = self.live()
        if live.step is None:
            raise ValidationError("service.no_step_running")
        if live.round == number:
            for ev in reversed(self.session.events):
                if ev.kind == EventKind.ROUND_STARTED and ev.step == live.step:
                    return ev
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
