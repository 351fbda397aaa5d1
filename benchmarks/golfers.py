"""The exact symmetric search on 32 people, 8 tables, 10 rounds, over many seeds (not a test).

usage: python benchmarks/golfers.py [--seeds N]

Prints, per seed, the time and nodes the search needs for a zero-repeat plan, then the median
and the slowest; the baseline, measured in the same run, is the earlier orbit tabu search
(plans invariant under a 10-step cycle) given the slowest seed's time.
"""

from __future__ import annotations

import argparse
import statistics
import time

from facilitate.planning.golfers import orbit_plan
from facilitate.planning.rotation import evaluate, parse_instance
from facilitate.planning.symmetric import symmetric_plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    inst = parse_instance({"people": 32, "groups": 8, "rounds": 10})
    times: list[float] = []
    print("seed  seconds  repeats  method")
    for seed in range(args.seeds):
        started = time.monotonic()
        found = symmetric_plan(32, 8, 10, started + 60, seed)
        elapsed = time.monotonic() - started
        if found is None:
            print(f"{seed:4d}  {elapsed:7.2f}  none found in 60 s")
            continue
        times.append(elapsed)
        repeats = evaluate(inst, found[0])["repeats"]
        print(f"{seed:4d}  {elapsed:7.2f}  {repeats:7d}  {found[1]}")
    if not times:
        return 1
    slowest = max(times)
    print(
        f"found {len(times)}/{args.seeds}; median {statistics.median(times):.2f} s, "
        f"slowest {slowest:.2f} s"
    )
    started = time.monotonic()
    base = orbit_plan(32, 8, 10, started + slowest, 0, 10**9)
    if base is not None:
        print(
            f"baseline in {slowest:.2f} s: {base[2]} -> {base[1]} repeats "
            f"(the exact search: 0 repeats)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
