"""Tabu local search over seatings: conflict-directed swaps within a round, hard rules kept."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from facilitate.planning.instance import RotationInstance

Progress = Callable[[dict[str, float]], None]


class OutOfTime(Exception):
    """A first plan was still being built when its deadline passed."""


class SeatingSearch:
    """Seating state for the rounds to plan, with incremental costs.

    Movable things are units: one person, or a required group that always sits together.
    A unit holding a present host is pinned to the host's table.
    """

    def __init__(
        self,
        inst: RotationInstance,
        caps: list[int],
        targets: list[int],
        deadline: float = float("inf"),
    ) -> None:
        self.inst = inst
        # building a first plan (greedy_round) raises OutOfTime past this
        self.deadline = deadline
        n = self.n = inst.people
        self.t = inst.groups
        self.rounds = inst.free_rounds
        self.caps = caps
        self.targets = targets
        groups = inst.required_groups()
        in_group = {p for g in groups for p in g}
        self.units: list[list[int]] = [list(g) for g in groups]
        self.units += [[p] for p in inst.present if p not in in_group]
        self.unit_of = [-1] * n
        for u, members in enumerate(self.units):
            for p in members:
                self.unit_of[p] = u
        self.weight = [len(m) for m in self.units]
        host_of = inst.host_of()
        self.pinned: list[int | None] = [None] * len(self.units)
        for u, members in enumerate(self.units):
            for p in members:
                if p in host_of:
                    self.pinned[u] = host_of[p]
        self.movable = [u for u in range(len(self.units)) if self.pinned[u] is None]
        self.forb: list[set[int]] = [set() for _ in range(n)]
        for a, b in inst.forbidden:
            self.forb[a].add(b)
            self.forb[b].add(a)
        self.labels: list[list[int]] = []
        # mix the labels first: same-label tables weigh before repeated encounters
        self.spread = inst.spread_first and bool(inst.label_systems())
        for system in inst.label_systems():
            ids: dict[str, int] = {}
            self.labels.append([-1 if x is None else ids.setdefault(x, len(ids)) for x in system])
        # pair counts over every round, fixed ones included: one byte each (a pair meets at most
        # once a round, and rounds are at most MAX_ROUNDS), 25 MB at 5,000 people
        self.cnt: bytearray | list[int] = bytearray(n * n) if inst.rounds < 256 else [0] * (n * n)
        self.repeats = 0
        for rnd in inst.fixed_rounds:
            for table in rnd:
                for i, a in enumerate(table):
                    for b in table[i + 1 :]:
                        self._meet(a, b, 1)
        # a required group sits together in every round to plan
        for members in self.units:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if self.rounds:
                        c = self.cnt[a * n + b]
                        self.repeats += self.rounds - (0 if c else 1)
                        self.cnt[a * n + b] = self.cnt[b * n + a] = c + self.rounds
        self.where: list[list[int]] = [[-1] * len(self.units) for _ in range(self.rounds)]
        self.members: list[list[list[int]]] = [
            [[] for _ in range(self.t)] for _ in range(self.rounds)
        ]
        self.size = [[0] * self.t for _ in range(self.rounds)]
        self.lab_count: list[list[list[dict[int, int]]]] = [
            [[{} for _ in range(self.t)] for _ in range(self.rounds)] for _ in self.labels
        ]
        self.dup = [[[0] * self.t for _ in range(self.rounds)] for _ in self.labels]
        self.clashes = 0
        self.hard = 0

    # --- incremental bookkeeping -------------------------------------------------------

    def _meet(self, a: int, b: int, d: int) -> None:
        n = self.n
        c = self.cnt[a * n + b]
        if d > 0:
            if c >= 1:
                self.repeats += 1
        elif c >= 2:
            self.repeats -= 1
        self.cnt[a * n + b] = c + d
        self.cnt[b * n + a] = c + d

    def place(self, r: int, u: int, k: int) -> None:
        """Seat unit u at table k in round r."""
        table = self.members[r][k]
        for a in self.units[u]:
            fa = self.forb[a]
            for x in table:
                self._meet(a, x, 1)
                if x in fa:
                    self.hard += 1
        for s, labels in enumerate(self.labels):
            counts = self.lab_count[s][r][k]
            before = self.dup[s][r][k]
            for a in self.units[u]:
                lab = labels[a]
                if lab >= 0:
                    c = counts.get(lab, 0)
                    counts[lab] = c + 1
                    if c == 1:
                        self.dup[s][r][k] += 1
            self.clashes += (self.dup[s][r][k] > 0) - (before > 0)
        table.extend(self.units[u])
        self.size[r][k] += self.weight[u]
        self.where[r][u] = k

    def lift(self, r: int, u: int) -> None:
        """Take unit u away from its table in round r."""
        k = self.where[r][u]
        table = self.members[r][k]
        for a in self.units[u]:
            table.remove(a)
        for a in self.units[u]:
            fa = self.forb[a]
            for x in table:
                self._meet(a, x, -1)
                if x in fa:
                    self.hard -= 1
        for s, labels in enumerate(self.labels):
            counts = self.lab_count[s][r][k]
            before = self.dup[s][r][k]
            for a in self.units[u]:
                lab = labels[a]
                if lab >= 0:
                    c = counts[lab]
                    counts[lab] = c - 1
                    if c == 2:
                        self.dup[s][r][k] -= 1
            self.clashes += (self.dup[s][r][k] > 0) - (before > 0)
        self.size[r][k] -= self.weight[u]
        self.where[r][u] = -1

    def unevenness(self) -> int:
        """Sum over rounds of largest minus smallest table."""
        return sum(max(s) - min(s) for s in self.size)

    def cost(self) -> tuple[int, int, int, int]:
        """(hard violations, repeats, same-label tables, unevenness): lower is better; with
        `spread_first`, same-label tables come before repeats."""
        if self.spread:
            return (self.hard, self.clashes, self.repeats, self.unevenness())
        return (self.hard, self.repeats, self.clashes, self.unevenness())

    def seating(self) -> list[list[list[int]]]:
        """The planned rounds, each table's ids sorted."""
        return [[sorted(tb) for tb in rnd] for rnd in self.members]

    def snapshot(self) -> list[list[int]]:
        return [list(w) for w in self.where]

    def restore(self, where: list[list[int]]) -> None:
        """Go back to a snapshot, moving only the units seated elsewhere in it."""
        for r in range(self.rounds):
            now, then = self.where[r], where[r]
            if now == then:
                continue
            moved = [u for u in range(len(self.units)) if now[u] != then[u]]
            for u in moved:
                if now[u] >= 0:
                    self.lift(r, u)
            for u in moved:
                if then[u] >= 0:
                    self.place(r, u, then[u])
            # each table lists its units in unit order, as seating everyone anew would
            tables: list[list[int]] = [[] for _ in range(self.t)]
            for u, k in enumerate(then):
                if k >= 0:
                    tables[k].extend(self.units[u])
            self.members[r] = tables

    # --- building a first plan ------------------------------------------------------------

    def _placement_cost(self, r: int, u: int, k: int) -> tuple[int, int, int]:
        n = self.n
        hard = rep = 0
        table = self.members[r][k]
        for a in self.units[u]:
            fa = self.forb[a]
            row = a * n
            for x in table:
                if self.cnt[row + x]:
                    rep += 1
                if x in fa:
                    hard += 1
        clash = 0
        for s, labels in enumerate(self.labels):
            counts = self.lab_count[s][r][k]
            if any(labels[a] >= 0 and counts.get(labels[a], 0) for a in self.units[u]):
                clash += 1
        return (hard, clash, rep) if self.spread else (hard, rep, clash)

    def greedy_round(self, r: int, rng: random.Random, order: list[int] | None = None) -> None:
        """Seat every unit of round r, each where it adds the least cost."""
        for u in range(len(self.units)):
            k = self.pinned[u]
            if k is not None and self.where[r][u] < 0:
                self.place(r, u, k)
        units = order if order is not None else list(self.movable)
        if order is None:
            rng.shuffle(units)
            units.sort(key=lambda u: -self.weight[u])
        monotonic = time.monotonic
        for i, u in enumerate(units):
            if self.where[r][u] >= 0:
                continue
            if i & 15 == 0 and monotonic() > self.deadline:
                raise OutOfTime
            w = self.weight[u]
            limits = self.targets
            room = [k for k in range(self.t) if self.size[r][k] + w <= limits[k]]
            if not room:
                limits = self.caps
                room = [k for k in range(self.t) if self.size[r][k] + w <= limits[k]]
            if not room:
                room = list(range(self.t))
            best = min(
                room,
                key=lambda k: (
                    self._placement_cost(r, u, k),
                    self.size[r][k] - limits[k],
                    rng.random(),
                ),
            )
            self.place(r, u, best)

    def load_round(self, r: int, tables: list[list[int]], rng: random.Random) -> None:
        """Seat round r as a construction says, where sizes and pinned units allow."""
        groups = [u for u in self.movable if self.weight[u] > 1]
        self.greedy_round(r, rng, order=sorted(groups, key=lambda u: -self.weight[u]))
        queue: list[int] = []
        for k in range(min(self.t, len(tables))):
            for p in tables[k]:
                u = self.unit_of[p]
                if u < 0 or self.where[r][u] >= 0:
                    continue
                if self.size[r][k] < self.targets[k]:
                    self.place(r, u, k)
                else:
                    queue.append(u)
        queue += [u for u in self.movable if self.where[r][u] < 0 and u not in queue]
        self.greedy_round(r, rng, order=queue)

    def load_seating(self, r: int, tables: list[list[int]]) -> None:
        """Seat round r exactly as given: a seating that keeps required groups together.

        Raises OutOfTime past the state's deadline (read once a round)."""
        if time.monotonic() > self.deadline:
            raise OutOfTime
        for k, table in enumerate(tables):
            for p in table:
                u = self.unit_of[p]
                if u >= 0 and self.where[r][u] < 0:
                    self.place(r, u, k)

    # --- tabu search ----------------------------------------------------------------------

    def _conflicted(self, r: int) -> list[int]:
        n = self.n
        cnt = self.cnt
        out: set[int] = set()
        for k in range(self.t):
            table = self.members[r][k]
            clash = any(self.dup[s][r][k] for s in range(len(self.labels)))
            for _i, a in enumerate(table):
                row = a * n
                fa = self.forb[a]
                hit = clash
                if not hit:
                    for x in table:
                        if x != a and (cnt[row + x] >= 2 or x in fa):
                            hit = True
                            break
                if hit:
                    u = self.unit_of[a]
                    if self.pinned[u] is None:
                        out.add(u)
        return sorted(out)

    def _label_delta(self, r: int, k: int, gone: list[int], come: list[int]) -> int:
        delta = 0
        for s, labels in enumerate(self.labels):
            counts = self.lab_count[s][r][k]
            change: dict[int, int] = {}
            for a in gone:
                if labels[a] >= 0:
                    change[labels[a]] = change.get(labels[a], 0) - 1
            for a in come:
                if labels[a] >= 0:
                    change[labels[a]] = change.get(labels[a], 0) + 1
            dup = self.dup[s][r][k]
            new = dup
            for lab, d in change.items():
                if d:
                    c = counts.get(lab, 0)
                    new += (c + d >= 2) - (c >= 2)
            delta += (new > 0) - (dup > 0)
        return delta

    def _swap_delta(self, r: int, u: int, v: int | None, ka: int, kb: int) -> tuple[int, int, int]:
        n = self.n
        cnt = self.cnt
        unit_of = self.unit_of
        pu = self.units[u]
        pv = self.units[v] if v is not None else []
        ta = self.members[r][ka]
        tb = self.members[r][kb]
        rep = hard = 0
        for a in pu:
            row = a * n
            fa = self.forb[a]
            for x in ta:
                if unit_of[x] != u:
                    if cnt[row + x] >= 2:
                        rep -= 1
                    if fa and x in fa:
                        hard -= 1
            for y in tb:
                if unit_of[y] != v:
                    if cnt[row + y]:
                        rep += 1
                    if fa and y in fa:
                        hard += 1
        for b in pv:
            row = b * n
            fb = self.forb[b]
            for y in tb:
                if unit_of[y] != v:
                    if cnt[row + y] >= 2:
                        rep -= 1
                    if fb and y in fb:
                        hard -= 1
            for x in ta:
                if unit_of[x] != u:
                    if cnt[row + x]:
                        rep += 1
                    if fb and x in fb:
                        hard += 1
        clash = 0
        if self.labels:
            clash = self._label_delta(r, ka, pu, pv) + self._label_delta(r, kb, pv, pu)
        return hard, rep, clash

    def run(
        self,
        target: tuple[int, int, int, int],
        deadline: float,
        rng: random.Random,
        on_progress: Progress | None = None,
        started: float = 0.0,
        max_iterations: int = 10**9,
    ) -> None:
        """Improve the plan until it reaches `target`, the deadline or the iteration cap."""
        free = list(range(self.rounds))
        if not free or not self.movable:
            return
        best = self.cost()
        best_where = self.snapshot()
        tabu: dict[tuple[int, int, int], int] = {}
        stall = 0
        stall_limit = 400 + 20 * len(self.movable)
        # small plans: look at every conflicted seat of every round at each step
        whole = len(self.movable) * self.rounds <= 600
        sample = 64 if whole else 6
        it = 0
        monotonic = time.monotonic
        late = False
        while best > target and it < max_iterations and not late:
            it += 1
            # the clock is read every step and inside it: on large plans one step can take
            # a tenth of a second
            now = monotonic()
            if now >= deadline:
                break
            if it & 4095 == 0:
                # expired entries never bar a move again: dropped, so that an hour-long run
                # keeps a small table
                tabu = {move: until for move, until in tabu.items() if until > it}
            if on_progress is not None and it & 1023 == 0:
                h, rep, cl, ev = best
                if self.spread:
                    rep, cl = cl, rep
                on_progress(
                    {
                        "repeats": rep,
                        "label_clashes": cl,
                        "hard": h,
                        "seconds": round(now - started, 3),
                        "iterations": it,
                    }
                )
            cur = self.cost()
            rounds = free[:]
            rng.shuffle(rounds)
            picks: list[tuple[int, int]] = []
            for r in rounds:
                picks += [(r, u) for u in self._conflicted(r)]
                if picks and not whole:
                    break
                if monotonic() >= deadline:
                    late = True
                    break
            if late:
                break
            if not picks:
                # nothing left but unevenness: nothing to gain from swaps
                break
            if len(picks) > sample:
                picks = rng.sample(picks, sample)
            best_move = None
            best_delta: tuple[int, int, int, int] | None = None
            ties = 0
            for r, u in picks:
                if monotonic() >= deadline:
                    late = True
                    break
                size = self.size[r]
                ka = self.where[r][u]
                wu = self.weight[u]
                for kb in range(self.t):
                    if kb == ka:
                        continue
                    cands: list[int | None] = []
                    if size[kb] + wu <= self.caps[kb]:
                        cands.append(None)
                    for y in self.members[r][kb]:
                        other = self.unit_of[y]
                        if self.pinned[other] is not None or (cands and cands[-1] == other):
                            continue
                        wv = self.weight[other]
                        if (
                            size[ka] - wu + wv <= self.caps[ka]
                            and size[kb] - wv + wu <= self.caps[kb]
                        ):
                            cands.append(other)
                    for v in cands:
                        h, rep, cl = self._swap_delta(r, u, v, ka, kb)
                        wv = 0 if v is None else self.weight[v]
                        ev = 0
                        if wv != wu:
                            sizes = list(size)
                            sizes[ka] += wv - wu
                            sizes[kb] += wu - wv
                            ev = (max(sizes) - min(sizes)) - (max(size) - min(size))
                        delta = (h, cl, rep, ev) if self.spread else (h, rep, cl, ev)
                        new = (
                            cur[0] + delta[0],
                            cur[1] + delta[1],
                            cur[2] + delta[2],
                            cur[3] + ev,
                        )
                        is_tabu = tabu.get((r, u, kb), 0) > it or (
                            v is not None and tabu.get((r, v, ka), 0) > it
                        )
                        if is_tabu and not new < best:
                            continue
                        if best_delta is None or delta < best_delta:
                            best_delta, best_move, ties = delta, (r, u, v, ka, kb), 1
                        elif delta == best_delta:
                            ties += 1
                            if rng.randrange(ties) == 0:
                                best_move = (r, u, v, ka, kb)
            if late:
                break
            if best_move is None:
                tabu.clear()
                continue
            r, u, v, ka, kb = best_move
            self.lift(r, u)
            if v is not None:
                self.lift(r, v)
                self.place(r, v, ka)
            self.place(r, u, kb)
            tenure = 5 + rng.randrange(10)
            tabu[(r, u, ka)] = it + tenure
            if v is not None:
                tabu[(r, v, kb)] = it + tenure
            now_cost = self.cost()
            if now_cost < best:
                best = now_cost
                best_where = self.snapshot()
                stall = 0
            else:
                stall += 1
                if stall > stall_limit:
                    stall = 0
                    tabu.clear()
                    self.restore(best_where)
                    self._perturb(rng)
        if self.cost() > best:
            self.restore(best_where)

    def _perturb(self, rng: random.Random) -> None:
        """A few random equal-weight swaps, to leave a local optimum."""
        for _ in range(1 + len(self.movable) // 8):
            r = rng.randrange(self.rounds)
            u, v = rng.sample(self.movable, 2) if len(self.movable) > 1 else (0, 0)
            if u == v or self.weight[u] != self.weight[v]:
                continue
            ku, kv = self.where[r][u], self.where[r][v]
            if ku == kv:
                continue
            self.lift(r, u)
            self.lift(r, v)
            self.place(r, u, kv)
            self.place(r, v, ku)
