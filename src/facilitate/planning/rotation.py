"""World café rotation planner: who sits at which table in each round."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from facilitate.planning import InfeasibleError
from facilitate.planning.bounds import evenness_bound, label_clash_bound, lower_bound
from facilitate.planning.designs import (
    Design,
    cyclic_plan,
    prime_power,
    transversal_cyclic,
    transversal_field,
)
from facilitate.planning.golfers import is_plain, orbit_plan
from facilitate.planning.instance import (
    RotationInstance,
    Seating,
    check_feasible,
    parse_instance,
)
from facilitate.planning.search import SeatingSearch
from facilitate.planning.symmetric import symmetric_applies, symmetric_plan

__all__ = [
    "RotationInstance",
    "RotationPlan",
    "evaluate",
    "lower_bound",
    "parse_instance",
    "solve",
]


@dataclass
class RotationPlan:
    """A seating for every round; `rounds[r][t]` lists the ids at table t in round r."""

    rounds: Seating
    repeats: int
    lower_bound: int
    org_clash_tables: int
    seconds: float
    territory_clash_tables: int = 0
    method: str = "greedy"
    metrics: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The plan JSON of DESIGN.md, with the metrics beside the rounds."""
        return {
            "rounds": self.rounds,
            "seconds": round(self.seconds, 3),
            "repeats": self.repeats,
            "lower_bound": self.lower_bound,
            "org_clash_tables": self.org_clash_tables,
            "territory_clash_tables": self.territory_clash_tables,
            "method": self.method,
        }


def evaluate(inst: RotationInstance, rounds: Seating) -> dict[str, int]:
    """Score a plan: repeats, same-label tables and broken hard rules (0 when none)."""
    meet: dict[tuple[int, int], int] = {}
    org = terr = 0
    violations = 0
    present = set(inst.present)
    for r, rnd in enumerate(rounds):
        fixed = r < len(inst.fixed_rounds)
        seated = [p for tb in rnd for p in tb]
        if not fixed:
            violations += len(seated) - len(set(seated))
            violations += len(present - set(seated)) + len(set(seated) - present)
            violations += sum(
                1 for k, h in enumerate(inst.hosts) if h in present and h not in rnd[k]
            )
            violations += sum(1 for k, tb in enumerate(rnd) if len(tb) > inst.capacities()[k])
        together = set()
        for tb in rnd:
            for a, b in combinations(sorted(tb), 2):
                meet[(a, b)] = meet.get((a, b), 0) + 1
                together.add((a, b))
            for labels, is_org in ((inst.org, True), (inst.territory, False)):
                if labels is None:
                    continue
                seen = [labels[p] for p in tb if labels[p] is not None]
                if len(seen) != len(set(seen)):
                    if is_org:
                        org += 1
                    else:
                        terr += 1
        if not fixed:
            violations += sum(1 for pr in inst.forbidden if pr in together)
            for grp in inst.required_groups():
                violations += sum(1 for pr in combinations(sorted(grp), 2) if pr not in together)
    return {
        "repeats": sum(m - 1 for m in meet.values() if m > 1),
        "org_clash_tables": org,
        "territory_clash_tables": terr,
        "violations": violations,
    }


def _designs(inst: RotationInstance, targets: list[int], seed: int, effort: int) -> list[Design]:
    """Every construction that applies to this many people, tables and rounds."""
    n, t, rounds = len(inst.present), inst.groups, inst.free_rounds
    out: list[Design] = []
    width = max(targets)
    if 1 < width <= t and width * t >= n:
        if prime_power(t) and t <= 128:
            out.append(transversal_field(t, width))
        elif rounds <= t:
            design = transversal_cyclic(t, width, rounds, seed=seed)
            if design is not None:
                out.append(design)
    if any(len(d.rounds) >= rounds for d in out):
        return out
    hosts = len(inst.host_of())
    for big_r in (rounds, rounds - 1):
        if big_r < 2:
            continue
        for fixed in range(min(t, n), hosts - 1, -1):
            if (n - fixed) % big_r or n - fixed <= 0:
                continue
            # fixed points go to the largest tables; a host's table must be one of them
            design = cyclic_plan(big_r, (n - fixed) // big_r, fixed, targets, seed, effort)
            if design is not None:
                out.append(design)
                return out
    return out


def _fit(
    inst: RotationInstance, design: Design, targets: list[int], rng: random.Random
) -> list[list[list[int]]] | None:
    """Map a design's points to people and its tables to table positions."""
    present = inst.present
    extra = design.points - len(present)
    if extra < 0:
        return None
    host_of = inst.host_of()
    # delete spare points of row 0 first: row 0 never moves, so the same tables stay short,
    # and those are the tables without a host; then points of the last rows
    deleted: list[int] = []
    rows = design.rows
    order = (list(reversed(rows[0][len(host_of) :])) if rows else []) + [
        p for row in reversed(rows[1:]) for p in reversed(row)
    ]
    order += [p for p in range(design.points - 1, -1, -1)]
    for p in order:
        if len(deleted) < extra and p not in deleted:
            deleted.append(p)
    gone = set(deleted)
    want = sorted(targets, reverse=True)

    def misfit(rnd: list[list[int]]) -> int:
        sizes = sorted((sum(1 for p in tb if p not in gone) for tb in rnd), reverse=True)
        sizes += [0] * (len(want) - len(sizes))
        return sum(abs(a - b) for a, b in zip(sizes, want, strict=False))

    ranked = sorted(range(len(design.rounds)), key=lambda r: (misfit(design.rounds[r]), r))
    chosen = sorted(ranked[: inst.free_rounds])
    point_of: dict[int, int] = {}
    host_points = [p for p in (design.rows[0] if design.rows else []) if p not in gone]
    if len(host_points) < len(host_of) and host_of:
        return None
    for h, p in zip(sorted(host_of), host_points, strict=False):
        point_of[h] = p
    free_points = [
        p for row in design.rows for p in row if p not in gone and p not in point_of.values()
    ]
    in_rows = set(free_points) | set(point_of.values())
    free_points += [p for p in range(design.points) if p not in gone and p not in in_rows]
    others = [p for p in present if p not in host_of]
    rng.shuffle(others)
    systems = inst.label_systems()
    others.sort(key=lambda p: tuple(s[p] or "" for s in systems))
    for p, point in zip(others, free_points, strict=False):
        point_of[p] = point
    person = {pt: p for p, pt in point_of.items()}
    seating = []
    for r in chosen:
        tables = [[person[pt] for pt in tb if pt in person] for tb in design.rounds[r]]
        placed: list[list[int] | None] = [None] * inst.groups
        rest = []
        for tb in tables:
            k = next((host_of[p] for p in tb if p in host_of), None)
            if k is not None and placed[k] is None:
                placed[k] = tb
            else:
                rest.append(tb)
        rest.sort(key=len, reverse=True)
        slots = sorted(
            (k for k in range(inst.groups) if placed[k] is None), key=lambda k: -targets[k]
        )
        for k, tb in zip(slots, rest, strict=False):
            placed[k] = tb
        seating.append([tb or [] for tb in placed])
    return seating


def solve(
    inst: RotationInstance,
    *,
    seconds: float = 10.0,
    seed: int = 0,
    on_progress: Callable[[dict[str, float]], None] | None = None,
    iterations: int | None = None,
) -> RotationPlan:
    """Plan the rounds still to play; raise InfeasibleError when no plan can hold.

    This is the social golfer problem with table hosts, never-together and always-together pairs,
    organisation and territory labels, uneven tables and rounds already played. A plan starts from
    a combinatorial design when one fits the sizes (transversal designs and affine planes over
    GF(q), difference matrices over Z_n, 1-rotational plans found by a small search), or from a
    greedy seating; plain instances whose bound is zero also get an exact search among plans
    with a cyclic symmetry (`symmetric.py`), then a tabu search with conflict-directed swaps improves it, in this order:
    hard constraints, repeated encounters, same-label tables, even sizes. It stops as soon as the
    lower bound is reached, so the same seed gives the same plan whenever the budget is not hit.

    The search stops at the lower bound, after `seconds`, or after `iterations` tabu moves
    when given (a cap that makes the result independent of the machine's speed).
    """
    started = time.monotonic()
    deadline = started + seconds
    check_feasible(inst)
    caps = inst.capacities()
    targets = inst.target_sizes()
    bound = lower_bound(inst)
    target = (0, bound, label_clash_bound(inst), evenness_bound(inst))
    effort = max(500, min(20000, int(seconds * 4000)))
    candidates: list[tuple[tuple[int, int, int, int], str, SeatingSearch]] = []
    rounds = inst.free_rounds
    designs = _designs(inst, targets, seed, effort) if rounds > 0 else []
    for design in designs:
        rng = random.Random(seed)
        seating = _fit(inst, design, targets, rng)
        if seating is None:
            continue
        state = SeatingSearch(inst, caps, targets)
        for r in range(rounds):
            if r < len(seating):
                state.load_round(r, seating[r], rng)
            else:
                state.greedy_round(r, rng)
        candidates.append((state.cost(), design.name, state))
    if not candidates or min(c[0] for c in candidates) > target:
        rng = random.Random(seed)
        state = SeatingSearch(inst, caps, targets)
        for r in range(rounds):
            state.greedy_round(r, rng)
        candidates.append((state.cost(), "greedy", state))
    cost, method, state = min(candidates, key=lambda c: c[0])
    cap = iterations if iterations is not None else 10**9
    plain = cost > target and is_plain(inst)
    # shares of the budget: exact symmetric search, short tabu search, orbit tabu search
    shares = (0.0, 0.2, 0.8)
    if plain and bound == 0 and symmetric_applies(inst.people, inst.groups, rounds):
        shares = (0.45, 0.55, 0.88)
        # an exact search among plans with a cyclic symmetry: it finds zero-repeat plans that
        # neither the constructions nor local search reach (32 people, 8 tables, 10 rounds)
        exact = symmetric_plan(
            inst.people,
            inst.groups,
            rounds,
            started + shares[0] * seconds,
            seed,
            max_nodes=cap * 200 if iterations is not None else None,
        )
        if exact is not None:
            rng = random.Random(seed)
            symmetric = SeatingSearch(inst, caps, targets)
            for r in range(rounds):
                symmetric.load_round(r, exact[0][r], rng)
            if symmetric.cost() < cost:
                cost, method, state = symmetric.cost(), exact[1], symmetric
                plain = cost > target
    if plain:
        # a short tabu search first: it often reaches the bound from a construction
        state.run(
            target,
            min(deadline, started + shares[1] * seconds),
            random.Random(seed),
            on_progress,
            started,
            max_iterations=max(1, cap // 4),
        )
        cost = state.cost()
        method += " + tabu search"
    if plain and cost > target:
        # then let every round change: plans invariant under a cyclic group, by orbit search
        found = orbit_plan(
            inst.people,
            inst.groups,
            rounds,
            started + shares[2] * seconds,
            seed,
            max(1, cap // 2),
            goal=bound,
        )
        if found is not None and found[1] < cost[1]:
            rng = random.Random(seed)
            cyclic = SeatingSearch(inst, caps, targets)
            for r in range(rounds):
                cyclic.load_round(r, found[0][r], rng)
            if cyclic.cost() < cost:
                cost, method, state = cyclic.cost(), found[2], cyclic
    if cost > target:
        state.run(
            target,
            deadline,
            random.Random(seed),
            on_progress,
            started,
            max_iterations=max(1, cap // 4) if plain else cap,
        )
        if not method.endswith(" + tabu search"):
            method += " + tabu search"
    if state.hard:
        raise InfeasibleError(
            "no seating keeps every forbidden pair apart "
            f"(best found breaks {state.hard} in {seconds:g} s)"
        )
    plan_rounds: Seating = [[list(tb) for tb in rnd] for rnd in inst.fixed_rounds]
    plan_rounds += state.seating()
    score = evaluate(inst, plan_rounds)
    elapsed = time.monotonic() - started
    if on_progress is not None:
        on_progress({"repeats": score["repeats"], "seconds": round(elapsed, 3), "done": 1})
    return RotationPlan(
        rounds=plan_rounds,
        repeats=score["repeats"],
        lower_bound=bound,
        org_clash_tables=score["org_clash_tables"],
        territory_clash_tables=score["territory_clash_tables"],
        seconds=elapsed,
        method=method,
        metrics=score,
    )
