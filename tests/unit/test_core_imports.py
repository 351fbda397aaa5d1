"""The core (domain, planning, session formats, report, importers) never imports Textual,
aiohttp or TinyDB."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import facilitate

CORE = (
    "facilitate.domain",
    "facilitate.planning",
    "facilitate.session_formats",
    "facilitate.report",
    "facilitate.importers",
)
FORBIDDEN = ("textual", "aiohttp", "tinydb")
ROOT = Path(__file__).resolve().parents[2]


def _core_modules() -> list[str]:
    names = []
    for name in CORE:
        names.append(name)
        module_path = Path(facilitate.__file__).parent / name.split(".", 1)[1]
        if module_path.is_dir():
            for info in pkgutil.walk_packages([str(module_path)], prefix=name + "."):
                names.append(info.name)
    return names


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_loads_without_ui_network_or_storage(module: str) -> None:
    """Importing a core module in a fresh interpreter pulls in none of the forbidden packages."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"


def test_import_linter_contract_holds() -> None:
    """The import-linter contract in pyproject.toml is kept."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed")
    out = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert " kept, 0 broken" in " ".join(out.stdout.split())
