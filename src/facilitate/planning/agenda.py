"""Open forum agenda: place marketplace topics in (slot, space) cells with fewest clashes."""

from __future__ import annotations

import random
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from facilitate.i18n import Counted
from facilitate.planning import InfeasibleError, InstanceError
from facilitate.planning.limits import (
    MAX_CAPACITY,
    MAX_INTERESTED,
    MAX_SLOTS,
    MAX_SPACES,
    MAX_TEXT,
    MAX_TOPICS,
    MAX_WANTS,
    at_most,
    check_seconds,
    count_at_most,
    items_at_most,
    shown,
    text_at_most,
)


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


def _text(x: Any, where: str) -> str:
    """A string, or an integer written out, within MAX_TEXT characters."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 4 * MAX_TEXT:
        # refused like text that long, without writing the number out
        text_at_most(where, "0" * (int(x.bit_length() * 0.30103) + 1))
    text = x if isinstance(x, str) else str(x) if isinstance(x, (int, float)) else shown(x)
    text_at_most(where, text)
    return text


def _person(x: Any, where: str) -> str:
    if isinstance(x, bool) or not isinstance(x, (str, int)) or x == "":
        raise InstanceError("planning.expected_person_name_id_got", where=where, x=shown(x))
    return _text(x, where)


def _index(x: Any, names: tuple[str, ...], where: str) -> int:
    if isinstance(x, int) and not isinstance(x, bool) and 0 <= x < len(names):
        return x
    if isinstance(x, str) and x in names:
        return names.index(x)
    raise InstanceError(
        "planning.neither_index_below_nor_name", where=where, x=shown(x), count=len(names)
    )


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
        raise InstanceError("planning.instance_expected_json_object")
    raw_slots = data.get("slots")
    if isinstance(raw_slots, int) and not isinstance(raw_slots, bool) and raw_slots > 0:
        # a count is checked before any slot is named
        at_most("slots", raw_slots, MAX_SLOTS)
        slots = tuple(f"slot {i + 1}" for i in range(raw_slots))
    elif isinstance(raw_slots, list) and raw_slots and all(isinstance(s, str) for s in raw_slots):
        items_at_most("slots", raw_slots, MAX_SLOTS)
        for i, name in enumerate(raw_slots):
            text_at_most(f"slots[{i}]", name)
        slots = tuple(raw_slots)
    else:
        raise InstanceError("planning.slots_expected_positive_count_non")
    raw_spaces = data.get("spaces")
    if not isinstance(raw_spaces, list) or not raw_spaces:
        raise InstanceError("planning.spaces_expected_non_empty_list")
    items_at_most("spaces", raw_spaces, MAX_SPACES)
    names: list[str] = []
    caps: list[int] = []
    for i, sp in enumerate(raw_spaces):
        if isinstance(sp, dict):
            name, cap = sp.get("name", f"space {i + 1}"), sp.get("capacity")
        else:
            name, cap = f"space {i + 1}", sp
        if not isinstance(name, str) or name in names:
            raise InstanceError("planning.spaces_name_expected_unique_name", i=i, name=shown(name))
        text_at_most(f"spaces[{i}].name", name)
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
            raise InstanceError(
                "planning.spaces_capacity_expected_integer_got", i=i, cap=shown(cap)
            )
        at_most(f"spaces[{i}].capacity", cap, MAX_CAPACITY)
        names.append(name)
        caps.append(cap)
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list):
        raise InstanceError("planning.topics_expected_list_topics")
    items_at_most("topics", raw_topics, MAX_TOPICS)
    topics: list[Topic] = []
    seen: set[str] = set()
    wants = 0
    for i, tp in enumerate(raw_topics):
        if not isinstance(tp, dict):
            raise InstanceError("planning.topics_expected_object", i=i)
        tid = tp.get("id")
        if isinstance(tid, bool) or not isinstance(tid, (str, int)):
            raise InstanceError("planning.topics_id_expected_unique_id", i=i, tid=shown(tid))
        tid = _text(tid, f"topics[{i}].id")
        if tid in seen:
            raise InstanceError("planning.topics_id_expected_unique_id", i=i, tid=shown(tid))
        seen.add(tid)
        convener = _person(tp.get("convener"), f"topics[{i}].convener")
        raw_int = tp.get("interested") or []
        if not isinstance(raw_int, list):
            raise InstanceError("planning.topics_interested_expected_list_people", i=i)
        items_at_most(f"topics[{i}].interested", raw_int, MAX_INTERESTED)
        wants += len(raw_int)
        count_at_most("topics[].interested", wants, MAX_WANTS)
        interested = tuple(
            dict.fromkeys(
                who
                for who in (_person(p, f"topics[{i}].interested") for p in raw_int)
                if who != convener
            )
        )
        size = tp.get("size", 1 + len(interested))
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InstanceError("planning.topics_size_expected_integer_got", i=i, size=shown(size))
        at_most(f"topics[{i}].size", size, MAX_CAPACITY)
        title = _text(tp.get("title", tid), f"topics[{i}].title")
        topics.append(Topic(tid, title, convener, interested, size))
    pinned: dict[str, tuple[int, int]] = {}
    raw_pins = data.get("pinned") or []
    if not isinstance(raw_pins, list):
        raise InstanceError("planning.pinned_expected_list")
    items_at_most("pinned", raw_pins, MAX_TOPICS)
    for i, pin in enumerate(raw_pins):
        if not isinstance(pin, dict) or str(pin.get("topic")) not in seen:
            raise InstanceError("planning.pinned_topic_expected_id_topic", i=i)
        pinned[str(pin["topic"])] = (
            _index(pin.get("slot"), slots, f"pinned[{i}].slot"),
            _index(pin.get("space"), tuple(names), f"pinned[{i}].space"),
        )
    return AgendaInstance(slots, tuple(names), tuple(caps), tuple(topics), pinned)


def check_limits(inst: AgendaInstance) -> None:
    """Refuse an instance built in code above the limits parse_instance enforces."""
    count_at_most("slots", len(inst.slots), MAX_SLOTS)
    count_at_most("spaces", len(inst.spaces), MAX_SPACES)
    count_at_most("topics", len(inst.topics), MAX_TOPICS)
    for k, cap in enumerate(inst.capacities):
        at_most(f"spaces[{k}].capacity", cap, MAX_CAPACITY)
    wants = 0
    for i, topic in enumerate(inst.topics):
        count_at_most(f"topics[{i}].interested", len(topic.interested), MAX_INTERESTED)
        at_most(f"topics[{i}].size", topic.size, MAX_CAPACITY)
        wants += len(topic.interested)
    count_at_most("topics[].interested", wants, MAX_WANTS)


def _check(inst: AgendaInstance) -> None:
    n_slots, caps = len(inst.slots), inst.capacities
    if len(inst.topics) > n_slots * len(caps):
        raise InfeasibleError(
            Counted(
                "planning.topics_only_slot_space_cells",
                len(inst.topics),
                cells=Counted("planning.n_cells", n_slots * len(caps)),
            )
        )
    by_id = {t.id: t for t in inst.topics}
    taken: dict[tuple[int, int], str] = {}
    busy: dict[tuple[str, int], str] = {}
    for tid, cell in inst.pinned.items():
        if cell in taken:
            raise InfeasibleError("planning.topics_pinned_same_cell", other=taken[cell], tid=tid)
        taken[cell] = tid
        topic = by_id[tid]
        if topic.size > caps[cell[1]]:
            raise InfeasibleError(
                Counted(
                    "planning.topic_expects_people_pinned_places",
                    topic.size,
                    tid=tid,
                    space=inst.spaces[cell[1]],
                    places=Counted("planning.n_places", caps[cell[1]]),
                )
            )
        key = (topic.convener, cell[0])
        if key in busy:
            raise InfeasibleError(
                "planning.convener_pinned_topics_in_one",
                convener=topic.convener,
                other=busy[key],
                tid=tid,
            )
        busy[key] = tid
    per_convener: dict[str, int] = {}
    for t in inst.topics:
        per_convener[t.convener] = per_convener.get(t.convener, 0) + 1
        if t.size > max(caps):
            raise InfeasibleError(
                "planning.topic_expects_people_largest_space",
                tid=t.id,
                size=t.size,
                largest=max(caps),
            )
    for who, k in per_convener.items():
        if k > n_slots:
            raise InfeasibleError(
                Counted("planning.convener_has_topics_there_slots", n_slots, who=who, k=k)
            )
    free = sorted(
        (caps[k] for s in range(n_slots) for k in range(len(caps)) if (s, k) not in taken),
        reverse=True,
    )
    loose = sorted((t.size for t in inst.topics if t.id not in inst.pinned), reverse=True)
    for i, size in enumerate(loose):
        if size > free[i]:
            raise InfeasibleError(Counted("planning.not_enough_spaces_places_more", size))


def agenda_lower_bound(inst: AgendaInstance) -> int:
    """Conflicts no schedule avoids: a person wanting more topics than there are slots."""
    wants: dict[str, int] = {}
    for t in inst.topics:
        for p in (t.convener, *t.interested):
            wants[p] = wants.get(p, 0) + 1
    return sum(max(0, k - len(inst.slots)) for k in wants.values())


# Above SCAN_WORK (cells x people wanting, summed over topics), the first schedule weighs each
# slot once per topic instead of each cell; a move weighs at most about MOVE_WORK person-slot
# updates (a sample of cells, never fewer than MIN_SAMPLE), so a step stays a few milliseconds.
SCAN_WORK = 2_000_000
MOVE_WORK = 40_000
MIN_SAMPLE = 32


def _restart(
    movable: list[int],
    best_cells: list[tuple[int, int] | None],
    take: Callable[[int], None],
    put: Callable[[int, tuple[int, int]], None],
    cell_of: list[tuple[int, int] | None],
    topics: list[Topic],
    capacities: Sequence[int],
    rng: random.Random,
) -> None:
    """Back to the best schedule, then a tenth of the movable topics swap cells at random
    (two topics of different slots, each fitting the other's space)."""
    for i in movable:
        if cell_of[i] is not None:
            take(i)
    for i in movable:
        cell = best_cells[i]
        assert cell is not None
        put(i, cell)
    if len(movable) < 2:
        return
    for _ in range(1 + len(movable) // 10):
        a, b = rng.sample(movable, 2)
        ca, cb = cell_of[a], cell_of[b]
        assert ca is not None and cb is not None
        if ca[0] == cb[0]:
            continue
        if capacities[cb[1]] < topics[a].size or capacities[ca[1]] < topics[b].size:
            continue
        take(a)
        take(b)
        put(a, cb)
        put(b, ca)


def solve(inst: AgendaInstance, *, seconds: float = 2.0, seed: int = 0) -> AgendaPlan:
    """Schedule every topic; raise InfeasibleError when the hard rules cannot all hold."""
    started = time.monotonic()
    seconds = check_seconds(seconds)
    check_limits(inst)
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
    n_cells = n_slots * n_spaces
    total_wanted = sum(len(w) for w in wanted)
    if n_cells * total_wanted <= SCAN_WORK:
        # every free cell weighed for every topic
        for i in order:
            cells = [
                (s, k)
                for s in range(n_slots)
                for k in range(n_spaces)
                if grid[s][k] < 0 and inst.capacities[k] >= topics[i].size
            ]
            best = min(
                cells, key=lambda c: (add_cost(i, c[0]), inst.capacities[c[1]], rng.random())
            )
            put(i, best)
    else:
        # a large grid: each slot weighed once per topic, with its smallest free space that fits
        free_by_slot = [
            sorted((inst.capacities[k], k) for k in range(n_spaces) if grid[s][k] < 0)
            for s in range(n_slots)
        ]
        for i in order:
            size = topics[i].size
            pick: tuple[tuple[tuple[int, int], int, float], int, int] | None = None
            for s in range(n_slots):
                free = free_by_slot[s]
                j = bisect_left(free, (size, -1))
                if j < len(free):
                    rank = (add_cost(i, s), free[j][0], rng.random())
                    if pick is None or rank < pick[0]:
                        pick = (rank, s, j)
            assert pick is not None  # _check: the topics, largest first, always fit
            _, s, j = pick
            _, k = free_by_slot[s].pop(j)
            put(i, (s, k))
    # a move weighs every cell when that is cheap, else a sample of them: a step stays within
    # about MOVE_WORK person-slot updates
    average = max(1, total_wanted // max(1, len(topics)))
    sample = max(MIN_SAMPLE, MOVE_WORK // (4 * 2 * average))
    all_cells = [(s, k) for s in range(n_slots) for k in range(n_spaces)]
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
        # read every step: on a large grid one step weighs thousands of people
        if time.monotonic() >= deadline:
            break
        i = rng.choice(movable)
        here = cell_of[i]
        assert here is not None
        s0, k0 = here
        size = topics[i].size
        choice: tuple[int, int] | None = None
        choice_cost: tuple[int, int] | None = None
        ties = 0
        take(i)
        moves: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
        if len(all_cells) <= sample:
            moves = [(cell, None) for cell in all_cells]
        else:
            # a large grid: every slot's first free space that fits, scored without moving
            # anyone (the conflicts i would add there), then swaps with the topics of the
            # three slots i fits best and with a sample of the other topics
            added = [
                (
                    1 if conv_count[conv[i]][s] else 0,
                    sum(1 for p in wanted[i] if want_count[p][s]),
                )
                for s in range(n_slots)
            ]
            for s in range(n_slots):
                row = grid[s]
                k = next(
                    (k for k in range(n_spaces) if row[k] < 0 and inst.capacities[k] >= size), -1
                )
                if k >= 0 and s != s0:
                    moves.append(((s, k), (cost[0] + added[s][0], cost[1] + added[s][1])))
            best_slots = sorted((s for s in range(n_slots) if s != s0), key=added.__getitem__)
            swaps = [(s, k) for s in best_slots[:3] for k in range(n_spaces) if grid[s][k] >= 0]
            for j in rng.sample(range(len(topics)), min(sample, len(topics))):
                there = cell_of[j]
                if there is not None and there[0] != s0:
                    swaps.append(there)
            moves += [(cell, None) for cell in swaps[: 2 * sample]]
        for (s, k), scored in moves:
            if (s, k) == (s0, k0) or inst.capacities[k] < size:
                continue
            j = grid[s][k]
            if j >= 0 and (topics[j].id in inst.pinned or inst.capacities[k0] < topics[j].size):
                continue
            if scored is not None:
                new = scored
            else:
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
                # a restart from the best schedule, shaken by a few swaps: the budget is used
                # until the bound is reached
                stall = 0
                tabu.clear()
                _restart(movable, best_cells, take, put, cell_of, topics, inst.capacities, rng)
    if best_cost[0]:
        raise InfeasibleError("planning.no_schedule_keeps_every_convener")
    placed = {topics[i].id: c for i, c in enumerate(best_cells) if c is not None}
    counts: dict[tuple[str, int], int] = {}
    for t in topics:
        for p in (t.convener, *t.interested):
            key = (p, placed[t.id][0])
            counts[key] = counts.get(key, 0) + 1
    conflicts = sum(c - 1 for c in counts.values() if c > 1)
    unhappy = len({p for (p, _), c in counts.items() if c > 1})
    return AgendaPlan(inst, placed, conflicts, unhappy, bound, time.monotonic() - started)
