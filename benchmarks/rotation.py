"""Rotation planner figures (not a test): the bench instances against a naive baseline, the
social golfer instances with a known zero-repeat plan, and cafés from 60 to 2,000 people.

usage: python benchmarks/rotation.py [INSTANCES_DIR] [--seconds S] [--scorer PATH]
                                     [--tables bench,literature,scale] [--quick]

Seconds are wall-clock and process CPU time (the CPU the planner had: on a loaded machine the
wall time keeps to the budget and the CPU time says how much search fitted in it). The full run
takes about four minutes, --quick about one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from facilitate.planning.bounds import label_clash_bound
from facilitate.planning.rotation import evaluate, lower_bound, parse_instance, solve

BENCH = Path(__file__).resolve().parents[1] / "tests" / "data" / "bench"

# generated beside the bench folder's instances (not scored by the shared scorer's files)
EXTRA = {
    "golfers_32p_8t_9r (gen)": {"people": 32, "groups": 8, "rounds": 9},
    "cafe_57p_8t_4r_hosts (gen)": {
        "people": 57,
        "groups": 8,
        "rounds": 4,
        "hosts": list(range(8)),
        "forbidden": [[8, 9], [10, 11]],
        "required": [[12, 13]],
    },
}


def naive_plan(inst, seed: int = 0) -> list[list[list[int]]]:  # type: ignore[no-untyped-def]
    """What a facilitator's spreadsheet does: shuffle everyone each round, deal to tables."""
    rng = random.Random(seed)
    caps = inst.target_sizes()
    host_of = inst.host_of()
    rounds = []
    for _ in range(inst.rounds):
        tables: list[list[int]] = [[] for _ in range(inst.groups)]
        for h, k in host_of.items():
            tables[k].append(h)
        guests = [p for p in inst.present if p not in host_of]
        rng.shuffle(guests)
        for p in guests:
            k = next(k for k in range(inst.groups) if len(tables[k]) < caps[k])
            tables[k].append(p)
        rounds.append(tables)
    return rounds


def official_score(scorer: Path, plan: dict, path: Path) -> dict | None:  # type: ignore[type-arg]
    """Run the shared scorer as a subprocess on a plan file."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(plan, fh)
    try:
        out = subprocess.run(
            [sys.executable, str(scorer), fh.name, str(path), "--json"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return json.loads(out.stdout)
    except (subprocess.SubprocessError, json.JSONDecodeError):
        return None
    finally:
        Path(fh.name).unlink()


# social golfer instances (people, table size, rounds) with a known zero-repeat plan, and where
# it comes from (Warwick Harvey's table of social golfer solutions; Triska & Musliu 2012)
LITERATURE = [
    (9, 3, 4, "KTS(9), the affine plane AG(2,3)"),
    (12, 3, 4, "4-3-4 (no NKTS(12): 5 rounds impossible)"),
    (15, 3, 7, "KTS(15), Kirkman's schoolgirls (1850)"),
    (18, 3, 8, "NKTS(18)"),
    (21, 3, 10, "KTS(21)"),
    (24, 3, 11, "NKTS(24)"),
    (27, 3, 13, "KTS(27)"),
    (30, 3, 14, "NKTS(30)"),
    (33, 3, 16, "KTS(33)"),
    (45, 3, 22, "KTS(45)"),
    (99, 3, 49, "KTS(99)"),
    (16, 4, 5, "AG(2,4)"),
    (20, 4, 5, "5-4-5, TD(4,5)"),
    (24, 4, 6, "6-4-6"),
    (28, 4, 9, "resolvable 2-(28,4,1)"),
    (32, 4, 10, "8-4-10 (Aguado 2004)"),
    (40, 4, 13, "resolvable 2-(40,4,1)"),
    (25, 5, 6, "AG(2,5)"),
    (30, 5, 6, "6-5-6"),
    (36, 6, 3, "6-6-3 (no pair of MOLS(6))"),
    (49, 7, 8, "AG(2,7)"),
    (64, 8, 9, "AG(2,8)"),
    (81, 9, 10, "AG(2,9)"),
    (100, 10, 4, "10-10-4, two MOLS(10)"),
    (144, 12, 7, "a plenary: 12-12-7, five MOLS(12)"),
]

# cafés of 8 at a table for 5 rounds, plain and with hosts, structures and territories
SCALE = [60, 100, 200, 500, 1000, 2000]


def timed(inst, seconds: float, seed: int):  # type: ignore[no-untyped-def]
    """solve(), with its wall-clock and process CPU seconds."""
    wall, cpu = time.monotonic(), time.process_time()
    plan = solve(inst, seconds=seconds, seed=seed)
    return plan, time.monotonic() - wall, time.process_time() - cpu


def literature_table(seconds: float, seed: int) -> None:
    print(f"\nliterature: social golfer instances with a known zero-repeat plan, {seconds:g} s")
    head = (
        f"{'people-size-rounds':19} {'known':>5} {'repeats':>7} {'wall s':>7} {'cpu s':>6}  "
        "source / method"
    )
    print(head)
    print("-" * len(head))
    reached = 0
    for n, s, r, source in LITERATURE:
        inst = parse_instance({"people": n, "groups": n // s, "rounds": r})
        plan, wall, cpu = timed(inst, seconds, seed)
        reached += plan.repeats == 0
        print(
            f"{f'{n}-{s}-{r}':19} {0:5} {plan.repeats:7} {wall:7.2f} {cpu:6.2f}  "
            f"{source} / {plan.method}",
            flush=True,
        )
    print(f"zero repeats reached on {reached} of {len(LITERATURE)}")


def scale_table(seconds: float, seed: int) -> None:
    print(
        f"\nscale: 8 at a table, 5 rounds, budget {seconds:g} s (plain; hosts, structures and "
        "territories: same-label tables against their bound)"
    )
    head = (
        f"{'people':>6} {'kind':7} {'wall s':>7} {'cpu s':>6} {'budget':>6} "
        f"{'repeats':>7} {'bound':>6} {'labels':>6} {'bound':>6}  method"
    )
    print(head)
    print("-" * len(head))
    for n in SCALE:
        g = n // 8
        for kind in ("plain", "labels"):
            data: dict[str, object] = {"people": n, "groups": g, "rounds": 5}
            if kind == "labels":
                data["hosts"] = list(range(g))
                data["org"] = [f"o{p % max(2, n // 6)}" for p in range(n)]
                data["territory"] = [f"t{p % 10}" for p in range(n)]
            inst = parse_instance(data)
            plan, wall, cpu = timed(inst, seconds, seed)
            clashes = plan.org_clash_tables + plan.territory_clash_tables
            print(
                f"{n:6} {kind:7} {wall:7.2f} {cpu:6.2f} {seconds:6g} {plan.repeats:7} "
                f"{plan.lower_bound:6} {clashes:6} {label_clash_bound(inst):6}  {plan.method}",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="?", default=str(BENCH / "instances"))
    parser.add_argument("--seconds", type=float, default=None, help="budget of every run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scorer", default=str(BENCH / "score_rotation.py"))
    parser.add_argument("--tables", default="bench,literature,scale")
    parser.add_argument("--quick", action="store_true", help="shorter budgets: about a minute")
    args = parser.parse_args()
    tables = set(args.tables.split(","))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start")
    if "literature" in tables:
        literature_table(args.seconds or (5.0 if args.quick else 10.0), args.seed)
    if "scale" in tables:
        scale_table(args.seconds or (1.0 if args.quick else 2.0), args.seed)
    if "bench" in tables:
        bench_table(args, args.seconds or (2.0 if args.quick else 10.0))
    return 0


def bench_table(args: argparse.Namespace, seconds: float) -> int:
    print()
    args.seconds = seconds
    folder = Path(args.instances)
    if not folder.is_dir():
        print(f"no instances folder at {folder}: nothing to measure")
        return 0
    scorer = Path(args.scorer)
    has_scorer = scorer.is_file()
    print(
        f"budget {args.seconds:g} s, seed {args.seed}; scorer: "
        f"{scorer if has_scorer else 'absent, own scoring only'}"
    )
    head = (
        f"{'instance':28} {'repeats':>7} {'scorer':>6} {'bound':>5} {'org':>4} "
        f"{'viol':>4} {'seconds':>8} {'naive':>6}  method"
    )
    print(head)
    print("-" * len(head))
    ours_total = naive_total = 0
    cases = [(p.stem, json.loads(p.read_text()), p) for p in sorted(folder.glob("*.json"))]
    for name, data in EXTRA.items():
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(data, fh)
        cases.append((name, data, Path(fh.name)))
    for name, data, path in cases:
        inst = parse_instance(data)
        started = time.monotonic()
        plan = solve(inst, seconds=args.seconds, seed=args.seed)
        took = time.monotonic() - started
        own = evaluate(inst, plan.rounds)
        naive = evaluate(inst, naive_plan(inst, args.seed))["repeats"]
        ours_total += plan.repeats
        naive_total += naive
        official = official_score(scorer, plan.to_json(), path) if has_scorer else None
        repeats_scorer = "-" if official is None else str(official["repeats"])
        viol = own["violations"] if official is None else official["violations_total"]
        print(
            f"{name:28} {plan.repeats:7} {repeats_scorer:>6} {lower_bound(inst):5} "
            f"{plan.org_clash_tables:4} {viol:4} {took:8.2f} {naive:6}  {plan.method}",
            flush=True,
        )
    for _, _, path in cases[len(cases) - len(EXTRA) :]:
        path.unlink()
    ratio = f"{ours_total / naive_total:.3f}" if naive_total else "n/a"
    print(f"total repeats: planner {ours_total}, naive shuffle {naive_total} (ratio {ratio})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
