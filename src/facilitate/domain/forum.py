"""The open forum as every screen shows it: the agenda wall (slots by spaces), interest, the slot
running now and the news wall, computed from the records with one convention.

A topic's `slot` is 0-based (slot 0 runs as round 1 of the breakouts step); its `space` is the id
of the table it meets at: the session's open-forum spaces (tables marked as spaces), else its
tables, else numbered spaces 1..N from the format's `spaces` setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitate.domain.records import SessionInfo, Step, Table, Topic
from facilitate.domain.timeline import LiveState

FORUM_KINDS = ("marketplace", "breakouts")
DEFAULT_SLOTS = 3
DEFAULT_SPACES = 4


@dataclass(frozen=True)
class Space:
    """Where topics meet: a table's id (or a number) and its name ("" for a numbered space)."""

    key: int
    name: str


@dataclass
class Wall:
    """The agenda wall: which topic is in which slot and space, and those not placed yet."""

    slots: int
    spaces: list[Space]
    cells: dict[tuple[int, int], Topic] = field(default_factory=dict)
    unplaced: list[Topic] = field(default_factory=list)
    now: int | None = None  # the slot running, 0-based

    def space_index(self, key: int | None) -> int | None:
        for i, space in enumerate(self.spaces):
            if space.key == key:
                return i
        return None

    def space_name(self, key: int | None) -> str:
        index = self.space_index(key)
        return self.spaces[index].name if index is not None else ""

    def in_slot(self, slot: int) -> list[tuple[Space, Topic]]:
        """The topics of one slot, in the order of the spaces."""
        return [
            (sp, self.cells[(slot, sp.key)]) for sp in self.spaces if (slot, sp.key) in self.cells
        ]


def forum_settings(info: SessionInfo, step: Step | None = None) -> dict[str, Any]:
    """The marketplace's settings (slots, spaces, minutes), overridden by `step`'s own."""
    market = next((s for s in info.steps if s.kind == "marketplace"), None)
    base = dict(market.settings) if market is not None else {}
    if step is not None and step is not market:
        base.update({k: v for k, v in step.settings.items() if v})
    return base


def breakouts_step(info: SessionInfo) -> Step | None:
    return next((s for s in info.steps if s.kind == "breakouts"), None)


def has_forum(info: SessionInfo) -> bool:
    return any(s.kind in FORUM_KINDS for s in info.steps)


def forum_spaces(tables: list[Table], count: int) -> list[Space]:
    """The spaces of the wall: the tables marked as spaces, else every table, else numbered."""
    marked = [tb for tb in tables if tb.is_space]
    chosen = marked or list(tables)
    if chosen:
        return [Space(tb.id, tb.name) for tb in chosen]
    return [Space(n, "") for n in range(1, max(1, count) + 1)]


def live_topics(topics: list[Topic]) -> list[Topic]:
    """Topics still on the wall (not merged into another), by id."""
    return sorted((tp for tp in topics if tp.merged_into is None), key=lambda tp: tp.id)


def current_slot(info: SessionInfo, live: LiveState) -> int | None:
    """The slot running now (0-based): round n of the breakouts step is slot n - 1."""
    step = info.step(live.step) if live.step else None
    if step is None or step.kind != "breakouts" or not live.round:
        return None
    return live.round - 1


def wall(
    info: SessionInfo, tables: list[Table], topics: list[Topic], live: LiveState | None = None
) -> Wall:
    """The agenda wall as it stands: slots from the format (at least the highest placed)."""
    settings = forum_settings(info, breakouts_step(info))
    shown = live_topics(topics)
    slots = int(settings.get("slots") or DEFAULT_SLOTS)
    slots = max([slots, *((tp.slot or 0) + 1 for tp in shown if tp.slot is not None)])
    spaces = forum_spaces(tables, int(settings.get("spaces") or DEFAULT_SPACES))
    keys = {sp.key for sp in spaces}
    out = Wall(slots=slots, spaces=spaces, now=current_slot(info, live) if live else None)
    for tp in shown:
        cell = (tp.slot, tp.space)
        if tp.slot is None or tp.space not in keys or cell in out.cells:
            out.unplaced.append(tp)
        else:
            out.cells[(tp.slot, tp.space)] = tp
    return out


def interest(topic: Topic) -> int:
    """How many people signed up: names the facilitator noted and phones."""
    return len(topic.interested) + len(topic.signups)


def people_interested(topic: Topic) -> list[str]:
    """Who signed up, by name (phones that gave none are counted, not named)."""
    return [*topic.interested, *(name for name in topic.signups.values() if name)]


def solver_people(topic: Topic) -> list[str]:
    """Everyone interested, as the agenda solver tells people apart: a phone is one person."""
    return [*topic.interested, *(f"phone:{device}" for device in sorted(topic.signups))]


def news(topics: list[Topic]) -> list[Topic]:
    """Reports as they came in, newest first: the news wall of the breakouts."""
    done = [tp for tp in live_topics(topics) if tp.reported_at or tp.report]
    return sorted(done, key=lambda tp: (tp.reported_at, tp.id), reverse=True)


def agenda_instance(wall_now: Wall, topics: list[Topic], slot_name: str = "{n}") -> dict[str, Any]:
    """The agenda solver's instance for the wall: every live topic, its convener and interest;
    topics pinned where they are kept there."""
    shown = live_topics(topics)
    keys = [sp.key for sp in wall_now.spaces]
    return {
        "slots": [slot_name.format(n=i + 1) for i in range(wall_now.slots)],
        "spaces": [{"name": str(k), "capacity": 1000} for k in keys],
        "topics": [
            {
                "id": str(tp.id),
                "title": tp.title,
                "convener": tp.convener or f"?{tp.id}",
                "interested": solver_people(tp),
            }
            for tp in shown
        ],
        "pinned": [
            {"topic": str(tp.id), "slot": tp.slot, "space": keys.index(tp.space)}
            for tp in shown
            if tp.pinned and tp.slot is not None and tp.space in keys and tp.slot < wall_now.slots
        ],
    }
