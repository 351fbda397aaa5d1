"""The statements step from phones: the statement on the floor, three big buttons, the earlier
statements to catch up on, and a proposal for the moderator.

`GET /statements` the page; `POST /statements` an answer (fields `statement`, `answer`: agree,
disagree or pass, `territory`, optional `power`); `POST /statements/propose` a statement
(`text`), held for moderation. An answer counts only with a device id this portal signed;
the service keeps every other rule (one answer per person, shown statements only, moderation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.records import PowerKind, Source, Step
from facilitate.domain.statements import STATEMENT_MAX, Answer
from facilitate.i18n import t
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


class StatementsPages:
    """`/statements`: the page, an answer, a proposal."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}/statements", self.statements_page)
        router.add_post("/j/{token}/statements", self.answer)
        router.add_post("/j/{token}/statements/propose", self.propose)

    def _step(self) -> Step | None:
        svc = self.portal.service
        step = views.current_step(svc.info, svc.live())
        return step if step is not None and step.kind == "statements" else None

    async def statements_page(self, request: web.Request) -> web.StreamResponse:
        step = self._step()
        lang = request[LANG]
        query = request.query
        context: dict[str, Any] = {
            "statements_step": step,
            "sent": query.get("sent") == "1",
            "proposed": query.get("proposed") == "1",
            "statement_max": STATEMENT_MAX,
        }
        if step is not None:
            svc = self.portal.service
            device = request[DEVICE]
            floor = svc.statement_on_floor(step.id)
            shown = svc.statements_shown(step.id)

            def mine(sid: int) -> str:
                if not device:
                    return ""
                a = svc.my_statement_answer(sid, device=device)
                return t(f"statements.answer.{a.answer.value}", lang) if a else ""

            territory, power = svc.device_territory(device) if device else ("", None)
            context.update(
                floor=floor,
                floor_number=[s.id for s in shown].index(floor.id) + 1 if floor in shown else 0,
                shown_count=len(shown),
                mine=mine(floor.id) if floor else "",
                earlier=[(s, mine(s.id)) for s in reversed(shown) if floor is None or s != floor],
                answers=[(a.value, t(f"statements.answer.{a.value}", lang)) for a in Answer],
                territories=svc.statement_territories(),
                territory=territory,
                powers=[(p.value, t(f"power.{p.value}", lang)) for p in PowerKind],
                power=power.value if power else "",
                no_device=device is None,
                can_propose=step.settings.get("proposals_from_phones") is not False,
            )
        return self.portal.render(request, "statements.html", **context)

    async def answer(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        if self._step() is None:
            raise Refusal(403, "portal.not_now")
        try:
            statement = int(form.get("statement", ""))
        except ValueError:
            raise Refusal(400, "portal.bad_request") from None
        territory, power = form.get("territory", ""), form.get("power", "")
        check_length(territory, power, limit=NAME_MAX)
        device = device_of(request)  # no signed device id: nothing is placed
        record = await write(
            request,
            svc.answer_statement(
                statement,
                form.get("answer", ""),
                device=device,
                territory=territory,
                power=power,
                source=Source.PORTAL,
            ),
        )
        return saved(request, record, f"/j/{self.portal.token}/statements?sent=1")

    async def propose(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        check_open(svc)
        if self._step() is None:
            raise Refusal(403, "portal.not_now")
        text, author = form.get("text", ""), form.get("author", "")
        check_length(text)
        check_length(author, limit=NAME_MAX * 2)
        device = device_of(request)
        record = await write(
            request, svc.propose_statement(text, device=device, author_name=author)
        )
        return saved(request, record, f"/j/{self.portal.token}/statements?proposed=1")
