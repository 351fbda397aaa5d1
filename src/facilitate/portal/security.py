"""The portal's defences for a Wi-Fi shared with strangers: hosts, origins, sizes, rates, headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

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
# the cookie: "<device id>.<signature>", 16 + 1 + 22 URL-safe characters
_DEVICE_RE = re.compile(r"^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$")
# New device ids one address may get in one step. While a vote or a debate runs, a few (a phone
# that lost its cookie): more would let one phone that clears its cookies vote again and again.
# In the other steps, a room: up to 300 phones may sit behind one address (a venue's NAT), and
# they get their ids as they arrive, before the vote, which keeps them.
DEVICE_CAP = 4
ARRIVAL_CAP = 300
DECIDING_KINDS = ("vote", "debate", "agreement", "statements")


def new_device_id() -> str:
    """A bare device id (unsigned): `issue_device` signs one for a cookie."""
    return secrets.token_urlsafe(12)


def valid_device_id(value: str | None) -> bool:
    """The cookie has the shape of a signed device id (`verify_device` checks the signature)."""
    return bool(value) and bool(_DEVICE_RE.match(value or ""))


def _signature(secret: bytes, device: str) -> str:
    mac = hmac.new(secret, b"fdev:" + device.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode()[:22]


def issue_device(secret: bytes) -> tuple[str, str]:
    """A new device id and its cookie value, signed with HMAC-SHA256 by the session's secret."""
    device = new_device_id()
    return device, f"{device}.{_signature(secret, device)}"


def verify_device(secret: bytes, cookie: str | None) -> str | None:
    """The device id of a cookie this portal issued; None for a missing, made-up or altered one."""
    match = _DEVICE_RE.match(cookie or "")
    if match is None or not secret:
        return None
    device, signature = match.groups()
    return device if hmac.compare_digest(signature, _signature(secret, device)) else None


@dataclass(frozen=True)
class DeviceCount:
    """New device ids handed out in one step: how many, from how many addresses, and the
    addresses that reached the cap (with their count)."""

    issued: int
    addresses: int
    capped: tuple[tuple[str, int], ...]
    refused: int


class DeviceIds:
    """Device ids for votes and positions: minted only when a page is served, signed, capped.

    A post counts only with a cookie this portal signed (so a made-up `fdev` places nothing);
    one address gets at most `per_address` new ids per step (clearing cookies or a private tab
    does not make a new voter more than that), and the count is there for the facilitator."""

    def __init__(
        self,
        secret: str | bytes,
        *,
        per_address: int = DEVICE_CAP,
        arriving: int = ARRIVAL_CAP,
        max_keys: int = 20_000,
    ) -> None:
        self.secret = secret.encode() if isinstance(secret, str) else secret
        self.per_address, self.arriving, self.max_keys = per_address, arriving, max_keys
        self._issued: dict[tuple[str | None, str], int] = {}
        self._refused: dict[str | None, int] = {}

    def verify(self, cookie: str | None) -> str | None:
        return verify_device(self.secret, cookie)

    def issue(
        self, address: str, step: str | None, *, deciding: bool = True
    ) -> tuple[str, str] | None:
        """(device id, cookie) for a phone opening a page, or None once its address is capped
        (`per_address` while a vote or debate runs, `arriving` in the other steps)."""
        key = (step, address)
        count = self._issued.get(key, 0)
        if count >= (self.per_address if deciding else self.arriving):
            self._refused[step] = self._refused.get(step, 0) + 1
            return None
        if key not in self._issued and len(self._issued) >= self.max_keys:
            self._issued = {k: n for k, n in self._issued.items() if k[0] == step}
            if len(self._issued) >= self.max_keys:  # still full: this step forgets its oldest
                self._issued = dict(list(self._issued.items())[self.max_keys // 2 :])
        self._issued[key] = count + 1
        return issue_device(self.secret)

    def count(self, step: str | None) -> DeviceCount:
        mine = {a: n for (s, a), n in self._issued.items() if s == step}
        capped = tuple(sorted((a, n) for a, n in mine.items() if n >= self.per_address))
        return DeviceCount(sum(mine.values()), len(mine), capped, self._refused.get(step, 0))


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
