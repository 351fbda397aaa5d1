"""The machine's own IPv4 addresses, found without sending anything on the network."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys


def _by_interface() -> list[str]:
    """Linux: ask the kernel for each interface's address (SIOCGIFADDR); no packet is sent."""
    if not sys.platform.startswith("linux"):
        return []
    import fcntl

    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            packed = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(sock.fileno(), 0x8915, packed)  # SIOCGIFADDR
            except OSError:
                continue
            found.append(socket.inet_ntoa(answer[20:24]))
    return found


def _by_hostname() -> list[str]:
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        return [str(info[4][0]) for info in infos]
    return []


def _by_route() -> list[str]:
    """The address the default route would use: a UDP connect only looks the route up."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent by connect()
        return [sock.getsockname()[0]]
    return []


def lan_addresses() -> list[str]:
    """The machine's IPv4 addresses others on the venue's network can reach (no loopback)."""
    seen: list[str] = []
    for finder in (_by_interface, _by_hostname, _by_route):
        for addr in finder():
            try:
                ip = ipaddress.IPv4Address(addr)
            except ValueError:
                continue
            if ip.is_loopback or ip.is_unspecified or ip.is_link_local or addr in seen:
                continue
            seen.append(addr)
        if seen:
            break
    # private (venue) addresses first: those are what phones on the Wi-Fi will reach
    return sorted(seen, key=lambda a: not ipaddress.IPv4Address(a).is_private)
