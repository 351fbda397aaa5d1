"""Open forum agenda figures: conflicts and time on generated events, and exact optima (not a test).

usage: python benchmarks/agenda.py [--seconds S] [--seed N]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from typing import Any

from facilitate.planning.agenda import AgendaInstance, parse_instance, solve


def generate(topics: int, seed: int) -> dict[str, Any]:
    """A marketplace: 3 people per topic, popular topics draw more, a few prolific conveners."""
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(3 * topics)]
    slots = max(2, round(topics / 8))
    n_spaces = -(-topics // slots) + 1
    spaces = [
        {"name": f"space {k}", "capacity": rng.choice([12, 20, 30, 50])} for k in range(n_spaces)
    ]
    conveners = people[: max(2, topics * 2 // 3)]
    convened: dict[str, int] = {}
    out = []
    for i in range(topics):
        popularity = rng.choice([3, 5, 8, 12])
        interested = rng.sample(people, popularity)
        who = rng.choice([c for c in conveners if convened.get(c, 0) < slots] or people)
        convened[who] = convened.get(who, 0) + 1
        out.append({"id": f"t{i}", "convener": who, "interested": interested})
    return {"slots": slots, "spaces": spaces, "topics": out}


def exact(inst: AgendaInstance) -> int:
    """Brute force over slot choices (spaces matched by capacity): the fewest conflicts."""
    n_slots = len(inst.slots)
    caps = sorted(inst.capacities, reverse=True)
    best: int | None = None
    for slots in itertools.product(range(n_slots), repeat=len(inst.topics)):
        ok = True
        conv: set[tuple[str, int]] = set()
        per_slot: dict[int, list[int]] = {}
        for topic, s in zip(inst.topics, slots, strict=True):
            if (topic.convener, s) in conv:
                ok = False
                break
            conv.add((topic.convener, s))
            per_slot.setdefault(s, []).append(topic.size)
        if not ok:
            continue
        for sizes in per_slot.values():
            sizes.sort(reverse=True)
            if len(sizes) > len(caps) or any(a > b for a, b in zip(sizes, caps, strict=False)):
                ok = False
                break
        if not ok:
            continue
        wants: dict[tuple[str, int], int] = {}
        for topic, s in zip(inst.topics, slots, strict=True):
            for p in (topic.convener, *topic.interested):
                wants[(p, s)] = wants.get((p, s), 0) + 1
        cost = sum(c - 1 for c in wants.values())
        best = cost if best is None else min(best, cost)
    return -1 if best is None else best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"generated events, budget {args.seconds:g} s")
    print(
        f"{'topics':>6} {'slots':>5} {'spaces':>6} {'conflicts':>9} {'bound':>5} "
        f"{'people hit':>10} {'seconds':>8}"
    )
    for n in (20, 60, 120):
        inst = parse_instance(generate(n, args.seed))
        started = time.monotonic()
        plan = solve(inst, seconds=args.seconds, seed=args.seed)
        took = time.monotonic() - started
        print(
            f"{n:6} {len(inst.slots):5} {len(inst.spaces):6} {plan.conflicts:9} "
            f"{plan.lower_bound:5} {plan.people_with_conflicts:10} {took:8.2f}"
        )
    print()
    print("small events: heuristic vs exact optimum (brute force over slots)")
    print(f"{'case':>4} {'topics':>6} {'heuristic':>9} {'optimum':>7} {'seconds':>8}")
    gaps = 0
    for case in range(8):
        rng = random.Random(1000 + case)
        data = generate(rng.randint(6, 9), 1000 + case)
        data["slots"] = 3
        data["spaces"] = [
            {"name": "a", "capacity": 30},
            {"name": "b", "capacity": 15},
            {"name": "c", "capacity": 15},
        ]
        inst = parse_instance(data)
        started = time.monotonic()
        plan = solve(inst, seconds=args.seconds, seed=args.seed)
        took = time.monotonic() - started
        best = exact(inst)
        gaps += plan.conflicts - best
        print(f"{case:4} {len(inst.topics):6} {plan.conflicts:9} {best:7} {took:8.3f}")
    print(f"total gap to the optimum: {gaps}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
