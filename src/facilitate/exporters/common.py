"""What every exporter shares: atomic file writes and loading a session without locking it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from facilitate.domain.session import Session
from facilitate.report.document import Grid


def load_session(folder: Path) -> Session:
    """Read a session folder without taking its lock (a TUI may hold it)."""
    from facilitate.store import read_session

    return read_session(folder)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # readable like any file the user saves (mkstemp gives 0600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def column_shares(grid: Grid, page_cm: float, char_cm: float = 0.19) -> list[float]:
    """Column widths as shares of the page: each column's longest word fits, the rest of the
    width goes by how much text a column holds. `char_cm` is the width of one character (bold,
    to be safe) in the document's body font."""
    n = len(grid.headers)
    minimum, weights = [], []
    for k in range(n):
        texts = [grid.headers[k]] + [r[k] for r in grid.rows if k < len(r)]
        word = max((len(w) for x in texts for w in x.split()), default=0)  # words do not break
        minimum.append(min((word + 1) * char_cm + 0.3, page_cm / 3))  # + the cell padding
        weights.append(min(max(len(x) for x in texts), 60))
    spare = max(0.0, page_cm - sum(minimum))
    total = sum(weights) or 1
    widths = [m + spare * w / total for m, w in zip(minimum, weights, strict=True)]
    scale = page_cm / sum(widths)
    return [w * scale / page_cm for w in widths]
