"""The report as a DOCX document: real headings, tables and the charts as PNG images."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, RGBColor

from facilitate.exporters.common import column_shares
from facilitate.exporters.images import chart_png
from facilitate.i18n import t
from facilitate.report.document import Block, Bullets, Chart, Grid, Heading, Para, layout
from facilitate.report.model import Charts, Report

PAGE_WIDTH_CM = 17.4
FLAG = RGBColor(0x9B, 0x2C, 0x2C)


def _shade(cell: Any, fill: str) -> None:
    """A cell's background colour (python-docx has no API for it)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def render_report(report: Report) -> bytes:
    return render(layout(report), report.lang, report.facts.title, report.charts)


def render(blocks: list[Block], lang: str, title: str, charts: Charts | None = None) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    doc.core_properties.title = title
    doc.core_properties.language = lang
    sep = " : " if lang == "fr" else ": "
    legend = (t("report.participants", lang), t("report.credit_contributions", lang))
    grid_style = doc.styles["Table Grid"]
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level - 1)  # the title, then Heading 1..
        elif isinstance(block, Para):
            para = doc.add_paragraph()
            if block.label:
                para.add_run(block.label).bold = True
                para.add_run(sep)
            run = para.add_run(block.text)
            if block.style == "note":
                run.italic = True
            elif block.style == "flag":
                run.bold = True
                run.font.color.rgb = FLAG
        elif isinstance(block, Bullets):
            for item in block.items:
                para = doc.add_paragraph()
                # by id: looking a style up by name costs a scan of every style, per paragraph
                para._p.get_or_add_pPr().style = "ListBullet"
                run = para.add_run(item)
                if block.style == "flag":
                    run.font.color.rgb = FLAG
        elif isinstance(block, Grid):
            ncols = len(block.headers)
            table = doc.add_table(rows=len(block.rows) + 1, cols=ncols)
            table.style = grid_style
            table.autofit = False
            widths = [
                Cm(PAGE_WIDTH_CM * share) for share in column_shares(block, PAGE_WIDTH_CM, 0.25)
            ]
            cells = table._cells  # computed once: row by row access is quadratic
            for j, text in enumerate(block.headers):
                cells[j].paragraphs[0].add_run(text).bold = True
                _shade(cells[j], "E8ECF2")
            for i, row in enumerate(block.rows, start=1):
                flag = block.flags[i - 1] if i - 1 < len(block.flags) else False
                for j, text in enumerate(row):
                    run = cells[i * ncols + j].paragraphs[0].add_run(text)
                    if flag:
                        run.bold = True
                        run.font.color.rgb = FLAG
            for k, column in enumerate(table.columns):  # LibreOffice reads the grid...
                column.width = widths[k]
            for k, cell in enumerate(cells):  # ...and Word the cells
                cell.width = widths[k % ncols]
            doc.add_paragraph()
        elif isinstance(block, Chart) and charts is not None:
            data, w, _h = chart_png(charts, block.kind, legend)
            doc.add_picture(io.BytesIO(data), width=Cm(min(17.0, w / 40)))
            doc.add_paragraph(block.title).runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
