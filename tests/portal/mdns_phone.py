"""A phone on the venue's network, for the namespace test: resolve `<name>.local` the way Android's
resolver and `getaddrinfo` do (one-shot mDNS queries from a random port, RFC 6762 section 5.1),
browse `_http._tcp`, then follow the join code over HTTP. Prints what it found as JSON.

    python mdns_phone.py OWN_ADDRESS NAME PORT CODE
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import time
import urllib.request

MDNS = ("224.0.0.251", 5353)
A, PTR = 1, 12


def question(name: str, qtype: int) -> bytes:
    packet = struct.pack(">HHHHHH", 0x4242, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        packet += bytes([len(label)]) + label.encode()
    return packet + b"\0" + struct.pack(">HH", qtype, 1)


def read_name(data: bytes, at: int) -> tuple[str, int]:
    labels, end = [], None
    while True:
        size = data[at]
        if size & 0xC0 == 0xC0:  # a pointer to an earlier name
            if end is None:
                end = at + 2
            at = ((size & 0x3F) << 8) | data[at + 1]
            continue
        at += 1
        if size == 0:
            break
        labels.append(data[at : at + size].decode("utf-8", "replace"))
        at += size
    return ".".join(labels), end if end is not None else at


def records(data: bytes) -> list[tuple[str, int, bytes, int]]:
    """(name, type, rdata, rdata offset) of every answer and additional record."""
    _, _, qd, an, ns, ar = struct.unpack(">HHHHHH", data[:12])
    at = 12
    for _ in range(qd):
        _, at = read_name(data, at)
        at += 4
    out = []
    for _ in range(an + ns + ar):
        name, at = read_name(data, at)
        rtype, _, _, length = struct.unpack(">HHIH", data[at : at + 10])
        at += 10
        out.append((name, rtype, data[at : at + length], at))
        at += length
    return out


def ask(own: str, name: str, qtype: int, timeout: float = 3.0) -> list[tuple[str, int, bytes, int]]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(own))
        sock.bind((own, 0))  # not 5353: a one-shot query, answered by unicast
        sock.settimeout(timeout)
        for _ in range(3):
            sock.sendto(question(name, qtype), MDNS)
            try:
                data, _ = sock.recvfrom(9000)
            except TimeoutError:
                continue
            return [(n, t, r, o) for n, t, r, o in records(data)] + [("", -1, data, 0)]
    return []


def main() -> None:
    own, name, port, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    host = f"{name}.local"
    services: list[str] = []
    found: dict[str, object] = {
        "address": None,
        "services": services,
        "status": None,
        "title": False,
    }
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and found["address"] is None:
        answers = ask(own, host, A)
        for rname, rtype, rdata, _ in answers:
            if rtype == A and rname.lower() == host:
                found["address"] = socket.inet_ntoa(rdata)
        if found["address"] is None:
            time.sleep(0.5)
    answers = ask(own, "_http._tcp.local", PTR)
    data = answers[-1][2] if answers else b""
    for _, rtype, _, offset in answers:
        if rtype == PTR:
            services.append(read_name(data, offset)[0])
    if found["address"]:
        request = urllib.request.Request(
            f"http://{found['address']}:{port}/{code}", headers={"Host": f"{host}:{port}"}
        )
        opener = urllib.request.build_opener(urllib.request.HTTPRedirectHandler())
        with opener.open(request, timeout=10) as reply:
            found["status"] = reply.status
            found["url"] = reply.url
            found["title"] = "Shared mobility" in reply.read().decode()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
