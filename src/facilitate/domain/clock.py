"""Time as an injected dependency, so runs, exports and screenshots repeat exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: for tests, the demo and benchmarks.

    Whoever shows the time (the TUI's countdowns) hears each move through `on_move`, so that a
    test drives the screens by the clock rather than by waiting."""

    def __init__(self, start: datetime | str = "2026-03-12T09:00:00+00:00") -> None:
        self._now = datetime.fromisoformat(start) if isinstance(start, str) else start
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> None:
        self.set(self._now + timedelta(seconds=seconds, minutes=minutes))

    def set(self, when: datetime) -> None:
        self._now = when
        for listener in list(self._listeners):
            listener(when)

    def on_move(self, listener: Callable[[datetime], None]) -> Callable[[], None]:
        """Call `listener` with the new time after each move; returns how to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)
