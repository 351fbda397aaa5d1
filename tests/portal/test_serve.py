"""`facilitate serve`: the join URL on the first line, then the tables; stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from portal_session import build_session

from facilitate.domain.clock import ManualClock
from facilitate.service import SessionService


def _session(tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    svc = asyncio.run(build_session(folder, ManualClock("2026-03-12T09:00:00+01:00")))
    svc.close()
    return folder


def _serve(folder: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FACILITATE_LANG": "en", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "facilitate.cli", "serve", str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    """Lines of the server's stdout as they come, read by a thread (no blocking read in the test)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_serve_prints_the_join_url_first_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The first line is a working join URL; the table URLs follow; SIGTERM ends it with 0."""
    folder = _session(tmp_path)
    proc = _serve(folder, "--port", "0")
    try:
        lines = _lines(proc)
        url = lines.get(timeout=30)
        assert url.startswith("http://127.0.0.1:") and url.endswith(f"/j/tok-{'a' * 20}/")
        tables = [lines.get(timeout=10) for _ in range(3)]
        assert tables[0] == url + "t/table-gare"
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200 and "Table Covoiturage" in r.read().decode()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    SessionService.open(folder).close()  # the lock was released: the session opens again


def test_serve_on_a_taken_port_exits_2_with_one_line(tmp_path: Path) -> None:
    """A port already in use gives one clear line and status 2, no traceback."""
    folder = _session(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(folder, "--port", str(port))
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert out == ""
    assert "already in use" in err and "Traceback" not in err
