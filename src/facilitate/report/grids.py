"""The grids (matrix steps) and the gradients of agreement in the report: pure consolidation
of the session's records, and the partner report's blocks for them.

A grid is drawn as a real 2x2 table (a `Quadrants` block: ODT, DOCX, PDF and HTML draw its
cells, Markdown writes it as a list); an actors' map adds who decides, who is affected and whom
to bring in as a counterweight. A scale shows, per poll, how many gave each level, with the
reading (support, reservations, blocks) and what each block said.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitate.domain import agreement as ag
from facilitate.domain import matrix as mx
from facilitate.domain.deciding import objection_end
from facilitate.domain.matrix import quadrant_label
from facilitate.domain.records import Proposal, Tension
from facilitate.domain.session import Session
from facilitate.i18n import pick, t
from facilitate.report.document import Block, Bullets, Grid, Heading, Para, Quadrants
from facilitate.report.model import (
    AgreementPollReport,
    AgreementReport,
    LevelCount,
    MatrixReport,
    QuadrantCell,
    Report,
)

Tr = Callable[..., str]


def _axis(preset: str, which: str, lang: str) -> tuple[str, str]:
    first, _, second = t(f"matrix.axis.{preset}.{which}", lang).partition("|")
    return first, second


def matrix_reports(session: Session, lang: str) -> list[MatrixReport]:
    """Every matrix step that holds cards, in the agenda's order."""
    out: list[MatrixReport] = []
    for step in session.info.steps:
        if step.kind != "matrix":
            continue
        items = mx.items_of(session, step.id)
        if not items:
            continue
        preset = mx.preset_of(step)
        cells = [
            QuadrantCell(
                key,
                quadrant_label(step.settings, preset, key, lang),
                t(f"matrix.hint.{key}", lang) if preset != "custom" else "",
                [m.text for m in cards],
            )
            for key, cards in mx.by_quadrant(step, items).items()
        ]
        question = step.settings.get("question")
        report = MatrixReport(
            step=step.id,
            title=step.text("title", lang),
            preset=preset,
            kind_label=t(f"matrix.preset.{preset}", lang),
            question=pick(question, lang) if isinstance(question, dict) else "",
            columns=_axis(preset, "cols", lang),
            rows=_axis(preset, "rows", lang),
            cells=cells,
        )
        if preset == "actors":
            reading = mx.read_actors(session, step)
            report.deciders = reading.deciders
            report.affected = reading.affected
            report.to_bring_in = reading.to_bring_in
            report.counterweights = reading.counterweights
            placed = {m.structure for m in items if m.structure}
            report.suggested = [
                s.structure for s in mx.standings(session) if s.suggested and s.structure in placed
            ]
        labels = {c.key: c.label for c in cells}
        report.moved = [(m.text, labels.get(m.quadrant, m.quadrant)) for m in items if m.by_hand]
        out.append(report)
    return out


def agreement_reports(session: Session, lang: str) -> list[AgreementReport]:
    """Every agreement step that was polled, each poll with its distribution."""
    out: list[AgreementReport] = []
    for step in session.info.steps:
        if step.kind != "agreement":
            continue
        scale = ag.scale_of(step)
        polls: list[AgreementPollReport] = []
        for pid, number in ag.polls_of(session.events, step.id):
            given = ag.answers(session, step.id, pid, number)
            if not given:
                continue
            prop = session.get(Proposal, pid)
            if prop is not None and prop.hidden:  # moderated away: its answers with it
                continue
            dist = ag.distribution(scale, given)
            objections = []
            for a in given:
                tension = session.get(Tension, a.objection)
                if tension is None or tension.hidden:
                    continue
                end = objection_end(tension)
                said = t(f"deciding.end.{end.value if end else 'open'}", lang)
                objections.append(t("agreement.report.block", lang, about=tension.about, end=said))
            polls.append(
                AgreementPollReport(
                    proposal=prop.title if prop else "",
                    poll=number,
                    levels=[
                        LevelCount(
                            level,
                            t(f"agreement.level.{scale}.{level}", lang),
                            t(f"agreement.says.{scale}.{level}", lang),
                            count,
                            ag.is_block(scale, level),
                        )
                        for level, count in dist.counts.items()
                    ],
                    total=dist.total,
                    support=dist.support,
                    reserved=dist.reserved,
                    blocks=dist.blocks,
                    objections=objections,
                )
            )
        if polls:
            out.append(
                AgreementReport(
                    step.id,
                    step.text("title", lang),
                    scale,
                    t(f"agreement.scale.{scale}", lang),
                    polls,
                )
            )
    return out


# -- the partner report's blocks ----------------------------------------------------------------


def quadrants_block(m: MatrixReport) -> Quadrants:
    """The 2x2 table: the columns' axis on top, each row's axis on its left."""

    def cell(c: QuadrantCell) -> str:
        return "\n".join([c.label, *(f"• {card}" for card in c.cards)])

    tl, tr_, bl, br = m.cells
    return Quadrants(
        ["", *m.columns],
        [[m.rows[0], cell(tl), cell(tr_)], [m.rows[1], cell(bl), cell(br)]],
        strong=[1, 2],  # the quadrants' names; the axes stay plain (they size the first column)
        cells=[(c.label, c.hint, list(c.cards)) for c in m.cells],
    )


def matrix_blocks(matrices: list[MatrixReport], tr: Tr) -> list[Block]:
    if not matrices:
        return []
    out: list[Block] = [Heading(2, tr("matrix.report.heading"))]
    for m in matrices:
        out.append(Heading(3, m.title))
        out.append(Para(m.question or m.kind_label, style="lead" if m.question else ""))
        out.append(quadrants_block(m))
        if m.preset == "actors":
            lines = []
            if m.deciders:
                lines.append(tr("matrix.report.deciders", names=", ".join(m.deciders)))
            if m.affected:
                lines.append(tr("matrix.report.affected", names=", ".join(m.affected)))
            if m.to_bring_in:
                lines.append(tr("matrix.report.bring_in", names=", ".join(m.to_bring_in)))
            lines.append(
                tr("matrix.report.counterweights", names=", ".join(m.counterweights))
                if m.counterweights
                else tr("matrix.report.no_counterweight")
            )
            out.append(Bullets(lines))
    return out


def agreement_blocks(gradients: list[AgreementReport], tr: Tr) -> list[Block]:
    if not gradients:
        return []
    out: list[Block] = [Heading(2, tr("agreement.report.heading"))]
    for g in gradients:
        out.append(Heading(3, g.title))
        for p in g.polls:
            head = tr("agreement.report.proposal", title=p.proposal)
            if len(g.polls) > 1:
                head += f" · {tr('agreement.report.poll', n=p.poll)}"
            out.append(Para(head, style="lead"))
            out.append(
                Grid(
                    [tr("agreement.report.level"), g.scale_label, tr("agreement.report.answers")],
                    [[str(lv.level), f"{lv.label}\n{lv.says}", str(lv.count)] for lv in p.levels],
                    flags=[lv.block and lv.count > 0 for lv in p.levels],
                    numeric=[0, 2],
                    strong=[1],
                )
            )
            out.append(
                Para(
                    tr(
                        "agreement.report.reading",
                        total=p.total,
                        support=p.support,
                        reserved=p.reserved,
                        blocks=p.blocks,
                    )
                )
            )
            if p.total and p.support == p.total:
                out.append(Para(tr("agreement.report.unanimous")))
            if p.objections:
                out.append(Bullets(p.objections, style="flag"))
    return out


def grid_part(r: Report, tr: Tr) -> list[Block]:
    """The partner report's part on the grids."""
    return matrix_blocks(r.matrices, tr)


def agreement_part(r: Report, tr: Tr) -> list[Block]:
    """The partner report's part on the gradients of agreement."""
    return agreement_blocks(r.gradients, tr)


def grid_notes(r: Report, tr: Tr) -> list[Block]:
    """The facilitator's notes on the grids: on an actors' map, the structures placed from the
    kind of power a Fonction suggests (to check with them) and the cards moved by hand."""
    out: list[Block] = []
    for m in r.matrices:
        lines = []
        if m.suggested:
            lines.append(tr("matrix.notes.suggested", names=", ".join(m.suggested)))
        lines += [tr("matrix.notes.moved", card=card, quadrant=q) for card, q in m.moved]
        if lines:
            if not out:
                out.append(Heading(2, tr("matrix.report.heading")))
            out.append(Heading(3, m.title))
            out.append(Bullets(lines))
    return out
