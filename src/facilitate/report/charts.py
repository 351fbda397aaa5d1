"""The report's charts as inline SVG strings: no outside fonts, scripts or images."""

from __future__ import annotations

from html import escape

from facilitate.report.model import Charts

COLOURS = ("#2b6cb0", "#dd6b20", "#2f855a", "#9b2c2c", "#6b46c1", "#b7791f")
FONT = "font-family='DejaVu Sans, Arial, Helvetica, sans-serif'"


def _short(text: str, n: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title, quote=True)}'>"
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def svg_bars(rows: list[tuple[str, int]], title: str, *, width: int = 640) -> str:
    """Horizontal bars, one per row, the value at the end of each bar."""
    bar_h, gap, label_w, top = 18, 8, 300, 8
    height = top * 2 + max(1, len(rows)) * (bar_h + gap)
    peak = max((v for _, v in rows), default=0) or 1
    span = width - label_w - 50
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1, round(span * value / peak)) if value else 0
        body.append(
            f"<text x='{label_w - 6}' y='{y + 13}' text-anchor='end' font-size='11' {FONT}>"
            f"{escape(_short(label))}</text>"
            f"<rect x='{label_w}' y='{y}' width='{w}' height='{bar_h}' fill='{COLOURS[0]}'/>"
            f"<text x='{label_w + w + 4}' y='{y + 13}' font-size='11' {FONT}>{value}</text>"
        )
    return _svg(width, height, title, body)


def svg_votes(charts: Charts, title: str) -> str:
    return svg_bars(charts.votes, title)


def svg_participation(charts: Charts, title: str, legend: tuple[str, str]) -> str:
    """Two bars per territory: participants, and what they said (contributions, answers)."""
    bar_h, label_w, top, width = 14, 160, 28, 640
    group = bar_h * 2 + 10
    rows = charts.participation
    height = top + max(1, len(rows)) * group + 8
    peak = max((max(a, b) for _, a, b in rows), default=0) or 1
    span = width - label_w - 50
    body = [
        f"<rect x='{label_w}' y='6' width='12' height='12' fill='{COLOURS[0]}'/>"
        f"<text x='{label_w + 16}' y='16' font-size='11' {FONT}>{escape(legend[0])}</text>"
        f"<rect x='{label_w + 200}' y='6' width='12' height='12' fill='{COLOURS[1]}'/>"
        f"<text x='{label_w + 216}' y='16' font-size='11' {FONT}>{escape(legend[1])}</text>"
    ]
    for i, (label, people, said) in enumerate(rows):
        y = top + i * group
        body.append(
            f"<text x='{label_w - 6}' y='{y + bar_h + 4}' text-anchor='end' font-size='11' "
            f"{FONT}>{escape(_short(label, 26))}</text>"
        )
        for k, value in enumerate((people, said)):
            w = max(1, round(span * value / peak)) if value else 0
            yy = y + k * bar_h
            body.append(
                f"<rect x='{label_w}' y='{yy}' width='{w}' height='{bar_h - 2}' "
                f"fill='{COLOURS[k]}'/>"
                f"<text x='{label_w + w + 4}' y='{yy + 11}' font-size='10' {FONT}>{value}</text>"
            )
    return _svg(width, height, title, body)


def svg_shared(charts: Charts, title: str) -> str:
    """A territory × territory grid: how many tensions each pair of territories shares."""
    names = charts.shared_territories
    cell, label_w, top = 44, 150, 110
    width = label_w + cell * len(names) + 10
    height = top + cell * len(names) + 10
    peak = max(charts.shared.values(), default=0) or 1
    body = []
    for j, name in enumerate(names):
        x = label_w + j * cell + cell // 2
        body.append(
            f"<text x='{x}' y='{top - 6}' font-size='11' {FONT} "
            f"transform='rotate(-45 {x} {top - 6})'>{escape(_short(name, 20))}</text>"
        )
    for i, row in enumerate(names):
        y = top + i * cell
        body.append(
            f"<text x='{label_w - 6}' y='{y + cell // 2 + 4}' text-anchor='end' font-size='11' "
            f"{FONT}>{escape(_short(row, 22))}</text>"
        )
        for j, col in enumerate(names):
            x = label_w + j * cell
            n = 0 if i == j else charts.shared.get((row, col), 0)
            shade = round(235 - 170 * n / peak) if n else 245
            fill = "#dddddd" if i == j else f"rgb({shade},{shade + 10 if shade < 245 else 245},255)"
            body.append(
                f"<rect x='{x}' y='{y}' width='{cell - 2}' height='{cell - 2}' fill='{fill}'/>"
            )
            if n:
                colour = "#ffffff" if n / peak > 0.5 else "#000000"
                body.append(
                    f"<text x='{x + cell // 2 - 1}' y='{y + cell // 2 + 4}' text-anchor='middle' "
                    f"font-size='12' fill='{colour}' {FONT}>{n}</text>"
                )
    return _svg(width, height, title, body)
