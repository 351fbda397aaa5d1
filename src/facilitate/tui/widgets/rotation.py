"""The rotation plan shown in set-up: by round and by person, its mixing figures, its instance."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from rich.table import Table as RichTable
from rich.text import Text

from facilitate.domain.records import Step
from facilitate.i18n import t
from facilitate.planning.instance import balanced_sizes
from facilitate.service import SessionService


def rounds_step(svc: SessionService) -> Step | None:
    return next((s for s in svc.info.steps if s.kind == "rounds"), None)


def played_rounds(svc: SessionService, step: Step) -> int:
    """Rounds already seated in the room: kept as they were when re-planning."""
    live = svc.live()
    if live.step == step.id:
        return live.round or 0
    st = live.times.get(step.id)
    return int(step.settings.get("rounds", 0)) if st and st.ended else 0


def build_instance(svc: SessionService, step: Step) -> tuple[dict[str, Any], list[int]]:
    """The planner's instance (hosts first, then everyone present) and index -> participant id."""
    sess = svc.session
    tables = sess.tables
    hosts = [tb.host for tb in tables if tb.host is not None]
    present = [p.id for p in sess.participants if p.present]
    order = [h for h in hosts if h in present] + [p for p in present if p not in hosts]
    index = {pid: k for k, pid in enumerate(order)}
    by_id = {p.id: p for p in sess.participants}
    hosts_stay = step.settings.get("hosts_stay", True) is not False
    data: dict[str, Any] = {
        "people": len(order),
        "groups": len(tables),
        "rounds": int(step.settings.get("rounds", 3)),
        # hosts_stay (default true): each host stays at their table; false: hosts travel too
        "hosts": [index.get(tb.host) if tb.host in index and hosts_stay else None for tb in tables],
        "org": [by_id[pid].structure or None for pid in order],
        "territory": [by_id[pid].territory or None for pid in order],
    }
    even = max(balanced_sizes(len(order), len(tables)), default=0) if tables else 0
    if tables and min(tb.capacity for tb in tables) < even:
        data["table_sizes"] = [tb.capacity for tb in tables]  # the seats bind: respect them
    played = played_rounds(svc, step)
    fixed = []
    for rnd in [r for r in sess.rounds_of(step.id) if r.seating][:played]:
        fixed.append(
            [[index[p] for p in rnd.seating.get(str(tb.id), []) if p in index] for tb in tables]
        )
    if fixed:
        data["fixed_rounds"] = fixed
    return data, order


def mixing(rounds: list[list[list[int]]]) -> dict[str, float]:
    """Repeated encounters and how many different people each person meets on average."""
    met: dict[int, set[int]] = {}
    pairs: dict[tuple[int, int], int] = {}
    for rnd in rounds:
        for table in rnd:
            for a, b in combinations(sorted(table), 2):
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
                met.setdefault(a, set()).add(b)
                met.setdefault(b, set()).add(a)
    people = len(met) or 1
    return {
        "repeats": sum(n - 1 for n in pairs.values() if n > 1),
        "met": sum(len(v) for v in met.values()) / people,
    }


def plan_by_round(svc: SessionService, step: Step, lang: str) -> RichTable:
    sess = svc.session
    grid = RichTable(expand=True, show_lines=False)
    grid.add_column(t("tui.rounds.table", lang), no_wrap=True)
    rounds = sess.rounds_of(step.id)
    for rnd in rounds:
        grid.add_column(t("tui.timer.round", lang, number=rnd.number), ratio=1)
    for tb in sess.tables:
        cells = [
            Text(
                ", ".join(
                    ("★" if p == tb.host else "") + sess.participant_name(p)
                    for p in rnd.seating.get(str(tb.id), [])
                )
            )
            for rnd in rounds
        ]
        grid.add_row(Text(tb.name), *cells)
    return grid


def plan_by_person(svc: SessionService, step: Step, lang: str) -> RichTable:
    sess = svc.session
    grid = RichTable(expand=True)
    grid.add_column(t("tui.setup.person", lang), no_wrap=True)
    rounds = sess.rounds_of(step.id)
    names = {tb.id: tb.name for tb in sess.tables}
    for rnd in rounds:
        grid.add_column(t("tui.timer.round", lang, number=rnd.number))
    for person in sess.participants:
        cells = []
        for rnd in rounds:
            where = next(
                (names.get(int(k), k) for k, ids in rnd.seating.items() if person.id in ids), "—"
            )
            cells.append(Text(str(where)))
        grid.add_row(Text(person.name), *cells)
    return grid
