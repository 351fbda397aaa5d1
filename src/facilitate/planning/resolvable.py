"""Resolvable designs for plain cafés, chosen from the sizes before any search.

A plain café of n people at g tables of s for r rounds, where nobody meets anyone twice, is a
*resolvable packing*: r parallel classes (rounds) of blocks (tables) of size s, each pair of
points in at most one block. The social golfer problem asks for the same thing. Design theory
gives these for many sizes; each construction below names where it comes from.

- Kirkman triple systems KTS(v), v = 3 (mod 6), (v - 1) / 2 rounds of tables of 3, exist for
  every such v (Ray-Chaudhuri & Wilson, "Solution of Kirkman's schoolgirl problem", Proc. Symp.
  Pure Math. 19, 1971). Small orders are built directly: 1-rotational systems over Z_{v-1} with
  a fixed point, whose rounds are fixed by the half-turn x -> x + (v-1)/2 (Buratti & Zuanni,
  "G-invariantly resolvable Steiner 2-designs which are 1-rotational over G", Bull. Belg. Math.
  Soc. 5, 1998: they exist for v = 3, 9 (mod 24)), else a 3-layer plan over Z_m (v = 3m) where
  the rounds are one orbit of m rounds plus (m - 1) / 2 rounds fixed by Z_m (the classical
  cyclic construction of Kirkman's 15 schoolgirls, Z_5 x 3 layers, generalised). From 45 on,
  where v = u * w with KTS(u) and KTS(w) at hand (45, 63, 99, 135...), the product of the two
  (`kirkman_product`), which costs no search.
- Nearly Kirkman triple systems NKTS(v), v = 0 (mod 6), v >= 18, have v / 2 - 1 rounds (Kotzig
  & Rosa 1974; Baker & Wilson 1977; none for v = 6, 12): found as 1-rotational plans over Z_R
  with layers and fixed points (`base_class`); NKTS(18) is a plan stored from the exact search
  of `symmetric.py` (so are the social golfer instances 6-4-6 and 8-4-10: `KNOWN_PLANS`).
- Resolvable (v, 4, 1) designs, v = 4 (mod 12), (v - 1) / 3 rounds (Hanani, Ray-Chaudhuri &
  Wilson, "On resolvable designs", Discrete Math. 3, 1972): 2-(16,4,1) is the affine plane
  AG(2,4) (`designs.transversal_field`); 2-(28,4,1) and 2-(40,4,1) come out of `base_class` over
  Z_9 and Z_13 with three layers and a fixed point (a 1-rotational resolution, as Denniston's
  packing of PG(3,3) gives one for 40).
- Orthogonal arrays OA(k, m) for k rounds of m tables of m (m * m people): k = m + 1 from the
  affine plane when m is a prime power (`designs.transversal_field`), else from mutually
  orthogonal Latin squares (N MOLS give N + 2 rounds): MacNeish's product of fields ("Euler
  squares", Ann. Math. 23, 1922) for any m; order 6 has no pair (Tarry 1900), so 3 rounds; for
  order 10 the pair of orthogonal Latin squares below (Parker 1959 showed they exist; this pair
  was found by a search of our own, `benchmarks/find_designs.py`, and is checked by the tests);
  for order 12, five MOLS from a (12, 6; 1) difference matrix over Z_2 x Z_6 (Johnson, Dulmage &
  Mendelsohn 1961 showed one exists; this one is also our own search's, checked by the tests).
"""

from __future__ import annotations

import math
import random
import time
from itertools import combinations

from facilitate.planning.designs import Design, GaloisField, prime_power

Rounds = list[list[list[int]]]

# the invariant rounds' search (after a base round is found) gives up after this many steps:
# the base round is searched again instead
INVARIANT_STEPS = 50_000

# base_class weighs every pair of points at each node: past this many points one node would
# take milliseconds, and such cafés get the other constructions and searches
MAX_BASE_POINTS = 160


class _Budget(Exception):
    """One descent's node budget, or the caller's deadline, is spent."""


def base_class(
    big_r: int,
    layers: int,
    fixed: int,
    s: int,
    *,
    invariant: int = 0,
    deadline: float = float("inf"),
    seed: int = 0,
    node_limit: int = 20_000,
    max_nodes: int | None = None,
    multiplier: int = 0,
) -> Design | None:
    """A resolvable packing over Z_R acting on `layers` layers of R points and `fixed` points.

    Point l * R + x is offset x of layer l; points from `layers * R` on never move. A base round
    (blocks of size s partitioning the points) gives R rounds by translation x -> x + 1. Pairs
    fall into orbits under Z_R: the base round may use each orbit once, never one of the short
    orbits (pairs at distance R / 2 in a layer) nor two fixed points, so no pair meets twice.
    With `invariant` > 0 (no fixed points, s = layers), that many more rounds fixed by Z_R are
    added: round j seats (l, x + a_j[l]) together for every x, on orbits the base round left.

    Depth-first search: the free point with the fewest possible partners is seated first; a
    descent stops after `node_limit` nodes and the search restarts with another random order,
    until `deadline` (time.monotonic()) or `max_nodes` in all. None when nothing was found.

    `multiplier` m (m ** layers = 1 mod R): the base round is also fixed by the map
    (l, x) -> (l + 1, m x) on the moving points, a restriction design theorists use to shrink
    such searches; the rounds are still the R translates of the base round.
    """
    moving = big_r * layers
    n = moving + fixed
    if n % s or fixed > n // s or n > MAX_BASE_POINTS or big_r < 2 or s < 2:
        return None
    if invariant and (fixed or s != layers):
        return None
    orbit, orbits = _orbits(big_r, layers, fixed)
    # counting: the base round and the invariant rounds need this many distinct orbits
    need = (n // s) * (s * (s - 1) // 2) + invariant * (s * (s - 1) // 2)
    if need > orbits:
        return None
    maps: list[list[int]] | None = None
    if multiplier:
        if pow(multiplier, layers, big_r) != 1 % big_r:
            return None
        mu = [
            p if p >= moving else ((p // big_r + 1) % layers) * big_r + (multiplier * p) % big_r
            for p in range(n)
        ]
        maps = [mu]
        for _ in range(layers - 2):
            maps.append([mu[p] for p in maps[-1]])
    rng = random.Random(seed)
    spent = 0
    budget = max_nodes if max_nodes is not None else 10**12
    while spent < budget and time.monotonic() < deadline:
        limit = min(node_limit, budget - spent)
        found, nodes = _descend(n, s, orbit, orbits, rng, limit, deadline, maps)
        spent += nodes
        if found is None:
            continue
        extra: list[list[int]] = []
        if invariant:
            used = bytearray(orbits)
            for block in found:
                for a, b in combinations(block, 2):
                    used[orbit[a][b]] = 1
            picked = _invariant_rounds(big_r, layers, invariant, orbit, used, rng, deadline)
            if picked is None:
                continue
            extra = picked
        rounds: Rounds = []
        for d in range(big_r):
            rounds.append([[_shift(p, d, big_r, moving) for p in block] for block in found])
        for offsets in extra:
            rounds.append(
                [
                    [la * big_r + (x + offsets[la]) % big_r for la in range(layers)]
                    for x in range(big_r)
                ]
            )
        rows = [[moving + f for f in range(fixed)]] if fixed else []
        name = f"resolvable plan over Z_{big_r} ({layers} layers, {fixed} fixed points"
        if multiplier:
            name += f", fixed by x -> {multiplier}x"
        name += f", {invariant} invariant rounds)" if invariant else ")"
        return Design(name, n, rounds, rows)
    return None


def _shift(p: int, d: int, big_r: int, moving: int) -> int:
    return p if p >= moving else (p // big_r) * big_r + (p % big_r + d) % big_r


def _orbits(big_r: int, layers: int, fixed: int) -> tuple[list[list[int]], int]:
    """The orbit of each pair under Z_R (-1: a pair that may never share a table), and how
    many orbits there are."""
    moving = big_r * layers
    n = moving + fixed
    ids: dict[tuple[int, ...], int] = {}
    orbit = [[-1] * n for _ in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            if b >= moving:
                if a >= moving:
                    continue  # two fixed points would meet in every round
                key: tuple[int, ...] = (0, b - moving, a // big_r)
            else:
                la, xa = divmod(a, big_r)
                lb, xb = divmod(b, big_r)
                if la == lb:
                    d = (xb - xa) % big_r
                    d = min(d, big_r - d)
                    if 2 * d == big_r:
                        continue  # a short orbit: its pairs would meet twice
                    key = (1, la, d)
                else:
                    key = (2, la, lb, (xb - xa) % big_r)
            o = ids.setdefault(key, len(ids))
            orbit[a][b] = orbit[b][a] = o
    return orbit, len(ids)


def _descend(
    n: int,
    s: int,
    orbit: list[list[int]],
    orbits: int,
    rng: random.Random,
    limit: int,
    deadline: float,
    maps: list[list[int]] | None = None,
) -> tuple[list[list[int]] | None, int]:
    """One randomised descent for a base round: (blocks, or None; nodes spent).

    `maps`: permutations of the points the base round must be fixed by (each block comes
    with its images)."""
    used = bytearray(orbits)
    free = set(range(n))
    blocks: list[list[int]] = []
    nodes = 0
    monotonic = time.monotonic

    def partners(p: int) -> list[int]:
        row = orbit[p]
        return [q for q in free if q != p and row[q] >= 0 and not used[row[q]]]

    def fill() -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > limit or (nodes & 31 == 0 and monotonic() > deadline):
            raise _Budget
        if not free:
            return True
        best_p, best = -1, None
        for p in free:
            cands = partners(p)
            if best is None or len(cands) < len(best):
                best_p, best = p, cands
                if len(cands) < s - 1:
                    return False
        assert best is not None
        rng.shuffle(best)
        return grow([best_p], best, [])

    def grow(block: list[int], cands: list[int], taken: list[int]) -> bool:
        nonlocal nodes
        if len(block) == s:
            group = [list(block)]
            extra: list[int] = []
            if maps:
                seen = {frozenset(block)}
                for perm in maps:
                    image = [perm[p] for p in block]
                    key = frozenset(image)
                    if key in seen:
                        continue
                    if any(p not in free for p in image) or any(key & other for other in seen):
                        return False
                    for a, b in combinations(image, 2):
                        o = orbit[a][b]
                        if o < 0 or used[o] or o in extra:
                            for x in extra:
                                used[x] = 0
                            return False
                        extra.append(o)
                        used[o] = 1
                    seen.add(key)
                    group.append(image)
            for tb in group:
                for p in tb:
                    free.discard(p)
                blocks.append(tb)
            if fill():
                return True
            for tb in group:
                blocks.pop()
                free.update(tb)
            for x in extra:
                used[x] = 0
            return False
        for i, q in enumerate(cands):
            # refused candidates count too: a node each, the clock read every 256
            nodes += 1
            if nodes > limit or (nodes & 255 == 0 and monotonic() > deadline):
                raise _Budget
            row = orbit[q]
            new = []
            ok = True
            for x in block:
                o = row[x]
                if o < 0 or used[o] or o in new:
                    ok = False
                    break
                new.append(o)
            if not ok:
                continue
            for o in new:
                used[o] = 1
            block.append(q)
            if grow(block, cands[i + 1 :], taken + new):
                return True
            block.pop()
            for o in new:
                used[o] = 0
        return False

    try:
        done = fill()
    except _Budget:
        return None, nodes
    return (blocks if done else None), nodes


def _invariant_rounds(
    big_r: int,
    layers: int,
    count: int,
    orbit: list[list[int]],
    used: bytearray,
    rng: random.Random,
    deadline: float,
) -> list[list[int]] | None:
    """`count` offset vectors (0, a_1, ...) whose rounds use distinct orbits left unused."""
    chosen: list[list[int]] = []
    taken = bytearray(used)
    steps = 0

    def orbits_of(offsets: list[int]) -> list[int] | None:
        out = []
        for i, j in combinations(range(len(offsets)), 2):
            o = orbit[i * big_r + offsets[i]][j * big_r + offsets[j]]
            if o < 0 or taken[o] or o in out:
                return None
            out.append(o)
        return out

    def pick(offsets: list[int]) -> bool:
        nonlocal steps
        steps += 1
        if steps > INVARIANT_STEPS or (steps & 255 == 0 and time.monotonic() > deadline):
            raise _Budget
        if len(chosen) == count:
            return True
        if len(offsets) == layers:
            new = orbits_of(offsets)
            if new is None:
                return False
            for o in new:
                taken[o] = 1
            chosen.append(list(offsets))
            if pick([0]):
                return True
            chosen.pop()
            for o in new:
                taken[o] = 0
            return False
        values = list(range(big_r))
        rng.shuffle(values)
        return any(orbits_of(offsets + [a]) is not None and pick(offsets + [a]) for a in values)

    try:
        return chosen if pick([0]) else None
    except _Budget:
        return None


# Base blocks of 1-rotational Kirkman triple systems found by `one_rotational` itself (seed 0,
# 10 to 50 s each), kept so that the planner never searches for them again; the tests expand
# each one and check it as a design. v -> one block of each pair {B, B + (v - 1) / 2}.
KNOWN_ROTATIONAL: dict[int, tuple[tuple[int, ...], ...]] = {
    51: (
        (1, 23, 32),
        (2, 38, 28),
        (4, 49, 42),
        (5, 22, 11),
        (6, 40, 19),
        (8, 12, 9),
        (10, 45, 18),
        (14, 46, 16),
    ),
    57: (
        (1, 18, 33),
        (2, 35, 14),
        (3, 25, 22),
        (4, 10, 52),
        (6, 8, 17),
        (9, 47, 40),
        (11, 27, 54),
        (13, 49, 23),
        (15, 16, 20),
    ),
    75: (
        (1, 32, 7),
        (2, 20, 67),
        (3, 16, 42),
        (4, 49, 21),
        (6, 10, 13),
        (8, 29, 62),
        (9, 60, 68),
        (11, 61, 51),
        (15, 26, 27),
        (17, 22, 36),
        (18, 56, 34),
        (28, 70, 72),
    ),
    81: (
        (1, 33, 53),
        (2, 69, 39),
        (3, 32, 44),
        (5, 58, 20),
        (6, 50, 51),
        (7, 76, 14),
        (8, 17, 74),
        (9, 25, 28),
        (12, 75, 67),
        (15, 71, 37),
        (16, 22, 26),
        (19, 78, 24),
        (21, 70, 23),
    ),
}

# Base rounds found by `base_class` (seed 0, 1 to 41 s each), likewise: (v, table size) ->
# (R, layers, fixed points, multiplier or 0, base round).
KNOWN_BASES: dict[tuple[int, int], tuple[int, int, int, int, tuple[tuple[int, ...], ...]]] = {
    # NKTS(66): Z_32 on 2 layers and 2 fixed points
    (66, 3): (
        32,
        2,
        2,
        0,
        (
            (0, 64, 60),
            (1, 28, 51),
            (2, 56, 54),
            (3, 49, 32),
            (59, 50, 16),
            (38, 44, 19),
            (40, 31, 47),
            (36, 37, 24),
            (33, 55, 23),
            (52, 39, 34),
            (58, 61, 25),
            (62, 6, 15),
            (41, 53, 45),
            (63, 5, 42),
            (46, 11, 8),
            (35, 27, 65),
            (48, 17, 21),
            (57, 4, 18),
            (43, 26, 13),
            (7, 29, 22),
            (14, 12, 20),
            (30, 10, 9),
        ),
    ),
    # NKTS(72): Z_35 on 2 layers and 2 fixed points
    (72, 3): (
        35,
        2,
        2,
        0,
        (
            (70, 8, 62),
            (0, 35, 26),
            (1, 19, 23),
            (3, 43, 60),
            (11, 64, 21),
            (2, 31, 51),
            (4, 12, 7),
            (14, 38, 28),
            (30, 61, 15),
            (10, 52, 49),
            (13, 41, 69),
            (9, 71, 39),
            (24, 22, 47),
            (20, 67, 68),
            (32, 48, 33),
            (16, 42, 5),
            (29, 56, 46),
            (17, 50, 58),
            (18, 6, 34),
            (27, 65, 63),
            (25, 59, 54),
            (37, 53, 66),
            (55, 44, 40),
            (36, 45, 57),
        ),
    ),
    # NKTS(84): Z_41 on 2 layers and 2 fixed points
    (84, 3): (
        41,
        2,
        2,
        0,
        (
            (82, 44, 28),
            (0, 13, 56),
            (2, 25, 76),
            (3, 52, 67),
            (4, 45, 79),
            (6, 65, 60),
            (73, 15, 54),
            (42, 75, 10),
            (55, 58, 11),
            (81, 77, 49),
            (46, 64, 9),
            (66, 5, 72),
            (50, 70, 8),
            (74, 29, 24),
            (48, 20, 12),
            (43, 41, 53),
            (59, 34, 32),
            (63, 17, 80),
            (47, 18, 40),
            (51, 62, 78),
            (71, 36, 83),
            (57, 26, 27),
            (61, 21, 1),
            (68, 16, 69),
            (35, 23, 39),
            (19, 30, 33),
            (37, 22, 31),
            (7, 14, 38),
        ),
    ),
    # NKTS(90): Z_44 on 2 layers and 2 fixed points
    (90, 3): (
        44,
        2,
        2,
        0,
        (
            (0, 88, 69),
            (1, 13, 17),
            (2, 32, 38),
            (3, 67, 23),
            (4, 43, 72),
            (14, 49, 37),
            (12, 54, 46),
            (6, 44, 76),
            (39, 21, 53),
            (36, 9, 84),
            (10, 77, 20),
            (7, 73, 22),
            (8, 41, 57),
            (11, 66, 50),
            (19, 16, 52),
            (5, 79, 58),
            (30, 47, 51),
            (29, 70, 42),
            (27, 74, 28),
            (34, 15, 86),
            (25, 62, 87),
            (18, 63, 61),
            (35, 85, 75),
            (31, 33, 40),
            (24, 83, 89),
            (26, 45, 80),
            (56, 71, 82),
            (55, 68, 48),
            (60, 65, 59),
            (64, 78, 81),
        ),
    ),
    # NKTS(96): Z_47 on 2 layers and 2 fixed points
    (96, 3): (
        47,
        2,
        2,
        0,
        (
            (94, 83, 29),
            (0, 55, 77),
            (47, 28, 45),
            (2, 7, 26),
            (8, 19, 90),
            (16, 92, 3),
            (4, 41, 51),
            (10, 30, 82),
            (12, 43, 52),
            (14, 60, 23),
            (22, 24, 65),
            (15, 85, 59),
            (44, 64, 76),
            (37, 87, 53),
            (25, 58, 56),
            (11, 70, 50),
            (32, 31, 93),
            (18, 66, 39),
            (17, 68, 42),
            (34, 46, 5),
            (38, 91, 6),
            (1, 9, 69),
            (21, 35, 57),
            (27, 72, 61),
            (33, 36, 40),
            (20, 84, 95),
            (13, 88, 71),
            (54, 86, 62),
            (48, 67, 49),
            (63, 79, 73),
            (74, 78, 81),
            (75, 89, 80),
        ),
    ),
    # resolvable 2-(64,4,1): Z_21 on 3 layers and a fixed point, fixed by x -> 16x (6 s)
    (64, 4): (
        21,
        3,
        1,
        16,
        (
            (0, 52, 51, 43),
            (21, 13, 18, 16),
            (42, 40, 36, 25),
            (4, 63, 22, 58),
            (5, 54, 1, 61),
            (38, 3, 37, 10),
            (62, 27, 46, 34),
            (41, 44, 28, 50),
            (47, 11, 49, 2),
            (17, 29, 7, 32),
            (6, 48, 14, 23),
            (33, 12, 35, 53),
            (45, 24, 56, 8),
            (57, 60, 26, 31),
            (9, 15, 59, 55),
            (39, 30, 20, 19),
        ),
    ),
}


def one_rotational(
    v: int, k: int, *, deadline: float = float("inf"), seed: int = 0, max_nodes: int = 200_000
) -> Design | None:
    """A resolvable 2-(v, k, 1) design, 1-rotational over Z_{v-1} (Buratti & Zuanni 1998).

    Points Z_{v-1} and a fixed point; r = (v - 1) / (k - 1) rounds. Each round is fixed by
    x -> x + r: it holds the block {fixed, x, x + r, ...} and the images of base blocks B_i
    under that map. The base blocks' differences cover Z_{v-1} minus the multiples of r once,
    their elements meet every non-zero residue mod r once; translating the round by 0 .. r - 1
    gives the design.
    """
    big_n = v - 1
    if k < 3 or big_n % (k - 1) or v % k or (v // k - 1) % (k - 1) or v > MAX_BASE_POINTS:
        return None
    r = big_n // (k - 1)
    blocks_needed = (v // k - 1) // (k - 1)
    rng = random.Random(seed)
    spent = 0
    stored = KNOWN_ROTATIONAL.get(v) if k == 3 else None
    while stored is not None or (spent < max_nodes and time.monotonic() < deadline):
        if stored is not None:
            found: list[list[int]] | None = [list(b) for b in stored]
            stored = None
        else:
            found, nodes = _rotational_descent(big_n, r, k, blocks_needed, rng, 20_000, deadline)
            spent += nodes
        if found is None:
            continue
        fixed = big_n
        base = [[fixed] + [j * r for j in range(k - 1)]]
        for block in found:
            for j in range(k - 1):
                base.append([(x + j * r) % big_n for x in block])
        rounds = [
            [[p if p == fixed else (p + d) % big_n for p in block] for block in base]
            for d in range(r)
        ]
        return Design(f"1-rotational 2-({v},{k},1) design over Z_{big_n}", v, rounds, [[fixed]])
    return None


def _rotational_descent(
    big_n: int, r: int, k: int, count: int, rng: random.Random, limit: int, deadline: float
) -> tuple[list[list[int]] | None, int]:
    banned = {(j * r) % big_n for j in range(k - 1)}
    used_d = set(banned)
    used_res = {0}
    blocks: list[list[int]] = []
    nodes = 0

    def rec(cur: list[int]) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > limit or (nodes & 63 == 0 and time.monotonic() > deadline):
            raise _Budget
        if len(cur) == k:
            blocks.append(list(cur))
            if len(blocks) == count or rec([]):
                return True
            blocks.pop()
            return False
        if not cur:
            res = min(x for x in range(r) if x not in used_res)
            cands = [res + j * r for j in range(k - 1)]
            if not blocks:
                cands = cands[:1]
        else:
            cands = [x for x in range(big_n) if x % r not in used_res]
            rng.shuffle(cands)
        for x in cands:
            ds: list[int] = []
            for y in cur:
                d1, d2 = (x - y) % big_n, (y - x) % big_n
                if d1 in used_d or d2 in used_d or d1 in ds or d2 in ds or d1 == d2:
                    break
                ds += [d1, d2]
            else:
                used_d.update(ds)
                used_res.add(x % r)
                cur.append(x)
                if rec(cur):
                    return True
                cur.pop()
                used_res.discard(x % r)
                used_d.difference_update(ds)
        return False

    try:
        done = rec([])
    except _Budget:
        return None, nodes
    return (blocks if done else None), nodes


# -- orthogonal arrays: m tables of m ----------------------------------------------------------

# a pair of orthogonal Latin squares of order 10 (see the module's docstring)
MOLS_10 = (
    (
        (4, 2, 5, 9, 8, 1, 0, 3, 7, 6),
        (8, 1, 9, 4, 6, 3, 5, 2, 0, 7),
        (2, 3, 4, 1, 0, 9, 7, 5, 6, 8),
        (9, 8, 0, 2, 3, 4, 6, 7, 1, 5),
        (1, 5, 8, 0, 9, 7, 3, 6, 2, 4),
        (7, 4, 3, 5, 2, 6, 9, 1, 8, 0),
        (3, 6, 2, 7, 5, 8, 1, 0, 4, 9),
        (6, 9, 1, 3, 7, 0, 8, 4, 5, 2),
        (5, 0, 7, 6, 1, 2, 4, 8, 9, 3),
        (0, 7, 6, 8, 4, 5, 2, 9, 3, 1),
    ),
    (
        (0, 5, 7, 3, 6, 8, 4, 9, 1, 2),
        (1, 2, 8, 7, 4, 3, 0, 6, 9, 5),
        (2, 8, 9, 4, 7, 5, 6, 1, 0, 3),
        (6, 0, 3, 1, 5, 2, 8, 4, 7, 9),
        (9, 6, 4, 5, 2, 0, 1, 7, 3, 8),
        (7, 4, 6, 2, 8, 1, 9, 3, 5, 0),
        (4, 9, 0, 8, 3, 7, 5, 2, 6, 1),
        (3, 7, 1, 0, 9, 6, 2, 5, 8, 4),
        (5, 1, 2, 6, 0, 9, 3, 8, 4, 7),
        (8, 3, 5, 9, 1, 4, 7, 0, 2, 6),
    ),
)

# a (12, 6; 1) difference matrix over Z_2 x Z_6, element (a, b) written 6a + b: for any two rows
# the differences column by column run over the whole group once (see the module's docstring)
DM_12 = (
    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
    (0, 7, 11, 4, 6, 3, 1, 5, 10, 2, 9, 8),
    (0, 2, 9, 5, 8, 11, 10, 4, 7, 6, 3, 1),
    (0, 5, 7, 11, 10, 4, 9, 8, 3, 1, 6, 2),
    (0, 8, 10, 1, 5, 9, 3, 6, 2, 11, 7, 4),
)


def _z2z6_add(x: int, y: int) -> int:
    return ((x // 6 + y // 6) % 2) * 6 + (x % 6 + y % 6) % 6


def orthogonal_array(m: int) -> Design | None:
    """The most rounds of m tables of m known here, as an orthogonal array OA(k, m).

    Person (x, y) is point x * m + y; each round is one column of the array: a coordinate,
    whose value is the table. Any two coordinates determine the person (strength 2), so two
    people share a table at most once.
    """
    if m < 2:
        return None
    columns: list[list[int]]
    name: str
    if prime_power(m):
        return None  # the affine plane of designs.transversal_field: m + 1 rounds
    if m == 12:
        # OA(7, 12) from the difference matrix: run (l, g) has coordinates D[i][l] + g, plus l
        runs = [(col, g) for col in range(12) for g in range(12)]
        columns = [[_z2z6_add(row[col], g) for col, g in runs] for row in DM_12]
        columns.append([col for col, _ in runs])
        name = "OA(7,12) from a (12,6;1) difference matrix over Z_2 x Z_6 (5 MOLS(12))"
        return _oa_design(m, columns, name)
    squares: list[list[list[int]]] = []
    if m == 10:
        squares = [[list(row) for row in sq] for sq in MOLS_10]
        name = "2 MOLS(10) (rows, columns and two orthogonal Latin squares)"
    else:
        squares = _macneish(m)
        name = f"{len(squares)} MOLS({m}) by MacNeish's product of fields"
    cells = [(x, y) for x in range(m) for y in range(m)]
    columns = [[x for x, _ in cells], [y for _, y in cells]]
    columns += [[sq[x][y] for x, y in cells] for sq in squares]
    return _oa_design(m, columns, name)


def _oa_design(m: int, columns: list[list[int]], name: str) -> Design:
    rounds: Rounds = []
    for col in columns:
        tables: list[list[int]] = [[] for _ in range(m)]
        for person, value in enumerate(col):
            tables[value].append(person)
        rounds.append(tables)
    return Design(name, m * m, rounds, [])


def _macneish(m: int) -> list[list[list[int]]]:
    """Mutually orthogonal Latin squares of order m = q_1 ... q_k (prime powers): the direct
    product of the fields' squares L_a(x, y) = a x + y, min(q_i) - 1 of them."""
    factors: list[int] = []
    rest = m
    p = 2
    while rest > 1:
        if rest % p == 0:
            q = 1
            while rest % p == 0:
                rest //= p
                q *= p
            factors.append(q)
        p += 1
    count = min(factors) - 1  # at least 1: every factor has two elements or more
    fields = [GaloisField(q) for q in factors]
    squares = []
    for a in range(1, count + 1):
        square = [[0] * m for _ in range(m)]
        for x in range(m):
            for y in range(m):
                # mixed radix: digit i of x, y in base q_i; the square is the product of the
                # field squares with multiplier a (every field has at least count + 1 elements)
                value = 0
                weight = 1
                xx, yy = x, y
                for q, gf in zip(factors, fields, strict=True):
                    xx, dx = divmod(xx, q)
                    yy, dy = divmod(yy, q)
                    value += gf.add_table[gf.mul_table[a][dx]][dy] * weight
                    weight *= q
                square[x][y] = value
        squares.append(square)
    return squares


# -- choosing from the sizes -------------------------------------------------------------------


def construct(
    points: int,
    size: int,
    tables: int,
    rounds: int,
    *,
    seed: int = 0,
    deadline: float = float("inf"),
    max_nodes: int = 400_000,
) -> Design | None:
    """The design-theory construction for `tables` tables of `size` (`points` = size * tables),
    chosen from the sizes alone: None when none applies (or its search found nothing by
    `deadline`). It may hold fewer rounds than asked: the planner then starts from it.
    """
    if points != size * tables or rounds < 1 or size < 2:
        return None
    v = points
    if size == tables and not prime_power(size):
        return orthogonal_array(size)  # prime powers: the affine plane, built by the caller
    if size == 3 and v % 6 == 3 and v >= KIRKMAN_PRODUCT_FROM:
        found = kirkman_product(v, deadline=deadline, seed=seed, max_nodes=max_nodes)
        if found is not None:
            return found
    if v > MAX_BASE_POINTS:
        return None
    stored = known_plan(v, size)
    if stored is not None:
        return stored
    base = KNOWN_BASES.get((v, size))
    if base is not None:
        return _from_base(*base)
    if size == 3 and v % 6 == 3:
        # Kirkman triple systems KTS(v): (v - 1) / 2 rounds
        half = (v - 1) // 2
        tries: list[tuple[int, int, int, int]] = []  # (R, layers, fixed, invariant rounds)
        if half % 2:
            tries.append((half, 2, 1, 0))
        tries.append((v // 3, 3, 0, (v // 3 - 1) // 2))
        if v % 24 in (3, 9):
            found = one_rotational(v, 3, deadline=deadline, seed=seed, max_nodes=max_nodes)
            if found is not None:
                return found
        for big_r, layers, fixed, invariant in tries:
            found = _cyclic(big_r, layers, fixed, 3, invariant, deadline, seed, max_nodes)
            if found is not None:
                return found
        return None
    if size == 3 and v % 6 == 0 and v >= 18:
        # nearly Kirkman triple systems NKTS(v): v / 2 - 1 rounds, pairs {x, x + R/2} apart
        return _cyclic(v // 2 - 1, 2, 2, 3, 0, deadline, seed, max_nodes)
    if size == 4 and v % 12 == 4:
        # resolvable 2-(v, 4, 1) designs: (v - 1) / 3 rounds
        found = _cyclic((v - 1) // 3, 3, 1, 4, 0, deadline, seed, max_nodes)
        if found is None:
            found = one_rotational(v, 4, deadline=deadline, seed=seed, max_nodes=max_nodes)
        return found
    return None


# KTS(v) from two smaller systems where v has such factors (45 = 15 x 3, 63, 99 = 33 x 3, 135...):
# below 45 the direct constructions above are at least as quick
KIRKMAN_PRODUCT_FROM = 45


def kirkman_product(
    v: int, *, deadline: float = float("inf"), seed: int = 0, max_nodes: int = 400_000
) -> Design | None:
    """KTS(u * w) from KTS(u) and KTS(w): the product construction for resolvable designs
    (Ray-Chaudhuri & Wilson 1971; C. J. Colbourn & J. H. Dinitz, *Handbook of Combinatorial
    Designs*, 2nd ed., 2007, section II.7, "Kirkman triple systems").

    Points are pairs (a, x), a a point of KTS(u), x in Z_w. Each triple {a, b, c} of KTS(u)
    carries a resolvable transversal design TD(3, w) on {a, b, c} x Z_w, groups {a} x Z_w...:
    the triples {(a, x), (b, x + y), (c, x + 2y)}, one parallel class per y (w odd). A round of
    KTS(u) and a y give a round ((u - 1) / 2 * w of them); each round of KTS(w), laid on every
    {a} x Z_w, gives one more ((w - 1) / 2): (u * w - 1) / 2 rounds, every pair once.
    """
    for w in range(3, v // 3 + 1, 6):  # w = 3 (mod 6) divides v, u = v / w = 3 (mod 6)
        if v % w or (v // w) % 6 != 3:
            continue
        u = v // w
        small = _kirkman(u, deadline, seed, max_nodes)
        inner = _kirkman(w, deadline, seed, max_nodes)
        if small is None or inner is None:
            continue
        rounds: Rounds = []
        for rnd in small:
            for y in range(w):
                rounds.append(
                    [
                        [a * w + x, b * w + (x + y) % w, c * w + (x + 2 * y) % w]
                        for a, b, c in rnd
                        for x in range(w)
                    ]
                )
        for rnd in inner:
            rounds.append([[a * w + q for q in triple] for a in range(u) for triple in rnd])
        return Design(f"KTS({v}) = KTS({u}) x KTS({w}), the product construction", v, rounds)
    return None


def _kirkman(v: int, deadline: float, seed: int, max_nodes: int) -> Rounds | None:
    """All (v - 1) / 2 rounds of a KTS(v), or None."""
    if v == 3:
        return [[[0, 1, 2]]]
    found = construct(v, 3, v // 3, (v - 1) // 2, seed=seed, deadline=deadline, max_nodes=max_nodes)
    if (
        found is None
        or any(len(row) > 1 for row in found.rows)  # a fixed point alone constrains nothing
        or found.points != v
        or len(found.rounds) < (v - 1) // 2
    ):
        return None
    return [[list(t) for t in rnd] for rnd in found.rounds[: (v - 1) // 2]]


def _from_base(
    big_r: int, layers: int, fixed: int, multiplier: int, base: tuple[tuple[int, ...], ...]
) -> Design:
    """The R translates of a stored base round, as `base_class` builds them."""
    moving = big_r * layers
    rounds: Rounds = [
        [[_shift(p, d, big_r, moving) for p in block] for block in base] for d in range(big_r)
    ]
    rows = [[moving + f for f in range(fixed)]] if fixed else []
    name = f"resolvable plan over Z_{big_r} ({layers} layers, {fixed} fixed points"
    name += f", fixed by x -> {multiplier}x, stored)" if multiplier else ", stored)"
    return Design(name, moving + fixed, rounds, rows)


def _cyclic(
    big_r: int,
    layers: int,
    fixed: int,
    size: int,
    invariant: int,
    deadline: float,
    seed: int,
    max_nodes: int,
) -> Design | None:
    """`base_class`, first fixed by a multiplier of order `layers` mod R when one exists
    (a tenth of the nodes each), then without."""
    # on two layers the map (l, x) -> (l + 1, -x) never gave a base round where the plain
    # search finds one (NKTS(66) to NKTS(90) in 1 to 41 s, none in 45 s with it): three or more
    multipliers = [
        m
        for m in (range(2, big_r) if layers >= 3 else ())
        if math.gcd(m, big_r) == 1
        and pow(m, layers, big_r) == 1
        and all(pow(m, j, big_r) != 1 for j in range(1, layers))
    ]
    for m in multipliers[:3]:
        found = base_class(
            big_r,
            layers,
            fixed,
            size,
            invariant=invariant,
            deadline=deadline,
            seed=seed,
            max_nodes=max_nodes // 10,
            multiplier=m,
        )
        if found is not None:
            return found
    return base_class(
        big_r,
        layers,
        fixed,
        size,
        invariant=invariant,
        deadline=deadline,
        seed=seed,
        max_nodes=max_nodes,
    )


# Whole plans, where no base round is known here, all from the exact search of `symmetric.py`
# (seed 0), stored so that no budget is spent finding them again: NKTS(18) (a Z_6-invariant
# plan, orbits 1+1+3+3), the social golfer instance 6-4-6 (Z_6, orbits 3+3), and 8-4-10 (32
# people, 8 tables of 4, 10 rounds), open until Aguado's solution (2004; a Z_8 x Z_2-invariant
# plan); and 6-5-6 (30 people, 6 tables of 5), from the planner's 1-rotational search over Z_6
# (`designs.cyclic_plan`, seed 0). Tables of a round split by "|".
KNOWN_PLANS: dict[tuple[int, int], tuple[str, ...]] = {
    (30, 5): (
        "0 6 11 17 20|3 9 13 14 15|1 2 16 25 26|18 21 24 27 29|8 10 19 22 23|4 5 7 12 28",
        "3 5 21 22 25|10 16 20 24 28|7 11 13 19 29|2 8 12 14 17|1 4 6 9 18|0 15 23 26 27",
        "0 2 7 9 10|11 12 15 18 25|4 14 22 24 26|1 5 19 20 27|13 17 21 23 28|3 6 8 16 29",
        "3 18 19 26 28|7 16 17 22 27|9 12 20 23 29|0 4 8 13 25|2 5 6 15 24|1 10 11 14 21",
        "4 10 15 17 29|5 8 9 11 26|6 14 25 27 28|1 3 7 23 24|0 12 16 19 21|2 13 18 20 22",
        "5 14 16 18 23|0 1 22 28 29|7 8 15 20 21|6 10 12 13 26|2 3 4 11 27|9 17 19 24 25",
    ),
    (18, 3): (
        "0 7 12|1 8 13|2 9 14|3 10 15|4 11 16|5 6 17",
        "0 8 14|1 9 15|2 10 16|3 11 17|4 6 12|5 7 13",
        "0 2 15|1 10 11|3 5 12|4 7 8|6 14 16|9 13 17",
        "0 4 13|1 3 16|2 6 11|5 8 9|7 15 17|10 12 14",
        "0 9 10|1 5 14|2 4 17|3 6 7|8 12 16|11 13 15",
        "0 16 17|1 2 7|3 13 14|4 5 10|6 8 15|9 11 12",
        "0 5 11|1 12 17|2 3 8|4 14 15|6 10 13|7 9 16",
        "0 1 6|2 12 13|3 4 9|5 15 16|7 11 14|8 10 17",
    ),
    (24, 4): (
        "0 10 11 21|1 4 20 23|2 14 16 22|3 7 8 18|5 13 17 19|6 9 12 15",
        "0 12 14 20|1 6 11 22|2 5 18 21|3 15 17 23|4 8 9 19|7 10 13 16",
        "0 3 19 22|1 13 15 21|2 6 7 23|4 12 16 18|5 9 10 20|8 11 14 17",
        "0 1 8 16|2 15 19 20|3 4 11 13|5 12 22 23|6 10 17 18|7 9 14 21",
        "0 13 18 23|1 2 9 17|3 16 20 21|4 5 6 14|7 11 12 19|8 10 15 22",
        "0 5 7 15|1 14 18 19|2 3 10 12|4 17 21 22|6 8 13 20|9 11 16 23",
    ),
    (32, 4): (
        "0 2 4 6|1 9 19 27|3 11 21 29|5 13 23 31|7 15 17 25|8 10 12 14|16 18 20 22|24 26 28 30",
        "0 8 18 26|1 3 5 7|2 10 20 28|4 12 22 30|6 14 16 24|9 11 13 15|17 19 21 23|25 27 29 31",
        "0 1 14 31|2 12 13 19|3 16 17 30|4 5 10 27|6 8 9 23|7 20 21 26|11 22 24 25|15 18 28 29",
        "0 21 22 27|1 2 15 24|3 13 14 20|4 17 18 31|5 6 11 28|7 9 10 16|8 19 29 30|12 23 25 26",
        "0 10 11 17|1 22 23 28|2 3 8 25|4 14 15 21|5 18 19 24|6 7 12 29|9 20 30 31|13 16 26 27",
        "0 7 13 30|1 11 12 18|2 16 23 29|3 4 9 26|5 8 15 22|6 19 20 25|10 21 24 31|14 17 27 28",
        "0 15 20 23|1 10 25 30|2 7 18 27|3 6 22 31|4 11 16 19|5 14 26 29|8 13 17 24|9 12 21 28",
        "0 3 19 28|1 8 16 21|2 11 26 31|4 7 23 24|5 12 17 20|6 15 27 30|9 14 18 25|10 13 22 29",
        "0 5 16 25|1 4 20 29|2 9 17 22|3 12 24 27|6 13 18 21|7 8 28 31|10 15 19 26|11 14 23 30",
        "0 9 24 29|1 6 17 26|2 5 21 30|3 10 18 23|4 13 25 28|7 14 19 22|8 11 20 27|12 15 16 31",
    ),
}


def known_plan(points: int, size: int) -> Design | None:
    """A stored whole plan for these sizes, or None."""
    rows = KNOWN_PLANS.get((points, size))
    if rows is None:
        return None
    rounds = [[[int(p) for p in tb.split()] for tb in rnd.split("|")] for rnd in rows]
    return Design(f"stored plan for {points} people at tables of {size}", points, rounds, [])
