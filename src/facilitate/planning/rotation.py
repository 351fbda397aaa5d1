"""World café rotation planner: who sits at which table in each round."""

from __future__ import annotations

import operator
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from facilitate.planning import InfeasibleError
from facilitate.planning.bounds import (
    distinct_pairs,
    evenness_bound,
    label_clash_bound,
    lower_bound,
    met_masks,
)
from facilitate.planning.designs import (
    Design,
    cyclic_plan,
    prime_power,
    transversal_cyclic,
    transversal_field,
)
from facilitate.planning.fast import fast_seating
from facilitate.planning.golfers import is_plain, orbit_plan
from facilitate.planning.instance import (
    RotationInstance,
    Seating,
    check_feasible,
    check_limits,
    parse_instance,
)
from facilitate.planning.limits import check_seconds
from facilitate.planning.resolvable import construct
from facilitate.planning.search import OutOfTime, SeatingSearch
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
    """Score a plan: repeats, same-label tables and broken hard rules (0 when none).

    Linear in the seats: who met whom is kept as bit sets (`bounds.met_masks`), never as a
    list of pairs, which runs to millions at 2,500 people a table.
    """
    return _score(inst, rounds)[0]


def _score(inst: RotationInstance, rounds: Seating) -> tuple[dict[str, int], int]:
    """`evaluate`, and how many forbidden pairs share a table in the rounds planned."""
    n = inst.people
    together = 0
    # ids that are nobody count as violations below, and are left out of who met whom
    valid = rounds
    if any(_outside(n, rnd) for rnd in rounds):
        valid = [[[p for p in tb if 0 <= p < n] for tb in rnd] for rnd in rounds]
    met, meetings = met_masks(n, valid)
    org = terr = 0
    violations = 0
    present = set(inst.present)
    caps = inst.capacities()
    groups = inst.required_groups()
    forbidden = _apart(inst.forbidden)
    org_ids, terr_ids = _label_ids(inst.org), _label_ids(inst.territory)
    for r, rnd in enumerate(rounds):
        fixed = r < len(inst.fixed_rounds)
        seat = _seats(n, rnd)
        if not fixed:
            # seated twice, present but not seated, seated but not present (absent, or no one)
            seats = sum(len(tb) for tb in rnd)
            outside = _outside(n, rnd)
            seated = n - sum(map(_NEGATIVE, seat))
            absent_seated = sum(1 for p in inst.absent if seat[p] >= 0)
            violations += seats - seated - len(outside)
            violations += len(present) - (seated - absent_seated)
            violations += absent_seated + len(outside)
            violations += sum(
                1
                for k, h in enumerate(inst.hosts)
                if h in present and seat[h] != k and (k >= len(rnd) or h not in rnd[k])
            )
            violations += sum(1 for k, tb in enumerate(rnd) if len(tb) > caps[k])
        for tb in rnd:
            # a label as a number; no label, a number of one's own that clashes with nobody
            if org_ids is not None and len(set(map(org_ids.__getitem__, tb))) < len(tb):
                org += 1
            if terr_ids is not None and len(set(map(terr_ids.__getitem__, tb))) < len(tb):
                terr += 1
        if not fixed:
            broken = _together(forbidden, seat)
            together += broken
            violations += broken
            for grp in groups:
                tables = [seat[p] for p in grp]
                if tables[0] >= 0 and tables.count(tables[0]) == len(tables):
                    continue  # the group at one table
                # each pair of the group seated apart counts once, as pairs not together did
                apart = len(grp) * (len(grp) - 1) // 2
                by_table: dict[int, int] = {}
                for k in tables:
                    if k >= 0:
                        by_table[k] = by_table.get(k, 0) + 1
                apart -= sum(c * (c - 1) // 2 for c in by_table.values())
                violations += apart
    score = {
        "repeats": meetings - distinct_pairs(met),
        "org_clash_tables": org,
        "territory_clash_tables": terr,
        "violations": violations,
    }
    return score, together


_NEGATIVE = (0).__gt__


def _outside(n: int, rnd: list[list[int]]) -> set[int]:
    """The ids of a round that are no one (outside 0..n-1): min and max first, at C speed."""
    tables = [tb for tb in rnd if tb]
    if not tables or (min(map(min, tables)) >= 0 and max(map(max, tables)) < n):
        return set()
    return {p for tb in tables for p in tb if not 0 <= p < n}


def _seats(n: int, rnd: list[list[int]]) -> list[int]:
    """Each person's table in a round; -1 - p for person p when not seated (so that two people
    share a number only at a table). Ids outside 0..n-1 are left out."""
    seat = list(range(-1, -n - 1, -1))
    for k, tb in enumerate(rnd):
        for p in tb:
            if 0 <= p < n:
                seat[p] = k
    return seat


def _label_ids(labels: tuple[str | None, ...] | None) -> list[int] | None:
    """Each person's label as a number, -1 - p for person p without one."""
    if labels is None:
        return None
    ids: dict[str, int] = {}
    return [-1 - p if x is None else ids.setdefault(x, len(ids)) for p, x in enumerate(labels)]


def _apart(pairs: tuple[tuple[int, int], ...]) -> tuple[list[int], list[int]]:
    """Forbidden pairs as two columns, for `_together`."""
    kept = [(a, b) for a, b in pairs if a != b]
    return [a for a, _ in kept], [b for _, b in kept]


def _together(columns: tuple[list[int], list[int]], seat: list[int]) -> int:
    """How many pairs of `_apart` share a table, counted at C speed (20,000 pairs a round)."""
    at = seat.__getitem__
    return sum(map(operator.eq, map(at, columns[0]), map(at, columns[1])))


def _designs(
    inst: RotationInstance,
    targets: list[int],
    seed: int,
    effort: int,
    deadline: float = float("inf"),
) -> list[Design]:
    """Every construction that applies to this many people, tables and rounds (those found
    before `deadline`)."""
    n, t, rounds = len(inst.present), inst.groups, inst.free_rounds
    out: list[Design] = []
    width = max(targets)
    hosts = len(inst.host_of())
    if rounds >= 2 and width > t:
        # more people at a table than tables: two of them meet again in the next round
        # (pigeonhole), so no design without repeats exists and none is searched for
        return out
    if width > 1 and not (width == t and prime_power(t)):
        # design theory first, from the sizes alone: Kirkman and nearly Kirkman triple
        # systems, resolvable (v, 4, 1) designs, orthogonal arrays from MOLS (`resolvable.py`);
        # prime-power squares get the affine plane below
        theory = construct(width * t, width, t, rounds, seed=seed, deadline=deadline)
        if theory is not None:
            out.append(theory)
            fits_hosts = hosts <= (len(theory.rows[0]) if theory.rows else 0)
            if len(theory.rounds) >= rounds and fits_hosts:
                return out
    if 1 < width <= t and width * t >= n:
        if prime_power(t) and t <= 128:
            out.append(transversal_field(t, width))
        elif rounds <= t:
            design = transversal_cyclic(t, width, rounds, seed=seed, deadline=deadline)
            if design is not None:
                out.append(design)
    if any(len(d.rounds) >= rounds for d in out):
        return out
    for big_r in (rounds, rounds - 1):
        if big_r < 2:
            continue
        for fixed in range(min(t, n), hosts - 1, -1):
            if (n - fixed) % big_r or n - fixed <= 0:
                continue
            if time.monotonic() > deadline:
                return out
            # fixed points go to the largest tables; a host's table must be one of them
            design = cyclic_plan(
                big_r, (n - fixed) // big_r, fixed, targets, seed, effort, deadline=deadline
            )
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
    gone: set[int] = set()
    rows = design.rows
    order = (list(reversed(rows[0][len(host_of) :])) if rows else []) + [
        p for row in reversed(rows[1:]) for p in reversed(row)
    ]
    order += [p for p in range(design.points - 1, -1, -1)]
    for p in order:
        if len(gone) >= extra:
            break
        gone.add(p)
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
    host_taken = set(point_of.values())
    free_points = [p for row in design.rows for p in row if p not in gone and p not in host_taken]
    in_rows = set(free_points) | set(point_of.values())
    free_points += [p for p in range(design.points) if p not in gone and p not in in_rows]
    others = [p for p in present if p not in host_of]
    rng.shuffle(others)
    others.sort(key=inst.dealing_key().__getitem__)
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
    a combinatorial design when one fits the sizes, chosen from them before any search: Kirkman
    and nearly Kirkman triple systems, resolvable (v, 4, 1) designs, orthogonal arrays from MOLS
    for m tables of m (`resolvable.py`, each construction cited there), transversal designs and
    affine planes over GF(q), difference matrices over Z_n, 1-rotational plans found by a small
    search; or from a greedy seating. Plain instances whose bound is zero also get an exact
    search among plans with a cyclic symmetry (`symmetric.py`); then a tabu search with
    conflict-directed swaps improves the plan, in this order: hard constraints, repeated
    encounters, same-label tables, even sizes (same-label tables before repeats with the
    instance's `spread_first`). It stops as soon as the lower bound is reached, so the same seed
    gives the same plan whenever the budget is not hit.

    The search stops at the lower bound, after `seconds`, or after `iterations` tabu moves
    when given (a cap that makes the result independent of the machine's speed).

    `seconds` is kept at every size within `limits.py`: an instance too large to search in the
    budget gets the layered seating of `fast.py` (linear in the seats, no search); designs still
    searched at a quarter of the budget, and first plans still being built at 60 %, give way.
    """
    started = time.monotonic()
    seconds = check_seconds(seconds)
    check_limits(inst)
    check_feasible(inst)
    caps = inst.capacities()
    targets = inst.target_sizes()
    bound = lower_bound(inst)
    target = (0, bound, label_clash_bound(inst), evenness_bound(inst))
    if inst.spread_first and inst.label_systems():
        target = (0, target[2], bound, target[3])  # as SeatingSearch.cost orders them
    effort = max(500, min(20000, int(seconds * 4000)))
    rounds = inst.free_rounds
    search_cost, greedy_cost, finish_cost = _costs(inst, targets)
    if search_cost > max(FREE_SECONDS, SEARCH_SHARE * seconds):
        if rounds > 0 and not (inst.forbidden or inst.required or inst.label_systems()):
            # too large to search, but a design may seat every round as it is (hosts kept)
            quick = started + max(0.25 * seconds, 2 * FREE_SECONDS)
            for design in _designs(inst, targets, seed, effort, quick):
                seating = _fit(inst, design, targets, random.Random(seed))
                as_is = _as_is(inst, seating, bound, evenness_bound(inst)) if seating else None
                if as_is is not None:
                    return _plan(inst, as_is[0], bound, design.name, started, on_progress, as_is[1])
        return _layered(inst, targets, caps, bound, seconds, seed, started, on_progress)
    greedy_fits = greedy_cost <= max(FREE_SECONDS, SEARCH_SHARE * seconds)
    # the search ends early enough to score and write out the plan within the budget
    deadline = started + max(seconds / 2, seconds - finish_cost)
    # designs still searched at a quarter of the budget, first plans still being built at
    # 60 %, give way (to the greedy seating, then to the layered one); small instances are
    # built long before either, whatever the budget
    design_deadline = started + max(0.25 * seconds, 2 * FREE_SECONDS)
    build_deadline = started + max(0.6 * seconds, 4 * FREE_SECONDS)
    candidates: list[tuple[tuple[int, int, int, int], str, SeatingSearch]] = []
    designs = _designs(inst, targets, seed, effort, design_deadline) if rounds > 0 else []
    layered: Seating | None = None
    # the estimates hold on an idle laptop; on a loaded machine the first state built says how
    # much slower this one runs, and every later estimate is scaled by it
    slow = 1.0
    for design in designs:
        if time.monotonic() + search_cost > build_deadline or (inst.required and not greedy_fits):
            # no time left to load it, or its rounds would seat the required groups greedily
            break
        rng = random.Random(seed)
        seating = _fit(inst, design, targets, rng)
        if seating is None:
            continue
        as_is = _as_is(inst, seating, bound, target[3])
        if as_is is not None:
            return _plan(inst, as_is[0], bound, design.name, started, on_progress, as_is[1])
        state = SeatingSearch(inst, caps, targets, build_deadline)
        begun = time.monotonic()
        try:
            for r in range(rounds):
                if time.monotonic() > build_deadline:
                    raise OutOfTime
                if r < len(seating):
                    state.load_round(r, seating[r], rng)
                elif greedy_fits:
                    state.greedy_round(r, rng)
                else:
                    # rounds beyond the design, too many to seat greedily: layered ones
                    layered = layered or fast_seating(inst, targets, caps)
                    state.load_seating(r, layered[r])
        except OutOfTime:
            slow = max(slow, _slowdown(time.monotonic() - begun, search_cost))
            continue
        slow = max(slow, _slowdown(time.monotonic() - begun, search_cost))
        candidates.append((state.cost(), design.name, state))
    if not candidates or min(c[0] for c in candidates) > target:
        rng = random.Random(seed)
        try:
            if not greedy_fits:
                raise OutOfTime
            state = SeatingSearch(inst, caps, targets, build_deadline)
            for r in range(rounds):
                state.greedy_round(r, rng)
            candidates.append((state.cost(), "greedy", state))
        except OutOfTime:
            # too slow to seat greedily: the layered seating, which the search then improves
            # when there is time to load it
            late = started + seconds - slow * finish_cost
            if time.monotonic() + slow * (2 * search_cost + finish_cost) <= started + seconds:
                layered = layered or fast_seating(inst, targets, caps)
                state = SeatingSearch(inst, caps, targets, late)
                try:
                    for r, tables in enumerate(layered):
                        state.load_seating(r, tables)
                    candidates.append((state.cost(), LAYERED, state))
                except OutOfTime:
                    pass  # slower than estimated: the layered seating as it is, unless a design
            if not candidates:
                return _layered(
                    inst, targets, caps, bound, seconds, seed, started, on_progress, layered
                )
    # the search ends early enough to score and write out the plan, at this machine's speed
    deadline = started + max(seconds / 2, seconds - slow * finish_cost)
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
            "planning.no_seating_keeps_every_forbidden", broken=state.hard, seconds=seconds
        )
    return _plan(inst, state.seating(), bound, method, started, on_progress)


# The search holds every pair of every table in every round; these estimates (seconds on a
# 2020s laptop) decide what fits the budget: a search state costs about 2 us a seat and
# 0.4 us a pair to build, a greedy seating about 0.4 us per person and table plus 0.05 us
# per pair it weighs, scoring and writing the plan out about 2 us a seat.
SEARCH_SHARE = 0.3  # of the budget, at most, for building one search state
FREE_SECONDS = 0.05  # what is always affordable, whatever the budget
LAYERED = "layered seating"


def _as_is(
    inst: RotationInstance, seating: Seating, bound: int, even: int
) -> tuple[Seating, dict[str, int]] | None:
    """(the whole plan, its score) when a design's seating of every round, for an instance with
    nothing but hosts and sizes, reaches the bounds as it is: no search state to build, which
    at thousands of people takes seconds. None otherwise."""
    if len(seating) < inst.free_rounds or inst.forbidden or inst.required or inst.label_systems():
        return None
    plan_rounds = [[list(tb) for tb in rnd] for rnd in inst.fixed_rounds] + seating
    score, _ = _score(inst, plan_rounds)
    uneven = sum(max(map(len, rnd)) - min(map(len, rnd)) for rnd in seating)
    if score["violations"] or score["repeats"] > bound or uneven > even:
        return None
    return plan_rounds, score


def _slowdown(took: float, estimate: float) -> float:
    """How many times slower than estimated a state was built (1 for small ones, whose
    timings are noise)."""
    if estimate < 10 * FREE_SECONDS / 100:
        return 1.0
    return min(20.0, took / estimate)


def _costs(inst: RotationInstance, targets: list[int]) -> tuple[float, float, float]:
    """Estimated seconds to build a search state, to seat every round greedily, and to score
    and write out the plan."""
    n, t, rounds = len(inst.present), inst.groups, inst.free_rounds
    pairs = rounds * sum(s * (s - 1) // 2 for s in targets)
    pairs += sum(len(tb) * (len(tb) - 1) // 2 for rnd in inst.fixed_rounds for tb in rnd)
    pairs += rounds * sum(len(g) * (len(g) - 1) // 2 for g in inst.required_groups())
    search = 2e-6 * n * rounds + 4e-7 * pairs
    greedy = rounds * n * (4e-7 * t + 5e-8 * n)
    finish = 2e-6 * inst.people * inst.rounds
    return search, greedy, finish


def _layered(
    inst: RotationInstance,
    targets: list[int],
    caps: list[int],
    bound: int,
    seconds: float,
    seed: int,
    started: float,
    on_progress: Callable[[dict[str, float]], None] | None,
    seating: Seating | None = None,
) -> RotationPlan:
    """The layered seating alone (`seating` when already dealt): for instances too large to
    search in the budget."""
    played: Seating = [[list(tb) for tb in rnd] for rnd in inst.fixed_rounds]
    begun = time.monotonic()
    plan_rounds = played + (seating or fast_seating(inst, targets, caps))
    score, broken = _score(inst, plan_rounds)
    rng = random.Random(seed)
    # a forbidden pair seated together: other dealing orders, as long as one more fits the budget
    attempt = time.monotonic() - begun
    while broken and time.monotonic() + attempt < started + seconds:
        try:
            again = played + fast_seating(inst, targets, caps, rng, deadline=started + seconds)
        except OutOfTime:
            break
        again_score, again_broken = _score(inst, again)
        if again_broken < broken:
            plan_rounds, score, broken = again, again_score, again_broken
    if broken:
        raise InfeasibleError(
            "planning.no_seating_keeps_every_forbidden", broken=broken, seconds=seconds
        )
    method = LAYERED + " (too large to search in the budget)"
    return _plan(inst, plan_rounds, bound, method, started, on_progress, score)


def _plan(
    inst: RotationInstance,
    seating: Seating,
    bound: int,
    method: str,
    started: float,
    on_progress: Callable[[dict[str, float]], None] | None,
    score: dict[str, int] | None = None,
) -> RotationPlan:
    """The plan of the rounds played and the rounds planned (`seating`, or the whole plan
    when its `score` is given), scored."""
    if score is None:
        plan_rounds: Seating = [[list(tb) for tb in rnd] for rnd in inst.fixed_rounds]
        plan_rounds += seating
        score = evaluate(inst, plan_rounds)
    else:
        plan_rounds = seating
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
