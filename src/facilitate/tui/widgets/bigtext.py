"""Digits drawn as large as the widget allows, for a countdown read from the back of a room."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static

# 5 x 7 glyphs; '#' is ink.
GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": (" ### ", "#   #", "    #", "  ## ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": (" ### ", "#    ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "    #", " ### "),
    ":": ("     ", "  #  ", "  #  ", "     ", "  #  ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    "+": ("     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "),
    " ": ("     ",) * 7,
}
ROWS = 7
GAP = 1  # blank columns between glyphs


def bitmap(text: str) -> list[str]:
    """The text as rows of '#' and ' ' (unknown characters are blank)."""
    glyphs = [GLYPHS.get(ch, GLYPHS[" "]) for ch in text]
    return [(" " * GAP).join(g[row] for g in glyphs) for row in range(ROWS)]


def render_big(text: str, width: int, height: int) -> str:
    """Scale the bitmap by whole steps to fill width x height cells (two pixels per cell row)."""
    rows = bitmap(text)
    cols = len(rows[0]) if rows else 0
    if not cols or width <= 0 or height <= 0:
        return text
    scale_x = max(1, width // cols)
    scale_y = max(1, (height * 2) // ROWS)
    scale_y = min(scale_y, scale_x * 2)  # keep the digits from stretching taller than wide
    if width < cols or height * 2 < ROWS:
        return text  # too small for drawn digits: plain text still reads
    pixels = [row for row in rows for _ in range(scale_y)]
    if len(pixels) % 2:
        pixels.append(" " * cols)
    lines = []
    for top, bottom in zip(pixels[0::2], pixels[1::2], strict=True):
        line = []
        for a, b in zip(top, bottom, strict=True):
            ch = "█" if a == "#" and b == "#" else "▀" if a == "#" else "▄" if b == "#" else " "
            line.append(ch * scale_x)
        lines.append("".join(line))
    return "\n".join(lines)


class BigDigits(Static):
    """A drop-in for Textual's Digits (`update(text)`) that fills all the space it is given."""

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)  # Static's own arguments (id, classes...)
        self.value = value

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """The digits to draw (Static's signature: `layout` is moot, the size never changes)."""
        self.value = str(content)
        self.refresh()

    def render(self) -> Text:
        return Text(render_big(self.value, self.size.width, self.size.height), no_wrap=True)
