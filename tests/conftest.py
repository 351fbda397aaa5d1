"""Fixtures shared by every test: a fixed clock, sessions in tmp_path, nothing from the home."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

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
def no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards written without their PDF, as where Chromium is missing: tests of the sheet read
    its HTML (tests/portal/test_cards.py prints the PDF, marked `browser`)."""
    monkeypatch.setattr("facilitate.printables.cards.CHROMIUM", tmp_path / "no-chromium")


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


# --- the programs some tests need: Chromium (`browser`) and LibreOffice (`office`) -----------
# A test that starts one carries the marker, so `pytest -m "not browser and not office"` runs
# everything else on a machine without them. The check below watches every program started
# while a test runs, its module and session fixtures included (subprocess.Popen, which
# subprocess.run and asyncio's subprocesses use), and fails a test that starts Chromium,
# Playwright's driver (which starts Chromium) or LibreOffice without the marker.
PROGRAMS = {
    "browser": ("chromium", "chrome", "headless_shell"),
    "office": ("soffice", "libreoffice"),
}


def program_marker(args: Any, executable: Any = None) -> str | None:
    """The marker a command needs: "browser", "office" or None."""
    argv = str(args).split() if isinstance(args, str | bytes | os.PathLike) else list(args)
    if not argv:
        return None
    if "run-driver" in (str(a) for a in argv[1:]):  # Playwright's driver, which runs Chromium
        return "browser"
    program = os.path.basename(os.fsdecode(executable or argv[0])).lower()
    return next((m for m, names in PROGRAMS.items() if program.startswith(names)), None)


class _Programs:
    """The markers of the test being run, and the programs it started without theirs."""

    marks: ClassVar[set[str]] = set()
    unmarked: ClassVar[list[str]] = []
    popen_init: ClassVar[Any] = None

    @staticmethod
    def init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kw: Any) -> None:
        marker = program_marker(args, kw.get("executable"))
        if marker is not None and marker not in _Programs.marks:
            first = args[0] if isinstance(args, list | tuple) else args
            _Programs.unmarked.append(f"{first} (marker {marker})")
        _Programs.popen_init(self, args, *rest, **kw)


def pytest_configure(config: pytest.Config) -> None:
    _Programs.popen_init = subprocess.Popen.__init__
    subprocess.Popen.__init__ = _Programs.init  # type: ignore[method-assign]


def pytest_unconfigure(config: pytest.Config) -> None:
    if _Programs.popen_init is not None:
        subprocess.Popen.__init__ = _Programs.popen_init  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of the test is made: its markers, nothing started yet."""
    _Programs.marks = {mark.name for mark in item.iter_markers()}
    _Programs.unmarked = []


@pytest.fixture(autouse=True)
def _programs_are_marked() -> Iterator[None]:
    """Fail a test that started Chromium or LibreOffice without the `browser`/`office` marker."""
    yield
    if _Programs.unmarked:
        started = ", ".join(sorted(set(_Programs.unmarked)))
        pytest.fail(
            f"this test starts {started}: mark it so (see the markers in pyproject.toml)",
            pytrace=False,
        )
