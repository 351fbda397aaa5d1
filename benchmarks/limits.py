"""The planners at the largest sizes `planning/limits.py` allows: wall time against the budget,
and peak memory, of `facilitate rotation solve` and `facilitate agenda solve` (not a test).

Each instance is solved by the command, in a subprocess of its own, once per budget; the wall
time includes starting Python, reading the JSON and writing the plan out; the peak memory is
the command's maximum resident set (GNU time's %M when /usr/bin/time exists).

usage: python benchmarks/limits.py [--seconds 1,10] [--only NAME]
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
from typing import Any

from facilitate.planning import limits

TIME = Path("/usr/bin/time")  # GNU time, for the peak memory of the command alone


def _seating(people: int, tables: int, rng: random.Random) -> list[list[int]]:
    order = list(range(people))
    rng.shuffle(order)
    return [order[k::tables] for k in range(tables)]


def rotation_cases() -> dict[str, dict[str, Any]]:
    """The largest cafés, plain and with every kind of constraint at its limit."""
    n, t, r = limits.MAX_PEOPLE, limits.MAX_GROUPS, limits.MAX_ROUNDS
    rng = random.Random(0)
    required = [[1000 + 2 * i, 1001 + 2 * i] for i in range(1500)]
    together = {frozenset(g) for g in required}
    forbidden: list[list[int]] = []
    while len(forbidden) < limits.MAX_FORBIDDEN_PAIRS:
        pair = rng.sample(range(n), 2)
        if frozenset(pair) not in together:
            forbidden.append(pair)
    return {
        f"{n} people/{t} tables/{r} rounds": {"people": n, "groups": t, "rounds": r},
        f"{n}/2/{r}": {"people": n, "groups": 2, "rounds": r},
        f"{t}/{t}/{r}": {"people": t, "groups": t, "rounds": r},
        f"{n}/100/{r}": {"people": n, "groups": 100, "rounds": r},
        f"{n}/128/{r}": {"people": n, "groups": 128, "rounds": r},
        # 1,000 hosts, 10,000 forbidden pairs, 1,500 required pairs, 200 absent, two label lists
        f"{n}/{t}/{r}, every constraint": {
            "people": n,
            "groups": t,
            "rounds": r,
            "hosts": list(range(t)),
            "forbidden": forbidden,
            "required": required,
            "org": [f"org {rng.randrange(300)}" for _ in range(n)],
            "territory": [f"territory {rng.randrange(40)}" for _ in range(n)],
            "absent": rng.sample(range(4000, n), 200),
        },
        f"{n}/2/{r}, {r - 1} rounds played": {
            "people": n,
            "groups": 2,
            "rounds": r,
            "fixed_rounds": [_seating(n, 2, rng) for _ in range(r - 1)],
        },
    }


def agenda_cases() -> dict[str, dict[str, Any]]:
    """The largest open forums: every topic, slot and space, 50,000 people interested."""
    rng = random.Random(0)
    per_topic = limits.MAX_WANTS // limits.MAX_TOPICS - 1
    people = [f"person {i}" for i in range(3000)]

    def forum(spaces: int) -> dict[str, Any]:
        return {
            "slots": limits.MAX_SLOTS,
            "spaces": [
                {"name": f"room {k}", "capacity": rng.choice([20, 40, 80])} for k in range(spaces)
            ],
            "topics": [
                {
                    "id": f"t{i}",
                    "convener": people[i % 400],
                    "interested": rng.sample(people, per_topic),
                    "size": rng.randint(5, 20),
                }
                for i in range(limits.MAX_TOPICS)
            ],
        }

    most = f"{limits.MAX_TOPICS} topics/{limits.MAX_SLOTS} slots"
    return {f"{most}/{limits.MAX_SPACES} spaces": forum(limits.MAX_SPACES), f"{most}/10": forum(10)}


def run(solver: str, data: dict[str, Any], seconds: float) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, what the plan says) of one solve in a subprocess."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "instance.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        out, err = Path(folder) / "plan.json", Path(folder) / "stderr.txt"
        command = [sys.executable, "-m", "facilitate.cli", solver, "solve", str(path)]
        command += ["--seconds", f"{seconds:g}"]
        memory = Path(folder) / "memory.txt"
        if TIME.exists():
            # GNU time measures the command alone: a child forked from this process would
            # count the instances held here in its peak
            command = [str(TIME), "-f", "%M", "-o", str(memory), *command]
        with out.open("w") as fout, err.open("w") as ferr:
            started = time.monotonic()
            child = subprocess.Popen(command, stdout=fout, stderr=ferr)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.monotonic() - started
            child.returncode = os.waitstatus_to_exitcode(status)
        kilobytes = int(memory.read_text().split()[-1]) if TIME.exists() else usage.ru_maxrss
        peak = kilobytes / 1024
        if child.returncode != 0:
            return wall, peak, err.read_text(encoding="utf-8").strip()[:80]
        plan = json.loads(out.read_text(encoding="utf-8"))
        if solver == "rotation":
            method = plan["method"].replace(" (too large to search in the budget)", ", no search")
            said = f"{plan['repeats']} repeats (bound {plan['lower_bound']}), {method}"
        else:
            said = f"{plan['conflicts']} conflicts (bound {plan['lower_bound']})"
        return wall, peak, said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", default="1,10", help="budgets, comma-separated")
    parser.add_argument("--only", default="", help="only the cases whose name holds this")
    args = parser.parse_args()
    budgets = [float(x) for x in args.seconds.split(",") if x.strip()]
    cases = [("rotation", name, data) for name, data in rotation_cases().items()]
    cases += [("agenda", name, data) for name, data in agenda_cases().items()]
    print(f"budgets {', '.join(f'{b:g} s' for b in budgets)}; wall time of the whole command")
    print(f"{'case':40} {'budget':>6} {'wall':>7} {'over':>6} {'ratio':>6} {'peak':>7}  plan")
    worst_over, worst_peak = float("-inf"), 0.0
    for solver, name, data in cases:
        if args.only not in name:
            continue
        for budget in budgets:
            wall, peak, said = run(solver, data, budget)
            over = wall - budget
            worst_over, worst_peak = max(worst_over, over), max(worst_peak, peak)
            ratio = f"{wall / budget:6.2f}" if budget else "     -"
            print(
                f"{solver[0]}: {name:37} {budget:5g}s {wall:6.2f}s {over:+5.2f}s {ratio} "
                f"{peak:5.0f}MB  {said}",
                flush=True,
            )
    print(f"worst: {worst_over:+.2f} s past the budget, {worst_peak:.0f} MB peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
