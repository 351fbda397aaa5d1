"""The laptop's name on the venue's network: `<name>.local` answered over mDNS (DNS-SD too).

python-zeroconf answers the phones' questions for the name with the laptop's addresses of the
moment, including the one-shot queries Android and `getaddrinfo` send from a random port (it
replies to those by unicast, RFC 6762 section 6.7). It also publishes an `_http._tcp` service so
the laptop shows up in DNS-SD browsers. The token is never published: only the name and port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

log = logging.getLogger(__name__)
SERVICE_TYPE = "_http._tcp.local."
STOP_S = 3.0


def _instance(title: str, name: str) -> str:
    """A DNS-SD instance name: at most 63 bytes of UTF-8, the title first."""
    label = f"{title} · {name}" if title else name
    raw = label.encode()[:63]
    return raw.decode("utf-8", "ignore").rstrip() or name


class Advertisement:
    """Answer for `<name>.local` with `addresses` on those interfaces; renewable, stoppable."""

    def __init__(self, name: str, port: int, title: str = "") -> None:
        self.name, self.port, self.title = name, port, title
        self.addresses: list[str] = []
        self.error: str = ""
        self._zc: Any = None
        self._info: Any = None
        self._lock = asyncio.Lock()

    @property
    def host(self) -> str:
        return f"{self.name}.local"

    @property
    def active(self) -> bool:
        return self._zc is not None and bool(self.addresses)

    async def start(self, addresses: list[str]) -> bool:
        """Publish the name with these IPv4 addresses (loopback is not published); True if done."""
        async with self._lock:
            await self._stop()
            self.addresses = [a for a in addresses if not a.startswith("127.")]
            if not self.addresses:
                return False
            try:
                from zeroconf import IPVersion
                from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf
            except ImportError:  # pragma: no cover - a declared dependency
                self.error = "zeroconf is not installed"
                return False
            info = AsyncServiceInfo(
                SERVICE_TYPE,
                f"{_instance(self.title, self.name)}.{SERVICE_TYPE}",
                addresses=[socket.inet_aton(a) for a in self.addresses],
                port=self.port,
                properties={"app": "facilitate"},
                server=f"{self.host}.",
            )
            zc = None
            try:
                zc = AsyncZeroconf(interfaces=self.addresses, ip_version=IPVersion.V4Only)
                await zc.async_register_service(info, allow_name_change=True)
            except (OSError, RuntimeError, ValueError) as exc:
                self.error = str(exc)
                log.warning("mDNS advertisement of %s failed: %s", self.host, exc)
                if zc is not None:
                    with contextlib.suppress(Exception):
                        await zc.async_close()
                self.addresses = []
                return False
            self._zc, self._info, self.error = zc, info, ""
            return True

    async def stop(self) -> None:
        async with self._lock:
            await self._stop()

    async def _stop(self) -> None:
        zc, self._zc = self._zc, None
        if zc is None:
            return
        try:
            async with asyncio.timeout(STOP_S):  # goodbyes, so caches forget the name at once
                await zc.async_unregister_all_services()
        except (TimeoutError, OSError, RuntimeError):
            pass
        with contextlib.suppress(Exception):
            await zc.async_close()
