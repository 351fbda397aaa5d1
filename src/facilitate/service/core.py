"""The service core: one write path (validate, save, apply, announce) and the session's life."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from facilitate.domain.clock import Clock, SystemClock, iso
from facilitate.domain.records import (
    Event,
    EventKind,
    Participant,
    Record,
    SessionInfo,
    Source,
    Table,
)
from facilitate.domain.session import RECORD_TYPES, Session
from facilitate.domain.text import clean_name, clean_text
from facilitate.domain.timeline import LiveState, rebuild
from facilitate.i18n import Message
from facilitate.paths import make_slug
from facilitate.session_formats import Format
from facilitate.store import SessionStore


class ValidationError(ValueError):
    """A change refused before anything is written; the message is translatable."""

    def __init__(self, key: str | Message, **values: Any) -> None:
        self.why = key if isinstance(key, Message) else Message(key, **values)
        self.key, self.values = self.why.key, self.why.values
        super().__init__(self.why.text("en"))

    def message(self, lang: str) -> str:
        return self.why.text(lang)


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


class ServiceCore:
    """Opens and closes a session, saves records and tells listeners; mixins add the rest."""

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
    ) -> Self:
        clock = clock or SystemClock()
        info.created_at = info.created_at or iso(clock.now())
        return cls(SessionStore.create(folder, info.to_dict(), **kw), clock=clock)

    @classmethod
    def open(cls, folder: Path, *, clock: Clock | None = None, **kw: Any) -> Self:
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

    async def log(
        self,
        kind: EventKind,
        *,
        step: str | None = None,
        round: int | None = None,
        **data: Any,
    ) -> Event:
        rec = Event(
            id=self.new_id("events"), kind=kind, step=step, round=round, at=self.now(), data=data
        )
        await self.save(rec)
        return rec

    def _announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def session_over(self) -> bool:
        """The closing step (the last one) has ended: phones may read, no longer post."""
        steps = self.info.steps
        live = self.live()
        if not steps or live.step != steps[-1].id:
            return False  # going back to an earlier step opens the phones again
        st = live.times.get(live.step)
        return bool(st and st.ended and not live.running)

    def posting_refusal(self) -> str | None:
        """Why a phone may not post now (a message key), or None when it may."""
        if self.session_over():
            return "service.session_over"
        if not self.info.submissions_open:
            return "service.submissions_closed"
        return None

    def _placed(self, source: Source, **where: Any) -> dict[str, Any]:
        if source == Source.PORTAL:  # every record a phone makes passes here
            refusal = self.posting_refusal()
            if refusal is not None:
                raise ValidationError(refusal)
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
