"""The searches behind the designs stored in `facilitate.planning.resolvable` (not a test).

usage: python benchmarks/find_designs.py [bases|mols10|dm12] [--seed N] [--seconds S]

- bases: the base blocks of `resolvable.KNOWN_ROTATIONAL` (by `one_rotational`) and the base
  rounds of `resolvable.KNOWN_BASES` (by `base_class`), printed as the dictionaries' entries
  (`one_rotational` answers at once from the stored blocks: take an entry out to search again);
- mols10: a Latin square of order 10 with an orthogonal mate: random Latin squares, every
  transversal listed, then an exact cover of the cells by ten disjoint transversals;
- dm12: a (12, 6; 1) difference matrix over Z_2 x Z_6, row by row with restarts.

Each result is checked by the tests (tests/unit/planning/test_constructions.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from facilitate.planning.resolvable import base_class, one_rotational

# Kirkman triple systems stored in resolvable.KNOWN_ROTATIONAL, and the base rounds of
# resolvable.KNOWN_BASES: (points, table size) -> (R, layers, fixed points, multiplier)
ROTATIONAL = [51, 57, 75, 81]
BASES = {
    (64, 4): (21, 3, 1, 16),
    (66, 3): (32, 2, 2, 0),
    (72, 3): (35, 2, 2, 0),
    (84, 3): (41, 2, 2, 0),
    (90, 3): (44, 2, 2, 0),
    (96, 3): (47, 2, 2, 0),
}


def find_bases(seed: int, seconds: float) -> None:
    for v in ROTATIONAL:
        started = time.monotonic()
        found = one_rotational(v, 3, deadline=started + seconds, seed=seed, max_nodes=10**12)
        took = time.monotonic() - started
        if found is None:
            print(f"# KTS({v}): nothing in {took:.0f} s")
            continue
        blocks = [tuple(tb) for tb in found.rounds[0] if v - 1 not in tb][0::2]
        print(f"    {v}: {tuple(blocks)},  # {took:.1f} s")
    for (v, s), (big_r, layers, fixed, multiplier) in BASES.items():
        started = time.monotonic()
        design = base_class(
            big_r, layers, fixed, s, multiplier=multiplier, seed=seed, deadline=started + seconds
        )
        took = time.monotonic() - started
        if design is None:
            print(f"# ({v}, {s}): nothing in {took:.0f} s")
            continue
        base = tuple(tuple(tb) for tb in design.rounds[0])
        print(
            f"    ({v}, {s}): ({big_r}, {layers}, {fixed}, {multiplier}, {base}),  # {took:.1f} s"
        )


def _random_latin(n: int, rng: random.Random) -> list[list[int]]:
    while True:
        rows: list[list[int]] = []
        columns: list[set[int]] = [set() for _ in range(n)]
        for _ in range(n):
            perm = [0] * n
            taken: set[int] = set()

            def place(
                c: int,
                perm: list[int] = perm,
                taken: set[int] = taken,
                columns: list[set[int]] = columns,
            ) -> bool:
                if c == n:
                    return True
                values = [v for v in range(n) if v not in taken and v not in columns[c]]
                rng.shuffle(values)
                for v in values:
                    perm[c] = v
                    taken.add(v)
                    if place(c + 1):
                        return True
                    taken.discard(v)
                return False

            if not place(0):
                break
            rows.append(list(perm))
            for c in range(n):
                columns[c].add(perm[c])
        if len(rows) == n:
            return rows


def _transversals(square: list[list[int]]) -> list[tuple[int, ...]]:
    n = len(square)
    out: list[tuple[int, ...]] = []

    def walk(r: int, cols: int, symbols: int, acc: list[int]) -> None:
        if r == n:
            out.append(tuple(acc))
            return
        for c in range(n):
            if not cols >> c & 1 and not symbols >> square[r][c] & 1:
                acc.append(c)
                walk(r + 1, cols | 1 << c, symbols | 1 << square[r][c], acc)
                acc.pop()

    walk(0, 0, 0, [])
    return out


def _mate(n: int, found: list[tuple[int, ...]], rng: random.Random) -> list[int] | None:
    """n transversals covering every cell once (a transversal: column of each row)."""
    by_cell: dict[int, list[int]] = {}
    for i, tr in enumerate(found):
        for r, c in enumerate(tr):
            by_cell.setdefault(r * n + c, []).append(i)
    covered: set[int] = set()
    chosen: list[int] = []

    def cover() -> bool:
        if len(chosen) == n:
            return True
        best: list[int] | None = None
        for cell in range(n * n):
            if cell in covered:
                continue
            options = [
                i
                for i in by_cell.get(cell, ())
                if all(r * n + c not in covered for r, c in enumerate(found[i]))
            ]
            if best is None or len(options) < len(best):
                best = options
            if not best:
                return False
        assert best is not None
        rng.shuffle(best)
        for i in best:
            cells = [r * n + c for r, c in enumerate(found[i])]
            covered.update(cells)
            chosen.append(i)
            if cover():
                return True
            chosen.pop()
            covered.difference_update(cells)
        return False

    return chosen if cover() else None


def find_mols10(seed: int) -> None:
    rng = random.Random(seed)
    n = 10
    while True:
        square = _random_latin(n, rng)
        chosen = _mate(n, _transversals(square), rng)
        if chosen is None:
            continue
        mate = [[0] * n for _ in range(n)]
        for k, i in enumerate(chosen):
            for r, c in enumerate(_transversals(square)[i]):
                mate[r][c] = k
        print("L =", square)
        print("M =", mate)
        return


def find_dm12(seed: int) -> None:
    n = 12

    def add(x: int, y: int) -> int:
        return ((x // 6 + y // 6) % 2) * 6 + (x % 6 + y % 6) % 6

    def neg(x: int) -> int:
        return ((-(x // 6)) % 2) * 6 + (-(x % 6)) % 6

    sub = [[add(x, neg(y)) for y in range(n)] for x in range(n)]
    rng = random.Random(seed)

    def row_after(rows: list[list[int]], limit: int) -> list[int] | None:
        new = [0] * n
        used = [1 << sub[0][row[0]] for row in rows]
        nodes = 0

        def fill(c: int) -> bool:
            nonlocal nodes
            nodes += 1
            if nodes > limit:
                return False
            if c == n:
                return True
            values = list(range(n))
            rng.shuffle(values)
            for v in values:
                ds = [sub[v][row[c]] for row in rows]
                if any(used[j] >> d & 1 for j, d in enumerate(ds)):
                    continue
                for j, d in enumerate(ds):
                    used[j] |= 1 << d
                new[c] = v
                if fill(c + 1):
                    return True
                for j, d in enumerate(ds):
                    used[j] &= ~(1 << d)
            return False

        return list(new) if fill(1) else None

    while True:
        rows = [[0] * n, list(range(n))]
        while len(rows) < 6:
            row = row_after(rows, 20_000)
            if row is None:
                break
            rows.append(row)
        if len(rows) == 6:
            print("DM_12 =", rows)
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="bases", choices=["bases", "mols10", "dm12"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    if args.what == "bases":
        find_bases(args.seed, args.seconds)
    elif args.what == "mols10":
        find_mols10(args.seed)
    else:
        find_dm12(args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
