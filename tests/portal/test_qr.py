"""QR codes decode, with a real decoder, to the URLs they were made for."""

from __future__ import annotations

import re

from qr_decode import decode_matrix, text_to_matrix

from facilitate.reach.qr import qr_matrix, qr_svg, qr_text

URL = "http://192.168.1.20:8765/j/Zx8kq0_Xc3V9sY2mLp4Tqw/t/table-covoiturage"


def test_a_table_code_decodes_to_the_table_url() -> None:
    """A phone's scanner reads back exactly the table's URL."""
    assert decode_matrix(qr_matrix(URL)) == [URL]


def test_the_terminal_code_decodes_too() -> None:
    """The half-block code drawn in the terminal is the same, scannable code."""
    text = qr_text(URL)
    assert set(text) <= {"\u2588", "\u2580", "\u2584", " ", "\n"}
    assert decode_matrix(text_to_matrix(text)) == [URL]
    inverted = text_to_matrix(qr_text(URL, invert=True))
    assert decode_matrix([[not c for c in row] for row in inverted]) == [URL]


def test_the_svg_is_self_contained_and_sized_for_print() -> None:
    """The print SVG needs no outside file and has the size asked for."""
    svg = qr_svg(URL, size_mm=60, label='Table "Gare" <1>')
    assert svg.startswith("<svg") and 'width="60mm"' in svg
    assert "href" not in svg and "<image" not in svg and "<script" not in svg
    assert "&lt;1&gt;" in svg and "&quot;Gare&quot;" in svg
    n = len(qr_matrix(URL))
    assert f'viewBox="0 0 {n} {n}"' in svg
    dark = sum(int(w) for w in re.findall(r"h(\d+)v1", svg))
    assert dark == sum(sum(row) for row in qr_matrix(URL))
