"""The dot vote from phones: the proposals with the dots left to this phone, and a dot placed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.records import Source
from facilitate.portal.common import DEVICE, Refusal, check_open, device_of, read_form, saved, write

if TYPE_CHECKING:
    from facilitate.portal.app import Portal


class VotePages:
    """`/vote`: the page and its post (the service counts the dots and keeps the rules)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/vote", self.vote_page)
        router.add_post("/j/{token}/vote", self.vote)

    async def vote_page(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        session = svc.session
        step = views.vote_step(session, svc.live())
        context: dict[str, Any] = {"vote_step": step, "sent": request.query.get("sent") == "1"}
        if step is not None:
            device = request[DEVICE]
            shown = svc.results_shown(step.id)
            ranking = dict((p.id, n) for p, n in svc.ranking(step.id))
            proposals = views.visible_proposals(session)
            if shown:
                proposals.sort(key=lambda p: (-ranking.get(p.id, 0), p.id))
            context.update(
                allowed=svc.dots_allowed(step.id),
                left=svc.dots_left(step.id, device=device) if device else 0,
                no_device=device is None,
                shown=shown,
                proposals=[(p, ranking.get(p.id, 0)) for p in proposals],
            )
        return self.portal.render(request, "vote.html", **context)

    async def vote(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        step = views.vote_step(svc.session, svc.live())
        if step is None:
            raise Refusal(403, "portal.not_now")
        try:
            proposal = int(form.get("proposal", ""))
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        shown = {p.id for p in views.visible_proposals(svc.session)}
        if proposal not in shown:
            raise Refusal(400, "portal.bad_request")
        device = device_of(request)
        record = await write(request, svc.vote(proposal, device=device, source=Source.PORTAL))
        return saved(request, record, f"/j/{self.portal.token}/vote?sent=1")
