"""The 2x2 grid and the scale of agreement as text: the projector's body and the panels' view.

Participant text is rich `Text` appended as plain strings: never read as markup.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from facilitate.domain.agreement import LEVELS, is_block, scale_of
from facilitate.domain.matrix import by_quadrant, items_of, preset_of, quadrant_label
from facilitate.domain.records import AgreementAnswer, MatrixItem, Proposal, Step
from facilitate.i18n import pick, t
from facilitate.service import SessionService


def _axis(preset: str, which: str, lang: str) -> tuple[str, str]:
    first, _, second = t(f"matrix.axis.{preset}.{which}", lang).partition("|")
    return first, second


def matrix_table(svc: SessionService, step: Step, lang: str, *, numbered: bool = False) -> Table:
    """The grid as a 2x2 table: the axes on top and on the left, each quadrant's cards."""
    preset = preset_of(step)
    cells = by_quadrant(step, items_of(svc.session, step.id))
    cols, rows = _axis(preset, "cols", lang), _axis(preset, "rows", lang)
    grid = Table(show_lines=True, expand=True, padding=(0, 1))
    grid.add_column("", style="bold", no_wrap=True)  # as wide as the axis's longest word
    grid.add_column(cols[0], ratio=1)
    grid.add_column(cols[1], ratio=1)
    boxes = []
    for i, (key, cards) in enumerate(cells.items(), start=1):
        box = Text(f"{i}. " if numbered else "", style="bold")
        box.append(quadrant_label(step.settings, preset, key, lang), style="bold")
        box.append(f"  ({len(cards)})\n", style="dim")
        for m in cards:
            box.append(f"#{m.id} " if numbered else "• ", style="dim")
            box.append(m.text.replace("\n", " "))
            if m.by_hand:
                box.append(" ↔", style="dim")
            box.append("\n")
        boxes.append(box)
    grid.add_row(Text(rows[0].replace(" ", "\n")), boxes[0], boxes[1])
    grid.add_row(Text(rows[1].replace(" ", "\n")), boxes[2], boxes[3])
    return grid


def matrix_heading(step: Step, lang: str) -> Text:
    preset = preset_of(step)
    out = Text(t(f"matrix.preset.{preset}", lang), style="bold")
    question = step.settings.get("question")
    if isinstance(question, dict):
        out.append("\n" + pick(question, lang))
    return out


def agreement_text(
    svc: SessionService,
    step: Step,
    lang: str,
    *,
    width: int = 14,
    label: int = 30,
    room: bool = False,
) -> Text:
    """The proposal on the scale and how many gave each level, live. For the `room` (the
    projector), the distribution only once the facilitator shows it: until then, how many
    answered."""
    scale = scale_of(step)
    poll = svc.agreement_poll(step.id)
    prop = svc.session.get(Proposal, poll.proposal)
    if prop is None:
        target = svc.agreement_target(step.id)
        out = Text(t("agreement.tui.no_poll", lang), style="dim")
        if target is not None:
            out.append("\n" + t("agreement.tui.next", lang, title=target.title), style="dim")
        return out
    out = Text(prop.title + "\n", style="bold")
    if prop.text:
        out.append(prop.text + "\n")
    if poll.poll > 1:
        out.append(t("agreement.report.poll", lang, n=poll.poll) + "\n", style="reverse")
    dist = svc.agreement_distribution(step.id)
    shown = svc.agreement_shown(step.id)
    if room and not shown:
        out.append("\n" + t("agreement.tui.answered", lang, n=dist.total) + "\n", style="bold")
        out.append(t("agreement.tui.hidden_room", lang), style="italic")
        return out
    if not room:
        out.append(
            t("agreement.tui.shown" if shown else "agreement.tui.hidden", lang) + "\n",
            style="bold green" if shown else "bold yellow",
        )
    top = max(dist.counts.values(), default=0) or 1
    for level in LEVELS[scale]:
        count = dist.counts[level]
        block = is_block(scale, level)
        name = t(f"agreement.level.{scale}.{level}", lang)
        out.append(f"{level} ", style="bold")
        name = name if len(name) <= label else name[: label - 1] + "…"
        out.append(f"{name:<{label}} ", style="bold red" if block and count else "")
        out.append("█" * round(width * count / top), style="red" if block else "green")
        out.append(f" {count}\n")
    out.append(
        t(
            "agreement.report.reading",
            lang,
            total=dist.total,
            support=dist.support,
            reserved=dist.reserved,
            blocks=dist.blocks,
        ),
        style="bold",
    )
    return out


def grid_feed(rec: MatrixItem | AgreementAnswer, svc: SessionService, lang: str) -> tuple[str, str]:
    """The live feed's (kind, words) for a grid's card or an answer on the scale."""
    step = svc.info.step(rec.step) if rec.step else None
    if isinstance(rec, MatrixItem):
        where = rec.quadrant
        if step is not None and step.kind == "matrix":
            where = quadrant_label(step.settings, preset_of(step), rec.quadrant, lang)
        return t("matrix.feed.card", lang), f"{where} · {rec.text}"
    scale = scale_of(step) if step is not None and step.kind == "agreement" else "kaner"
    who = rec.voter if rec.voter and rec.voter != rec.device else t("tui.feed.a_phone", lang)
    line = f"{who} · {rec.level}. {t(f'agreement.level.{scale}.{rec.level}', lang)}"
    return t("agreement.feed.answer", lang), line + (f" · {rec.comment}" if rec.comment else "")
