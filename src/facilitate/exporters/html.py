"""A document as one self-contained HTML page (inline CSS and SVG) that prints well on A4:
columns sized so no word breaks, wide tables on landscape pages, the title and page numbers
in the page margins. Chromium prints it to PDF where LibreOffice is missing."""

from __future__ import annotations

from html import escape

from facilitate.exporters.common import (
    LANDSCAPE_CM,
    PORTRAIT_CM,
    Plan,
    document_plans,
    sections,
)
from facilitate.i18n import t
from facilitate.report import charts as svg
from facilitate.report.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Grid,
    Heading,
    Para,
    documents,
    label_sep,
)
from facilitate.report.model import Charts, Report

CSS = """
@page wide { size: A4 landscape; }
html { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 10pt;
       color: #1a1a1a; line-height: 1.4; }
body { max-width: 170mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 19pt; color: #1a365d; margin: 0 0 .4em; border-bottom: 2px solid #2b6cb0;
     padding-bottom: .2em; }
h2 { font-size: 14.5pt; margin: 1.4em 0 .4em; color: #2b6cb0; break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .3em; break-after: avoid; }
h4 { font-size: 10.5pt; margin: .8em 0 .2em; break-after: avoid; }
p { margin: .25em 0; }
.label { font-weight: bold; }
.note { color: #555; font-style: italic; font-size: 9pt; }
.lead { font-size: 11pt; margin: .4em 0 .8em; }
p.flag, li.flag { color: #9b2c2c; font-weight: bold; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .3em 0 .9em;
        font-size: 9pt; }
th, td { border: 1px solid #9a9a9a; padding: 2px 4px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: manual; }
th { background: #e8ecf2; }
th.num, td.num { text-align: right; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.flag td { background: #fff5f5; }
tr.flag td:first-child { border-left: 3px solid #c53030; color: #9b2c2c; font-weight: bold; }
section.wide { page: wide; }
figure { margin: .6em 0 1em; break-inside: avoid; text-align: center; }
figcaption { font-size: 9pt; color: #555; font-style: italic; }
svg { max-width: 100%; height: auto; }
@media screen { section.wide { max-width: none; } }
@media print { body { margin: 0; padding: 0; max-width: none; } a { color: inherit; } }
"""


def chart_svg(charts: Charts, lang: str, kind: str, title: str) -> str:
    if kind == "votes":
        return svg.svg_votes(charts, title)
    if kind == "participation":
        legend = (t("report.participants", lang), t("report.credit_contributions", lang))
        return svg.svg_participation(charts, title, legend)
    return svg.svg_shared(charts, title)


def _table(grid: Grid, plan: Plan) -> str:
    total = plan.total or 1.0
    cols = "".join(f"<col style='width:{100 * w / total:.1f}%'>" for w in plan.widths)
    numeric = set(grid.numeric)

    def cls(k: int) -> str:
        return " class='num'" if k in numeric else ""

    strong = set(grid.strong)

    def text(k: int, cell: str) -> str:
        first, _, rest = cell.partition("\n")
        html = f"<strong>{escape(first)}</strong>" if k in strong and first else escape(first)
        return html + ("<br>" + escape(rest).replace("\n", "<br>") if rest else "")

    head = "".join(f"<th{cls(k)}>{escape(h)}</th>" for k, h in enumerate(grid.headers))
    rows = []
    for i, row in enumerate(grid.rows):
        flag = grid.flags[i] if i < len(grid.flags) else False
        cells = "".join(f"<td{cls(k)}>{text(k, c)}</td>" for k, c in enumerate(row))
        rows.append(f"<tr class='flag'>{cells}</tr>" if flag else f"<tr>{cells}</tr>")
    share = min(100.0, 100 * total / (LANDSCAPE_CM if plan.landscape else PORTRAIT_CM))
    return (
        f"<table style='width:{share:.0f}%'><colgroup>{cols}</colgroup>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _block(b: Block, plan: Plan | None, doc: Document, sep: str) -> str:
    if isinstance(b, Heading):
        return f"<h{b.level}>{escape(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        text = escape(b.text).replace("\n", "<br>")
        if b.label:
            text = f"<span class='label'>{escape(b.label)}</span>{sep}{text}"
        cls = f" class='{b.style}'" if b.style else ""
        return f"<p{cls}>{text}</p>"
    if isinstance(b, Bullets):
        cls = f" class='{b.style}'" if b.style else ""
        return "<ul>" + "".join(f"<li{cls}>{escape(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Grid):
        assert plan is not None
        return _table(b, plan)
    if isinstance(b, Chart) and doc.charts is not None:
        return (
            f"<figure>{chart_svg(doc.charts, doc.lang, b.kind, b.title)}"
            f"<figcaption>{escape(b.title)}</figcaption></figure>"
        )
    return ""


def _css_string(text: str) -> str:
    """Text as a CSS string: quotes and backslashes escaped, nothing that closes the style."""
    out = []
    for c in " ".join(text.split()):
        out.append(f"\\{ord(c):x} " if c in '"\\<>' else c)
    return '"' + "".join(out) + '"'


def _page_css(title: str) -> str:
    """A4 pages with the document's title and "page / pages" in the bottom margin."""
    font = 'font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555;'
    return (
        "@page { size: A4; margin: 18mm 20mm 16mm 20mm; "
        f"@bottom-left {{ content: {_css_string(title)}; {font} }} "
        f'@bottom-right {{ content: counter(page) " / " counter(pages); {font} }} }}'
    )


def render_document(doc: Document) -> str:
    sep = escape(label_sep(doc.lang))
    table_plans = document_plans(doc)
    body: list[str] = []
    for landscape, indexes in sections(doc.blocks, table_plans):
        html = "\n".join(_block(doc.blocks[i], table_plans.get(i), doc, sep) for i in indexes)
        body.append(f"<section class='wide'>\n{html}\n</section>" if landscape else html)
    title = escape(doc.title)
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(doc.lang)}'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        "<meta name='generator' content='facilitate'>\n"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>{_page_css(doc.title)}{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(report: Report | None, blocks: list[Block], *, lang: str = "fr", title: str = "") -> str:
    """Blocks as an HTML page (the series report uses this)."""
    lang = report.lang if report else lang
    charts = report.charts if report else None
    name = report.facts.title if report else title
    return render_document(Document("report", name, lang, blocks, charts))


def render_report(report: Report) -> str:
    """The partner report as HTML (the facilitator's notes: `render_document`)."""
    return render_document(documents(report)[0])
