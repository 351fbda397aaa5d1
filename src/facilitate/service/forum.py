"""The open forum loop: topics proposed from phones, sign-ups, merges, conveners' reports whose
proposals go straight to the convergence vote."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitate.domain.forum import breakouts_step, live_topics
from facilitate.domain.records import (
    Proposal,
    Record,
    Source,
    Step,
    Table,
    Tension,
    TensionCategory,
    Topic,
)
from facilitate.domain.text import clean_name, clean_text
from facilitate.service.core import ServiceCore, ValidationError

TITLE_MAX = 200  # a topic's title: one line on the wall
MAX_SIGNUPS = 5_000  # phones on one topic: far above a real forum (the solver's own limit)


def lines(value: str | Iterable[str]) -> list[str]:
    """One item a line (or the items given), cleaned, empty ones dropped."""
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [x for x in (clean_text(i, multiline=False) for i in items) if x]


class ForumMixin(ServiceCore):
    """Topics, sign-ups, merges and reports of an open forum, from the laptop or the phones."""

    def forum_step(self) -> Step | None:
        """The marketplace or breakouts step running, if one is."""
        live = self.live()
        step = self.info.step(live.step) if live.step else None
        if step is None or step.kind not in ("marketplace", "breakouts"):
            return None
        return step

    def wall_topics(self) -> list[Topic]:
        return live_topics(self.session.all(Topic))

    def _topic(self, topic_id: int) -> Topic:
        rec = self.session.get(Topic, topic_id)
        while rec is not None and rec.merged_into is not None:  # a sign-up follows the merge
            rec = self.session.get(Topic, rec.merged_into)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        return rec

    async def propose_topic(
        self, title: str, convener: str, *, device: str = "", source: Source = Source.PORTAL
    ) -> Topic:
        """A topic posted at the marketplace; the same phone sending it twice gets one topic."""
        step = self.forum_step()
        if source == Source.PORTAL:
            self._placed(source)  # closed or over: said before anything else
        if source == Source.PORTAL and (step is None or step.kind != "marketplace"):
            raise ValidationError("service.not_marketplace")
        text = self._text(clean_text(title, max_len=TITLE_MAX, multiline=False))
        if device:
            for tp in self.wall_topics():
                if tp.device == device and tp.title.casefold() == text.casefold():
                    return tp
        rec = Topic(
            id=self.new_id("topics"),
            title=text,
            convener=clean_name(convener),
            device=device,
            **self._placed(source, step=step.id if step else None, round=None),
        )
        await self.save(rec)
        return rec

    async def sign_up(
        self, topic_id: int, *, device: str, name: str = "", on: bool = True
    ) -> Topic:
        """A phone says it wants to join a topic (or no longer does); it feeds the agenda."""
        self._placed(Source.PORTAL)  # the checks every phone record passes (closed, over)
        if not device:
            raise ValidationError("service.no_device")
        if self.forum_step() is None:
            raise ValidationError("service.no_forum")
        rec = self._topic(topic_id)
        signups = dict(rec.signups)
        if on:
            if device not in signups and len(signups) >= MAX_SIGNUPS:
                raise ValidationError("service.topic_full")
            signups[device] = clean_name(name) or signups.get(device, "")
        else:
            signups.pop(device, None)
        if signups == rec.signups:
            return rec
        rec = rec.replace(signups=signups)
        await self.save(rec)
        return rec

    async def note_interest(self, topic_id: int, names: Iterable[str]) -> Topic:
        """The people the facilitator noted as interested (a sign-up sheet typed in)."""
        rec = self._topic(topic_id)
        people = list(dict.fromkeys(x for x in (clean_name(n) for n in names) if x))
        rec = rec.replace(interested=people)
        await self.save(rec)
        return rec

    async def merge_topics(self, keep_id: int, drop_id: int) -> Topic:
        """Two topics that are one: the second joins the first (conveners, sign-ups, report)
        and leaves the wall; nothing of it is lost."""
        keep, drop = self._topic(keep_id), self._topic(drop_id)
        if keep.id == drop.id:
            raise ValidationError("service.merge_same")
        conveners = [c for c in dict.fromkeys((keep.convener, drop.convener)) if c]
        merged = keep.replace(
            convener=clean_name(", ".join(conveners)),
            interested=list(dict.fromkeys([*keep.interested, *drop.interested])),
            signups={**drop.signups, **keep.signups},
            attendance=list(dict.fromkeys([*keep.attendance, *drop.attendance])),
            proposals=[*keep.proposals, *(p for p in drop.proposals if p not in keep.proposals)],
            tensions=[*keep.tensions, *(x for x in drop.tensions if x not in keep.tensions)],
            report="\n\n".join(x for x in (keep.report, drop.report) if x),
            reported_at=max(keep.reported_at, drop.reported_at),
        )
        gone = drop.replace(merged_into=keep.id, slot=None, space=None, pinned=False)
        await self.save(merged, gone)
        return merged

    async def file_report(
        self,
        topic_id: int,
        *,
        key_points: str,
        proposals: str | Iterable[str] = (),
        tensions: str | Iterable[str] = (),
        attendance: str | Iterable[str] = (),
        source: Source = Source.FACILITATOR,
    ) -> Topic:
        """A breakout's report: key points, who came, and its proposals and disagreements as
        records of their own (proposals go to the convergence vote). Filed again, it updates
        the same records: a proposal taken out of the report is hidden, never duplicated."""
        if source == Source.PORTAL:
            self._placed(source)  # a phone's report passes the phones' checks (closed, over)
        topic = self._topic(topic_id)
        points = clean_text(key_points)
        wanted, named = lines(proposals), lines(tensions)
        came = (
            [x.strip() for x in attendance.replace("\n", ",").split(",")]
            if isinstance(attendance, str)
            else list(attendance)
        )
        people = list(dict.fromkeys(x for x in (clean_name(a) for a in came) if x))
        if not (points or wanted or named):
            raise ValidationError("service.empty_report")
        step = breakouts_step(self.info)
        table = topic.space if self.session.get(Table, topic.space) is not None else None
        where: dict[str, Any] = {
            "step": step.id if step else self.live().step,
            "round": topic.slot + 1 if topic.slot is not None else None,
            "table": table,
            "author_name": topic.convener,
        }
        records: list[Record] = []
        proposal_ids = self._report_items(
            Proposal,
            topic.proposals,
            wanted,
            lambda text: Proposal(
                id=self.new_id("proposals"),
                title=text,
                origin=clean_name(topic.title),
                **self._placed(source, **where),
            ),
            "title",
            records,
        )
        tension_ids = self._report_items(
            Tension,
            topic.tensions,
            named,
            lambda text: Tension(
                id=self.new_id("tensions"),
                about=text,
                category=TensionCategory.INTERESTS,
                **self._placed(source, **where),
            ),
            "about",
            records,
        )
        rec = topic.replace(
            report=points,
            attendance=people,
            proposals=proposal_ids,
            tensions=tension_ids,
            reported_at=self.now(),
        )
        await self.save(*records, rec)
        return rec

    def _report_items(
        self,
        cls: type[Proposal] | type[Tension],
        before: list[int],
        texts: list[str],
        make: Any,
        text_field: str,
        out: list[Record],
    ) -> list[int]:
        """Reuse a report's records line by line; new lines make records, dropped ones hide."""
        ids: list[int] = []
        for i, text in enumerate(texts):
            old = self.session.get(cls, before[i]) if i < len(before) else None
            if old is None:
                rec = make(text)
                out.append(rec)
                ids.append(rec.id)
                continue
            if getattr(old, text_field) != text or old.hidden:
                out.append(old.replace(**{text_field: text, "hidden": False}))
            ids.append(old.id)
        for old_id in before[len(texts) :]:
            old = self.session.get(cls, old_id)
            if old is not None and not old.hidden:
                out.append(old.replace(hidden=True))
        return ids

    # -- topics from the laptop (the agenda wall, a breakout's report typed in) --------------

    async def add_topic(
        self,
        title: str,
        convener: str,
        *,
        interested: Iterable[str] = (),
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> Topic:
        rec = Topic(
            id=self.new_id("topics"),
            title=self._text(title),
            convener=clean_name(convener),
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

    async def report_topic(
        self, topic_id: int, report: str, attendance: Iterable[str] = ()
    ) -> Topic:
        rec = self.session.get(Topic, topic_id)
        if rec is None:
            raise ValidationError("service.unknown_topic", id=topic_id)
        rec = rec.replace(
            report=clean_text(report),
            attendance=[clean_name(a) for a in attendance if clean_name(a)],
        )
        await self.save(rec)
        return rec
