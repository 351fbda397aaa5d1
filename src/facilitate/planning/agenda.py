"""Open forum agenda: place marketplace topics in (slot, space) cells with fewest clashes."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from facilitate.planning import InfeasibleError, InstanceError


@dataclass(frozen=True)
class Topic:
    """A marketplace topic: its convener and the people who want to attend."""

    id: str
    title: str
    convener: str
    interested: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class AgendaInstance:
    """Topics to place in a grid of slots by spaces, some pinned already."""

    slots: tuple[str, ...]
    spaces: tuple[str, ...]
    capacities: tuple[int, ...]
    topics: tuple[Topic, ...]
    pinned: dict[str, tuple[int, int]]


@dataclass
class AgendaPlan:
    """Where each topic goes: `cells[topic id] = (slot, space)`.

    Answer JSON (`AgendaPlan.to_json`)::

        {"schedule": [{"topic": "t1", "slot": 0, "space": 0,
                       "slot_name": "Sat 10:00", "space_name": "Garden"}, ...],
         "grid": [["t1", null], ...],        # grid[slot][space] is a topic id or null
         "conflicts": 3,                      # sum over (person, slot) of wanted topics there - 1
         "people_with_conflicts": 2, "lower_bound": 0, "seconds": 0.12}

    Hard rules: every topic placed, one topic per cell, no convener in two topics of one slot, a
    topic's size within its space's capacity, pins kept. The soft goal is fewest conflicts: a
    person (convener or interested) wanting two topics of one slot counts one, three counts two.
    """

    inst: AgendaInstance
    cells: dict[str, tuple[int, int]]
    conflicts: int
    people_with_conflicts: int
    lower_bound: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        """The answer JSON documented on the class."""
        inst = self.inst
        grid: list[list[str | None]] = [[None] * len(inst.spaces) for _ in inst.slots]
        schedule = []
        for topic in inst.topics:
            s, k = self.cells[topic.id]
            grid[s][k] = topic.id
            schedule.append(
                {
                    "topic": topic.id,
                    "slot": s,
                    "space": k,
                    "slot_name": inst.slots[s],
                    "space_name": inst.spaces[k],
                }
            )
        schedule.sort(key=lambda e: (e["slot"], e["space"]))
        return {
            "schedule": schedule,
            "grid": grid,
            "conflicts": self.conflicts,
            "people_with_conflicts": self.people_with_conflicts,
            "lower_bound": self.lower_bound,
            "seconds": round(self.seconds, 3),
        }


def _person(x: Any, where: str) -> str:
    if isinstance(x, bool) or not isinstance(x, (str, int)) or x == "":
        raise InstanceError(f"{where}: expected a person name or id, got {x!r}")
    return str(x)


def _index(x: Any, names: tuple[str, ...], where: str) -> int:
    if isinstance(x, int) and not isinstance(x, bool) and 0 <= x < len(names):
        return x
    if isinstance(x, str) and x in names:
        return names.index(x)
    raise InstanceError(f"{where}: {x!r} is neither an index below {len(names)} nor a name")


def parse_instance(data: dict[str, Any]) -> AgendaInstance:
    """Validate the agenda instance JSON.

    Instance JSON (`parse_instance`)::

        {"slots":  ["Sat 10:00", "Sat 11:30", ...]   # names, or a count: 3
         "spaces": [{"name": "Garden", "capacity": 30}, ...]   # or capacities: [30, 12]
         "topics": [{"id": "t1", "title": "Mobility", "convener": "Ana",
                     "interested": ["Ben", "Chloé"], "size": 12}, ...],
         "pinned": [{"topic": "t1", "slot": 0, "space": "Garden"}]}

    People are any strings or integers (names or participant ids). `size` is optional: the expected
    attendance, by default the convener plus everyone interested. `slot` and `space` in a pin are
    an index or a name. Every topic id is unique.
    """
    if not isinstance(data, dict):
        raise InstanceError("instance: expected a JSON object")
    raw_slots = data.get("slots")
    if isinstance(raw_slots, int) and not isinstance(raw_slots, bool) and raw_slots > 0:
        slots = tuple(f"slot {i + 1}" for i in range(raw_slots))
    elif isinstance(raw_slots, list) and raw_slots and all(isinstance(s, str) for s in raw_slots):
        slots = tuple(raw_slots)
    else:
        raise InstanceError("slots: expected a positive count or a non-empty list of names")
    raw_spaces = data.get("spaces")
    if not isinstance(raw_spaces, list) or not raw_spaces:
        raise InstanceError("spaces: expected a non-empty list of {name, capacity} or capacities")
    names, caps = [], []
    for i, sp in enumerate(raw_spaces):
        if isinstance(sp, dict):
            name, cap = sp.get("name", f"space {i + 1}"), sp.get("capacity")
        else:
            name, cap = f"space {i + 1}", sp
        if not isinstance(name, str) or name in names:
            raise InstanceError(f"spaces[{i}].name: expected a unique name, got {name!r}")
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
            raise InstanceError(f"spaces[{i}].capacity: expected an integer >= 1, got {cap!r}")
        names.append(name)
        caps.append(cap)
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list):
        raise InstanceError("topics: expected a list of topics")
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, tp in enumerate(raw_topics):
        if not isinstance(tp, dict):
            raise InstanceError(f"topics[{i}]: expected an object")
        tid = tp.get("id")
        if isinstance(tid, bool) or not isinstance(tid, (str, int)) or str(tid) in seen:
            raise InstanceError(f"topics[{i}].id: expected a unique id, got {tid!r}")
        tid = str(tid)
        seen.add(tid)
        convener = _person(tp.get("convener"), f"topics[{i}].convener")
        raw_int = tp.get("interested") or []
        if not isinstance(raw_int, list):
            raise InstanceError(f"topics[{i}].interested: expected a list of people")
        interested = tuple(
            dict.fromkeys(
                _person(p, f"topics[{i}].interested") for p in raw_int if str(p) != convener
            )
        )
        size = tp.get("size", 1 + len(interested))
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InstanceError(f"topics[{i}].size: expected an integer >= 1, got {size!r}")
        title = tp.get("title", tid)
        topics.append(Topic(tid, str(title), convener, interested, size))
    pinned: dict[str, tuple[int, int]] = {}
    raw_pins = data.get("pinned") or []
    if not isinstance(raw_pins, list):
        raise InstanceError("pinned: expected a list of {topic, slot, space}")
    for i, pin in enumerate(raw_pins):
        if not isinstance(pin, dict) or str(pin.get("topic")) not in seen:
            raise InstanceError(f"pinned[{i}].topic: expected the id of a topic")
        pinned[str(pin["topic"])] = (
            _index(pin.get("slot"), slots, f"pinned[{i}].slot"),
            _index(pin.get("space"), tuple(names), f"pinned[{i}].space"),
        )
    return AgendaInstance(slots, tuple(names), tuple(caps), tuple(topics), pinned)


def _check(inst: AgendaInstance) -> None:
    n_slots, caps = len(inst.slots), inst.capacities
    if len(inst.topics) > n_slots * len(caps):
        raise InfeasibleError(
            f"{len(inst.topics)} topics but only {n_slots * len(caps)} (slot, space) cells"
        )
    by_id = {t.id: t for t in inst.topics}
    taken: dict[tuple[int, int], str] = {}
    busy: dict[tuple[str, int], str] = {}
    for tid, cell in inst.pinned.items():
        if cell in taken:
            raise InfeasibleError(f"topics {taken[cell]} and {tid} are pinned to the same cell")
        taken[cell] = tid
        topic = by_id[tid]
        if topic.size > caps[cell[1]]:
            raise InfeasibleError(
                f"topic {tid} expects {topic.size} people but is pinned to "
                f"{inst.spaces[cell[1]]} ({caps[cell[1]]} places)"
            )
        key = (topic.convener, cell[0])
        if key in busy:
            raise InfeasibleError(
                f"convener {topic.convener} is pinned to topics {busy[key]} and {tid} in one slot"
            )
        busy[key] = tid
    per_convener: dict[str, int] = {}
    for t in inst.topics:
        per_convener[t.convener] = per_convener.get(t.convener, 0) + 1
        if t.size > max(caps):
            raise InfeasibleError(
                f"topic {t.id} expects {t.size} people but the largest space holds {max(caps)}"
            )
    for who, k in per_convener.items():
        if k > n_slots:
            raise InfeasibleError(f"convener {who} has {k} topics but there are {n_slots} slots")
    free = sorted(
        (caps[k] for s in range(n_slots) for k in range(len(caps)) if (s, k) not in taken),
        reverse=True,
    )
    loose = sorted((t.size for t in inst.topics if t.id not in inst.pinned), reverse=True)
    for i, size in enumerate(loose):
        if size > free[i]:
            raise InfeasibleError(
                f"not enough spaces of {size} places or more for the topics that need them"
            )


def agenda_lower_bound(inst: AgendaInstance) -> int:
    """Conflicts no schedule avoids: a person wanting more topics than there are slots."""
    wants: dict[str, int] = {}
    for t in inst.topics:
        for p in (t.convener, *t.interested):
            wants[p] = wants.get(p, 0) + 1
    return sum(max(0, k - len(inst.slots)) for k in wants.values())


def solve(inst: AgendaInstance, *, seconds: float = 2.0, seed: int = 0) -> AgendaPlan:
    """Schedule every topic; raise InfeasibleError when the hard rules cannot all hold."""
    started = time.monotonic()
    _check(inst)
    rng = random.Random(seed)
    n_slots, n_spaces = len(inst.slots), len(inst.spaces)
    topics = list(inst.topics)
    index = {t.id: i for i, t in enumerate(topics)}
    people = sorted({p for t in topics for p in (t.convener, *t.interested)})
    pid = {p: i for i, p in enumerate(people)}
    wanted = [[pid[p] for p in (t.convener, *t.interested)] for t in topics]
    conv = [pid[t.convener] for t in topics]
    want_count = [[0] * n_slots for _ in people]
    conv_count = [[0] * n_slots for _ in people]
    cell_of: list[tuple[int, int] | None] = [None] * len(topics)
    grid: list[list[int]] = [[-1] * n_spaces for _ in range(n_slots)]
    cost = [0, 0]  # [convener clashes, conflicts]

    def put(i: int, cell: tuple[int, int]) -> None:
        s, k = cell
        for p in wanted[i]:
            if want_count[p][s] >= 1:
                cost[1] += 1
            want_count[p][s] += 1
        if conv_count[conv[i]][s] >= 1:
            cost[0] += 1
        conv_count[conv[i]][s] += 1
        grid[s][k] = i
        cell_of[i] = cell

    def take(i: int) -> None:
        cell = cell_of[i]
        assert cell is not None
        s, k = cell
        for p in wanted[i]:
            want_count[p][s] -= 1
            if want_count[p][s] >= 1:
                cost[1] -= 1
        conv_count[conv[i]][s] -= 1
        if conv_count[conv[i]][s] >= 1:
            cost[0] -= 1
        grid[s][k] = -1
        cell_of[i] = None

    def add_cost(i: int, s: int) -> tuple[int, int]:
        return (
            1 if conv_count[conv[i]][s] else 0,
            sum(1 for p in wanted[i] if want_count[p][s]),
        )

    for tid, cell in inst.pinned.items():
        put(index[tid], cell)
    order = [i for i, t in enumerate(topics) if t.id not in inst.pinned]
    rng.shuffle(order)
    order.sort(key=lambda i: (-topics[i].size, -len(wanted[i])))
    for i in order:
        cells = [
            (s, k)
            for s in range(n_slots)
            for k in range(n_spaces)
            if grid[s][k] < 0 and inst.capacities[k] >= topics[i].size
        ]
        best = min(cells, key=lambda c: (add_cost(i, c[0]), inst.capacities[c[1]], rng.random()))
        put(i, best)
    bound = agenda_lower_bound(inst)
    movable = sorted(order)
    deadline = started + seconds
    best_cost = tuple(cost)
    best_cells = list(cell_of)
    tabu: dict[tuple[int, int], int] = {}
    it = 0
    stall = 0
    while movable and best_cost > (0, bound):
        it += 1
        if it & 31 == 0 and time.monotonic() >= deadline:
            break
        i = rng.choice(movable)
        here = cell_of[i]
        assert here is not None
        s0, k0 = here
        size = topics[i].size
        choice = None
        choice_cost: tuple[int, int] | None = None
        ties = 0
        take(i)
        for s in range(n_slots):
            for k in range(n_spaces):
                if (s, k) == (s0, k0) or inst.capacities[k] < size:
                    continue
                j = grid[s][k]
                if j >= 0 and (topics[j].id in inst.pinned or inst.capacities[k0] < topics[j].size):
                    continue
                if j >= 0:
                    take(j)
                    put(j, (s0, k0))
                put(i, (s, k))
                new = (cost[0], cost[1])
                take(i)
                if j >= 0:
                    take(j)
                    put(j, (s, k))
                if tabu.get((i, s), 0) > it and not new < best_cost:
                    continue
                if choice_cost is None or new < choice_cost:
                    choice, choice_cost, ties = (s, k), new, 1
                elif new == choice_cost:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        choice = (s, k)
        if choice is None:
            put(i, (s0, k0))
            continue
        j = grid[choice[0]][choice[1]]
        if j >= 0:
            take(j)
            put(j, (s0, k0))
            tabu[(j, choice[0])] = it + 3 + rng.randrange(5)
        put(i, choice)
        tabu[(i, s0)] = it + 3 + rng.randrange(5)
        if tuple(cost) < best_cost:
            best_cost = (cost[0], cost[1])
            best_cells = list(cell_of)
            stall = 0
        else:
            stall += 1
            if stall > 50 * len(topics):
                break
    if best_cost[0]:
        raise InfeasibleError("no schedule keeps every convener in one place per slot")
    placed = {topics[i].id: c for i, c in enumerate(best_cells) if c is not None}
    counts: dict[tuple[str, int], int] = {}
    for t in topics:
        for p in (t.convener, *t.interested):
            key = (p, placed[t.id][0])
            counts[key] = counts.get(key, 0) + 1
    conflicts = sum(c - 1 for c in counts.values() if c > 1)
    unhappy = len({p for (p, _), c in counts.items() if c > 1})
    return AgendaPlan(inst, placed, conflicts, unhappy, bound, time.monotonic() - started)
