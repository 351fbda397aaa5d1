"""A session in memory: its description and every record, indexed by kind and id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from facilitate.domain.records import (
    Action,
    AgreementAnswer,
    Argument,
    Contribution,
    Decision,
    Event,
    MatrixItem,
    MeaningAnswer,
    Participant,
    Position,
    Proposal,
    Record,
    Round,
    SessionInfo,
    Table,
    Tension,
    Topic,
    Vote,
)
from facilitate.domain.statements import Statement, StatementAnswer

RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind_name: cls
    for cls in (
        Participant,
        Table,
        Round,
        Contribution,
        Tension,
        Proposal,
        Vote,
        Decision,
        Action,
        MeaningAnswer,
        Position,
        Argument,
        Topic,
        MatrixItem,
        AgreementAnswer,
        Statement,
        StatementAnswer,
        Event,
    )
}

R = TypeVar("R", bound=Record)


@dataclass
class Session:
    """Everything recorded in one session. Changes come through `put`, one record at a time."""

    info: SessionInfo
    records: dict[str, dict[int, Record]] = field(
        default_factory=lambda: {name: {} for name in RECORD_TYPES}
    )

    def put(self, record: Record) -> None:
        self.records[record.kind_name][record.id] = record

    def remove(self, kind: str, record_id: int) -> None:
        self.records[kind].pop(record_id, None)

    def all(self, cls: type[R]) -> list[R]:
        return list(self.records[cls.kind_name].values())  # type: ignore[arg-type]

    def get(self, cls: type[R], record_id: int | None) -> R | None:
        if record_id is None:
            return None
        return self.records[cls.kind_name].get(record_id)  # type: ignore[return-value]

    def next_id(self, kind: str) -> int:
        table = self.records[kind]
        return max(table, default=0) + 1

    def count(self) -> int:
        return sum(len(v) for v in self.records.values())

    # convenient views -------------------------------------------------------------------

    @property
    def participants(self) -> list[Participant]:
        return sorted(self.all(Participant), key=lambda p: p.id)

    @property
    def tables(self) -> list[Table]:
        return sorted(self.all(Table), key=lambda t: t.id)

    @property
    def events(self) -> list[Event]:
        return sorted(self.all(Event), key=lambda e: e.id)

    def rounds_of(self, step_id: str) -> list[Round]:
        return sorted((r for r in self.all(Round) if r.step == step_id), key=lambda r: r.number)

    def contributions(self, *, include_hidden: bool = False) -> list[Contribution]:
        items = sorted(self.all(Contribution), key=lambda c: c.id)
        return items if include_hidden else [c for c in items if not c.hidden]

    def table_by_slug(self, slug: str) -> Table | None:
        for t in self.all(Table):
            if t.slug == slug:
                return t
        return None

    def get_table_name(self, table_id: int | None) -> str:
        table = self.get(Table, table_id)
        return table.name if table else ""

    def participant_name(self, pid: int | None) -> str:
        p = self.get(Participant, pid)
        return p.name if p else ""

    def votes_for(self, proposal_id: int) -> int:
        return sum(v.dots for v in self.all(Vote) if v.proposal == proposal_id)

    def dots_used(self, voter: str, step: str | None) -> int:
        return sum(v.dots for v in self.all(Vote) if v.voter == voter and v.step == step)

    def to_tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The TinyDB-shaped layout: one table per kind, documents keyed by their id."""
        out: dict[str, dict[str, dict[str, Any]]] = {
            kind: {str(rid): rec.to_dict() for rid, rec in recs.items()}
            for kind, recs in self.records.items()
        }
        return out

    @classmethod
    def from_tables(
        cls, info: SessionInfo, tables: dict[str, dict[str, dict[str, Any]]]
    ) -> Session:
        session = cls(info=info)
        for kind, docs in tables.items():
            rtype = RECORD_TYPES.get(kind)
            if rtype is None:
                continue
            for key, doc in docs.items():
                rec = rtype.from_dict({**doc, "id": int(key)})
                session.records[kind][rec.id] = rec
        return session

    def iter_records(self) -> Iterator[Record]:
        for recs in self.records.values():
            yield from recs.values()


def ordered(records: Iterable[R]) -> list[R]:
    return sorted(records, key=lambda r: r.id)
