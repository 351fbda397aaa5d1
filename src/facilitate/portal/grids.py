"""The 2x2 grid and the gradients of agreement from phones.

`/matrix`: the running grid's quadrants, a card posted in one of them (an absent actor on the
actors' map), the cards already placed when phones may see contributions. `/agreement`: the
proposal on the scale, this phone's answer in the running poll, an answer (a block with its
reason). The service keeps every rule (fair votes, signed device ids, the block's objection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.agreement import LEVELS, is_block, scale_of
from facilitate.domain.matrix import by_quadrant, items_of, preset_of, quadrant_label
from facilitate.domain.records import Proposal, Source, Step
from facilitate.i18n import pick, t
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
from facilitate.portal.security import NAME_MAX

if TYPE_CHECKING:
    from facilitate.portal.app import Portal


def _running(portal: Portal, kind: str) -> Step | None:
    svc = portal.service
    step = views.current_step(svc.info, svc.live())
    return step if step is not None and step.kind == kind else None


class MatrixPages:
    """`/matrix`: the grid's page and its post."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/matrix", self.matrix_page)
        router.add_post("/j/{token}/matrix", self.matrix)

    async def matrix_page(self, request: web.Request) -> web.StreamResponse:
        step = _running(self.portal, "matrix")
        lang = request[LANG]
        context: dict[str, Any] = {"matrix_step": step, "sent": request.query.get("sent") == "1"}
        if step is not None:
            svc = self.portal.service
            preset = preset_of(step)
            cells = by_quadrant(step, items_of(svc.session, step.id))
            hint = "" if preset == "custom" else None
            context.update(
                preset=preset,
                grid_name=t(f"matrix.preset.{preset}", lang),
                quadrants=[
                    (
                        key,
                        quadrant_label(step.settings, preset, key, lang),
                        hint if hint is not None else t(f"matrix.hint.{key}", lang),
                        [m.text for m in cards] if svc.info.show_contributions else [],
                    )
                    for key, cards in cells.items()
                ],
                actors=preset == "actors",
            )
        return self.portal.render(request, "matrix.html", **context)

    async def matrix(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        step = _running(self.portal, "matrix")
        if step is None:
            raise Refusal(403, "portal.not_now")
        text, quadrant = form.get("text", ""), form.get("quadrant", "")
        check_length(text)
        check_length(quadrant, limit=NAME_MAX)
        record = await write(
            request,
            svc.add_matrix_item(
                quadrant, text, device=device_of(request), source=Source.PORTAL, step=step.id
            ),
        )
        return saved(request, record, f"/j/{self.portal.token}/matrix?sent=1")


class AgreementPages:
    """`/agreement`: the scale's page and its post."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/agreement", self.agreement_page)
        router.add_post("/j/{token}/agreement", self.agreement)

    async def agreement_page(self, request: web.Request) -> web.StreamResponse:
        step = _running(self.portal, "agreement")
        lang = request[LANG]
        context: dict[str, Any] = {
            "agreement_step": step,
            "sent": request.query.get("sent") == "1",
        }
        if step is not None:
            svc = self.portal.service
            scale = scale_of(step)
            poll = svc.agreement_poll(step.id)
            prop = svc.session.get(Proposal, poll.proposal)
            device = request[DEVICE]
            mine = svc.my_agreement(step.id, device=device) if device else None
            shown = prop is not None and svc.agreement_shown(step.id)
            scale_state = f"{poll.proposal}:{poll.poll}:{int(shown)}" if prop is not None else ""
            dist = svc.agreement_distribution(step.id) if shown else None
            context.update(
                scale_name=t(f"agreement.scale.{scale}", lang),
                proposal=prop,
                poll=poll.poll,
                levels=[
                    (
                        level,
                        t(f"agreement.level.{scale}.{level}", lang),
                        t(f"agreement.says.{scale}.{level}", lang),
                        is_block(scale, level),
                    )
                    for level in LEVELS[scale]
                ],
                mine=(t(f"agreement.level.{scale}.{mine.level}", lang) if mine else ""),
                shown=shown,
                scale_state=scale_state,
                counts=[
                    (level, t(f"agreement.level.{scale}.{level}", lang), n)
                    for level, n in (dist.counts.items() if dist else [])
                ],
                no_device=device is None,
                question=pick(step.settings["question"], lang)
                if isinstance(step.settings.get("question"), dict)
                else "",
            )
        return self.portal.render(request, "agreement.html", **context)

    async def agreement(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        step = _running(self.portal, "agreement")
        if step is None:
            raise Refusal(403, "portal.not_now")
        try:
            level = int(form.get("level", ""))
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        comment = form.get("comment", "")
        check_length(comment)
        record = await write(
            request,
            svc.answer_agreement(
                level, comment=comment, device=device_of(request), source=Source.PORTAL
            ),
        )
        return saved(request, record, f"/j/{self.portal.token}/agreement?sent=1")
