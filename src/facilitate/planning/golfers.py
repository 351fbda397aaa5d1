"""Plans invariant under a cyclic group for plain social golfer instances, by tabu search."""

from __future__ import annotations

import random
import time

from facilitate.planning.instance import RotationInstance

Tables = list[list[list[int]]]

# one step of the orbit search weighs every swap of two points in every base round: about
# base rounds * n * n * table size operations; past this the search is not tried (a step
# would take seconds), and the setup lists all n * n pairs
MAX_STEP_WORK = 100_000


def is_plain(inst: RotationInstance) -> bool:
    """True for equal tables and no hosts, labels, pairs, absences or rounds already played."""
    sizes = inst.target_sizes()
    return (
        inst.free_rounds > 1
        and not inst.fixed_rounds
        and not inst.host_of()
        and not inst.label_systems()
        and not inst.forbidden
        and not inst.required
        and not inst.absent
        and len(set(sizes)) == 1
        and sizes[0] >= 2
        and inst.groups >= 2
    )


def orbit_search(
    n: int,
    g: int,
    rounds: int,
    m: int,
    deadline: float,
    rng: random.Random,
    max_iterations: int,
    goal: int = 0,
) -> tuple[Tables, int, int] | None:
    """Plan invariant under x -> x + 1 on Z_m: rounds / m base rounds, tabu search on orbits.

    Points are Z_m x {0..h-1} plus n - m*h fixed points; each base round gives m rounds by
    translation. A pair orbit of size z used u times by the base rounds seats each of its z
    pairs u*m/z times, so the plan's repeats are a sum over orbits, and the search moves
    swaps of two points in a base round, until `goal` repeats. Returns (plan, repeats,
    iterations).
    """
    if m < 2 or rounds % m or n % g:
        return None
    s = n // g
    k = rounds // m
    h = n // m
    moving = m * h

    def shift(p: int, t: int) -> int:
        return p if p >= moving else (p // m) * m + (p % m + t) % m

    # orbit index and size of every pair
    orb = [-1] * (n * n)
    size: list[int] = []
    for a in range(n):
        for b in range(a + 1, n):
            if orb[a * n + b] >= 0:
                continue
            o = len(size)
            members = {
                (min(shift(a, t), shift(b, t)), max(shift(a, t), shift(b, t))) for t in range(m)
            }
            for x, y in members:
                orb[x * n + y] = orb[y * n + x] = o
            size.append(len(members))
    pen = [[z * max(0, u * (m // z) - 1) for u in range(4 * s * k + 2)] for z in size]
    uses = [0] * len(size)
    points = list(range(n))
    base = []
    for _ in range(k):
        rng.shuffle(points)
        base.append([points[t * s : (t + 1) * s] for t in range(g)])
    tab = [[0] * n for _ in range(k)]
    for b in range(k):
        for t, tb in enumerate(base[b]):
            for p in tb:
                tab[b][p] = t
            for i, x in enumerate(tb):
                for y in tb[i + 1 :]:
                    uses[orb[x * n + y]] += 1
    cost = sum(pen[o][u] for o, u in enumerate(uses))
    best, best_base = cost, [[list(tb) for tb in rnd] for rnd in base]
    tabu = [[[0] * g for _ in range(n)] for _ in range(k)]
    it = stall = 0
    monotonic = time.monotonic
    late = False
    while best > goal and it < max_iterations:
        it += 1
        if monotonic() >= deadline:
            break
        best_d, ties, move = 10**9, 0, None
        for b in range(k):
            tb_b = base[b]
            gone_of = [[orb[p * n + x] for x in tb_b[tab[b][p]] if x != p] for p in range(n)]
            for ka in range(g):
                if ka & 7 == 0 and monotonic() >= deadline:
                    late = True
                    break
                ta = tb_b[ka]
                for p in ta:
                    row = p * n
                    gp = gone_of[p]
                    if not any(pen[o][uses[o]] for o in gp):
                        continue
                    for kb in range(g):
                        if kb == ka:
                            continue
                        tb = tb_b[kb]
                        for q in tb:
                            qrow = q * n
                            gone = gp + gone_of[q]
                            come = [orb[row + y] for y in tb if y != q]
                            come += [orb[qrow + x] for x in ta if x != p]
                            d = 0
                            for o in gone:
                                u = uses[o]
                                d += pen[o][u - 1] - pen[o][u]
                                uses[o] = u - 1
                            for o in come:
                                u = uses[o]
                                d += pen[o][u + 1] - pen[o][u]
                                uses[o] = u + 1
                            for o in come:
                                uses[o] -= 1
                            for o in gone:
                                uses[o] += 1
                            if d > best_d:
                                continue
                            if (tabu[b][p][kb] > it or tabu[b][q][ka] > it) and cost + d >= best:
                                continue
                            if d < best_d:
                                best_d, move, ties = d, (b, p, q, ka, kb), 1
                            else:
                                ties += 1
                                if rng.randrange(ties) == 0:
                                    move = (b, p, q, ka, kb)
            if late:
                break
        if late:
            break
        if move is None:
            tabu = [[[0] * g for _ in range(n)] for _ in range(k)]
            continue
        b, p, q, ka, kb = move
        ta, tb = base[b][ka], base[b][kb]
        for o in [orb[p * n + x] for x in ta if x != p] + [orb[q * n + y] for y in tb if y != q]:
            uses[o] -= 1
        ta[ta.index(p)] = q
        tb[tb.index(q)] = p
        tab[b][p], tab[b][q] = kb, ka
        for o in [orb[p * n + y] for y in tb if y != p] + [orb[q * n + x] for x in ta if x != q]:
            uses[o] += 1
        cost += best_d
        tenure = 3 + rng.randrange(5)
        tabu[b][p][ka] = it + tenure
        tabu[b][q][kb] = it + tenure
        if cost < best:
            best, best_base, stall = cost, [[list(t) for t in rnd] for rnd in base], 0
        else:
            stall += 1
            if stall > 300:
                stall = 0
                for _ in range(2):
                    b = rng.randrange(k)
                    p, q = rng.sample(range(n), 2)
                    ka, kb = tab[b][p], tab[b][q]
                    if ka == kb:
                        continue
                    ta, tb = base[b][ka], base[b][kb]
                    for o in [orb[p * n + x] for x in ta if x != p]:
                        uses[o] -= 1
                    for o in [orb[q * n + y] for y in tb if y != q]:
                        uses[o] -= 1
                    ta[ta.index(p)] = q
                    tb[tb.index(q)] = p
                    tab[b][p], tab[b][q] = kb, ka
                    for o in [orb[p * n + y] for y in tb if y != p]:
                        uses[o] += 1
                    for o in [orb[q * n + x] for x in ta if x != q]:
                        uses[o] += 1
                cost = sum(pen[o][u] for o, u in enumerate(uses))
    plan = [[[shift(p, t) for p in tb] for tb in best_base[b]] for b in range(k) for t in range(m)]
    return plan, best, it


def orbit_plan(
    n: int,
    g: int,
    rounds: int,
    deadline: float,
    seed: int,
    max_iterations: int,
    goal: int = 0,
    restart: int = 3000,
) -> tuple[Tables, int, str] | None:
    """Best cyclic plan over restarts of `restart` iterations: (plan, repeats, method name).

    Z_m is the largest cyclic group with m dividing the rounds and at most one point per
    table left fixed; None when no such group exists.
    """
    sizes = [m for m in range(rounds, 1, -1) if rounds % m == 0 and n - m * (n // m) <= g]
    if not sizes or n % g:
        return None
    m = sizes[0]
    if (rounds // m) * n * n * (n // g) > MAX_STEP_WORK:
        return None
    rng = random.Random(seed)
    best: tuple[Tables, int, int] | None = None
    used = 0
    while used < max_iterations and time.monotonic() < deadline:
        found = orbit_search(
            n, g, rounds, m, deadline, rng, min(restart, max_iterations - used), goal
        )
        if found is None:
            return None
        used += found[2]
        if best is None or found[1] < best[1]:
            best = found
        if best[1] <= goal:
            break
    if best is None:
        return None
    fixed = n - m * (n // m)
    return best[0], best[1], f"Z_{m}-invariant plan ({fixed} fixed points, orbit tabu search)"
