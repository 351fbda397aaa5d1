"""Zero-repeat plans with a prescribed cyclic symmetry, found by exact search with restarts.

Design theorists find hard designs by assuming an automorphism group and searching only among
the designs it fixes: the search space shrinks by the order of the group. Here the group is Z_m
acting on m * h people arranged as h layers of m (person l * m + i is offset i of layer l), and
sigma adds 1 to every offset. A plan fixed by sigma is given by a few base rounds: a base round
whose orbit has k rounds (k divides m) is fixed by sigma^k, and its translates by 1 .. k - 1 are
the other rounds of the orbit. So the search places tables in base rounds only; each table
brings its images under sigma^k into its base round and its translates into the rest of the
orbit, and no pair of people may ever share two tables.

Each base round is fixed by sigma^(m/2) in the structures tried (every orbit size divides
m / 2). With an even number of layers the first structure tried is also twisted: tau, which
swaps layers 2l and 2l + 1, times sigma^j joins each base round's stabiliser, so each base
round holds fewer tables to choose. That is what makes 32 people at 8 tables of 4 over 10
rounds, the social golfer instance open until 2004, come out in about a second. When every
person misses exactly one other (n - 1 = (s - 1) * rounds + 1), the pairs left apart are set
in advance to the matching the symmetry leaves: {x, sigma^(m/2) x}, twisted by tau if the plan is.

The search is depth-first: it takes the free seat with the fewest compatible partners, tries
its tables in a random order, and restarts with a fresh order after a fixed number of nodes.
The same seed gives the same plan whenever the node budget, not the clock, ends it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

Tables = list[list[list[int]]]

RESTART_NODES = 800

# the search holds, per person and per map of each base round, a bit set of n bits: about
# n * m * (2 + 2 * base rounds) * n / 8 bytes; past this it is not tried (at 1,000 people it
# would take gigabytes and tens of seconds just to set up)
MAX_TABLE_BYTES = 48 * 1024 * 1024


class _Restart(Exception):
    """The node budget of one descent is spent."""


class _OutOfTime(Exception):
    """The caller's deadline passed."""


def orbit_structures(m: int, rounds: int, limit: int = 4) -> Iterator[list[int]]:
    """Orbit sizes for the base rounds: divisors of m / 2 summing to `rounds`, fewest first.

    Fewer base rounds means fewer tables to choose; within the same count, the base rounds with
    the largest stabiliser come first, since the search places those first.
    """
    if m % 2:
        return
    sizes = [k for k in range(m // 2, 0, -1) if (m // 2) % k == 0]
    found: list[list[int]] = []

    def parts(left: int, largest: int, acc: list[int]) -> None:
        if len(found) > 200:
            return
        if left == 0:
            found.append(sorted(acc))
            return
        for k in sizes:
            if k <= largest and k <= left:
                parts(left - k, k, acc + [k])

    parts(rounds, m // 2, [])
    found.sort(key=lambda ks: (len(ks), ks))
    yield from found[:limit]


def twists(orbits: list[int]) -> list[int | None]:
    """Twist every base round: tau sigma^j joins its stabiliser, j alternating 0 and k/2.

    tau swaps layers 2l and 2l + 1; base rounds with the same orbit size k get j = 0, k/2, 0 ...
    in turn, so that the twin layers are mixed in two different ways.
    """
    out: list[int | None] = []
    for i, k in enumerate(orbits):
        same_before = sum(1 for kk in orbits[:i] if kk == k)
        out.append((k // 2) * (same_before % 2) if k % 2 == 0 else 0)
    return out


class CyclicSearch:
    """One structure: Z_m on h layers, base rounds with the given orbit sizes, table size s."""

    def __init__(
        self,
        m: int,
        h: int,
        s: int,
        orbits: list[int],
        leave_matching: bool,
        twists: list[int | None] | None = None,
    ) -> None:
        self.m, self.h, self.s, self.orbits = m, h, s, orbits
        self.twists = twists or [None] * len(orbits)
        n = self.n = m * h
        self.full = (1 << n) - 1
        # bit[x][t]: the bit of person x moved t offsets along its layer
        self.bit = [[1 << ((x // m) * m + (x % m + t) % m) for t in range(2 * m)] for x in range(n)]

        def move(x: int, t: int, swap: bool) -> int:
            layer = (x // m) ^ 1 if swap else x // m
            return layer * m + (x % m + t) % m

        self.start_met = [0] * n
        if leave_matching:
            # the pairs never seated together: {x, x + m/2} in its layer, or in the twin layer
            # when the plan is twisted
            cross = any(j is not None for j in self.twists)
            for x in range(n):
                self.start_met[x] = 1 << move(x, m // 2, cross)
        # per base round: the stabiliser's maps (sigma^(ik), and tau sigma^(j + ik) when twisted,
        # tau swapping layers 2l and 2l + 1), then for each round t of the orbit the bit of every
        # person under sigma^t after each of those maps
        self.copies: list[list[list[list[int]]]] = []
        for k, j in zip(orbits, self.twists, strict=True):
            maps = [(i, False) for i in range(0, m, k)]
            if j is not None:
                maps += [(j + i, True) for i in range(0, m, k)]
            self.copies.append(
                [[[1 << move(x, a + t, sw) for x in range(n)] for a, sw in maps] for t in range(k)]
            )

    def run(
        self, rng: random.Random, node_limit: int, deadline: float
    ) -> tuple[list[list[tuple[int, ...]]] | None, int]:
        """One descent: (base tables per base round, or None when the budget ran out; nodes)."""
        n, s, full, orbits = self.n, self.s, self.full, self.orbits
        met = list(self.start_met)
        placed = [0] * len(orbits)
        base: list[list[tuple[int, ...]]] = [[] for _ in orbits]
        nodes = 0
        monotonic = time.monotonic

        def seat() -> tuple[int, int] | None:
            """(base round, person) with the fewest partners left; (-1, -1) at a dead end."""
            best: tuple[int, int] | None = None
            fewest = n
            for c in range(len(orbits)):
                free = full & ~placed[c]
                rest = free
                while rest:
                    low = rest & -rest
                    rest ^= low
                    x = low.bit_length() - 1
                    d = (free & ~met[x]).bit_count() - 1
                    if d < s - 1:
                        return (-1, -1)
                    if d < fewest:
                        best, fewest = (c, x), d
            return best

        def place(c: int, block: tuple[int, ...], undo: list[tuple[int, int]]) -> int:
            """Mark the block's pairs in every round of the orbit; 0 when a pair would repeat."""
            copies = self.copies[c]
            mask = 0
            images: set[int] = set()
            for bits in copies[0]:
                mj = 0
                for x in block:
                    mj |= bits[x]
                if mj in images:
                    continue
                if mj & mask or mj & placed[c]:
                    return 0
                mask |= mj
                images.add(mj)
            for per_round in copies:
                seen: set[int] = set()
                for bits in per_round:
                    mj = 0
                    for x in block:
                        mj |= bits[x]
                    if mj in seen:
                        continue
                    seen.add(mj)
                    # marking y's partners never changes another person's mask, so each
                    # person is checked then marked; the caller undoes a refused block
                    rest = mj
                    while rest:
                        low = rest & -rest
                        rest ^= low
                        y = low.bit_length() - 1
                        if met[y] & (mj ^ low):
                            return 0
                        met[y] |= mj ^ low
                        undo.append((y, mj ^ low))
            return mask

        def descend() -> bool:
            nonlocal nodes
            nodes += 1
            if nodes > node_limit:
                raise _Restart
            # one node can cost a millisecond with large tables: the clock is read at each
            if monotonic() > deadline:
                raise _OutOfTime
            where = seat()
            if where is None:
                return True
            c, p = where
            if c < 0:
                return False
            free = full & ~placed[c]
            cand = free & ~met[p] & ~(1 << p)
            others = [q for q in range(n) if cand >> q & 1]
            rng.shuffle(others)
            for block in _blocks(p, others, cand, met, s, deadline):
                if monotonic() > deadline:
                    raise _OutOfTime
                undo: list[tuple[int, int]] = []
                mask = place(c, block, undo)
                if mask:
                    placed[c] |= mask
                    base[c].append(block)
                    if descend():
                        return True
                    base[c].pop()
                    placed[c] &= ~mask
                for y, other in reversed(undo):
                    met[y] &= ~other
            return False

        try:
            done = descend()
        except _Restart:
            return None, nodes
        return (base if done else None), nodes

    def rounds_of(self, base: list[list[tuple[int, ...]]]) -> Tables:
        """Every round of the plan from the base rounds."""
        plan: Tables = []
        for blocks, per_round in zip(base, self.copies, strict=True):
            for maps in per_round:
                tables = {
                    tuple(sorted(bits[x].bit_length() - 1 for x in block))
                    for block in blocks
                    for bits in maps
                }
                plan.append([list(tb) for tb in sorted(tables)])
        return plan


def _blocks(
    p: int,
    others: list[int],
    cand: int,
    met: list[int],
    s: int,
    deadline: float = float("inf"),
) -> Iterator[tuple[int, ...]]:
    """Tables of size s holding p and people from `others` who have not met one another.

    With large tables there are millions of them: the clock is read every 4,096 steps, and
    _OutOfTime raised past `deadline`.
    """
    steps = 0

    def grow(chosen: tuple[int, ...], start: int, allowed: int) -> Iterator[tuple[int, ...]]:
        nonlocal steps
        steps += 1
        if steps & 4095 == 0 and time.monotonic() > deadline:
            raise _OutOfTime
        if len(chosen) == s:
            yield chosen
            return
        for i in range(start, len(others)):
            q = others[i]
            if allowed >> q & 1:
                yield from grow(chosen + (q,), i + 1, allowed & ~met[q])

    yield from grow((p,), 0, cand)


def symmetric_applies(n: int, g: int, rounds: int) -> bool:
    """True when the search has a structure for these sizes: equal tables, an even number of
    tables, and no more rounds than let everybody meet new people each time."""
    if g < 2 or n % g or rounds < 2:
        return False
    s = n // g
    return s >= 2 and (n - 1) - (s - 1) * rounds >= 0 and any(orbit_structures(g, rounds, 1))


def symmetric_plan(
    n: int,
    g: int,
    rounds: int,
    deadline: float,
    seed: int,
    max_nodes: int | None = None,
) -> tuple[Tables, str] | None:
    """A plan where no pair meets twice, or None when none was found in the time or nodes given.

    Only for equal tables (n = g * s) and at most as many rounds as keep everybody meeting new
    people: (s - 1) * rounds <= n - 1. Z_g acts on s layers of g people.
    """
    if not symmetric_applies(n, g, rounds):
        return None
    s = n // g
    leave = (n - 1) - (s - 1) * rounds
    m, h = g, s
    structures = list(orbit_structures(m, rounds, limit=2))
    if not structures:
        return None
    if n * m * (2 + 2 * len(structures[-1])) * (n // 8 + 28) > MAX_TABLE_BYTES:
        return None
    if time.monotonic() > deadline:
        return None
    searches = []
    if h % 2 == 0:
        searches.append(CyclicSearch(m, h, s, structures[0], leave == 1, twists(structures[0])))
    for structure in structures:
        if time.monotonic() > deadline:
            return None
        searches.append(CyclicSearch(m, h, s, structure, leave == 1))
    # the first structure gets twelve descents in sixteen, the next ones a few: later
    # structures are fallbacks, not equals
    turns = [i for i in [0] * 12 + [1] * 3 + [2] if i < len(searches)]
    rng = random.Random(seed)
    spent, budget = 0, max_nodes if max_nodes is not None else 10**12
    descent = 0
    while spent < budget:
        search = searches[turns[descent % len(turns)]]
        descent += 1
        try:
            base, nodes = search.run(rng, min(RESTART_NODES, budget - spent), deadline)
        except _OutOfTime:
            return None
        spent += nodes
        if base is not None:
            orbits = "+".join(map(str, search.orbits))
            group = f"Z_{m} x Z_2" if any(j is not None for j in search.twists) else f"Z_{m}"
            name = f"{group}-invariant plan (orbits {orbits}, exact search)"
            return search.rounds_of(base), name
        if time.monotonic() > deadline:
            return None
    return None
