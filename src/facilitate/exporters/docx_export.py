"""A document as DOCX: python-docx makes the package once per language (its styles, with the
report's own, the language and a footer part); each document's body is then written as
WordprocessingML in one piece (building it paragraph by paragraph and cell by cell through
the API took seconds). Tables repeat their header row, rows never split, words never break;
wide tables get landscape sections; the footer numbers the pages."""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from facilitate.exporters.common import (
    LANDSCAPE_CM,
    PORTRAIT_CM,
    Plan,
    document_plans,
    sections,
    xml_text,
)
from facilitate.exporters.images import chart_png
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

TWIPS_PER_CM = 567
EMU_PER_CM = 360000
RED, GREY = "9B2C2C", "555555"
_COUNTRY = {"fr": "FR", "en": "GB"}
_STYLES = (
    (
        "TableText",
        "Table text",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    ("Note", "Note", "", f'<w:i/><w:color w:val="{GREY}"/><w:sz w:val="18"/>'),
    ("Flag", "Flag", "", f'<w:b/><w:color w:val="{RED}"/>'),
    ("Lead", "Lead", '<w:spacing w:before="60" w:after="240"/>', '<w:sz w:val="22"/>'),
)


def render_report(report: Report) -> bytes:
    """The partner report as DOCX (the facilitator's notes: `render_document`)."""
    return render_document(documents(report)[0])


def render(blocks: list[Block], lang: str, title: str, charts: Charts | None = None) -> bytes:
    """Blocks as a DOCX document (the series report uses this)."""
    return render_document(Document("report", title, lang, blocks, charts))


def _sect(footer: str, landscape: bool) -> str:
    w, h = (16838, 11906) if landscape else (11906, 16838)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="{footer}"/>'
        f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        '<w:pgMar w:top="1020" w:right="1134" w:bottom="850" w:left="1134" w:header="567" '
        'w:footer="454" w:gutter="0"/></w:sectPr>'
    )


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = text.split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_text(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{inner}</w:r>"


def _p(style: str, runs: str, extra: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{runs}</w:p>'


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sep = label_sep(doc.lang)
        self.pictures: list[tuple[str, str, bytes]] = []  # file name, relationship id, PNG

    def body(self, footer: str) -> str:
        blocks = self.doc.blocks
        table_plans = document_plans(self.doc)
        out: list[str] = []
        runs = sections(blocks, table_plans)
        for k, (landscape, indexes) in enumerate(runs):
            for i in indexes:
                out.append(self.block(blocks[i], table_plans.get(i), landscape))
            if k < len(runs) - 1:  # a section ends with a paragraph that carries its layout
                out.append(
                    f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{_sect(footer, landscape)}'
                    '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
                )
        last = runs[-1][0] if runs else False
        return (
            f"<w:body {nsdecls('w', 'r', 'wp', 'a', 'pic')}>{''.join(out)}"
            f"{_sect(footer, last)}</w:body>"
        )

    def block(self, b: Block, plan: Plan | None, landscape: bool) -> str:
        if isinstance(b, Heading):
            style = "Title" if b.level == 1 else f"Heading{min(b.level - 1, 3)}"
            return _p(style, _run(b.text))
        if isinstance(b, Para):
            label = _run(b.label, "<w:b/>") + _run(self.sep) if b.label else ""
            style = {"note": "Note", "flag": "Flag", "lead": "Lead"}.get(b.style, "Normal")
            return _p(style, label + _run(b.text))
        if isinstance(b, Bullets):
            props = f'<w:b/><w:color w:val="{RED}"/>' if b.style == "flag" else ""
            return "".join(_p("ListBullet", _run(item, props)) for item in b.items)
        if isinstance(b, Grid):
            assert plan is not None
            return self.table(b, plan)
        if isinstance(b, Chart) and self.doc.charts is not None:
            return self.chart(b, landscape)
        return ""

    def table(self, grid: Grid, plan: Plan) -> str:
        widths = [round(w * TWIPS_PER_CM) for w in plan.widths]
        numeric = set(grid.numeric)
        right = '<w:jc w:val="right"/>'

        strong = set(grid.strong)

        def cell(k: int, text: str, props: str, shade: str = "") -> str:
            fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
            jc = right if k in numeric else ""
            first = props or ("<w:b/>" if k in strong else "")
            paras = "".join(
                _p("TableText", _run(line, first if j == 0 else props), jc)
                for j, line in enumerate(text.split("\n"))
            )
            return f'<w:tc><w:tcPr><w:tcW w:w="{widths[k]}" w:type="dxa"/>{fill}</w:tcPr>{paras}</w:tc>'

        n = len(grid.headers)
        rows = [
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + "".join(cell(k, h, "<w:b/>", "E8ECF2") for k, h in enumerate(grid.headers))
            + "</w:tr>"
        ]
        flag_props = f'<w:b/><w:color w:val="{RED}"/>'
        for i, row in enumerate(grid.rows):
            flag = grid.flags[i] if i < len(grid.flags) else False
            cells = "".join(
                cell(
                    k,
                    row[k] if k < len(row) else "",
                    flag_props if flag and k == 0 else "",
                    "FFF5F5" if flag else "",
                )
                for k in range(n)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
            '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            f"<w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
            '<w:p><w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr></w:p>'
        )

    def chart(self, block: Chart, landscape: bool) -> str:
        assert self.doc.charts is not None
        lang = self.doc.lang
        legend = (t("report.participants", lang), t("report.credit_contributions", lang))
        data, w, h = chart_png(self.doc.charts, block.kind, legend)
        page = LANDSCAPE_CM if landscape else PORTRAIT_CM
        width = min(page, w / 40)
        name = f"chart-{block.kind}.png"
        rid = f"rIdChart{len(self.pictures) + 1}"
        self.pictures.append((name, rid, data))
        cx, cy = round(width * EMU_PER_CM), round(width * h / w * EMU_PER_CM)
        n = len(self.pictures)
        alt = xml_text(block.title)  # what a screen reader and the tagged PDF say
        drawing = (
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{n}" name="{block.kind}" descr="{alt}" title="{alt}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr><a:graphic><a:graphicData "
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        )
        picture = f"<w:r><w:drawing>{drawing}</w:drawing></w:r>"
        return _p("Normal", picture, '<w:keepNext/><w:jc w:val="center"/>') + _p(
            "Caption", _run(block.title), '<w:jc w:val="center"/>'
        )


# parts of python-docx's template a report has no use for (Word 2010 style effects, its
# thumbnail, custom XML): left out of every package
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


@lru_cache(maxsize=4)
def _template(lang: str) -> tuple[dict[str, bytes], str]:
    """python-docx's default package with the report's styles, the language and a footer
    part, as (part name -> bytes, the footer's relationship id): made once per language."""
    package = new_docx()
    styles = package.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang"):
        old = defaults.find(qn(tag))
        if old is not None:
            defaults.remove(old)
    defaults.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" '
            'w:eastAsia="Arial"/>'
        ),
    )
    defaults.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{lang}" w:eastAsia="{lang}"/>'))
    for style_id, name, ppr, rpr in _STYLES:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" '
                f'w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
                f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
            )
        )
    section = package.sections[0]
    section.footer.is_linked_to_previous = False
    reference = section._sectPr.find(qn("w:footerReference"))
    footer_id = str(reference.get(qn("r:id")))
    buf = io.BytesIO()
    package.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {n: z.read(n) for n in z.namelist() if not n.startswith(_DROPPED)}
    for name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        text = parts[name].decode("utf-8")
        for dropped in _DROPPED:
            key = re.escape(dropped.rstrip("/").split("/")[-1])
            text = re.sub(
                rf'<(?:Override|Relationship)[^>]*(?:PartName|Target)="[^"]*{key}[^"]*"[^>]*/>',
                "",
                text,
            )
        parts[name] = text.encode("utf-8")
    return parts, footer_id


def _footer(title: str) -> str:
    size = f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="16"/></w:rPr>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {nsdecls("w", "r")}>'
        '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>'
        f'<w:r>{size}<w:t xml:space="preserve">{xml_text(title)} — </w:t></w:r>'
        f'<w:fldSimple w:instr="PAGE"><w:r>{size}<w:t>1</w:t></w:r></w:fldSimple>'
        f'<w:r>{size}<w:t xml:space="preserve"> / </w:t></w:r>'
        f'<w:fldSimple w:instr="NUMPAGES"><w:r>{size}<w:t>1</w:t></w:r></w:fldSimple>'
        "</w:p></w:ftr>"
    )


def _core(title: str, lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(title)}</dc:title><dc:creator>facilitate</dc:creator>"
        f"<dc:language>{lang}</dc:language></cp:coreProperties>"
    )


def render_document(doc: Document) -> bytes:
    lang = f"{doc.lang}-{_COUNTRY.get(doc.lang, doc.lang.upper())}"
    template, footer_id = _template(lang)
    writer = _Writer(doc)
    body = writer.body(footer_id)
    parts = dict(template)
    parts["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {nsdecls('w', 'r', 'wp', 'a', 'pic')}>{body}</w:document>"
    ).encode()
    footer_part = next(n for n in parts if n.startswith("word/footer"))
    parts[footer_part] = _footer(doc.title).encode("utf-8")
    parts["docProps/core.xml"] = _core(doc.title, lang).encode("utf-8")
    if writer.pictures:
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        links = "".join(
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/image" Target="media/{name}"/>'
            for name, rid, _ in writer.pictures
        )
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", links + "</Relationships>"
        ).encode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        if 'Extension="png"' not in types:
            types = types.replace(
                "<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1
            )
        parts["[Content_Types].xml"] = types.encode("utf-8")
        for name, _, data in writer.pictures:
            parts[f"word/media/{name}"] = data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            stored = name.endswith(".png")
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else None)
    return buf.getvalue()
