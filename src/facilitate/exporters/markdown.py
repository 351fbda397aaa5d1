"""The report as Markdown: participant text is escaped so it can never change the structure."""

from __future__ import annotations

import re

from facilitate.report.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Grid,
    Heading,
    Para,
    Quadrants,
    documents,
    label_sep,
)
from facilitate.report.model import Report

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """Escape what Markdown would read as markup (emphasis, links, HTML, lists, headings)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_start, text)


def _escape_start(m: re.Match[str]) -> str:
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break spaces of French typography


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def cell(text: str) -> str:
    """Escaped text for a table cell: nothing there can start a block, only `|` matters; the
    cell's lines are joined by " · "."""
    lines = (_one_line(line) for line in text.split("\n"))
    return _SPECIAL.sub(r"\\\1", " · ".join(x for x in lines if x))


def _strong_first(text: str) -> str:
    """A cell whose first line is bold: "**Title** rest"."""
    first, _, rest = text.partition("\n")
    if not first.strip():
        return cell(text)
    return f"**{cell(first)}**" + (f" · {cell(rest)}" if rest.strip() else "")


def inline(text: str) -> str:
    """Escaped text on one line (table cells, list items): line breaks become spaces."""
    return escape(_one_line(text))


def render(blocks: list[Block], lang: str = "fr") -> str:
    sep = label_sep(lang)
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + inline(block.text))
        elif isinstance(block, Para):
            body = escape(block.text).replace("\n", "  \n")
            if block.label:
                body = f"**{inline(block.label)}**{sep}{body}"
            if block.style == "note":
                body = f"*{body}*"
            elif block.style == "flag":
                body = f"**{body}**"
            out.append(body)
        elif isinstance(block, Bullets):
            mark = "⚠ " if block.style == "flag" else ""
            out.append("\n".join(f"- {mark}{inline(item)}" for item in block.items))
        elif isinstance(block, Quadrants):  # a 2x2 grid: each quadrant and its cards
            items = []
            for name, hint, cards in block.cells:
                head = f"- **{inline(name)}**" + (f" ({inline(hint)})" if hint else "")
                items.append("\n".join([head, *(f"  - {inline(c)}" for c in cards)]))
            out.append("\n".join(items))
        elif isinstance(block, Grid):
            lines = [
                "| " + " | ".join(cell(h) for h in block.headers) + " |",
                "|" + "|".join("---" for _ in block.headers) + "|",
            ]
            strong = set(block.strong)
            for i, row in enumerate(block.rows):
                flag = block.flags[i] if i < len(block.flags) else False
                cells = [
                    _strong_first(c) if k in strong and not (flag and k == 0) else cell(c)
                    for k, c in enumerate(row)
                ]
                if flag and cells:
                    cells[0] = f"**{cells[0]}**" if cells[0] else cells[0]
                lines.append("| " + " | ".join(cells) + " |")
            if grid_right := [k for k in block.numeric if k < len(block.headers)]:
                lines[1] = (
                    "|"
                    + "|".join(
                        "--:" if k in grid_right else "---" for k in range(len(block.headers))
                    )
                    + "|"
                )
            out.append("\n".join(lines))
        elif isinstance(block, Chart):
            continue  # the numbers are in the tables next to where the chart would be
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_document(doc: Document) -> str:
    return render(doc.blocks, doc.lang)


def render_report(report: Report) -> str:
    """The partner report as Markdown (the facilitator's notes: `render_document`)."""
    return render_document(documents(report)[0])
