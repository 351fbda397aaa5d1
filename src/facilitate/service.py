"""The application service: the one place where the TUI, the portal and the CLI change a session.

Every change is validated and cleaned here, saved by the store's single writer, then applied to
the in-memory session and announced to listeners (the TUI, the portal's live state).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate.domain.clock import Clock, SystemClock, iso
from facilitate.domain.records import (
    Action,
    Argument,
    Contribution,
    ContributionKind,
    Decision,
    DecisionMethod,
    EngagementRole,
    Event,
    EventKind,
    InterestTag,
    MeaningAnswer,
    Participant,
    Position,
    PowerKind,
    Proposal,
    ProposalStatus,
    Record,
    Round,
    SessionInfo,
    Side,
    Source,
    Table,
    Tension,
    TensionCategory,
    TensionStatus,
    Topic,
    Vote,
)
from facilitate.domain.session import RECORD_TYPES, Session
from facilitate.domain.text import clean_name, clean_text
from facilitate.domain.timeline import LiveState, rebuild
from facilitate.formats import Format
from facilitate.i18n import t
from facilitate.paths import make_slug
from facilitate.store import SessionStore


class ValidationError(ValueError):
    """A change refused before anything is written; the message is translatable."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(t(key, "en", **values))

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Change:
    """A record that was saved (added or updated), or the session description."""

    kind: str
    record: Record | SessionInfo


Listener = Callable[[Change], None]

PORTAL_KINDS = ("idea", "question", "proposal", "tension")


def new_token() -> str:
    return secrets.token_urlsafe(16)


def session_doc(
    fmt: Format, *, title: str, date: str, venue: str = "", lang: str = "fr", **extra: Any
) -> SessionInfo:
    """A new session's description, with the format's steps copied in."""
    return SessionInfo(
        slug=make_slug(title),
        title=clean_name(title) or title,
        date=date,
        venue=clean_name(venue),
        lang=lang,
        format_id=fmt.id,
        format_name=dict(fmt.name),
        steps=[s for s in fmt.steps],
        token=new_token(),
        **extra,
    )


class SessionService:
    """Validates, saves and announces every change to one session."""

    def __init__(self, store: SessionStore, *, clock: Clock | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        info = SessionInfo.from_dict(store.tables["session"]["1"])
        self.session = Session.from_tables(info, store.tables)
        self._last_id = {kind: self.session.next_id(kind) - 1 for kind in RECORD_TYPES}
        self._listeners: list[Listener] = []

    # -- life cycle ----------------------------------------------------------------------

    @classmethod
    def create(
        cls, folder: Path, info: SessionInfo, *, clock: Clock | None = None, **kw: Any
    ) -> SessionService:
        clock = clock or SystemClock()
        info.created_at = info.created_at or iso(clock.now())
        return cls(SessionStore.create(folder, info.to_dict(), **kw), clock=clock)

    @classmethod
    def open(cls, folder: Path, *, clock: Clock | None = None, **kw: Any) -> SessionService:
        return cls(SessionStore.open(folder, **kw), clock=clock)

    def close(self) -> None:
        self.store.close()

    @property
    def info(self) -> SessionInfo:
        return self.session.info

    @property
    def lang(self) -> str:
        return self.session.info.lang

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def now(self) -> str:
        return iso(self.clock.now())

    def live(self) -> LiveState:
        return rebuild(self.info, self.session.events, self.clock.now())

    def new_id(self, kind: str) -> int:
        self._last_id[kind] += 1
        return self._last_id[kind]

    # -- the one write path --------------------------------------------------------------

    async def save(self, *records: Record) -> None:
        """Save records (new or changed), apply them in memory, announce them."""
        ops = [["put", r.kind_name, r.id, r.to_dict()] for r in records]
        await self.store.save(ops)
        for r in records:
            self.session.put(r)
        for r in records:
            self._announce(Change(r.kind_name, r))

    async def save_info(self, info: SessionInfo) -> None:
        await self.store.save([["put", "session", 1, info.to_dict()]])
        self.session.info = info
        self._announce(Change("session", info))

    def _announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _placed(self, source: Source, **where: Any) -> dict[str, Any]:
        live = self.live()
        placed: dict[str, Any] = {
            "step": where.get("step", live.step),
            "round": where.get("round", live.round),
            "table": where.get("table"),
            "author": where.get("author"),
            "author_name": clean_name(where.get("author_name", "")),
            "source": source,
            "at": self.now(),
        }
        if placed["author"] is not None and self.session.get(Participant, placed["author"]) is None:
            raise ValidationError("service.unknown_participant", id=placed["author"])
        if placed["table"] is not None and self.session.get(Table, placed["table"]) is None:
            raise ValidationError("service.unknown_table", id=placed["table"])
        return placed

    @staticmethod
    def _text(value: str, *, required: bool = True) -> str:
        text = clean_text(value)
        if required and not text:
            raise ValidationError("service.empty_text")
        return text

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
        person = self.participant(**merged)
        await self.save(person)
        return person

    async def add_table(
        self, name: str, *, topic: str = "", host: int | None = None, capacity: int = 6,
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
            id=self.new_id("tables"), slug=slug, name=name, topic=clean_text(topic),
            host=host, capacity=max(1, int(capacity)), is_space=is_space,
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
        for number, seats in enumerate(rounds, start=1):
            if len(seats) > len(tables):
                raise ValidationError("service.plan_too_many_tables", n=len(seats), m=len(tables))
            seating = {str(tables[i].id): list(ids) for i, ids in enumerate(seats)}
            question = (questions[number - 1] if questions and number <= len(questions) else "")
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
        rnd = (old.replace(question=question) if old else
               Round(id=self.new_id("rounds"), step=step, number=int(number), question=question))
        await self.save(rnd)
        return rnd

    # -- contributions and the records of deliberation ----------------------------------------

    async def add_contribution(
        self, kind: str | ContributionKind, text: str, *, source: Source = Source.FACILITATOR,
        reason: str = "", answer: str = "", **where: Any,
    ) -> Contribution:
        try:
            ckind = ContributionKind(kind)
        except ValueError:
            raise ValidationError("service.bad_kind", value=kind) from None
        rec = Contribution(
            id=self.new_id("contributions"), kind=ckind, text=self._text(text),
            reason=clean_text(reason), answer=clean_text(answer), **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def add_blockage(self, text: str, reason: str, answer: str = "", **where: Any) -> Contribution:
        return await self.add_contribution(
            ContributionKind.BLOCKAGE, text, reason=reason, answer=answer, **where
        )

    async def add_tension(
        self, about: str, *, between: Iterable[str] = (), category: str = "interests",
        source: Source = Source.FACILITATOR, objection_to: int | None = None, **where: Any,
    ) -> Tension:
        try:
            cat = TensionCategory(category)
        except ValueError:
            raise ValidationError("service.bad_category", value=category) from None
        if objection_to is not None and self.session.get(Proposal, objection_to) is None:
            raise ValidationError("service.unknown_proposal", id=objection_to)
        rec = Tension(
            id=self.new_id("tensions"), about=self._text(about),
            between=[b for b in (clean_name(x) for x in between) if b], category=cat,
            objection_to=objection_to, **self._placed(source, **where),
        )
        records: list[Record] = [rec]
        if objection_to is not None:
            prop = self.session.get(Proposal, objection_to)
            assert prop is not None
            records.append(prop.replace(
                status=ProposalStatus.OBJECTED, tensions=sorted({*prop.tensions, rec.id})
            ))
        await self.save(*records)
        return rec

    async def update_tension(self, tension_id: int, **changes: Any) -> Tension:
        rec = self.session.get(Tension, tension_id)
        if rec is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        if "status" in changes:
            try:
                changes["status"] = TensionStatus(changes["status"])
            except ValueError:
                raise ValidationError("service.bad_status", value=changes["status"]) from None
        if "category" in changes:
            try:
                changes["category"] = TensionCategory(changes["category"])
            except ValueError:
                raise ValidationError("service.bad_category", value=changes["category"]) from None
        for key in ("about", "outcome"):
            if key in changes:
                changes[key] = clean_text(changes[key])
        if "between" in changes:
            changes["between"] = [b for b in (clean_name(x) for x in changes["between"]) if b]
        rec = rec.replace(**changes)
        await self.save(rec)
        return rec

    async def add_proposal(
        self, title: str, text: str = "", *, origin: str = "", tensions: Iterable[int] = (),
        source: Source = Source.FACILITATOR, **where: Any,
    ) -> Proposal:
        linked = sorted(set(tensions))
        for tid in linked:
            if self.session.get(Tension, tid) is None:
                raise ValidationError("service.unknown_tension", id=tid)
        rec = Proposal(
            id=self.new_id("proposals"), title=self._text(title), text=clean_text(text),
            origin=clean_name(origin), tensions=linked, **self._placed(source, **where),
        )
        records: list[Record] = [rec]
        for tid in linked:
            tension = self.session.get(Tension, tid)
            assert tension is not None
            records.append(tension.replace(
                proposals=sorted({*tension.proposals, rec.id}), status=TensionStatus.BECAME_PROPOSAL
            ))
        await self.save(*records)
        return rec

    async def update_proposal(self, proposal_id: int, **changes: Any) -> Proposal:
        rec = self.session.get(Proposal, proposal_id)
        if rec is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if "status" in changes:
            try:
                changes["status"] = ProposalStatus(changes["status"])
            except ValueError:
                raise ValidationError("service.bad_status", value=changes["status"]) from None
        for key in ("title", "text"):
            if key in changes:
                changes[key] = self._text(changes[key], required=key == "title")
        records: list[Record] = []
        if "tensions" in changes:
            linked = sorted(set(changes["tensions"]))
            for tid in linked:
                tension = self.session.get(Tension, tid)
                if tension is None:
                    raise ValidationError("service.unknown_tension", id=tid)
                if proposal_id not in tension.proposals:
                    records.append(tension.replace(proposals=sorted({*tension.proposals, proposal_id})))
            changes["tensions"] = linked
        rec = rec.replace(**changes)
        await self.save(rec, *records)
        return rec

    async def link(self, tension_id: int, proposal_id: int) -> None:
        """Say that a proposal answers a tension (both records keep the link)."""
        tension = self.session.get(Tension, tension_id)
        prop = self.session.get(Proposal, proposal_id)
        if tension is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        if prop is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        await self.save(
            tension.replace(proposals=sorted({*tension.proposals, proposal_id})),
            prop.replace(tensions=sorted({*prop.tensions, tension_id})),
        )

    def dots_allowed(self, step: str | None) -> int:
        st = self.info.step(step) if step else None
        return int(st.settings.get("dots", 3)) if st else 3

    async def vote(
        self, proposal_id: int, voter: str, dots: int = 1, *, source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Vote:
        if self.session.get(Proposal, proposal_id) is None:
            raise ValidationError("service.unknown_proposal", id=proposal_id)
        if dots < 1:
            raise ValidationError("service.bad_dots", value=dots)
        placed = self._placed(source, **where)
        voter = clean_name(voter) or "?"
        allowed = self.dots_allowed(placed["step"])
        used = self.session.dots_used(voter, placed["step"])
        if used + dots > allowed:
            raise ValidationError("service.no_dots_left", used=used, allowed=allowed)
        st = self.info.step(placed["step"]) if placed["step"] else None
        if st is not None and st.settings.get("stacking") is False:
            for v in self.session.all(Vote):
                if v.voter == voter and v.step == placed["step"] and v.proposal == proposal_id:
                    raise ValidationError("service.no_stacking")
            if dots > 1:
                raise ValidationError("service.no_stacking")
        rec = Vote(id=self.new_id("votes"), proposal=proposal_id, dots=dots, voter=voter, **placed)
        records: list[Record] = [rec]
        prop = self.session.get(Proposal, proposal_id)
        assert prop is not None
        if prop.status == ProposalStatus.DRAFT:
            records.append(prop.replace(status=ProposalStatus.VOTED))
        await self.save(*records)
        return rec

    def ranking(self, step: str | None = None) -> list[tuple[Proposal, int]]:
        """Proposals by dots received (in `step`, or overall), most first; ties by id."""
        totals: dict[int, int] = {}
        for v in self.session.all(Vote):
            if step is None or v.step == step:
                totals[v.proposal] = totals.get(v.proposal, 0) + v.dots
        props = [p for p in self.session.all(Proposal) if not p.hidden]
        return sorted(((p, totals.get(p.id, 0)) for p in props), key=lambda x: (-x[1], x[0].id))

    async def decide(
        self, text: str, *, method: str = "consent", proposal: int | None = None, **where: Any
    ) -> Decision:
        try:
            how = DecisionMethod(method)
        except ValueError:
            raise ValidationError("service.bad_method", value=method) from None
        records: list[Record] = []
        if proposal is not None:
            prop = self.session.get(Proposal, proposal)
            if prop is None:
                raise ValidationError("service.unknown_proposal", id=proposal)
            records.append(prop.replace(status=ProposalStatus.ADOPTED))
        rec = Decision(
            id=self.new_id("decisions"), text=self._text(text), method=how, proposal=proposal,
            **self._placed(Source.FACILITATOR, **where),
        )
        await self.save(rec, *records)
        return rec

    async def lift_objection(self, tension_id: int, how: str, *, amend: str = "") -> Tension:
        """An objection lifted by an amendment: the tension is resolved, the proposal amended."""
        tension = self.session.get(Tension, tension_id)
        if tension is None:
            raise ValidationError("service.unknown_tension", id=tension_id)
        tension = tension.replace(status=TensionStatus.RESOLVED, outcome=clean_text(how))
        records: list[Record] = [tension]
        if tension.objection_to is not None:
            prop = self.session.get(Proposal, tension.objection_to)
            if prop is not None:
                others = [
                    x for x in self.session.all(Tension)
                    if x.objection_to == prop.id and x.id != tension_id
                    and x.status == TensionStatus.OPEN
                ]
                text = prop.text
                if amend:
                    text = (text + "\n" if text else "") + clean_text(amend)
                status = ProposalStatus.OBJECTED if others else ProposalStatus.AMENDED
                records.append(prop.replace(status=status, text=text))
        await self.save(*records)
        return tension

    async def add_action(
        self, what: str, *, owner: str = "", due: str = "", proposal: int | None = None,
        **where: Any,
    ) -> Action:
        rec = Action(
            id=self.new_id("actions"), what=self._text(what), owner=clean_name(owner),
            due=clean_name(due), proposal=proposal, **self._placed(Source.FACILITATOR, **where),
        )
        await self.save(rec)
        return rec

    async def add_meaning(
        self, *, actor: str, purpose: str, serves: str, territory: str = "", structure: str = "",
        source: Source = Source.FACILITATOR, **where: Any,
    ) -> MeaningAnswer:
        if not clean_text(purpose) and not clean_text(serves):
            raise ValidationError("service.empty_text")
        rec = MeaningAnswer(
            id=self.new_id("meaning"), actor=clean_name(actor), territory=clean_name(territory),
            structure=clean_name(structure), purpose=clean_text(purpose),
            serves=clean_text(serves), **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def tag_interest(
        self, answer_id: int, tag: str, *, tension_about: str = "", between: Iterable[str] = ()
    ) -> MeaningAnswer:
        """Tag an answer common / crossed / antagonistic; an antagonism becomes a tension."""
        rec = self.session.get(MeaningAnswer, answer_id)
        if rec is None:
            raise ValidationError("service.unknown_answer", id=answer_id)
        try:
            interest = InterestTag(tag)
        except ValueError:
            raise ValidationError("service.bad_interest", value=tag) from None
        records: list[Record] = []
        tension_id = rec.tension
        if interest == InterestTag.ANTAGONISTIC and tension_id is None:
            tension = Tension(
                id=self.new_id("tensions"),
                about=clean_text(tension_about) or rec.serves or rec.purpose,
                between=[x for x in (rec.territory, *map(clean_name, between)) if x],
                category=TensionCategory.INTERESTS,
                **self._placed(Source.FACILITATOR, step=rec.step, round=None),
            )
            records.append(tension)
            tension_id = tension.id
        rec = rec.replace(interest=interest, tension=tension_id)
        await self.save(*records, rec)
        return rec

    async def set_position(
        self, statement: int, side: str, voter: str, *, moved_because: str = "",
        source: Source = Source.FACILITATOR, **where: Any,
    ) -> Position:
        try:
            sd = Side(side)
        except ValueError:
            raise ValidationError("service.bad_side", value=side) from None
        rec = Position(
            id=self.new_id("positions"), statement=statement, side=sd,
            voter=clean_name(voter) or "?", moved_because=clean_text(moved_because),
            **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def add_argument(
        self, statement: int, side: str, text: str, *, moved: int = 0, **where: Any
    ) -> Argument:
        try:
            sd = Side(side)
        except ValueError:
            raise ValidationError("service.bad_side", value=side) from None
        rec = Argument(
            id=self.new_id("arguments"), statement=statement, side=sd, text=self._text(text),
            moved=max(0, int(moved)), **self._placed(Source.FACILITATOR, **where),
        )
        await self.save(rec)
        return rec

    async def add_topic(
        self, title: str, convener: str, *, interested: Iterable[str] = (),
        source: Source = Source.FACILITATOR, **where: Any,
    ) -> Topic:
        rec = Topic(
            id=self.new_id("topics"), title=self._text(title), convener=clean_name(convener),
            interested=[x for x in (clean_name(i) for i in interested) if x],
            **self._placed(source, **where),
        )
        await self.save(rec)
        return rec

    async def place_topic(
        self, topic_id: int, slot: int | None, space: int | None, *, pinned: bool = True
    ) -> Topic:
        rec = self.session.get(Topic, topic_id)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        rec = rec.replace(slot=slot, space=space, pinned=pinned)
        await self.save(rec)
        return rec

    async def report_topic(self, topic_id: int, report: str, attendance: Iterable[str] = ()) -> Topic:
        rec = self.session.get(Topic, topic_id)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        rec = rec.replace(
            report=clean_text(report), attendance=[clean_name(a) for a in attendance if clean_name(a)]
        )
        await self.save(rec)
        return rec

    async def hide(self, kind: str, record_id: int, hidden: bool = True) -> Record:
        """Hide (or show again) a contribution, tension or proposal from the phones and report."""
        cls = RECORD_TYPES.get(kind)
        rec = self.session.get(cls, record_id) if cls else None
        if rec is None or not hasattr(rec, "hidden"):
            raise ValidationError("service.unknown_record", kind=kind, id=record_id)
        rec = rec.replace(hidden=hidden)
        await self.save(rec)
        return rec

    # -- the live run: every change of step or round is an event -------------------------------

    async def log(
        self, kind: EventKind, *, step: str | None = None, round: int | None = None,
        **data: Any,
    ) -> Event:
        rec = Event(
            id=self.new_id("events"), kind=kind, step=step, round=round, at=self.now(), data=data
        )
        await self.save(rec)
        return rec

    async def start_step(self, step_id: str) -> Event:
        if self.info.step(step_id) is None:
            raise ValidationError("service.unknown_step", id=step_id)
        return await self.log(EventKind.STEP_STARTED, step=step_id)

    async def pause(self) -> Event | None:
        live = self.live()
        if live.step is None or not live.running:
            return None
        return await self.log(EventKind.STEP_PAUSED, step=live.step)

    async def resume(self) -> Event | None:
        live = self.live()
        if live.step is None or live.running:
            return None
        return await self.log(EventKind.STEP_RESUMED, step=live.step)

    async def extend(self, seconds: int = 60) -> Event | None:
        live = self.live()
        if live.step is None:
            return None
        return await self.log(EventKind.STEP_EXTENDED, step=live.step, seconds=seconds)

    async def end_step(self) -> Event | None:
        live = self.live()
        if live.step is None:
            return None
        return await self.log(EventKind.STEP_ENDED, step=live.step)

    async def start_round(self, number: int) -> Event:
        live = self.live()
        if live.step is None:
            raise ValidationError("service.no_step_running")
        return await self.log(EventKind.ROUND_STARTED, step=live.step, round=number)

    async def start_statement(self, number: int) -> Event:
        """Put a moving debate's statement `number` (1-based) on the floor, for every screen."""
        live = self.live()
        step = self.info.step(live.step) if live.step else None
        if step is None or step.kind != "debate":
            raise ValidationError("service.no_debate_running")
        count = len(step.settings.get("statements") or [])
        if not 1 <= number <= max(1, count):
            raise ValidationError("service.unknown_statement", n=number, count=count)
        return await self.log(EventKind.STATEMENT_STARTED, step=step.id, statement=number)

    async def next_step(self) -> Event | None:
        """End the current step and start the one after it (or the first one)."""
        live = self.live()
        ids = [s.id for s in self.info.steps]
        if live.step is None:
            return await self.start_step(ids[0]) if ids else None
        index = ids.index(live.step)
        if index + 1 >= len(ids):
            await self.end_step()
            return None
        return await self.start_step(ids[index + 1])

    async def record_territory_time(self, territory: str, minutes: float) -> Event:
        """Time given to one territory's own issues (the seed's 'time' lens)."""
        live = self.live()
        return await self.log(
            EventKind.TERRITORY_TIME, step=live.step, territory=clean_name(territory),
            minutes=float(minutes),
        )

    # -- the participants' portal --------------------------------------------------------------

    async def submit_from_portal(
        self, table_slug: str | None, kind: str, text: str, author: str = ""
    ) -> Record:
        """A phone's submission: an idea, question, proposal or disagreement at a table."""
        if not self.info.submissions_open:
            raise ValidationError("service.submissions_closed")
        if kind not in PORTAL_KINDS:
            raise ValidationError("service.bad_kind", value=kind)
        table = None
        if table_slug:
            table = self.session.table_by_slug(table_slug)
            if table is None:
                raise ValidationError("service.unknown_table", id=table_slug)
        at = table.id if table else None
        if kind == "proposal":
            return await self.add_proposal(text, origin=table.name if table else "",
                                           source=Source.PORTAL, table=at, author_name=author)
        if kind == "tension":
            return await self.add_tension(text, source=Source.PORTAL, table=at, author_name=author)
        return await self.add_contribution(kind, text, source=Source.PORTAL, table=at,
                                           author_name=author)


def run(coro: Any) -> Any:
    """Run one service coroutine from synchronous code (the command line)."""
    return asyncio.run(coro)
