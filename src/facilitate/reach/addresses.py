"""How phones find the laptop: its stable name, a join code to type, the URLs a card prints.

Cards are printed the day before, at the office; the laptop gets another address at the venue.
So a card never carries an address: it carries a *name* the laptop advertises itself on the
venue's network (mDNS, see `advertise.py`), plus a short code a person can type after that
name, or after the address the facilitator's screen shows when a phone does not resolve names.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import socket
from urllib.parse import quote, urlsplit

DEFAULT_PORT = 8765  # fixed, so that the address printed on a card is still right at the venue
NAME_ENV = "FACILITATE_NAME"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U
CODE_LENGTH = 6  # 30 bits; wrong guesses are limited per address (see portal/guard.py)
_CODE_PATH = re.compile(r"^/([0-9A-Za-z]{3}-?[0-9A-Za-z]{3})(?:/(\d{1,6}))?/?$")
_LABEL = re.compile(r"[^a-z0-9-]+")


def venue_name(hostname: str | None = None) -> str:
    """The one-label name this laptop answers to as `<name>.local`, the same every day.

    `FACILITATE_NAME` chooses it; otherwise `facilitate-<this computer's name>`, which does not
    clash with the name the system itself may already advertise (Avahi, Bonjour, Windows).
    """
    wanted = os.environ.get(NAME_ENV, "").strip()
    if not wanted:
        host = (hostname if hostname is not None else socket.gethostname()).split(".")[0]
        wanted = f"facilitate-{host}" if host else "facilitate"
    label = _LABEL.sub("-", wanted.lower().removesuffix(".local")).strip("-")
    label = re.sub(r"-{2,}", "-", label)[:40].strip("-")
    return label or "facilitate"


def stable_base(port: int = DEFAULT_PORT, name: str | None = None) -> str:
    """`http://<name>.local:<port>`: the base of every address printed on a card."""
    return f"http://{name or venue_name()}.local:{port}"


def join_code(token: str) -> str:
    """Six characters a person can type, derived from the token (a new token, a new code)."""
    digest = hashlib.sha256(b"facilitate-join\0" + token.encode()).digest()
    number = int.from_bytes(digest[:4], "big") >> 2  # 30 bits
    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(CODE_ALPHABET[digit])
    return "".join(chars)


def show_code(code: str) -> str:
    """`K7M2QP` as people read it aloud and type it: `K7M-2QP`."""
    return f"{code[:3]}-{code[3:]}"


def normalise_code(text: str) -> str:
    """What a person typed, in the code's alphabet: case, dashes and look-alikes forgiven."""
    text = text.strip().upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans("OIL", "011"))


def code_path(path: str) -> tuple[str, int | None] | None:
    """(normalised code, table id or None) when `path` looks like `/K7M-2QP` or `/K7M2QP/3`."""
    match = _CODE_PATH.match(path)
    if match is None:
        return None
    table = int(match.group(2)) if match.group(2) else None
    return normalise_code(match.group(1)), table


def join_url(base: str, token: str) -> str:
    """The session's page for phones: `<base>/j/<token>/` (what the join QR code carries)."""
    return f"{base}/j/{token}/"


def table_url(base: str, token: str, slug: str) -> str:
    """A table's page for phones: what its card's QR code carries, and the portal prints."""
    return f"{base}/j/{token}/t/{quote(slug)}"


def short_address(base: str, code: str, table: int | None = None) -> str:
    """The address to type instead of scanning: `name.local:8765/K7M-2QP/3`, no scheme."""
    host = base.removeprefix("http://").removeprefix("https://").rstrip("/")
    return f"{host}/{show_code(code)}" + (f"/{table}" if table is not None else "")


def is_loopback_host(host: str) -> bool:
    """127.0.0.1, ::1, localhost, 0.0.0.0: an address that leads a phone to itself, or nowhere."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def loopback_url(url: str) -> bool:
    """True when a join or base URL's host is loopback (no phone can follow it)."""
    try:
        host = urlsplit(url if "//" in url else f"http://{url}").hostname or ""
    except ValueError:
        return False
    return is_loopback_host(host)


def by_name(host_header: str | None) -> bool:
    """The phone asked for the laptop by its `.local` name (not by a numeric address)."""
    host = (host_header or "").split(":")[0].strip().lower()
    return host.endswith(".local")
