"""The moving debate from phones: the statement on the floor, this phone's side, a move."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.deciding import debate_sides
from facilitate.domain.records import Position, Source
from facilitate.portal.common import (
    DEVICE,
    LANG,
    Refusal,
    check_length,
    check_open,
    device_of,
    read_form,
    saved,
    write,
)

if TYPE_CHECKING:
    from facilitate.portal.app import Portal


class DebatePages:
    """`/debate`: the page and its post (the service keeps the side rules)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/debate", self.debate_page)
        router.add_post("/j/{token}/debate", self.debate)

    def _debate_step(self) -> tuple[Any, int, Any]:
        svc = self.portal.service
        live = svc.live()
        step = views.current_step(svc.info, live)
        if step is None or step.kind != "debate":
            return None, 0, live
        return step, views.statement_number(step, live), live

    async def debate_page(self, request: web.Request) -> web.StreamResponse:
        step, number, live = self._debate_step()
        lang = request[LANG]
        context: dict[str, Any] = {"debate_step": step, "sent": request.query.get("sent") == "1"}
        if step is not None:
            device = request[DEVICE]
            mine = [
                p
                for p in self.portal.service.session.all(Position)
                if device
                and p.device == device
                and p.statement == number
                and p.step == step.id
                and p.round == live.round
            ]
            context.update(
                statement=views.statement_text(step, number, lang),
                sides=[(s.value, views.side_label(s, lang)) for s in debate_sides(step)],
                mine=views.side_label(mine[-1].side, lang) if mine else "",
                no_device=device is None,
            )
        return self.portal.render(request, "debate.html", **context)

    async def debate(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        step, number, _ = self._debate_step()
        if step is None:
            raise Refusal(403, "portal.not_now")
        side = form.get("side", "")  # the service keeps the side rules (no middle unless allowed)
        because = form.get("moved_because", "")
        check_length(because)
        device = device_of(request)
        record = await write(
            request,
            svc.set_position(
                number, side, moved_because=because, device=device, source=Source.PORTAL
            ),
        )
        return saved(request, record, f"/j/{self.portal.token}/debate?sent=1")
