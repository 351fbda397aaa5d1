"""Commands killed with SIGKILL mid-way (export, restore) leave nothing half-written, lose nothing."""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitate.demo import build_demo
from facilitate.store import read_session_tables

KILLS = 12


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "2026-03-12-atelier"
    asyncio.run(build_demo(folder)).close()
    return folder


def start(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "facilitate.cli", "--lang", "en", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def duration(*args: str) -> float:
    """How long the command takes to the end on this machine now (kills land within it)."""
    began = time.monotonic()
    child = start(*args)
    child.communicate(timeout=120)
    assert child.returncode == 0
    return time.monotonic() - began


def kill_after(child: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL the child after `seconds` unless it ended first; True if it was killed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if child.poll() is not None:
            child.communicate()
            return False
        time.sleep(0.002)
    child.kill()
    child.communicate()
    return True


def test_an_export_killed_at_any_moment_leaves_whole_files_or_none(
    demo: Path, tmp_path: Path
) -> None:
    """Each export file is either absent or complete (the JSON parses, the CSV ends its last row)."""
    rng = random.Random(20261201)
    out = tmp_path / "out"
    before = read_session_tables(demo)
    command = ("export", str(demo), "--to", "md,csv,json", "--out", str(out))
    whole = duration(*command)
    shutil.rmtree(out)
    killed = 0
    for _ in range(KILLS):
        child = start(*command)
        killed += kill_after(child, rng.uniform(0.3, 0.95) * whole)
        for path in out.glob("*"):
            if path.name.startswith("."):
                continue  # a temporary file, never under the export's own name
            data = path.read_bytes()
            if path.suffix == ".json":
                json.loads(data)
            else:
                assert data.endswith(b"\n"), path
    assert killed >= 3  # the kills really landed mid-way
    assert read_session_tables(demo) == before


def test_a_restore_killed_at_any_moment_can_be_run_again_and_loses_nothing(
    demo: Path, tmp_path: Path
) -> None:
    """Killed mid-restore, the session is still either damaged (restore again) or whole."""
    rng = random.Random(7)
    expected = read_session_tables(demo)["contributions"]
    probe = tmp_path / "probe"
    shutil.copytree(demo, probe, ignore=shutil.ignore_patterns("session.lock"))
    (probe / "session.json").write_bytes(b"{damaged")
    whole = duration("restore", str(probe))
    killed = 0
    for i in range(KILLS):
        folder = tmp_path / f"s{i}"
        shutil.copytree(demo, folder, ignore=shutil.ignore_patterns("session.lock"))
        (folder / "session.json").write_bytes(b"{damaged")
        child = start("restore", str(folder))
        killed += kill_after(child, rng.uniform(0.3, 0.95) * whole)
        again = start("restore", str(folder))
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        assert b"Traceback" not in err
        assert read_session_tables(folder)["contributions"] == expected
    assert killed >= 3
