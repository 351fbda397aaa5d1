"""The meaning step from phones: "what is the project for?" and "how does it serve my
territory, my structure?", answered by an actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.records import Source
from facilitate.portal.common import (
    LANG,
    Refusal,
    check_length,
    check_open,
    read_form,
    saved,
    write,
)
from facilitate.portal.security import NAME_MAX

if TYPE_CHECKING:
    from facilitate.portal.app import Portal


class MeaningPages:
    """`/meaning`: the questions and the answer's post."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/meaning", self.meaning_page)
        router.add_post("/j/{token}/meaning", self.meaning)

    def _meaning_step(self) -> Any:
        svc = self.portal.service
        step = views.current_step(svc.info, svc.live())
        return step if step is not None and step.kind == "meaning" else None

    async def meaning_page(self, request: web.Request) -> web.StreamResponse:
        step = self._meaning_step()
        lang = request[LANG]
        questions = (
            [q.get(lang) or q.get("en", "") for q in (step.settings.get("questions") or [])]
            if step is not None
            else []
        )
        return self.portal.render(
            request,
            "meaning.html",
            meaning_step=step,
            questions=questions,
            sent=request.query.get("sent") == "1",
        )

    async def meaning(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        if self._meaning_step() is None:
            raise Refusal(403, "portal.not_now")
        purpose, serves = form.get("purpose", ""), form.get("serves", "")
        check_length(purpose, serves)
        fields = {k: form.get(k, "") for k in ("actor", "structure", "territory")}
        check_length(*fields.values(), limit=NAME_MAX * 2)
        record = await write(
            request,
            svc.add_meaning(purpose=purpose, serves=serves, source=Source.PORTAL, **fields),
        )
        return saved(request, record, f"/j/{self.portal.token}/meaning?sent=1")
