"""Combinatorial designs computed on demand: finite fields, transversal designs, cyclic plans."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

# cyclic_plan places one point per level of recursion
MAX_CYCLIC_POINTS = 600

# A design's rounds: rounds[r][t] lists the virtual points seated at table t in round r.
Rounds = list[list[list[int]]]


@dataclass
class Design:
    """Rounds over `points` virtual points; each row is a set of points that never meet."""

    name: str
    points: int
    rounds: Rounds
    rows: list[list[int]] = field(default_factory=list)


def prime_power(q: int) -> tuple[int, int] | None:
    """Return (p, m) with q = p**m for a prime p, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    m, rest = 0, q
    while rest % p == 0:
        rest //= p
        m += 1
    return (p, m) if rest == 1 else None


def _divides(g: list[int], f: list[int], p: int) -> bool:
    """True when the monic polynomial g divides f over GF(p) (coefficients low first)."""
    rem = list(f)
    dg = len(g) - 1
    for deg in range(len(rem) - 1, dg - 1, -1):
        c = rem[deg]
        if c:
            for k in range(dg + 1):
                rem[deg - dg + k] = (rem[deg - dg + k] - c * g[k]) % p
    return not any(rem[:dg])


class GaloisField:
    """GF(p**m): elements are ints whose base-p digits are polynomial coefficients."""

    def __init__(self, q: int) -> None:
        pm = prime_power(q)
        if pm is None:
            raise ValueError(f"{q} is not a prime power")
        self.q, (self.p, self.m) = q, pm
        self.modulus = self._irreducible()
        # the tables from digit vectors and discrete logarithms: q * q polynomial products
        # would take a second at q = 128
        p, m = self.p, self.m
        digits = [self._digits(a) for a in range(q)]
        weights = [p**i for i in range(m)]
        self.add_table = [
            [
                sum(((x + y) % p) * w for x, y, w in zip(da, db, weights, strict=True))
                for db in digits
            ]
            for da in digits
        ]
        self.mul_table = self._mul_by_logs()

    def _mul_by_logs(self) -> list[list[int]]:
        """The multiplication table from a generator of the multiplicative group."""
        q = self.q
        for g in range(2 if q > 2 else 1, q):
            power, exp = 1, []
            for _ in range(q - 1):
                exp.append(power)
                power = self._mul(power, g)
            if len(set(exp)) == q - 1:
                break
        else:  # pragma: no cover - every finite field has a generator
            raise AssertionError("no generator found")
        log = {x: i for i, x in enumerate(exp)}
        table = [[0] * q for _ in range(q)]
        for a in range(1, q):
            la = log[a]
            row = table[a]
            for b in range(1, q):
                row[b] = exp[(la + log[b]) % (q - 1)]
        return table

    def _digits(self, a: int) -> list[int]:
        out = []
        for _ in range(self.m):
            a, d = divmod(a, self.p)
            out.append(d)
        return out

    def _number(self, digits: list[int]) -> int:
        return sum(d * self.p**i for i, d in enumerate(digits))

    def _add(self, a: int, b: int) -> int:
        da, db = self._digits(a), self._digits(b)
        return self._number([(x + y) % self.p for x, y in zip(da, db, strict=True)])

    def _polymulmod(self, a: list[int], b: list[int], f: list[int]) -> list[int]:
        p, m = self.p, self.m
        prod = [0] * (2 * m - 1 if m > 1 else 1)
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                prod[i + j] = (prod[i + j] + x * y) % p
        # reduce by the monic f of degree m (f lists m + 1 coefficients, low first)
        for deg in range(len(prod) - 1, m - 1, -1):
            c = prod[deg]
            if c:
                for k in range(m + 1):
                    prod[deg - m + k] = (prod[deg - m + k] - c * f[k]) % p
        return (prod + [0] * m)[:m]

    def _irreducible(self) -> list[int]:
        p, m = self.p, self.m
        if m == 1:
            return [0, 1]
        for low in range(p**m):
            f = self._digits(low) + [1]
            # irreducible iff no monic factor of degree 1..m//2 divides it
            if not any(
                _divides(self._digits(g)[:deg] + [1], f, p)
                for deg in range(1, m // 2 + 1)
                for g in range(p**deg)
            ):
                return f
        raise AssertionError("no irreducible polynomial found")  # pragma: no cover

    def _mul(self, a: int, b: int) -> int:
        if self.m == 1:
            return a * b % self.p
        return self._number(self._polymulmod(self._digits(a), self._digits(b), self.modulus))


def transversal_field(q: int, k: int) -> Design:
    """Resolvable transversal design TD(k, q) over GF(q): q rounds, plus one when k == q.

    Point (i, x) has id i*q + x. In round m table b holds (i, b + m*a_i) for each row i,
    with a_0 = 0 so row 0 never moves (hosts). Two points of different rows meet in exactly
    one round; points of one row never meet (except in the extra round of the affine plane).
    """
    gf = GaloisField(q)
    add, mul = gf.add_table, gf.mul_table
    rounds: Rounds = []
    for m in range(q):
        rounds.append([[i * q + add[b][mul[m][i]] for i in range(k)] for b in range(q)])
    if k == q:
        rounds.append([[i * q + x for x in range(q)] for i in range(q)])
    rows = [[i * q + x for x in range(q)] for i in range(k)]
    return Design(f"TD({k},{q}) over GF({q})", k * q, rounds, rows)


def transversal_cyclic(
    n: int,
    k: int,
    r: int,
    seed: int = 0,
    tries: int = 200,
    deadline: float = float("inf"),
) -> Design | None:
    """Transversal design over Z_n from a partial difference matrix with r rows and k columns.

    Round m seats (i, b + c[m][i] mod n) at table b; rows i, j meet twice only if two rounds
    share a difference c[m][i] - c[m][j], which the matrix search forbids. None when no
    matrix is found in `tries` attempts or before `deadline` (time.monotonic()).
    """
    rng = random.Random(seed)
    for _ in range(tries):
        used: dict[tuple[int, int], set[int]] = {}
        matrix: list[list[int]] = []
        ok = True
        for _m in range(r):
            row = [0]
            for i in range(1, k):
                if time.monotonic() > deadline:
                    return None
                choices = [
                    v
                    for v in range(n)
                    if all((v - row[j]) % n not in used.get((j, i), ()) for j in range(i))
                ]
                if not choices:
                    ok = False
                    break
                row.append(rng.choice(choices))
            if not ok:
                break
            for i in range(k):
                for j in range(i):
                    used.setdefault((j, i), set()).add((row[i] - row[j]) % n)
            matrix.append(row)
        if ok:
            rounds = [
                [[i * n + (b + c[i]) % n for i in range(k)] for b in range(n)] for c in matrix
            ]
            rows = [[i * n + x for x in range(n)] for i in range(k)]
            return Design(f"TD({k},{n}) over Z_{n}", k * n, rounds, rows)
    return None


def cyclic_plan(
    n_rounds: int,
    halves: int,
    fixed: int,
    sizes: list[int],
    seed: int = 0,
    node_limit: int = 20000,
    deadline: float = float("inf"),
) -> Design | None:
    """Search a base round whose translates under Z_R never seat a pair twice (1-rotational).

    Points are Z_R x {0..halves-1} plus `fixed` points that never move (one per table).
    Every pair orbit under Z_R may be used at most once by the base round; the orbit of a
    pair at distance R/2 is short, so such pairs are avoided. None when the search fails, or
    when `deadline` (time.monotonic()) passes.
    """
    big_r = n_rounds
    moving = big_r * halves
    n = moving + fixed
    if fixed > len(sizes) or sum(sizes) != n or any(s < 1 for s in sizes[:fixed]):
        return None
    if moving > MAX_CYCLIC_POINTS:
        # the search recurses once per point placed: past a few hundred it would overflow
        # Python's recursion limit, and its node budget ends it long before anyway
        return None

    def orbit(a: int, b: int) -> tuple[int, ...] | None:
        if a > b:
            a, b = b, a
        if b >= moving:
            return None if a >= moving else (0, b - moving, a // big_r)
        i, x = divmod(a, big_r)
        j, y = divmod(b, big_r)
        if i == j:
            d = (y - x) % big_r
            d = min(d, big_r - d)
            return None if 2 * d == big_r else (1, i, d)
        return (2, i, j, (y - x) % big_r)

    rng = random.Random(seed)
    order = sorted(range(len(sizes)), key=lambda t: -sizes[t])
    for attempt in range(8):
        nodes = 0
        tables: list[list[int]] = [[] for _ in sizes]
        for a in range(fixed):
            tables[order[a]].append(moving + a)
        used: set[tuple[int, ...]] = set()
        placed = [False] * moving
        pool = list(range(moving))
        rng.shuffle(pool)

        def rec(
            tables: list[list[int]] = tables,
            used: set[tuple[int, ...]] = used,
            placed: list[bool] = placed,
            pool: list[int] = pool,
        ) -> bool:
            nonlocal nodes
            nodes += 1
            if nodes > node_limit or (nodes & 63 == 0 and time.monotonic() > deadline):
                nodes = node_limit + 1
                return False
            t = next((t for t in order if len(tables[t]) < sizes[t]), None)
            if t is None:
                return True
            tb = tables[t]
            movers = [p for p in tb if p < moving]
            start = pool.index(movers[-1]) + 1 if movers else 0
            cands = [p for p in pool[start:] if not placed[p]]
            if not movers:
                cands = cands[:1]
            for p in cands:
                orbits = []
                for other in tb:
                    o = orbit(p, other)
                    if o is None or o in used or o in orbits:
                        break
                    orbits.append(o)
                else:
                    tb.append(p)
                    placed[p] = True
                    used.update(orbits)
                    if rec():
                        return True
                    tb.pop()
                    placed[p] = False
                    used.difference_update(orbits)
                    if nodes > node_limit:
                        return False
            return False

        if rec():
            rounds: Rounds = []
            for d in range(big_r):
                rounds.append(
                    [
                        [
                            p if p >= moving else (p // big_r) * big_r + (p % big_r + d) % big_r
                            for p in tb
                        ]
                        for tb in tables
                    ]
                )
            rows = [[moving + a for a in range(fixed)]] if fixed else []
            return Design(f"1-rotational over Z_{big_r} (attempt {attempt})", n, rounds, rows)
        if time.monotonic() > deadline:
            return None
        rng.shuffle(pool)
    return None
