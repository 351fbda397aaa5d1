"""QR codes of the join and table URLs: a module matrix, inline SVG for print, half blocks for a terminal."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of light margin around the code, as the standard asks


def qr_matrix(text: str, *, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The code's modules, True for dark, with the quiet zone included (rows of equal length)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_svg(text: str, *, size_mm: float = 50.0, label: str = "") -> str:
    """An inline SVG (no outside asset): dark runs of each row as one path, crisp edges."""
    matrix = qr_matrix(text)
    n = len(matrix)
    parts: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    title = f"<title>{_escape(label or text)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" '
        f'width="{size_mm:g}mm" height="{size_mm:g}mm" shape-rendering="crispEdges" '
        f'role="img">{title}<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>'
    )


def qr_text(text: str, *, invert: bool = False) -> str:
    """The code in half-block characters, two module rows per line, one module per column.

    A block stands for a dark module: show it dark on light (for instance Rich/Textual style
    "black on white"). `invert=True` draws the light modules instead, for a plain terminal
    with light characters on a dark background.
    """
    matrix = qr_matrix(text)
    if invert:
        matrix = [[not cell for cell in row] for row in matrix]
    if len(matrix) % 2:
        matrix.append([invert] * len(matrix[0]))
    glyphs = {
        (True, True): "\u2588",
        (True, False): "\u2580",
        (False, True): "\u2584",
        (False, False): " ",
    }
    lines = []
    for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True):
        lines.append("".join(glyphs[(a, b)] for a, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


def _escape(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
