"""The participants' portal: phone pages served from the laptop, in the TUI's event loop.

`Portal` (app.py) is the app; `serve_forever` (serve.py) is `facilitate serve`. They are
imported on first use, so that a module of the package (arrivals, security) does not load
aiohttp and the templates with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitate.portal.app import Portal, PortInUseError
    from facilitate.portal.serve import reach_lines, serve_forever

__all__ = ["PortInUseError", "Portal", "reach_lines", "serve_forever"]
_HOMES = {
    "Portal": "app",
    "PortInUseError": "app",
    "reach_lines": "serve",
    "serve_forever": "serve",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
