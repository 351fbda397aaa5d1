"""Decode QR codes in tests with a real decoder (zxing-cpp), from a module matrix or a terminal text."""

from __future__ import annotations

import pytest


def matrix_image(matrix: list[list[bool]], scale: int = 4) -> memoryview:
    """A grayscale image (dark modules black) as a buffer of shape (height, width)."""
    rows = []
    for row in matrix:
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        rows.extend([line] * scale)
    height, width = len(rows), len(rows[0])
    return memoryview(b"".join(rows)).cast("B", (height, width))


def decode_matrix(matrix: list[list[bool]]) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (pip) decodes the QR codes")
    return [code.text for code in zxingcpp.read_barcodes(matrix_image(matrix))]


def text_to_matrix(text: str) -> list[list[bool]]:
    """Back from half-block characters to modules (a block is a dark module)."""
    top = {
        "\u2588": (True, True),
        "\u2580": (True, False),
        "\u2584": (False, True),
        " ": (False, False),
    }
    matrix: list[list[bool]] = []
    for line in text.split("\n"):
        pairs = [top[ch] for ch in line]
        matrix.append([a for a, _ in pairs])
        matrix.append([b for _, b in pairs])
    return matrix
