"""The rotation planner's input built from a session, and the plan it gives back.

One path for every caller: set-up's re-plan (TUI) and `facilitate rotation solve` read the same
instance JSON and call the same solver, so the same instance and seed give the same plan.
Labels nobody has (no structure, no territory known) are left out of the instance: an
instance with no known label is a plain one, which the exact and orbit searches may take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitate.domain.records import Step
from facilitate.domain.session import Session
from facilitate.domain.timeline import LiveState
from facilitate.planning import rotation
from facilitate.planning.instance import balanced_sizes

# the set-up screen's first budget for the planner, in seconds; the facilitator may double it
# up to MAX_PLAN_SECONDS
DEFAULT_PLAN_SECONDS = 2.0
MAX_PLAN_SECONDS = 64.0


@dataclass(frozen=True)
class RotationProposal:
    """A plan from the planner, with the participants' ids in place of its indices."""

    plan: rotation.RotationPlan
    seats: list[list[list[int]]]  # seats[r][k]: participant ids at table k in round r
    order: list[int]  # planner index -> participant id


def played_rounds(live: LiveState, step: Step) -> int:
    """Rounds already seated in the room: kept as they were when re-planning."""
    if live.step == step.id:
        return live.round or 0
    st = live.times.get(step.id)
    return int(step.settings.get("rounds", 0)) if st and st.ended else 0


def rotation_instance(
    sess: Session, live: LiveState, step: Step, *, spread: bool = False
) -> tuple[dict[str, Any], list[int]]:
    """The planner's instance (hosts first, then everyone present) and index -> participant id.

    `spread`: mix territories (and structures) first, before avoiding repeated encounters.
    """
    tables = sess.tables
    hosts = [tb.host for tb in tables if tb.host is not None]
    present = [p.id for p in sess.participants if p.present]
    present_set = set(present)
    order = [h for h in hosts if h in present_set] + [p for p in present if p not in hosts]
    index = {pid: k for k, pid in enumerate(order)}
    by_id = {p.id: p for p in sess.participants}
    hosts_stay = step.settings.get("hosts_stay", True) is not False
    data: dict[str, Any] = {
        "people": len(order),
        "groups": len(tables),
        "rounds": int(step.settings.get("rounds", 3)),
        # hosts_stay (default true): each host stays at their table; false: hosts travel too
        "hosts": [index.get(tb.host) if tb.host in index and hosts_stay else None for tb in tables],
    }
    # a label nobody has is no label: the instance stays plain (plain means plain)
    for key, field in (("org", "structure"), ("territory", "territory")):
        labels = [getattr(by_id[pid], field) or None for pid in order]
        if any(label is not None for label in labels):
            data[key] = labels
    if spread:
        data["spread_first"] = True
    # the seats bind only when they are fewer than an even split of the people present (the
    # absent are not counted): then each table's capacity is kept
    even = max(balanced_sizes(len(order), len(tables)), default=0) if tables else 0
    if tables and min(tb.capacity for tb in tables) < even:
        data["table_sizes"] = [tb.capacity for tb in tables]
    played = played_rounds(live, step)
    fixed = []
    for rnd in [r for r in sess.rounds_of(step.id) if r.seating][:played]:
        fixed.append(
            [[index[p] for p in rnd.seating.get(str(tb.id), []) if p in index] for tb in tables]
        )
    if fixed:
        data["fixed_rounds"] = fixed
    return data, order


def propose(
    data: dict[str, Any],
    order: list[int],
    *,
    seconds: float = DEFAULT_PLAN_SECONDS,
    seed: int = 0,
    iterations: int | None = None,
    on_progress: Callable[[dict[str, float]], None] | None = None,
) -> RotationProposal:
    """Solve an instance of `rotation_instance` exactly as `facilitate rotation solve` does."""
    inst = rotation.parse_instance(data)
    plan = rotation.solve(
        inst, seconds=seconds, seed=seed, iterations=iterations, on_progress=on_progress
    )
    seats = [[[order[k] for k in table] for table in rnd] for rnd in plan.rounds]
    return RotationProposal(plan=plan, seats=seats, order=order)
