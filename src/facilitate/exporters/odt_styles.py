"""The ODT documents' styles: A4 pages with 2 cm margins (portrait, and landscape for wide
tables), Arial, headings without outline numbers that stay with what follows, no hyphenation,
the document's language, and a footer with the title and "page / pages"."""

from __future__ import annotations

from facilitate.exporters.common import LANDSCAPE_CM, PORTRAIT_CM, xml_text

BLUE, DARK, RED, GREY = "#2b6cb0", "#1a365d", "#9b2c2c", "#555555"

# cell and row styles live among the content's automatic styles
CELL_STYLES = (
    '<style:style style:name="Row" style:family="table-row">'
    '<style:table-row-properties fo:keep-together="always"/></style:style>'
    '<style:style style:name="Cell" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #9a9a9a"/>'
    "</style:style>"
    '<style:style style:name="Head" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #9a9a9a" '
    'fo:background-color="#e8ecf2"/></style:style>'
    '<style:style style:name="FlagRow" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #9a9a9a" '
    'fo:background-color="#fff5f5"/></style:style>'
    '<style:style style:name="FlagCell" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #9a9a9a" '
    'fo:border-left="2.5pt solid #c53030" fo:background-color="#fff5f5"/></style:style>'
)


def _para(
    name: str, parent: str, para: str = "", text: str = "", extra: str = "", tabs: str = ""
) -> str:
    props = f"<style:paragraph-properties {para}>{tabs}</style:paragraph-properties>"
    props = props if para or tabs else ""
    props += f"<style:text-properties {text}/>" if text else ""
    return (
        f'<style:style style:name="{name}" style:display-name="{name.replace("_20_", " ")}" '
        f'style:family="paragraph" style:parent-style-name="{parent}" {extra}>{props}'
        "</style:style>"
    )


def _page(name: str, width: float, height: float, landscape: bool) -> str:
    orientation = "landscape" if landscape else "portrait"
    return (
        f'<style:page-layout style:name="{name}"><style:page-layout-properties '
        f'fo:page-width="{width}cm" fo:page-height="{height}cm" '
        f'style:print-orientation="{orientation}" fo:margin-top="1.8cm" fo:margin-bottom="1.2cm" '
        'fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="lr-tb"/>'
        '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
        'fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>'
    )


def _footer(title: str, style: str) -> str:
    return (
        f'<style:footer><text:p text:style-name="{style}">{xml_text(title)}<text:tab/>'
        '<text:page-number text:select-page="current">1</text:page-number> / '
        "<text:page-count>1</text:page-count></text:p></style:footer>"
    )


def styles_xml(title: str, lang: str, country: str, namespaces: str) -> str:
    language = f'fo:language="{lang}" fo:country="{country}"'
    font = 'style:font-name="Arial" fo:font-family="Arial" style:font-family-generic="swiss"'
    outline = "".join(
        f'<text:outline-level-style text:level="{k}" style:num-format=""/>' for k in range(1, 11)
    )
    heading = 'fo:keep-with-next="always" fo:margin-top="0.45cm" fo:margin-bottom="0.18cm"'
    styles = [
        '<style:default-style style:family="paragraph">'
        '<style:paragraph-properties fo:hyphenation-ladder-count="no-limit" '
        'style:writing-mode="lr-tb" fo:orphans="2" fo:widows="2"/>'
        f'<style:text-properties {font} fo:font-size="10pt" {language} fo:hyphenate="false" '
        'style:font-name-complex="Arial"/></style:default-style>',
        '<style:default-style style:family="table"><style:table-properties '
        'table:border-model="collapsing"/></style:default-style>',
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>',
        _para(
            "Text_20_body",
            "Standard",
            'fo:margin-top="0cm" fo:margin-bottom="0.16cm" fo:line-height="118%"',
        ),
        _para(
            "Lead",
            "Text_20_body",
            'fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"',
            'fo:font-size="11pt"',
        ),
        _para(
            "Note",
            "Text_20_body",
            "",
            f'fo:color="{GREY}" fo:font-style="italic" fo:font-size="9pt"',
        ),
        _para("Flag", "Text_20_body", "", f'fo:color="{RED}" fo:font-weight="bold"'),
        _para("Heading", "Standard", heading, 'fo:font-weight="bold"', 'style:class="text"'),
        _para(
            "Heading_20_1",
            "Heading",
            'fo:margin-top="0cm" fo:margin-bottom="0.3cm" '
            f'fo:padding-bottom="0.1cm" fo:border-bottom="1.5pt solid {BLUE}"',
            f'fo:font-size="19pt" fo:color="{DARK}"',
            'style:default-outline-level="1"',
        ),
        _para(
            "Heading_20_2",
            "Heading",
            'fo:margin-top="0.6cm"',
            f'fo:font-size="14.5pt" fo:color="{BLUE}"',
            'style:default-outline-level="2"',
        ),
        _para(
            "Heading_20_3", "Heading", "", 'fo:font-size="12pt"', 'style:default-outline-level="3"'
        ),
        _para(
            "Heading_20_4",
            "Heading",
            'fo:margin-top="0.3cm"',
            'fo:font-size="10.5pt"',
            'style:default-outline-level="4"',
        ),
        _para("List_20_Bullet", "Text_20_body", 'fo:margin-bottom="0.08cm"'),
        _para("Flag_20_Bullet", "List_20_Bullet", "", f'fo:color="{RED}" fo:font-weight="bold"'),
        _para(
            "Table_20_Contents",
            "Standard",
            'fo:margin-top="0cm" fo:margin-bottom="0cm"',
            'fo:font-size="9pt"',
        ),
        _para("Table_20_Number", "Table_20_Contents", 'fo:text-align="end"'),
        _para("Table_20_Heading", "Table_20_Contents", "", 'fo:font-weight="bold"'),
        _para("Table_20_Strong", "Table_20_Contents", "", 'fo:font-weight="bold"'),
        _para("Table_20_Heading_20_Number", "Table_20_Heading", 'fo:text-align="end"'),
        _para("Table_20_Flag", "Table_20_Contents", "", f'fo:color="{RED}" fo:font-weight="bold"'),
        _para(
            "Figure",
            "Standard",
            'fo:text-align="center" fo:keep-with-next="always" fo:margin-top="0.2cm"',
        ),
        _para(
            "Caption",
            "Standard",
            'fo:text-align="center" fo:margin-bottom="0.35cm"',
            f'fo:font-size="9pt" fo:font-style="italic" fo:color="{GREY}"',
        ),
        '<style:style style:name="Strong" style:family="text">'
        '<style:text-properties fo:font-weight="bold"/></style:style>',
        '<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" '
        'text:bullet-char="•"><style:list-level-properties '
        'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-'
        'alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" '
        'fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/></style:list-level-properties>'
        "</text:list-level-style-bullet></text:list-style>",
        f'<text:outline-style style:name="Outline">{outline}</text:outline-style>',
    ]
    footers = "".join(
        _para(
            name,
            "Standard",
            text=f'fo:font-size="8pt" fo:color="{GREY}"',
            tabs=f'<style:tab-stops><style:tab-stop style:position="{width:.1f}cm" '
            'style:type="right"/></style:tab-stops>',
        )
        for name, width in (("Footer", PORTRAIT_CM), ("Footer_20_Wide", LANDSCAPE_CM))
    )
    pages = _page("Portrait", 21.0, 29.7, False) + _page("Wide", 29.7, 21.0, True)
    masters = (
        f'<style:master-page style:name="Standard" style:page-layout-name="Portrait">'
        f"{_footer(title, 'Footer')}</style:master-page>"
        f'<style:master-page style:name="Landscape" style:page-layout-name="Wide">'
        f"{_footer(title, 'Footer_20_Wide')}</style:master-page>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {namespaces}>'
        '<office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>'
        f"<office:styles>{''.join(styles)}{footers}</office:styles>"
        f"<office:automatic-styles>{pages}</office:automatic-styles>"
        f"<office:master-styles>{masters}</office:master-styles>"
        "</office:document-styles>"
    )
