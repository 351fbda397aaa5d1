"""What every exporter shares: loading a session without locking it, XML text, and the page plan
of the paginated documents (column widths where no word breaks, landscape pages). Files are
written whole by `facilitate.paths.write_atomic`."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from facilitate.domain.session import Session
from facilitate.report.document import Block, Document, Grid, Heading, Para

# A4 with 2 cm margins: the text width of a portrait and of a landscape page.
PORTRAIT_CM = 17.0
LANDSCAPE_CM = 25.7
CELL_PT = 9.0  # table text
CELL_PADDING_CM = 0.26  # both sides of a cell (0.1 cm each, 0.08 in ODT), its borders, room
CHAR_CM = 0.19  # an average character of the table text, to size columns to their content
_PT_CM = 2.54 / 72
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def load_session(folder: Path) -> Session:
    """Read a session folder without taking its lock (a TUI may hold it)."""
    from facilitate.store import read_session

    return read_session(folder)


def xml_text(text: str) -> str:
    """Text for an XML element or attribute: escaped, without the characters XML forbids."""
    text = _INVALID_XML.sub("", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


# -- measuring words -------------------------------------------------------------------------

# The widest of the fonts a reader's office suite may use for the declared Arial (DejaVu Sans
# is about 12 % wider than Arial and Liberation Sans): a word measured with it fits in any.
_FONT_FILES = {
    False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"),
    True: ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf"),
}


@lru_cache(maxsize=2)
def _font(bold: bool) -> object | None:
    from PIL import ImageFont

    for name in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(name, 100)
        except OSError:
            continue
    return None


@lru_cache(maxsize=65536)
def word_cm(word: str, bold: bool = False, size_pt: float = CELL_PT) -> float:
    """The printed width of `word` in centimetres."""
    font = _font(bold)
    if font is None:  # no font file: a generous average advance
        return len(word) * size_pt * (0.62 if bold else 0.58) * _PT_CM
    length = font.getlength(word)  # type: ignore[attr-defined]
    return float(length) / 100 * size_pt * _PT_CM


_PIECE = re.compile(r"[^-]+-?|-")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break spaces: they hold words together


def _words(text: str) -> list[str]:
    """The unbreakable pieces of a text: words, cut after a hyphen (a line may break there)."""
    out: list[str] = []
    for w in _SPACES.split(text):
        if not w:
            continue
        if "-" in w:
            out += _PIECE.findall(w)
        else:
            out.append(w)
    return out


@dataclass
class Plan:
    """A table's column widths (cm) and whether it needs a landscape page."""

    widths: list[float]
    landscape: bool

    @property
    def total(self) -> float:
        return sum(self.widths)


def plan(grid: Grid) -> Plan:
    """Widths where each column's longest word fits on one line; the rest of the page goes to
    the columns with the most text. A table whose words cannot fit a portrait page gets a
    landscape one."""
    n = len(grid.headers)
    numeric = set(grid.numeric)
    longest: list[list[tuple[int, str, bool]]] = [[] for _ in range(n)]
    chars = [0] * n
    line = [max((len(x) for x in h.split("\n")), default=0) for h in grid.headers]
    for k, head in enumerate(grid.headers):
        for w in _words(head):
            heapq.heappush(longest[k], (len(w), w, True))
    for i, row in enumerate(grid.rows):
        bold = grid.flags[i] if i < len(grid.flags) else False
        for k, cell in enumerate(row[:n]):
            chars[k] += len(cell)
            line[k] = max(line[k], max(len(x) for x in cell.split("\n")) if cell else 0)
            heap = longest[k]
            for w in _words(cell):
                if len(heap) < 6:
                    heapq.heappush(heap, (len(w), w, bold))
                elif len(w) >= heap[0][0] and (len(w), w, bold) > heap[0]:
                    heapq.heapreplace(heap, (len(w), w, bold))
    cap = PORTRAIT_CM / 3  # a longer word (an address) may break; it cannot take the page
    minimum = [
        min(max((word_cm(w, b) for _, w, b in longest[k]), default=0.4), cap) + CELL_PADDING_CM
        for k in range(n)
    ]
    rows = max(1, len(grid.rows))
    weights = [0.0 if k in numeric else min(chars[k] / rows, 60.0) + 1.0 for k in range(n)]
    need = sum(minimum)
    # what the text would take on one line per cell: a table that small keeps that width
    content = [max(m, x * CHAR_CM + CELL_PADDING_CM) for m, x in zip(minimum, line, strict=True)]
    if sum(content) <= PORTRAIT_CM:
        return Plan(content, False)
    landscape = need > PORTRAIT_CM
    page = LANDSCAPE_CM if landscape else PORTRAIT_CM
    if need >= page:
        return Plan([m * page / need for m in minimum], landscape)
    total = sum(weights) or 1.0
    # room shared by the text columns, each grown at most to what its text would take
    widths = [m + (page - need) * w / total for m, w in zip(minimum, weights, strict=True)]
    return Plan(widths, landscape)


def plans(blocks: list[Block]) -> dict[int, Plan]:
    """The plan of every table of `blocks`, by its index."""
    return {i: plan(b) for i, b in enumerate(blocks) if isinstance(b, Grid)}


def document_plans(doc: Document) -> dict[int, Plan]:
    """The plans of a document's tables, worked out once for all its formats."""
    found = doc.cache.get("plans")
    if not isinstance(found, dict):
        found = doc.cache["plans"] = plans(doc.blocks)
    return found


def sections(blocks: list[Block], table_plans: dict[int, Plan]) -> list[tuple[bool, list[int]]]:
    """Runs of block indexes, each on portrait or landscape pages. A landscape run takes the
    headings just before its tables and the note just after, so they stay together."""

    def wide(i: int) -> bool:
        return i in table_plans and table_plans[i].landscape

    def heads_a_wide_table(i: int) -> bool:
        j = i
        while j < len(blocks) and isinstance(blocks[j], Heading):
            j += 1
        return j < len(blocks) and wide(j)

    out: list[tuple[bool, list[int]]] = []
    current: list[int] = []
    landscape = False
    for i, block in enumerate(blocks):
        if wide(i) and not landscape:
            moved: list[int] = []
            while current and isinstance(blocks[current[-1]], Heading):
                moved.insert(0, current.pop())
            if current:
                out.append((False, current))
            current, landscape = moved, True
        elif landscape and not wide(i):
            note = isinstance(block, Para) and block.style == "note"
            if not note and not (isinstance(block, Heading) and heads_a_wide_table(i)):
                out.append((True, current))
                current, landscape = [], False
        current.append(i)
    if current:
        out.append((landscape, current))
    return out
