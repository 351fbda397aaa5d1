"""The check of tests/conftest.py: a test that starts Chromium or LibreOffice carries its marker."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


@pytest.fixture
def conftest(request: pytest.FixtureRequest) -> ModuleType:
    plugin = request.config.pluginmanager.get_plugin(str(CONFTEST))
    assert isinstance(plugin, ModuleType), "tests/conftest.py is not loaded under its path"
    return plugin


def test_commands_are_told_apart(conftest: ModuleType) -> None:
    """Chromium, Playwright's driver and LibreOffice need a marker; other programs none."""
    marker = conftest.program_marker
    assert marker(["/usr/bin/chromium", "--headless", "--print-to-pdf=x.pdf"]) == "browser"
    assert marker(["/venv/playwright/driver/node", "cli.js", "run-driver"]) == "browser"
    assert marker(["/usr/bin/soffice", "--headless", "--convert-to", "pdf"]) == "office"
    assert marker("libreoffice --headless --convert-to pdf") == "office"
    assert marker(["x"], executable="/usr/lib/libreoffice/program/soffice") == "office"
    assert marker([Path("/usr/bin/python3"), "-m", "facilitate"]) is None
    assert marker(["ip", "netns", "exec", "phone", "python3", "mdns_phone.py"]) is None


def test_a_program_started_without_its_marker_is_named(
    conftest: ModuleType, tmp_path: Path
) -> None:
    """A program called soffice started by an unmarked test is recorded for its failure."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    subprocess.run([str(fake), "--headless"], check=True)
    assert conftest._Programs.unmarked == [f"{fake} (marker office)"]
    conftest._Programs.unmarked.clear()  # started on purpose: this test must not fail for it


@pytest.mark.office
def test_a_marked_test_may_start_its_program(conftest: ModuleType, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    subprocess.run([str(fake)], check=True)
    assert conftest._Programs.unmarked == []
