"""A document as ODT (OpenDocument Text), written as XML in one piece: real headings and lists,
tables whose header row repeats and whose words never break, wide tables on landscape pages,
charts as PNG with their alternative text, the title and language in the metadata, and page
numbers in the footer. LibreOffice turns it into the PDF.
"""

from __future__ import annotations

import io
import zipfile

from facilitate.exporters.common import (
    LANDSCAPE_CM,
    PORTRAIT_CM,
    Plan,
    document_plans,
    sections,
    xml_text,
)
from facilitate.exporters.images import chart_png
from facilitate.exporters.odt_styles import CELL_STYLES, styles_xml
from facilitate.i18n import t
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

MIMETYPE = "application/vnd.oasis.opendocument.text"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'office:version="1.3"'
)
_COUNTRY = {"fr": "FR", "en": "GB"}
_PARA_STYLES = {"": "Text_20_body", "note": "Note", "flag": "Flag", "lead": "Lead"}


def render_report(report: Report) -> bytes:
    """The partner report as ODT (the facilitator's notes: `render_document`)."""
    return render_document(documents(report)[0])


def render(blocks: list[Block], lang: str, charts: Charts | None = None, title: str = "") -> bytes:
    """Blocks as an ODT document (the series report uses this)."""
    head = next((b.text for b in blocks if isinstance(b, Heading)), "")
    return render_document(Document("report", title or head, lang, blocks, charts))


def render_document(doc: Document) -> bytes:
    writer = _Writer(doc)
    content = writer.content()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("styles.xml", _styles(doc))
        z.writestr("meta.xml", _meta(doc))
        for name, data in writer.pictures:
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _manifest(writer.pictures))
    return buf.getvalue()


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lang = doc.lang
        self.sep = xml_text(label_sep(doc.lang))
        self.auto: dict[str, str] = {}  # automatic styles, by name
        self.pictures: list[tuple[str, bytes]] = []
        self.n_tables = 0

    # styles made on demand -------------------------------------------------------------------

    def master(self, family: str, parent: str, master: str | None) -> str:
        """A style of `parent` that starts a new page of `master` ("Standard"/"Landscape")."""
        if master is None:
            return parent
        name = f"{parent}_{master}"
        if name not in self.auto:
            self.auto[name] = (
                f'<style:style style:name="{name}" style:family="{family}" '
                f'style:parent-style-name="{parent}" style:master-page-name="{master}"/>'
            )
        return name

    # blocks ----------------------------------------------------------------------------------

    def content(self) -> str:
        blocks = self.doc.blocks
        table_plans = document_plans(self.doc)
        body: list[str] = []
        first = True
        for landscape, indexes in sections(blocks, table_plans):
            master: str | None = None if first else ("Landscape" if landscape else "Standard")
            first = False
            for i in indexes:
                body.append(self.block(blocks[i], table_plans.get(i), master, landscape))
                master = None
        auto = CELL_STYLES + "".join(self.auto.values())
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
            f"<office:automatic-styles>{auto}</office:automatic-styles>"
            f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
            "</office:document-content>"
        )

    def block(self, b: Block, plan: Plan | None, master: str | None, landscape: bool) -> str:
        if isinstance(b, Heading):
            level = min(b.level, 4)
            style = self.master("paragraph", f"Heading_20_{level}", master)
            return (
                f'<text:h text:style-name="{style}" text:outline-level="{level}">'
                f"{xml_text(b.text)}</text:h>"
            )
        if isinstance(b, Para):
            style = self.master("paragraph", _PARA_STYLES.get(b.style, "Text_20_body"), master)
            label = (
                f'<text:span text:style-name="Strong">{xml_text(b.label)}</text:span>{self.sep}'
                if b.label
                else ""
            )
            lines = "<text:line-break/>".join(xml_text(x) for x in b.text.split("\n"))
            return f'<text:p text:style-name="{style}">{label}{lines}</text:p>'
        if isinstance(b, Bullets):
            item_style = "Flag_20_Bullet" if b.style == "flag" else "List_20_Bullet"
            items = []
            for k, item in enumerate(b.items):
                style = self.master("paragraph", item_style, master if k == 0 else None)
                items.append(
                    f'<text:list-item><text:p text:style-name="{style}">{xml_text(item)}'
                    "</text:p></text:list-item>"
                )
            return f'<text:list text:style-name="Bullets">{"".join(items)}</text:list>'
        if isinstance(b, Grid):
            assert plan is not None
            return self.table(b, plan, master, landscape)
        if isinstance(b, Chart) and self.doc.charts is not None:
            return self.chart(b, master, landscape)
        return ""

    def table(self, grid: Grid, plan: Plan, master: str | None, landscape: bool) -> str:
        self.n_tables += 1
        name = f"T{self.n_tables}"
        page = f' style:master-page-name="{master}"' if master else ""
        self.auto[name] = (
            f'<style:style style:name="{name}" style:family="table"{page}>'
            f'<style:table-properties style:width="{plan.total:.2f}cm" table:align="left" '
            'fo:margin-top="0.1cm" fo:margin-bottom="0.35cm" style:may-break-between-rows="true"/>'
            "</style:style>"
        )
        columns = []
        for k, width in enumerate(plan.widths):
            self.auto[f"{name}.C{k}"] = (
                f'<style:style style:name="{name}.C{k}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width:.2f}cm"/>'
                "</style:style>"
            )
            columns.append(f'<table:table-column table:style-name="{name}.C{k}"/>')
        numeric = set(grid.numeric)
        head = "".join(
            _cell(h, "Table_20_Heading_20_Number" if k in numeric else "Table_20_Heading", "Head")
            for k, h in enumerate(grid.headers)
        )
        rows = [
            "<table:table-header-rows>"
            f'<table:table-row table:style-name="Row">{head}</table:table-row>'
            "</table:table-header-rows>"
        ]
        width = len(grid.headers)
        strong = set(grid.strong)
        for i, row in enumerate(grid.rows):
            flag = grid.flags[i] if i < len(grid.flags) else False
            cells = []
            for k in range(width):
                text = row[k] if k < len(row) else ""
                style = "Table_20_Number" if k in numeric else "Table_20_Contents"
                first = "Table_20_Flag" if flag and k == 0 else style
                if k in strong and not (flag and k == 0):
                    first = "Table_20_Strong"
                cell = ("FlagCell" if k == 0 else "FlagRow") if flag else "Cell"
                cells.append(_cell(text, style, cell, first))
            rows.append(
                f'<table:table-row table:style-name="Row">{"".join(cells)}</table:table-row>'
            )
        return (
            f'<table:table table:name="{name}" table:style-name="{name}">'
            + "".join(columns)
            + "".join(rows)
            + "</table:table>"
        )

    def chart(self, block: Chart, master: str | None, landscape: bool) -> str:
        assert self.doc.charts is not None
        legend = (t("report.participants", self.lang), t("report.credit_contributions", self.lang))
        data, w, h = chart_png(self.doc.charts, block.kind, legend)
        path = f"Pictures/chart-{block.kind}.png"
        if path not in dict(self.pictures):
            self.pictures.append((path, data))
        page = LANDSCAPE_CM if landscape else PORTRAIT_CM
        width = min(page, w / 40)
        height = width * h / w
        style = self.master("paragraph", "Figure", master)
        title = xml_text(block.title)
        return (
            f'<text:p text:style-name="{style}">'
            f'<draw:frame draw:name="{block.kind}" text:anchor-type="as-char" '
            f'svg:width="{width:.2f}cm" svg:height="{height:.2f}cm" draw:z-index="0">'
            f'<draw:image xlink:href="{path}" xlink:type="simple" xlink:show="embed" '
            f'xlink:actuate="onLoad"/><svg:title>{title}</svg:title><svg:desc>{title}</svg:desc>'
            "</draw:frame></text:p>"
            f'<text:p text:style-name="Caption">{title}</text:p>'
        )


def _cell(text: str, para: str, cell: str, first: str = "") -> str:
    """A cell, one paragraph per line; the first line may have its own style (bold)."""
    lines = "".join(
        f'<text:p text:style-name="{first if k == 0 and first else para}">{xml_text(line)}</text:p>'
        for k, line in enumerate(text.split("\n"))
    )
    return (
        f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
        f"{lines}</table:table-cell>"
    )


def _meta(doc: Document) -> str:
    lang = f"{doc.lang}-{_COUNTRY.get(doc.lang, doc.lang.upper())}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NS}><office:meta>'
        "<meta:generator>facilitate</meta:generator>"
        f"<dc:title>{xml_text(doc.title)}</dc:title><dc:language>{lang}</dc:language>"
        "</office:meta></office:document-meta>"
    )


def _manifest(pictures: list[tuple[str, bytes]]) -> str:
    entries = [
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        f'manifest:media-type="{MIMETYPE}"/>',
        *(
            f'<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"/>'
            for part in ("content.xml", "styles.xml", "meta.xml")
        ),
        *(
            f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="image/png"/>'
            for name, _ in pictures
        ),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">' + "".join(entries) + "</manifest:manifest>"
    )


def _styles(doc: Document) -> str:
    return styles_xml(doc.title, doc.lang, _COUNTRY.get(doc.lang, doc.lang.upper()), _NS)
