"""The report as an ODT document (OpenDocument Text): real headings, tables, charts as PNG."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from odfdo import Document, Element, Frame, Header, List, Paragraph, Style

from facilitate.exporters.common import column_shares
from facilitate.exporters.images import chart_png
from facilitate.i18n import t
from facilitate.report.document import Block, Bullets, Chart, Grid, Heading, Para, layout
from facilitate.report.model import Charts, Report

PAGE_WIDTH_CM = 17.0


def render_report(report: Report) -> bytes:
    return render(layout(report), report.lang, report.charts)


def render(blocks: list[Block], lang: str, charts: Charts | None = None) -> bytes:
    doc = Document("text")
    body = doc.body
    body.clear()
    doc.insert_style(
        Style("paragraph", name="Flag", area="text", bold=True, color="#9b2c2c"), automatic=False
    )
    doc.insert_style(Style("paragraph", name="Head", area="text", bold=True), automatic=False)
    _plain_headings(doc)
    doc.insert_style(
        Style("table-cell", name="Cell", border="0.5pt solid #9a9a9a", padding="0.08cm"),
        automatic=True,
    )
    doc.insert_style(
        Style(
            "table-cell",
            name="HeadCell",
            border="0.5pt solid #9a9a9a",
            padding="0.08cm",
            background_color="#e8ecf2",
        ),
        automatic=True,
    )
    sep = " : " if lang == "fr" else ": "
    legend = (t("report.participants", lang), t("report.credit_contributions", lang))
    n_tables = 0
    for block in blocks:
        if isinstance(block, Heading):
            body.append(Header(block.level, block.text))
        elif isinstance(block, Para):
            text = f"{block.label}{sep}{block.text}" if block.label else block.text
            body.append(Paragraph(text, style="Flag" if block.style == "flag" else None))
        elif isinstance(block, Bullets):
            body.append(List([("⚠ " if block.style == "flag" else "") + i for i in block.items]))
        elif isinstance(block, Grid):
            n_tables += 1
            name = f"T{n_tables}"
            for k, share in enumerate(column_shares(block, PAGE_WIDTH_CM)):
                doc.insert_style(
                    Style(
                        "table-column", name=f"{name}.C{k}", width=f"{PAGE_WIDTH_CM * share:.2f}cm"
                    ),
                    automatic=True,
                )
            body.append(Element.from_tag(_table_xml(name, block)))
            body.append(Paragraph(""))
        elif isinstance(block, Chart) and charts is not None:
            data, w, h = chart_png(charts, block.kind, legend)
            with tempfile.TemporaryDirectory() as tmp:
                png = Path(tmp) / f"chart-{block.kind}.png"
                png.write_bytes(data)
                uri = doc.add_file(png)  # from a path, the picture keeps its type (image/png)
            width = min(PAGE_WIDTH_CM, w / 40)
            frame = Frame.image_frame(
                uri, size=(f"{width:.2f}cm", f"{width * h / w:.2f}cm"), anchor_type="as-char"
            )
            para = Paragraph("")
            para.append(frame)
            body.append(para)
            body.append(Paragraph(block.title))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _plain_headings(doc: Document) -> None:
    """Headings without the template's outline numbers ("1.2.1."): the report has its own order."""
    styles = doc.get_part("styles.xml")
    for level in styles.get_elements("//text:outline-level-style"):  # type: ignore[union-attr]
        for attr in ("style:num-format", "style:num-suffix", "loext:num-list-format"):
            level.set_attribute(attr, "")


def _cell(text: str, style: str = "", cell: str = "Cell") -> str:
    opening = f'<text:p text:style-name="{style}">' if style else "<text:p>"
    lines = "".join(opening + escape(line) + "</text:p>" for line in text.split("\n"))
    return (
        f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
        f"{lines}</table:table-cell>"
    )


def _table_xml(name: str, grid: Grid) -> str:
    """A table as ODF XML in one string: building it cell by cell with odfdo is slow."""
    rows = [
        "<table:table-header-rows><table:table-row>"
        + "".join(_cell(h, "Head", "HeadCell") for h in grid.headers)
        + "</table:table-row>"
        "</table:table-header-rows>"
    ]
    for i, row in enumerate(grid.rows):
        flag = grid.flags[i] if i < len(grid.flags) else False
        rows.append(
            "<table:table-row>"
            + "".join(_cell(c, "Flag" if flag else "") for c in row)
            + "</table:table-row>"
        )
    columns = "".join(
        f'<table:table-column table:style-name="{escape(name)}.C{k}"/>'
        for k in range(len(grid.headers))
    )
    return f'<table:table table:name="{escape(name)}">' + columns + "".join(rows) + "</table:table>"
