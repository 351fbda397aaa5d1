"""Changes to the session description, its participants, tables and seating."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from facilitate.domain.records import (
    EngagementRole,
    EventKind,
    Participant,
    PowerKind,
    Record,
    Round,
    SessionInfo,
    Table,
)
from facilitate.domain.text import clean_name, clean_text
from facilitate.paths import make_slug
from facilitate.service.core import ServiceCore, ValidationError, new_token
from facilitate.service.rotation import (
    DEFAULT_PLAN_SECONDS,
    RotationProposal,
    propose,
    rotation_instance,
)


class SetupMixin(ServiceCore):
    """Changes to the session description, its participants, tables and seating."""

    # -- session description ---------------------------------------------------------------

    async def update_info(self, **changes: Any) -> SessionInfo:
        allowed = {"title", "date", "venue", "lang", "facilitator", "project", "venue_host"}
        bad = set(changes) - allowed
        if bad:
            raise ValidationError("service.bad_field", field=", ".join(sorted(bad)))
        if "lang" in changes and changes["lang"] not in ("fr", "en"):
            raise ValidationError("service.bad_lang", value=changes["lang"])
        cleaned = {k: clean_name(v) if k != "lang" else v for k, v in changes.items()}
        info = SessionInfo.from_dict({**self.info.to_dict(), **cleaned})
        await self.save_info(info)
        return info

    async def set_checklist(self, item: str, done: bool) -> None:
        info = SessionInfo.from_dict(self.info.to_dict())
        info.checklist[item] = done
        await self.save_info(info)

    async def set_submissions_open(self, is_open: bool) -> None:
        info = SessionInfo.from_dict({**self.info.to_dict(), "submissions_open": is_open})
        await self.save_info(info)
        kind = EventKind.SUBMISSIONS_OPENED if is_open else EventKind.SUBMISSIONS_CLOSED
        await self.log(kind)

    async def set_show_contributions(self, show: bool) -> None:
        info = SessionInfo.from_dict({**self.info.to_dict(), "show_contributions": show})
        await self.save_info(info)

    async def rotate_token(self) -> str:
        info = SessionInfo.from_dict({**self.info.to_dict(), "token": new_token()})
        await self.save_info(info)
        await self.log(EventKind.TOKEN_ROTATED)
        return info.token

    # -- participants and tables -------------------------------------------------------------

    def participant(self, **fields: Any) -> Participant:
        """Build a validated participant (not yet saved)."""
        name = clean_name(fields.get("name", ""))
        if not name:
            raise ValidationError("service.participant_needs_name")
        power = fields.get("power") or None
        role = fields.get("role") or None
        try:
            power = PowerKind(power) if power else None
        except ValueError:
            raise ValidationError("service.bad_power", value=power) from None
        try:
            role = EngagementRole(role) if role else None
        except ValueError:
            raise ValidationError("service.bad_role", value=role) from None
        return Participant(
            id=fields.get("id") or self.new_id("participants"),
            name=name,
            structure=clean_name(fields.get("structure", "")),
            territory=clean_name(fields.get("territory", "")),
            power=power,
            role=role,
            host_of=fields.get("host_of"),
            present=fields.get("present", True),
            notes=clean_text(fields.get("notes", "")),
            function=clean_name(fields.get("function", "")),
            email=clean_name(fields.get("email", "")),
            phone=clean_name(fields.get("phone", "")),
            power_suggested_by=clean_name(fields.get("power_suggested_by", "")) if power else "",
        )

    async def add_participants(self, rows: Iterable[dict[str, Any]]) -> list[Participant]:
        people = [self.participant(**row) for row in rows]
        await self.save(*people)
        return people

    async def add_participant(self, **fields: Any) -> Participant:
        return (await self.add_participants([fields]))[0]

    async def update_participant(self, pid: int, **changes: Any) -> Participant:
        current = self.session.get(Participant, pid)
        if current is None:
            raise ValidationError("service.unknown_participant", id=pid)
        merged = {**current.to_dict(), **changes, "id": pid}
        if "power" in changes and "power_suggested_by" not in changes:
            merged["power_suggested_by"] = ""  # saved by the facilitator: confirmed or corrected
        person = self.participant(**merged)
        await self.save(person)
        return person

    async def add_table(
        self,
        name: str,
        *,
        topic: str = "",
        host: int | None = None,
        capacity: int = 6,
        is_space: bool = False,
    ) -> Table:
        name = clean_name(name)
        if not name:
            raise ValidationError("service.table_needs_name")
        slug = make_slug(name, max_length=40)
        taken = {tb.slug for tb in self.session.all(Table)}
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        table = Table(
            id=self.new_id("tables"),
            slug=slug,
            name=name,
            topic=clean_text(topic),
            host=host,
            capacity=max(1, int(capacity)),
            is_space=is_space,
        )
        records: list[Record] = [table]
        if host is not None:
            person = self.session.get(Participant, host)
            if person is None:
                raise ValidationError("service.unknown_participant", id=host)
            records.append(person.replace(host_of=table.id))
        await self.save(*records)
        return table

    async def update_table(self, table_id: int, **changes: Any) -> Table:
        table = self.session.get(Table, table_id)
        if table is None:
            raise ValidationError("service.unknown_table", id=table_id)
        records: list[Record] = []
        if "name" in changes:
            changes["name"] = clean_name(changes["name"]) or table.name
        if "topic" in changes:
            changes["topic"] = clean_text(changes["topic"])
        if "host" in changes and changes["host"] != table.host:
            old = self.session.get(Participant, table.host)
            if old is not None:
                records.append(old.replace(host_of=None))
            new = self.session.get(Participant, changes["host"])
            if changes["host"] is not None and new is None:
                raise ValidationError("service.unknown_participant", id=changes["host"])
            if new is not None:
                records.append(new.replace(host_of=table_id))
        table = table.replace(**changes)
        await self.save(table, *records)
        return table

    async def set_seating(
        self, step: str, rounds: list[list[list[int]]], questions: list[str] | None = None
    ) -> list[Round]:
        """Store a rotation plan: who sits at which table (by table order) in each round."""
        tables = self.session.tables
        existing = {r.number: r for r in self.session.rounds_of(step)}
        saved: list[Round] = []
        info_step = self.info.step(step)
        hosts_stay = info_step is None or info_step.settings.get("hosts_stay", True) is not False
        for number, seats in enumerate(rounds, start=1):
            if len(seats) > len(tables):
                raise ValidationError("service.plan_too_many_tables", n=len(seats), m=len(tables))
            for i, ids in enumerate(seats):
                for table in tables:  # hosts_stay: a host seated in a round sits at their table
                    if hosts_stay and table.host in ids and table is not tables[i]:
                        raise ValidationError(
                            "deciding.hosts_stay",
                            name=self.session.participant_name(table.host),
                            table=table.name,
                            n=number,
                        )
            seating = {str(tables[i].id): list(ids) for i, ids in enumerate(seats)}
            question = questions[number - 1] if questions and number <= len(questions) else ""
            old = existing.get(number)
            rnd = Round(
                id=old.id if old else self.new_id("rounds"),
                step=step,
                number=number,
                question=question or (old.question if old else ""),
                seating=seating,
            )
            saved.append(rnd)
        await self.save(*saved)
        return saved

    async def set_round_question(self, step: str, number: int, text: str) -> Round:
        """The question of one round of a `rounds` step; the seating stays as it is."""
        info_step = self.info.step(step)
        if info_step is None:
            raise ValidationError("service.unknown_step", id=step)
        old = next((r for r in self.session.rounds_of(step) if r.number == number), None)
        question = clean_text(text)
        rnd = (
            old.replace(question=question)
            if old
            else Round(id=self.new_id("rounds"), step=step, number=int(number), question=question)
        )
        await self.save(rnd)
        return rnd

    # -- the rotation plan -----------------------------------------------------------------

    def rotation_instance(
        self, step: str, *, spread: bool = False
    ) -> tuple[dict[str, Any], list[int]]:
        """The planner's instance JSON for a `rounds` step, and index -> participant id: what
        `facilitate rotation solve` reads (rounds already played kept as they were)."""
        info_step = self.info.step(step)
        if info_step is None:
            raise ValidationError("service.unknown_step", id=step)
        return rotation_instance(self.session, self.live(), info_step, spread=spread)

    def plan_rotation(
        self,
        step: str,
        *,
        seconds: float = DEFAULT_PLAN_SECONDS,
        seed: int = 0,
        iterations: int | None = None,
        spread: bool = False,
        on_progress: Callable[[dict[str, float]], None] | None = None,
    ) -> RotationProposal:
        """Plan a `rounds` step's seating; nothing is saved (`set_seating` stores it).

        CPU-bound for up to `seconds`: callers on the event loop run it in a thread. Raises the
        planner's InstanceError or InfeasibleError.
        """
        data, order = self.rotation_instance(step, spread=spread)
        return propose(
            data, order, seconds=seconds, seed=seed, iterations=iterations, on_progress=on_progress
        )
