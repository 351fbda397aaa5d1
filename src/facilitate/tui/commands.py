"""Command palette: every key of the screen in front, searchable by its description."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitate.tui.widgets.base import long_label


class FacilitateCommands(Provider):
    """Offers each binding of the current screen (and the focused widgets) as a command."""

    def key_commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.id or not binding.description or binding.id in seen:
                continue
            if binding.id == "command-palette" or not active.enabled:
                continue
            seen.add(binding.id)
            keys = binding.key_display or self.app.get_key_display(binding)
            callback = partial(self.app.run_action, binding.action, active.node)
            yield long_label(binding), f"{keys}  ·  {binding.id}", callback

    async def discover(self) -> Hits:
        for title, help_text, callback in self.key_commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.key_commands():
            score = matcher.match(f"{title} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
