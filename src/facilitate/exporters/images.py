"""The report's charts as PNG images (for ODT and DOCX), drawn with Pillow."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from facilitate.report.charts import COLOURS
from facilitate.report.model import Charts

SCALE = 2  # drawn at twice the size so the charts stay sharp when printed


# Pillow's built-in font has no accents: a system font that has them is preferred.
_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONTS:
        try:
            return ImageFont.truetype(name, size * SCALE)
        except OSError:
            continue
    return ImageFont.load_default(size=size * SCALE)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False, compress_level=3)
    return buf.getvalue()


def png_bars(
    rows: list[tuple[str, list[int]]],
    legend: list[str] | None = None,
    *,
    label_w: int = 300,
    width: int = 640,
) -> bytes:
    """Horizontal bars: one group per row, one bar per value, the value written after it."""
    s = SCALE
    per = max((len(v) for _, v in rows), default=1)
    bar_h, gap, top = 16, 8, 26 if legend else 6
    group = bar_h * per + gap
    height = top + max(1, len(rows)) * group + 6
    img = Image.new("RGB", (width * s, height * s), "white")
    draw = ImageDraw.Draw(img)
    font, small = _font(11), _font(10)
    peak = max((max(v) for _, v in rows if v), default=0) or 1
    span = width - label_w - 50
    if legend:
        x = label_w
        for k, name in enumerate(legend):
            draw.rectangle([x * s, 6 * s, (x + 12) * s, 18 * s], fill=COLOURS[k % len(COLOURS)])
            draw.text(((x + 16) * s, 6 * s), name, fill="black", font=small)
            x += 200
    for i, (label, values) in enumerate(rows):
        y = top + i * group
        text = _short(label, 48 if label_w > 200 else 24)
        tw = draw.textlength(text, font=font)
        draw.text(((label_w - 6) * s - tw, (y + 1) * s), text, fill="black", font=font)
        for k, value in enumerate(values):
            w = max(1, round(span * value / peak)) if value else 0
            yy = y + k * bar_h
            if w:
                draw.rectangle(
                    [label_w * s, yy * s, (label_w + w) * s, (yy + bar_h - 3) * s],
                    fill=COLOURS[k % len(COLOURS)],
                )
            draw.text(((label_w + w + 4) * s, yy * s), str(value), fill="black", font=small)
    return _png(img)


def png_votes(charts: Charts) -> bytes:
    return png_bars([(label, [v]) for label, v in charts.votes])


def png_participation(charts: Charts, legend: tuple[str, str]) -> bytes:
    return png_bars(
        [(name, [a, b]) for name, a, b in charts.participation], list(legend), label_w=160
    )


def png_shared(charts: Charts) -> bytes:
    """Territory × territory grid of shared tensions (names down the side, numbers across)."""
    s = SCALE
    names = charts.shared_territories
    cell, label_w, top = 44, 170, 24
    width = label_w + cell * len(names) + 10
    height = top + cell * len(names) + 10
    img = Image.new("RGB", (width * s, height * s), "white")
    draw = ImageDraw.Draw(img)
    font = _font(11)
    peak = max(charts.shared.values(), default=0) or 1
    for j, _name in enumerate(names):
        draw.text(
            ((label_w + j * cell + cell // 2 - 4) * s, 4 * s), str(j + 1), fill="black", font=font
        )
    for i, row in enumerate(names):
        y = top + i * cell
        text = f"{i + 1}. {_short(row, 22)}"
        tw = draw.textlength(text, font=font)
        draw.text(((label_w - 6) * s - tw, (y + cell // 2 - 7) * s), text, fill="black", font=font)
        for j, col in enumerate(names):
            x = label_w + j * cell
            n = 0 if i == j else charts.shared.get((row, col), 0)
            shade = round(235 - 170 * n / peak) if n else 245
            fill = (221, 221, 221) if i == j else (shade, min(245, shade + 10), 255)
            draw.rectangle([x * s, y * s, (x + cell - 2) * s, (y + cell - 2) * s], fill=fill)
            if n:
                colour = "white" if n / peak > 0.5 else "black"
                draw.text(
                    ((x + cell // 2 - 5) * s, (y + cell // 2 - 8) * s),
                    str(n),
                    fill=colour,
                    font=font,
                )
    return _png(img)


_DRAWN: dict[tuple[int, str, tuple[str, str]], tuple[Charts, bytes, int, int]] = {}


def chart_png(charts: Charts, kind: str, legend: tuple[str, str]) -> tuple[bytes, int, int]:
    """The chart's PNG bytes and its size in pixels at print scale; drawn once per report
    (the ODT and DOCX documents of one export share their pictures)."""
    key = (id(charts), kind, legend)
    drawn = _DRAWN.get(key)
    if drawn is not None and drawn[0] is charts:
        return drawn[1], drawn[2], drawn[3]
    data = {
        "votes": lambda: png_votes(charts),
        "participation": lambda: png_participation(charts, legend),
        "shared": lambda: png_shared(charts),
    }[kind]()
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    if len(_DRAWN) > 16:
        _DRAWN.clear()
    _DRAWN[key] = (charts, data, w // SCALE, h // SCALE)
    return data, w // SCALE, h // SCALE
