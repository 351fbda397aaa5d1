"""The open forum from phones: propose a topic at the marketplace, sign up for topics, file a
breakout's report, read the agenda wall and the news wall."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain.forum import (
    Wall,
    current_slot,
    interest,
    news,
    people_interested,
    wall,
)
from facilitate.domain.records import Proposal, Source, Tension, Topic
from facilitate.i18n import t
from facilitate.portal.common import (
    DEVICE,
    LANG,
    Refusal,
    check_open,
    read_fields,
    saved,
    wants_json,
    write,
)
from facilitate.portal.security import NAME_MAX, TEXT_MAX

if TYPE_CHECKING:
    from facilitate.portal.app import Portal

LIST_MAX = 12_000  # a report's proposals or tensions, one a line, all together


def forum_wall(portal: Portal) -> Wall:
    svc = portal.service
    return wall(svc.info, svc.session.tables, svc.session.all(Topic), svc.live())


def slot_name(number: int | None, lang: str) -> str:
    return t("portal.slot", lang, n=number + 1) if number is not None else ""


def report_items(portal: Portal, topic: Topic) -> tuple[list[str], list[str]]:
    """The proposals and disagreements a topic's report named, as their records read now."""
    sess = portal.service.session
    proposals = [p.title for i in topic.proposals if (p := sess.get(Proposal, i)) and not p.hidden]
    tensions = [x.about for i in topic.tensions if (x := sess.get(Tension, i)) and not x.hidden]
    return proposals, tensions


class ForumPages:
    """The forum's pages, served by the portal (its guard, rendering and refusals)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/forum", self.forum_page)
        router.add_post("/j/{token}/forum/topic", self.propose)
        router.add_post("/j/{token}/forum/signup", self.sign_up)
        router.add_get("/j/{token}/forum/{topic}/report", self.report_page)
        router.add_post("/j/{token}/forum/{topic}/report", self.report)
        router.add_get("/j/{token}/news", self.news_page)

    @property
    def root(self) -> str:
        return f"/j/{self.portal.token}"

    # -- reading -------------------------------------------------------------------------------

    def _news(self, lang: str) -> list[dict[str, Any]]:
        board = forum_wall(self.portal)
        out = []
        for tp in news(self.portal.service.session.all(Topic)):
            proposals, tensions = report_items(self.portal, tp)
            out.append(
                {
                    "topic": tp,
                    "slot": slot_name(tp.slot, lang),
                    "space": board.space_name(tp.space),
                    "proposals": proposals,
                    "tensions": tensions,
                }
            )
        return out

    async def forum_page(self, request: web.Request) -> web.StreamResponse:
        portal, lang = self.portal, request[LANG]
        svc = portal.service
        step = svc.forum_step()
        board = forum_wall(portal)
        device = request[DEVICE] or ""
        topics = [
            {
                "topic": tp,
                "interest": interest(tp),
                "mine": bool(device) and tp.device == device,
                "chosen": bool(device) and device in tp.signups,
                "where": " · ".join(
                    x for x in (slot_name(tp.slot, lang), board.space_name(tp.space)) if x
                ),
            }
            for tp in svc.wall_topics()
        ]
        now = current_slot(svc.info, svc.live())
        running = [
            {"topic": tp, "space": sp.name or t("portal.space", lang, n=sp.key)}
            for sp, tp in (board.in_slot(now) if now is not None else [])
        ]
        name = next((tp.signups[device] for tp in svc.wall_topics() if tp.signups.get(device)), "")
        return portal.render(
            request,
            "forum.html",
            forum_kind=step.kind if step else "",
            topics=topics,
            running=running,
            now_slot=slot_name(now, lang),
            news=self._news(lang) if step is not None and step.kind == "breakouts" else [],
            my_name=name,
            no_device=not device,
            sent=request.query.get("sent", ""),
        )

    async def news_page(self, request: web.Request) -> web.StreamResponse:
        return self.portal.render(request, "news.html", news=self._news(request[LANG]))

    def _topic(self, request: web.Request) -> Topic:
        try:
            topic_id = int(request.match_info["topic"])
        except ValueError:
            raise web.HTTPNotFound() from None
        topic = self.portal.service.session.get(Topic, topic_id)
        if topic is None or topic.merged_into is not None:
            raise web.HTTPNotFound()
        return topic

    async def report_page(self, request: web.Request) -> web.StreamResponse:
        return self._report_view(request, self._topic(request))

    def _report_view(
        self,
        request: web.Request,
        topic: Topic,
        *,
        status: int = 200,
        error: str = "",
        form: dict[str, str] | None = None,
    ) -> web.Response:
        proposals, tensions = report_items(self.portal, topic)
        form = form or {
            "key_points": topic.report,
            "proposals": "\n".join(proposals),
            "tensions": "\n".join(tensions),
            "attendance": ", ".join(topic.attendance),
        }
        board = forum_wall(self.portal)
        lang = request[LANG]
        return self.portal.render(
            request,
            "report.html",
            status=status,
            topic=topic,
            where=" · ".join(
                x for x in (slot_name(topic.slot, lang), board.space_name(topic.space)) if x
            ),
            people=people_interested(topic),
            form=form,
            error=error,
            sent=request.query.get("sent") == "1" and not error,
        )

    # -- writing -------------------------------------------------------------------------------

    async def _fields(self, request: web.Request) -> dict[str, list[str]]:
        """The posted form, every value of every field (sign-ups send several topics)."""
        return await read_fields(request, self.portal.limits.body_s)

    @staticmethod
    def _one(fields: dict[str, list[str]], name: str, limit: int = TEXT_MAX) -> str:
        value = (fields.get(name) or [""])[0]
        if len(value) > limit:
            raise Refusal(400, "portal.too_long", max=limit)
        return value

    async def propose(self, request: web.Request) -> web.StreamResponse:
        fields = await self._fields(request)
        check_open(self.portal.service)
        title = self._one(fields, "title", 200)
        convener = self._one(fields, "convener", NAME_MAX * 2)
        device = request[DEVICE] or ""
        record = await write(
            request,
            self.portal.service.propose_topic(title, convener, device=device, source=Source.PORTAL),
        )
        return saved(request, record, f"{self.root}/forum?sent=topic")

    async def sign_up(self, request: web.Request) -> web.StreamResponse:
        """The topics ticked on the page: the phone is in those, and out of the others."""
        fields = await self._fields(request)
        check_open(self.portal.service)
        device = request[DEVICE]
        if not device:
            raise Refusal(403, "portal.no_device_forum")
        name = self._one(fields, "name", NAME_MAX * 2)
        try:
            chosen = {int(x) for x in fields.get("topic", [])}
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        svc = self.portal.service
        known = {tp.id for tp in svc.wall_topics()}
        if not chosen <= known:
            raise Refusal(400, "portal.bad_request")
        last: Topic | None = None
        for tp in svc.wall_topics():
            wanted = tp.id in chosen
            if wanted or device in tp.signups:
                last = await write(
                    request, svc.sign_up(tp.id, device=str(device), name=name, on=wanted)
                )  # type: ignore[assignment]
        if last is None:
            return web.Response(status=303, headers={"Location": f"{self.root}/forum"})
        return saved(request, last, f"{self.root}/forum?sent=signup")

    async def report(self, request: web.Request) -> web.StreamResponse:
        topic = self._topic(request)
        fields = await self._fields(request)
        values = {
            "key_points": self._one(fields, "key_points"),
            "proposals": self._one(fields, "proposals", LIST_MAX),
            "tensions": self._one(fields, "tensions", LIST_MAX),
            "attendance": self._one(fields, "attendance", LIST_MAX),
        }
        try:
            check_open(self.portal.service)
            record = await write(
                request,
                self.portal.service.file_report(topic.id, source=Source.PORTAL, **values),
            )
        except Refusal as refusal:
            if wants_json(request) or refusal.status != 400:
                raise
            lang = request[LANG]
            return self._report_view(
                request,
                topic,
                status=400,
                error=t(refusal.key, lang, **refusal.values),
                form=values,
            )
        return saved(request, record, f"{self.root}/forum/{topic.id}/report?sent=1")
