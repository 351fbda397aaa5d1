"""Rotation planner figures on the bench instances, against a naive baseline (not a test).

usage: python benchmarks/rotation.py [INSTANCES_DIR] [--seconds S] [--scorer PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="?", default=str(BENCH / "instances"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scorer", default=str(BENCH / "score_rotation.py"))
    args = parser.parse_args()
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
