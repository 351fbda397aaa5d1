"""The café's structure before it starts: rounds, round minutes, tables and their seats."""

from __future__ import annotations

from typing import Any

from facilitate.domain.records import (
    EventKind,
    Placed,
    Record,
    Round,
    SessionInfo,
    Step,
    Table,
    Topic,
)
from facilitate.domain.session import RECORD_TYPES
from facilitate.i18n import Counted
from facilitate.paths import make_slug
from facilitate.service.core import Change, ServiceCore, ValidationError

MAX_ROUNDS = 20
MAX_ROUND_MINUTES = 180
MAX_STEP_MINUTES = 600  # what a format file allows for one step
MAX_TABLES = 200
MAX_CAPACITY = 100


def whole(value: Any, key: str, low: int, high: int) -> int:
    """A whole number typed in a form or given by a script, within [low, high]."""
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isdigit() and low <= int(text) <= high):
        raise ValidationError(key, low=low, high=high, value=text)
    return int(text)


def planned_minutes(step: Step, rounds: int, round_minutes: int | None) -> int:
    """The step's minutes for `rounds` rounds: the changeover time the format left is kept."""
    old_rounds = max(1, int(step.settings.get("rounds") or 1))
    old_per = step.settings.get("round_minutes")
    if round_minutes is None:  # the format gave only the step's length: scale it
        return max(1, round(step.minutes * rounds / old_rounds))
    slack = max(0, step.minutes - old_rounds * int(old_per)) if old_per else 0
    return rounds * round_minutes + slack


class StructureMixin(ServiceCore):
    """Rounds, round minutes, tables and seats: changed in set-up, fixed once the café starts."""

    def started(self, step_id: str) -> bool:
        """Whether the step was ever started (an ended step stays started)."""
        return any(
            e.kind == EventKind.STEP_STARTED and e.step == step_id for e in self.session.events
        )

    def cafe_started(self) -> Step | None:
        """The first café step already started: from then on its tables and seats stay."""
        return next((s for s in self.info.steps if s.kind == "rounds" and self.started(s.id)), None)

    def _cafe_step(self, step_id: str) -> Step:
        step = self.info.step(step_id)
        if step is None:
            raise ValidationError("service.unknown_step", id=step_id)
        title = step.text("title", self.lang)
        if step.kind != "rounds":
            raise ValidationError("service.not_rounds", step=title)
        if self.started(step.id):
            raise ValidationError("service.step_started", step=title)
        return step

    def _tables_unlocked(self) -> None:
        step = self.cafe_started()
        if step is not None:
            raise ValidationError("service.step_started", step=step.text("title", self.lang))

    async def _commit(
        self, puts: list[Record], dels: list[Record], info: SessionInfo | None = None
    ) -> None:
        """Changed records, removed records and the description in one write: all or nothing."""
        ops: list[list[Any]] = [["put", r.kind_name, r.id, r.to_dict()] for r in puts]
        ops += [["del", r.kind_name, r.id] for r in dels]
        if info is not None:
            ops.append(["put", "session", 1, info.to_dict()])
        await self.store.save(ops)
        for r in dels:
            self.session.remove(r.kind_name, r.id)
        for r in puts:
            self.session.put(r)
        if info is not None:
            self.session.info = info
        for r in [*dels, *puts]:
            self._announce(Change(r.kind_name, r))
        if info is not None:
            self._announce(Change("session", info))

    # -- rounds ---------------------------------------------------------------------------

    async def set_rounds(
        self, step_id: str, *, rounds: Any = None, round_minutes: Any = None
    ) -> Step:
        """Change a café step's number of rounds and minutes per round before it starts.

        The step's planned minutes follow; the questions list grows (empty questions to write)
        or shrinks; rounds taken away lose their stored question and seating.
        """
        step = self._cafe_step(step_id)
        settings = dict(step.settings)
        count = int(settings.get("rounds") or 0)
        if rounds is not None and str(rounds).strip() != "":
            count = whole(rounds, "service.bad_rounds", 1, MAX_ROUNDS)
        per: int | None = settings.get("round_minutes")
        if round_minutes is not None and str(round_minutes).strip() != "":
            per = whole(round_minutes, "service.bad_round_minutes", 1, MAX_ROUND_MINUTES)
        minutes = planned_minutes(step, count, per)
        if minutes > MAX_STEP_MINUTES:
            raise ValidationError(
                Counted(
                    "service.rounds_too_long",
                    count,
                    rounds=count,
                    minutes=per,
                    high=MAX_STEP_MINUTES,
                )
            )
        questions = [dict(q) for q in settings.get("questions") or []][:count]
        questions += [{"fr": "", "en": ""} for _ in range(count - len(questions))]
        settings.update(rounds=count, questions=questions)
        if per is not None:
            settings["round_minutes"] = per
        changed = Step.from_dict({**step.to_dict(), "minutes": minutes, "settings": settings})
        steps = [changed if s.id == step.id else s for s in self.info.steps]
        info = SessionInfo.from_dict({**self.info.to_dict(), "steps": [s.to_dict() for s in steps]})
        gone: list[Record] = [r for r in self.session.rounds_of(step.id) if r.number > count]
        await self._commit([], gone, info)
        return changed

    # -- tables ---------------------------------------------------------------------------

    def _in_use(self, table: Table) -> bool:
        """Something recorded at this table (a contribution, a vote...) or a topic placed there."""
        for name, cls in RECORD_TYPES.items():
            if not issubclass(cls, Placed):
                continue
            for rec in self.session.records.get(name, {}).values():
                if getattr(rec, "table", None) == table.id:
                    return True
                if isinstance(rec, Topic) and rec.space == table.id:
                    return True
        return False

    def _removal(self, tables: list[Table]) -> list[Record]:
        """What taking `tables` away changes: their hosts travel, the seating plans forget them."""
        for table in tables:
            if self._in_use(table):
                raise ValidationError("service.table_in_use", name=table.name)
        ids = {tb.id for tb in tables}
        keys = {str(i) for i in ids}
        puts: list[Record] = [
            p.replace(host_of=None) for p in self.session.participants if p.host_of in ids
        ]
        for rnd in self.session.all(Round):
            if keys & set(rnd.seating):
                puts.append(
                    rnd.replace(seating={k: v for k, v in rnd.seating.items() if k not in keys})
                )
        return puts

    async def remove_table(self, table_id: int) -> Table:
        """Take a table away before the café starts; its host becomes a traveller."""
        self._tables_unlocked()
        table = self.session.get(Table, table_id)
        if table is None:
            raise ValidationError("service.unknown_table", id=table_id)
        await self._commit(self._removal([table]), [table])
        return table

    async def set_tables(self, count: Any, *, capacity: Any = None) -> list[Table]:
        """Add tables named « Table N » or take the last ones away, to have `count` tables;
        with `capacity`, every table gets that many seats. All in one write."""
        self._tables_unlocked()
        wanted = whole(count, "service.bad_tables", 1, MAX_TABLES)
        seats = None
        if capacity is not None and str(capacity).strip() != "":
            seats = whole(capacity, "service.bad_capacity", 1, MAX_CAPACITY)
        tables = self.session.tables
        gone = tables[wanted:]
        puts = self._removal(gone)
        kept = tables[:wanted]
        taken = {tb.name.lower() for tb in kept} | {tb.slug for tb in kept}
        number = len(kept)
        each = seats or (kept[-1].capacity if kept else 6)
        while len(kept) < wanted:
            number += 1
            name, slug = f"Table {number}", make_slug(f"Table {number}", max_length=40)
            if name.lower() in taken or slug in taken:
                continue
            taken |= {name.lower(), slug}
            table = Table(id=self.new_id("tables"), slug=slug, name=name, capacity=each)
            kept.append(table)
            puts.append(table)
        if seats is not None:
            new = {tb.id for tb in kept[len(tables[:wanted]) :]}
            puts += [
                tb.replace(capacity=seats)
                for tb in kept
                if tb.id not in new and tb.capacity != seats
            ]
        await self._commit(puts, list(gone))
        return self.session.tables

    async def set_capacity(self, capacity: Any, table_id: int | None = None) -> list[Table]:
        """Seats at one table, or at every table, before the café starts."""
        self._tables_unlocked()
        seats = whole(capacity, "service.bad_capacity", 1, MAX_CAPACITY)
        if table_id is not None and self.session.get(Table, table_id) is None:
            raise ValidationError("service.unknown_table", id=table_id)
        changed: list[Record] = [
            tb.replace(capacity=seats)
            for tb in self.session.tables
            if (table_id is None or tb.id == table_id) and tb.capacity != seats
        ]
        await self._commit(changed, [])
        return self.session.tables
