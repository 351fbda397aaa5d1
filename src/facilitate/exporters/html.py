"""The report as one self-contained HTML page (inline CSS and SVG) that prints well on A4."""

from __future__ import annotations

from html import escape

from facilitate.i18n import t
from facilitate.report import charts as svg
from facilitate.report.document import Block, Bullets, Chart, Grid, Heading, Para, layout
from facilitate.report.model import Report

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       color: #1a1a1a; line-height: 1.4; }
body { max-width: 178mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .4em; border-bottom: 3px solid #2b6cb0; padding-bottom: .2em; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; color: #2b6cb0; break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .3em; break-after: avoid; }
h4 { font-size: 10.5pt; margin: .8em 0 .2em; break-after: avoid; }
p { margin: .25em 0; }
.label { font-weight: bold; }
.note { color: #555; font-style: italic; }
p.flag, li.flag { color: #9b2c2c; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #edf2f7; }
tr { break-inside: avoid; }
tr.flag td { background: #fff5f5; }
tr.flag td:first-child { border-left: 4px solid #c53030; }
figure { margin: .6em 0 1em; break-inside: avoid; }
figcaption { font-size: 9pt; color: #555; }
svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; padding: 0; max-width: none; } a { color: inherit; } }
"""


def chart_svg(report: Report, kind: str, title: str) -> str:
    c = report.charts
    if kind == "votes":
        return svg.svg_votes(c, title)
    if kind == "participation":
        legend = (
            t("report.participants", report.lang),
            t("report.credit_contributions", report.lang),
        )
        return svg.svg_participation(c, title, legend)
    return svg.svg_shared(c, title)


def render(report: Report | None, blocks: list[Block], *, lang: str = "fr", title: str = "") -> str:
    lang = report.lang if report else lang
    sep = " : " if lang == "fr" else ": "
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            text = escape(block.text).replace("\n", "<br>")
            if block.label:
                text = f"<span class='label'>{escape(block.label)}</span>{sep}{text}"
            cls = f" class='{block.style}'" if block.style else ""
            body.append(f"<p{cls}>{text}</p>")
        elif isinstance(block, Bullets):
            cls = f" class='{block.style}'" if block.style else ""
            items = "".join(f"<li{cls}>{escape(i)}</li>" for i in block.items)
            body.append(f"<ul>{items}</ul>")
        elif isinstance(block, Grid):
            head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
            rows = []
            for i, row in enumerate(block.rows):
                flag = block.flags[i] if i < len(block.flags) else False
                cells = "".join(f"<td>{escape(c).replace(chr(10), '<br>')}</td>" for c in row)
                rows.append(f"<tr class='flag'>{cells}</tr>" if flag else f"<tr>{cells}</tr>")
            body.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        elif isinstance(block, Chart) and report is not None:
            body.append(
                f"<figure>{chart_svg(report, block.kind, block.title)}"
                f"<figcaption>{escape(block.title)}</figcaption></figure>"
            )
    title = escape(report.facts.title if report else title)
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(lang)}'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render_report(report: Report) -> str:
    return render(report, layout(report))
