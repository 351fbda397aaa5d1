"""Phones seen by the portal: who arrived when, asked for the laptop by what name."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass

from facilitate.reach.addresses import by_name


@dataclass(frozen=True)
class Arrival:
    """A request from a phone: when (wall clock, seconds), from where, asked for by what host."""

    at: float
    address: str
    host: str

    @property
    def by_name(self) -> bool:
        return by_name(self.host)

    @property
    def from_laptop(self) -> bool:
        try:
            return ipaddress.ip_address(self.address).is_loopback
        except ValueError:
            return False


class Arrivals:
    """Phones seen by the portal: distinct devices (by their cookie), the last arrival, the last
    reachability test; listeners are told of each test at once (the TUI shows it)."""

    MAX_DEVICES = 20_000  # memory bound: far above any room

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.devices: set[str] = set()
        self.last: Arrival | None = None
        self.last_test: Arrival | None = None
        self._listeners: list[Callable[[Arrival], None]] = []

    def seen(self, device: str | None, address: str, host: str) -> None:
        if device and len(self.devices) < self.MAX_DEVICES:
            self.devices.add(device)
        self.last = Arrival(self.clock(), address, host)

    def tested(self, address: str, host: str) -> Arrival:
        arrival = Arrival(self.clock(), address, host)
        self.last = self.last_test = arrival
        for listener in list(self._listeners):
            listener(arrival)
        return arrival

    def subscribe(self, listener: Callable[[Arrival], None]) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe
