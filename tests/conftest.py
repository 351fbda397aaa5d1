"""Fixtures shared by every test: a fixed clock, sessions in tmp_path, nothing from the home."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from facilitate.domain.clock import ManualClock

DEMO_START = "2026-03-12T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's home and the repository's sessions/."""
    monkeypatch.setenv("FACILITATE_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACILITATE_LANG", "en")
    os.makedirs(tmp_path / "home", exist_ok=True)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DEMO_START)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo session built once with a fixed clock and token; copy it before changing it."""
    from facilitate.demo import build_demo

    folder = tmp_path_factory.mktemp("demo") / "demo-session"
    svc = asyncio.run(build_demo(folder, clock=ManualClock(DEMO_START), token="demo-token"))
    svc.close()
    (folder / "session.lock").unlink(missing_ok=True)
    return folder


@pytest.fixture
def demo_folder(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo session."""
    from facilitate.store.store import copy_session

    dst = tmp_path / "sessions" / "2026-03-12-demo"
    dst.parent.mkdir(parents=True, exist_ok=True)
    copy_session(demo_template, dst)
    return dst
