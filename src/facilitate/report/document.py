"""A document as a list of blocks (headings, paragraphs, lists, tables, charts).

Every format renders these same blocks, so the Markdown, HTML, ODT, DOCX and PDF documents
say the same things in the same order. Two documents come out of one report: the partner
report (`layout`, in `report.partner`) and the facilitator's notes (`layout_notes`, in
`report.notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitate.i18n import t
from facilitate.i18n.reporting import space_before_marks, typeset
from facilitate.report.model import Charts, Report


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    label: str = ""
    style: str = ""  # "", "note", "flag", "lead"


@dataclass
class Bullets:
    items: list[str]
    style: str = ""


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    flags: list[bool] = field(default_factory=list)
    numeric: list[int] = field(default_factory=list)  # columns of numbers, set right
    strong: list[int] = field(default_factory=list)  # columns whose first line is bold


@dataclass
class Quadrants(Grid):
    """A 2x2 grid (AFOM, impact/effort, the actors' map) as a real table: the header row holds
    the columns' axis, each row its own axis then two quadrants, a quadrant's name on the first
    line of its cell and one card a line. Renderers of tables draw it as they draw any table;
    Markdown, which has no cells with lists, writes `cells` as a list."""

    cells: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, hint, cards


@dataclass
class Chart:
    kind: str  # "votes", "participation", "shared"
    title: str


Block = Heading | Para | Bullets | Grid | Quadrants | Chart


@dataclass
class Document:
    """One document to render: its kind ("report" or "notes"), title, language and blocks."""

    kind: str
    title: str
    lang: str
    blocks: list[Block]
    charts: Charts | None = None
    # what renderers work out once for all formats (the tables' column plans)
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def suffix(self) -> str:
        """What the file name adds after the slug: nothing for the report, "-notes" for notes."""
        return "" if self.kind == "report" else f"-{self.kind}"


def typeset_blocks(blocks: list[Block], lang: str) -> list[Block]:
    """Every text of `blocks` with the punctuation spacing of `lang` (French: U+202F before
    ; : ! ?), participants' text included."""
    if not space_before_marks(lang):
        return blocks
    for b in blocks:
        if isinstance(b, Heading):
            b.text = typeset(b.text, lang)
        elif isinstance(b, Chart):
            b.title = typeset(b.title, lang)
        elif isinstance(b, Para):
            b.text, b.label = typeset(b.text, lang), typeset(b.label, lang)
        elif isinstance(b, Bullets):
            b.items = [typeset(x, lang) for x in b.items]
        else:
            b.headers = [typeset(x, lang) for x in b.headers]
            b.rows = [[typeset(x, lang) for x in row] for row in b.rows]
            if isinstance(b, Quadrants):
                b.cells = [
                    (typeset(n, lang), typeset(h, lang), [typeset(c, lang) for c in cards])
                    for n, h, cards in b.cells
                ]
    return blocks


def label_sep(lang: str) -> str:
    """Between a label and its value: "Date : ..." in French (narrow no-break space)."""
    return t("report.colon", lang)


def layout(r: Report) -> list[Block]:
    """The partner report's blocks: what was agreed comes before how it was reached."""
    from facilitate.report.partner import partner_blocks

    return partner_blocks(r)


def layout_notes(r: Report) -> list[Block]:
    """The facilitator's notes: set-up warnings, balance of powers, followers, moderation."""
    from facilitate.report.notes import notes_blocks

    return notes_blocks(r)


def documents(r: Report) -> list[Document]:
    """The partner report and the facilitator's notes of `r`, ready to render."""
    from facilitate.i18n import t

    title = typeset(r.facts.title, r.lang)
    return [
        Document("report", title, r.lang, layout(r), r.charts),
        Document("notes", t("notes.title", r.lang, title=title), r.lang, layout_notes(r), r.charts),
    ]
