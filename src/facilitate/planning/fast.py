"""A seating in time linear in the seats, for instances too large to search or budgets too short.

People (and required groups, which move as one) are dealt in layers of one per table: unit
number u is in column u mod t of layer u div t, and in round r it goes to table
column + r * layer, computed in GF(t) when t is a prime power up to 128 (the transversal
design of `designs.py`), else modulo t. Two units of one layer never meet; two of different
layers meet in the rounds where r * (layer difference) = column difference, at most once every
t rounds in a field. Hosts stay at their table, a table that is full or holds someone a
person must not meet sends the person on to the next table, and same-label people are dealt
side by side (one layer), so they sit apart. No pair is ever listed: the work is the number of
seats plus the forbidden pairs.
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Callable

from facilitate.planning.designs import GaloisField, prime_power
from facilitate.planning.instance import RotationInstance, Seating
from facilitate.planning.search import OutOfTime


class _NextOpen:
    """The first table from k on (cyclically) with room, skipping full tables in near O(1)."""

    def __init__(self, room: list[int]) -> None:
        self.t = len(room)
        self.link = list(range(self.t))
        self.room = room
        self.heap: list[tuple[int, int]] | None = None
        self.open = sum(1 for x in room if x > 0)
        for k in range(self.t):
            if room[k] <= 0:
                self.link[k] = (k + 1) % self.t

    def find(self, k: int) -> int:
        """A table with room, or -1 when every table is full."""
        if self.open <= 0:
            return -1
        root = k
        while self.room[root] <= 0:
            root = self.link[root]
        while self.link[k] != k and self.room[k] <= 0:
            nxt = self.link[k]
            self.link[k] = root
            k = nxt
        return root

    def roomiest(self, w: int, accept: Callable[[int], bool]) -> int:
        """The table with the most room, at least w, that `accept`s; -1 when none.

        A heap with one entry per table, built on first use: rooms only shrink during a
        round, so an entry above its table's room is refreshed when it comes to the top.
        """
        heap = self.heap
        if heap is None:
            heap = self.heap = [(-r, k) for k, r in enumerate(self.room)]
            heapq.heapify(heap)
        passed: list[tuple[int, int]] = []
        found = -1
        while heap:
            neg, k = heap[0]
            if -neg != self.room[k]:
                heapq.heapreplace(heap, (-self.room[k], k))
                continue
            if -neg < w:
                break
            passed.append(heapq.heappop(heap))
            if accept(k):
                found = k
                break
        for entry in passed:
            heapq.heappush(heap, entry)
        return found

    def take(self, k: int, w: int) -> None:
        """Seat w more people at table k."""
        before = self.room[k]
        self.room[k] -= w
        if before > 0 >= self.room[k]:
            self.close(k)

    def close(self, k: int) -> None:
        """Table k has just been filled to its even size."""
        self.open -= 1
        self.link[k] = (k + 1) % self.t


def fast_seating(
    inst: RotationInstance,
    targets: list[int],
    caps: list[int],
    shuffle: random.Random | None = None,
    deadline: float = float("inf"),
) -> Seating:
    """Every round still to plan, hard rules kept where the greedy order allows; `shuffle`
    deals the units in another order (same sizes and constraints first).

    Linear in the seats (half a second at 5,000 people and 100 rounds); `deadline`
    (time.monotonic()) is read before each round and OutOfTime raised past it, for callers
    that try it again only while their budget lasts."""
    t = inst.groups
    host_of = inst.host_of()
    groups = inst.required_groups()
    in_group = {p for g in groups for p in g}
    units: list[list[int]] = [list(g) for g in groups]
    singles = [p for p in inst.present if p not in in_group]
    if inst.label_systems():
        # same labels side by side: one layer, so they never share a table
        singles.sort(key=inst.dealing_key().__getitem__)
    units += [[p] for p in singles]
    pinned: list[int | None] = []
    for members in units:
        pinned.append(next((host_of[p] for p in members if p in host_of), None))
    forbidden: dict[int, list[int]] = {}
    for a, b in inst.forbidden:
        forbidden.setdefault(a, []).append(b)
        forbidden.setdefault(b, []).append(a)
    # the movable units in dealing order: required groups (largest first), then people; within
    # each size, those with the most people to avoid first, while every table still has room
    # (as graph colouring deals its most connected vertices first)
    movable = [u for u in range(len(units)) if pinned[u] is None]
    if shuffle is not None:
        shuffle.shuffle(movable)
    movable.sort(key=lambda u: (-len(units[u]), -sum(len(forbidden.get(p, ())) for p in units[u])))
    weight = [len(units[u]) for u in movable]
    lone = {units[u][0] for u in movable if len(units[u]) == 1}  # people a swap may move
    # who has someone to avoid: the others take the wanted table, or the next one with room
    avoid = [any(p in forbidden for p in units[u]) for u in movable]
    column = [i % t for i in range(len(movable))]
    layer = [i // t for i in range(len(movable))]
    pm = prime_power(t)
    field = GaloisField(t) if pm is not None and pm[1] > 1 and t <= 128 else None
    seat = [-1] * inst.people
    at = seat.__getitem__
    plan: Seating = []
    for r in range(inst.free_rounds):
        if time.monotonic() > deadline:
            raise OutOfTime
        tables: list[list[int]] = [[] for _ in range(t)]
        room = list(targets)
        for u, k in enumerate(pinned):
            if k is not None:
                tables[k].extend(units[u])
                room[k] -= len(units[u])
                for p in units[u]:
                    seat[p] = k
        spare = [caps[k] - targets[k] for k in range(t)]
        tracker = _NextOpen(room)
        room = tracker.room
        find, take = tracker.find, tracker.take
        if field is not None:
            add, times = field.add_table, field.mul_table[r % t]
            wanted = [add[column[i]][times[layer[i] % t]] for i in range(len(movable))]
        else:
            wanted = [(column[i] + r * layer[i]) % t for i in range(len(movable))]
        for i, u in enumerate(movable):
            want = wanted[i]
            members = units[u]
            w = weight[i]
            if w == 1:
                # one person, the bulk of the work: the wanted table or the next with room
                p = members[0]
                k = want if room[want] > 0 else find(want)
                if k < 0 or (avoid[i] and k in map(at, forbidden[p])):
                    k = _choose(members, want, 1, tracker, spare, seat, forbidden, t)
                    swap = _swap(p, k, want, tables, seat, forbidden, lone) if avoid[i] else None
                    if swap is not None:
                        # p takes the seat of q elsewhere, and q the seat p was left with
                        k2, place = swap
                        p, tables[k2][place] = tables[k2][place], p
                        seat[members[0]] = k2
                tables[k].append(p)
                left = room[k]
                room[k] = left - 1
                if left == 1:
                    tracker.close(k)
                seat[p] = k
                continue
            # a required group: the wanted table if it has room for all, else the roomiest
            k = want if room[want] >= w else -1
            if k < 0 or (avoid[i] and _clash(members, k, seat, forbidden)):
                k = _choose(members, want, w, tracker, spare, seat, forbidden, t)
            tables[k].extend(members)
            take(k, w)
            for p in members:
                seat[p] = k
        plan.append(tables)
        for tb in tables:
            for p in tb:
                seat[p] = -1
    return plan


def _clash(members: list[int], k: int, seat: list[int], forbidden: dict[int, list[int]]) -> bool:
    """True when someone at table k must not meet one of these members."""
    at = seat.__getitem__
    for p in members:
        partners = forbidden.get(p)
        if partners and k in map(at, partners):
            return True
    return False


def _swap(
    p: int,
    k: int,
    want: int,
    tables: list[list[int]],
    seat: list[int],
    forbidden: dict[int, list[int]],
    lone: set[int],
    most: int = 64,
) -> tuple[int, int] | None:
    """When p can only sit at table k, beside someone p must avoid: a lone person q at
    another table, beside no one p avoids, who may sit at k instead. (q's table, q's place
    there), looking at `most` tables from the wanted one and `most` people at each; or None.
    """
    at = seat.__getitem__
    if k not in map(at, forbidden[p]):
        return None  # k is fine after all
    t = len(tables)
    for step in range(min(t, most)):
        k2 = (want + step) % t
        if k2 == k or k2 in map(at, forbidden[p]):
            continue
        table = tables[k2]
        for place in range(min(len(table), most)):
            q = table[place]
            if q in lone and k not in map(at, forbidden.get(q, ())):
                return k2, place
    return None


def _choose(
    members: list[int],
    want: int,
    w: int,
    tracker: _NextOpen,
    spare: list[int],
    seat: list[int],
    forbidden: dict[int, list[int]],
    t: int,
) -> int:
    """The table for a unit: the wanted one, else the one with most room and nobody forbidden.

    `room` (the tracker's) is the seats left below the even sizes, negative past them;
    `spare` the seats a table has beyond its even size.
    """
    room = tracker.room
    apart = any(p in forbidden for p in members)
    if room[want] >= w and not (apart and _clash(members, want, seat, forbidden)):
        return want
    k = tracker.roomiest(w, lambda k: not apart or not _clash(members, k, seat, forbidden))
    if k >= 0:
        return k
    # beyond the even sizes, within the tables' seats (rare: scanned)
    for step in range(t):
        k = (want + step) % t
        if room[k] + spare[k] >= w and (not apart or not _clash(members, k, seat, forbidden)):
            return k
    # no table has the seats (a packing check_feasible could not settle): the roomiest
    return tracker.roomiest(-sum(spare) - w - len(room) * (w + 1), lambda k: True)
