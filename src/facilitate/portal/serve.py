"""`facilitate serve`: the portal without the TUI; the join URL first, then what phones need."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time

from facilitate.i18n import t
from facilitate.portal.app import Portal
from facilitate.portal.arrivals import Arrival
from facilitate.reach.addresses import show_code
from facilitate.runtime import hold_long_lived
from facilitate.service import SessionService

__all__ = ["arrival_line", "how_line", "reach_lines", "serve_forever"]


def serve_forever(svc: SessionService, *, port: int, lan: bool, lang: str) -> int:
    """`facilitate serve`: print the join URL first, then each table's; stop on SIGINT/SIGTERM."""

    async def main() -> int:
        portal = Portal(svc, host="0.0.0.0" if lan else "127.0.0.1", port=port, lang=lang)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        url = await portal.start()
        hold_long_lived()
        print(url, flush=True)
        for table in svc.session.tables:
            print(portal.table_url(table), flush=True)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await portal.advertised.wait()
        for line in reach_lines(portal, lang):
            print(line, file=sys.stderr, flush=True)

        def arrived(arrival: Arrival) -> None:
            print(arrival_line(arrival, lang), file=sys.stderr, flush=True)

        portal.arrivals.subscribe(arrived)
        print(t("portal.serving", lang), file=sys.stderr, flush=True)
        try:
            await stop.wait()
        finally:
            await portal.stop()
        return 0

    return asyncio.run(main())


def reach_lines(portal: Portal, lang: str) -> list[str]:
    """What `serve` says on stderr about phones reaching it: the name and code, or why not."""
    state = portal.reach_state
    if state == "loopback":
        return [t("reach.serve_loopback", lang)]
    code = show_code(portal.join_code)
    lines = [t("reach.serve_name", lang, base=portal.stable_base, code=code)]
    if state == "no-network":
        lines.append(t("reach.serve_no_network", lang))
    ad = portal.advertisement
    if ad is not None and ad.error:
        lines.append(
            t("reach.serve_advert_failed", lang, host=ad.host, why=ad.error, url=portal.base)
        )
    return lines


def how_line(arrival: Arrival, lang: str) -> str:
    if arrival.from_laptop:
        return t("reach.how_laptop", lang)
    return t("reach.how_name" if arrival.by_name else "reach.how_address", lang, host=arrival.host)


def arrival_line(arrival: Arrival, lang: str) -> str:
    at = time.strftime("%H:%M:%S", time.localtime(arrival.at))
    return t(
        "reach.serve_arrival", lang, time=at, how=how_line(arrival, lang), address=arrival.address
    )
