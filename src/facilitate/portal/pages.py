"""The portal's common pages: the session's tables, a table (and the ideas posted from it), the
agenda wall, the "your phone reaches the laptop" test, the live state, the static files."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from aiohttp import web

from facilitate.domain import views
from facilitate.domain.records import Source, Table
from facilitate.i18n import t
from facilitate.portal.common import (
    LANG,
    Refusal,
    check_length,
    check_open,
    read_form,
    saved,
    wants_json,
    write,
)
from facilitate.portal.security import NAME_MAX, TEXT_MAX
from facilitate.service import PORTAL_KINDS

if TYPE_CHECKING:
    from facilitate.portal.app import Portal

STATIC_TYPES = {"portal.css": "text/css", "portal.js": "text/javascript"}


class Pages:
    """The pages every session has, whatever its steps."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        folder = resources.files("facilitate.portal") / "static"
        self._static = {name: (folder / name).read_bytes() for name in STATIC_TYPES}

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/j/{token}", self.to_session)
        router.add_get("/j/{token}/", self.session_page)
        router.add_get("/j/{token}/t/{slug}", self.table_page)
        router.add_post("/j/{token}/t/{slug}/contribute", self.contribute)
        router.add_get("/j/{token}/api/state", self.api_state)
        router.add_get("/j/{token}/agenda", self.agenda_page)
        router.add_get("/j/{token}/static/{name}", self.static)
        router.add_get("/j/{token}/reach", self.reach_page)

    async def to_session(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=301, headers={"Location": f"/j/{self.portal.token}/"})

    async def session_page(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        session, live = svc.session, svc.live()
        tables = [
            (tb, views.host_name(session, tb), views.seated(session, tb, live))
            for tb in session.tables
        ]
        return self.portal.render(request, "session.html", tables=tables)

    def _table(self, request: web.Request) -> Table:
        table = self.portal.service.session.table_by_slug(request.match_info["slug"])
        if table is None:
            raise web.HTTPNotFound()
        return table

    async def table_page(self, request: web.Request) -> web.StreamResponse:
        return self._table_view(request)

    def _table_view(
        self,
        request: web.Request,
        *,
        status: int = 200,
        error: str = "",
        form: dict[str, str] | None = None,
    ) -> web.Response:
        table = self._table(request)
        svc = self.portal.service
        session = svc.session
        lang = request[LANG]
        show = session.info.show_contributions
        return self.portal.render(
            request,
            "table.html",
            status=status,
            table=table,
            host=views.host_name(session, table),
            seated=views.seated(session, table, svc.live()),
            topic_here=views.topic_here(session, table, svc.live()),
            items=views.table_items(session, table, lang) if show else [],
            show_items=show,
            kinds=[(k, t(f"contribution.{k}", lang)) for k in PORTAL_KINDS],
            sent=request.query.get("sent") == "1" and not error,
            form=form or {"kind": "idea", "text": "", "author": ""},
            error=error,
        )

    async def contribute(self, request: web.Request) -> web.StreamResponse:
        """An idea, a question, a disagreement... posted from a table's page."""
        table = self._table(request)
        svc = self.portal.service
        form = await read_form(request, self.portal.limits.body_s)
        kind, text, author = form.get("kind", "idea"), form.get("text", ""), form.get("author", "")
        try:
            check_open(svc)
            check_length(text)
            check_length(author, limit=NAME_MAX * 2)
            capture = svc.capture(
                kind, text, table=table.id, author_name=author, source=Source.PORTAL
            )
            record = await write(request, capture)
        except Refusal as refusal:
            if wants_json(request) or refusal.status not in (400,):
                raise
            # a form the person can fix: show the table again with their text and the reason
            lang = request[LANG]
            return self._table_view(
                request,
                status=400,
                error=t(refusal.key, lang, **refusal.values),
                form={"kind": kind, "text": text[:TEXT_MAX], "author": author[:NAME_MAX]},
            )
        return saved(request, record, f"/j/{self.portal.token}/t/{quote(table.slug)}?sent=1")

    async def api_state(self, request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=self.portal.state.body(request[LANG]),
            content_type="application/json",
            charset="utf-8",
        )

    async def reach_page(self, request: web.Request) -> web.StreamResponse:
        """ "Your phone reaches the laptop", on the phone and, at once, on the laptop's screen."""
        self.portal.arrivals.tested(request.remote or "?", request.host)
        return self.portal.render(request, "reach.html", host=request.host)

    async def agenda_page(self, request: web.Request) -> web.StreamResponse:
        svc = self.portal.service
        return self.portal.render(
            request, "agenda.html", wall=views.agenda(svc.session, svc.live())
        )

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in self._static:
            raise web.HTTPNotFound()
        response = web.Response(
            body=self._static[name], content_type=STATIC_TYPES[name], charset="utf-8"
        )
        response.headers["Cache-Control"] = "private, max-age=300"
        return response
