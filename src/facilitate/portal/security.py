"""The portal's defences for a Wi-Fi shared with strangers: hosts, origins, sizes, rates, headers."""

from __future__ import annotations

import ipaddress
import re
import secrets
import time
from collections import deque
from collections.abc import Iterable

BODY_MAX = 16 * 1024
TEXT_MAX = 2000
NAME_MAX = 80

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # not "no-referrer": with it, browsers send `Origin: null` on the page's own form posts, so the
    # Origin check could not tell them from a forged post. "same-origin" still gives other sites
    # nothing (the token never leaves in a Referer).
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

DEVICE_COOKIE = "fdev"
LANG_COOKIE = "flang"
_DEVICE_RE = re.compile(r"^[A-Za-z0-9_-]{12,32}$")


def new_device_id() -> str:
    return secrets.token_urlsafe(12)


def valid_device_id(value: str | None) -> bool:
    return bool(value) and bool(_DEVICE_RE.match(value or ""))


def split_host(header: str) -> tuple[str, int | None]:
    """`host:port`, `[v6]:port` or a bare host into (lowercase host, port or None)."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        if end < 0:
            return "", None
        host, rest = header[1:end], header[end + 1 :]
        port_text = rest[1:] if rest.startswith(":") else ""
    elif header.count(":") == 1:
        host, port_text = header.split(":")
    else:
        host, port_text = header, ""
    if port_text:
        if not port_text.isdigit():
            return "", None
        return host, int(port_text)
    return host, None


class HostCheck:
    """Only the names this laptop answers to: defeats DNS rebinding from a stranger's page."""

    def __init__(self, hosts: Iterable[str], port: int) -> None:
        self.hosts = {h.lower() for h in hosts if h}
        self.port = port

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        host, port = split_host(header)
        if host not in self.hosts:
            return False
        return port is None or port == self.port


def origin_matches(
    origin: str | None, host_header: str | None, fetch_site: str | None = None
) -> bool:
    """A POST's Origin must be this very site; a browser always sends it on a cross-site POST."""
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return False  # the browser itself says the post comes from another site
    if origin is None:
        return True  # not a browser form from another site (a browser would say where from)
    if origin.strip().lower() == "null":
        # an opaque origin: accepted only when the browser vouches it is this very site
        return fetch_site is not None and fetch_site.lower() == "same-origin"
    if not host_header:
        return False
    match = re.match(r"^https?://([^/]+)$", origin.strip().lower())
    return match is not None and match.group(1) == host_header.strip().lower()


def is_loopback(addr: str | None) -> bool:
    try:
        return ipaddress.ip_address(addr or "").is_loopback
    except ValueError:
        return False


class RateLimit:
    """At most `count` events per `seconds` for each key (a sliding window), memory bounded."""

    def __init__(self, count: int, seconds: float, *, max_keys: int = 20_000) -> None:
        self.count, self.seconds, self.max_keys = count, seconds, max_keys
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float | None = None) -> float:
        """Count one event; 0 if allowed, else the seconds to wait before the next one."""
        now = time.monotonic() if now is None else now
        window = self._hits.get(key)
        if window is None:
            if len(self._hits) >= self.max_keys:
                self._prune(now)
            window = self._hits[key] = deque()
        while window and now - window[0] >= self.seconds:
            window.popleft()
        if len(window) >= self.count:
            return max(0.001, self.seconds - (now - window[0]))
        window.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        stale = [k for k, w in self._hits.items() if not w or now - w[-1] >= self.seconds]
        for key in stale:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:  # still full: forget the oldest half
            oldest = sorted(self._hits, key=lambda k: self._hits[k][-1])
            for key in oldest[: len(oldest) // 2]:
                del self._hits[key]
