"""What the portal's handlers share: the request's keys, refusals, reading a posted form,
answering a write (a redirect for a page, JSON for a script)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from facilitate.domain.records import Record
from facilitate.portal.security import TEXT_MAX
from facilitate.service import SessionService, StoreError, ValidationError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# request storage keys (aiohttp >= 3.12 wants typed keys; plain strings before that)
_Key: Any = getattr(web, "RequestKey", None)
DEVICE: Any = _Key("device", str) if _Key else "device"
LANG: Any = _Key("lang", str) if _Key else "lang"


class Refusal(Exception):
    """A request refused with a status and a translatable message."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


def wants_json(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


async def read_fields(request: web.Request, seconds: float) -> dict[str, list[str]]:
    """The posted form, every value of every field, read within `seconds` (slow bodies refused)."""
    try:
        async with asyncio.timeout(seconds):
            data = await request.post()
    except ValueError:
        raise Refusal(400, "portal.bad_request") from None
    except TimeoutError:
        raise Refusal(408, "reach.body_timeout") from None
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise Refusal(400, "portal.bad_request")
        out.setdefault(key, []).append(value)
    return out


async def read_form(request: web.Request, seconds: float) -> dict[str, str]:
    """The posted form, one value a field (the last one sent)."""
    return {key: values[-1] for key, values in (await read_fields(request, seconds)).items()}


def device_of(request: web.Request) -> str:
    """The signed device id a vote or a position is counted against; none, nothing placed."""
    device = request[DEVICE]
    if not device:
        raise Refusal(403, "deciding.portal.no_device")
    return str(device)


def check_open(service: SessionService) -> None:
    """Refuse a post while the facilitator has closed submissions, or the session is over."""
    refusal = service.posting_refusal()
    if refusal == "service.session_over":
        raise Refusal(403, "portal.session_over")
    if refusal is not None:
        raise Refusal(403, "portal.closed")


def check_length(*values: str, limit: int = TEXT_MAX) -> None:
    if any(len(v) > limit for v in values):
        raise Refusal(400, "portal.too_long", max=limit)


def saved(request: web.Request, record: Record, location: str) -> web.StreamResponse:
    """A write's answer: the record as JSON for a script, else back to the page it came from."""
    if wants_json(request):
        return web.json_response({"record": record.kind_name, **record.to_dict()}, status=201)
    return web.Response(status=303, headers={"Location": location})


async def write(request: web.Request, action: Awaitable[Record]) -> Record:
    """Await the service's write; its refusal or the store's failure becomes the phone's answer."""
    try:
        return await action
    except ValidationError as exc:
        closed = ("service.submissions_closed", "service.session_over")
        status = 403 if exc.key in closed else 400
        raise Refusal(status, "portal.plain", text=exc.message(request[LANG])) from None
    except StoreError:
        raise Refusal(503, "portal.save_failed") from None
