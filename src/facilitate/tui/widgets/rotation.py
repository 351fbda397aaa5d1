"""The rotation plan shown in set-up: by round and by person, its mixing figures (the
planner's instance is built by the service: `SessionService.rotation_instance`)."""

from __future__ import annotations

from itertools import combinations

from rich.table import Table as RichTable
from rich.text import Text

from facilitate.domain.records import Step
from facilitate.i18n import t
from facilitate.service import SessionService


def rounds_step(svc: SessionService) -> Step | None:
    return next((s for s in svc.info.steps if s.kind == "rounds"), None)


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


def same_label_tables(rounds: list[list[list[int]]], label: dict[int, str]) -> int:
    """Tables (over every round) seating two people of one label (a territory)."""
    count = 0
    for rnd in rounds:
        for table in rnd:
            known = [label[p] for p in table if p in label]
            if len(set(known)) < len(known):
                count += 1
    return count


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
