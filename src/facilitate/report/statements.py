"""The statements steps in the report: what unites the territories, what divides them.

The verdicts are the domain's (`facilitate.domain.statements`); this module only turns them
into report lines: labels in the report's language, territories and kinds of power in order.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitate.domain.records import Tension
from facilitate.domain.session import Session
from facilitate.domain.statements import (
    Result,
    Statement,
    StatementAnswer,
    StatementOrigin,
    StatementStatus,
    Tally,
    Thresholds,
    Verdict,
    answer_key,
    ranked,
    results,
    step_territories,
)
from facilitate.i18n import t
from facilitate.i18n.reporting import plural
from facilitate.report.document import Block, Bullets, Grid, Heading, Para, label_sep
from facilitate.report.model import Report, Split, StatementLine, StatementsReport


def _split(who: str, tally: Tally, th: Thresholds) -> Split:
    lean = tally.leaning(th.majority) if tally.total >= th.min_answers else None
    return Split(who, tally.agree, tally.disagree, tally.passed, lean.value if lean else "")


def _line(session: Session, r: Result, lang: str) -> StatementLine:
    th = r.thresholds
    tension = session.get(Tension, r.statement.tension)
    return StatementLine(
        id=r.statement.id,
        text=r.statement.text,
        verdict=r.verdict.value,
        side=r.side.value if r.side else "",
        total=_split("", r.total, th),
        territories=[_split(k, x, th) for k, x in r.by_territory.items()],
        powers=[_split(t(f"power.{k}", lang), x, th) for k, x in r.by_power.items()],
        agreeing=list(r.agreeing),
        disagreeing=list(r.disagreeing),
        few=list(r.few),
        many_passes=r.many_passes,
        power_split=r.power_split,
        powers_agreeing=[t(f"power.{k}", lang) for k in r.powers_agreeing],
        powers_disagreeing=[t(f"power.{k}", lang) for k in r.powers_disagreeing],
        origin=t(f"statements.origin.{r.statement.origin.value}", lang),
        tension=tension.about if tension is not None and not tension.hidden else "",
    )


def statements_reports(session: Session, lang: str) -> list[StatementsReport]:
    """One report part per statements step that has statements, in the agenda's order."""
    out: list[StatementsReport] = []
    every = session.all(Statement)
    answers = session.all(StatementAnswer)
    for step in session.info.steps:
        if step.kind != "statements":
            continue
        mine = [s for s in every if s.step == step.id and not s.hidden]
        if not [s for s in mine if s.status == StatementStatus.ACCEPTED]:
            continue
        found = results(every, answers, step)
        th = Thresholds.of(step)
        here = [a for a in answers if a.step == step.id]
        phones = [s for s in mine if s.origin == StatementOrigin.PHONE]
        out.append(
            StatementsReport(
                step=step.id,
                title=step.text("title", lang),
                people=len({answer_key(a) for a in here}),
                territories=step_territories(here, step.id),
                min_answers=th.min_answers,
                majority=th.majority,
                pass_percent=th.pass_percent,
                unites=[_line(session, r, lang) for r in ranked(found, Verdict.UNITES)],
                divides=[_line(session, r, lang) for r in ranked(found, Verdict.DIVIDES)],
                uncertain=[_line(session, r, lang) for r in ranked(found, Verdict.UNCERTAIN)],
                mixed=[_line(session, r, lang) for r in ranked(found, Verdict.MIXED)],
                proposed=len(phones),
                set_aside=[s.text for s in phones if s.status == StatementStatus.REJECTED],
            )
        )
    return out


# -- the partner report's section ------------------------------------------------------------


def _share(s: Split, side: str, lang: str) -> str:
    """ "83 % agree" for a territory's share on `side`; "–" when nobody answered."""
    n = {"agree": s.agree, "disagree": s.disagree, "pass": s.passed}[side]
    if not s.total:
        return "–"
    pct = (200 * n + s.total) // (2 * s.total)
    return t("statements.report.share", lang, n=pct, side=t(f"statements.answer.{side}", lang))


def _leaning_cell(s: Split, lang: str) -> str:
    if s.leaning:
        return _share(s, s.leaning, lang)
    if not s.total:
        return "–"
    return t("statements.report.no_majority", lang, share=_share(s, "agree", lang))


def _powers_line(x: StatementLine, lang: str) -> str:
    sides = [
        t("statements.tension_side.agree", lang, who=p, n=_pct(x.powers, p, "agree"))
        for p in x.powers_agreeing
    ] + [
        t("statements.tension_side.disagree", lang, who=p, n=_pct(x.powers, p, "disagree"))
        for p in x.powers_disagreeing
    ]
    return t("statements.report.by_power", lang, text=quoted(x.text), split=", ".join(sides))


def quoted(text: str) -> str:
    """A statement inside quotation marks, without its final full stop."""
    return text.rstrip(" .")


def _pct(splits: list[Split], who: str, side: str) -> int:
    s = next(s for s in splits if s.who == who)
    n = {"agree": s.agree, "disagree": s.disagree, "pass": s.passed}[side]
    return (200 * n + s.total) // (2 * s.total) if s.total else 0


def statements_blocks(r: Report, tr: Callable[..., str]) -> list[Block]:
    """What unites and what divides the territories, one part per statements step."""
    out: list[Block] = []
    lang = r.lang
    for part in r.statements:
        out.append(Heading(2, tr("statements.report.heading")))
        if len(r.statements) > 1:
            out.append(Para(part.title, style="lead"))
        out.append(
            Para(
                tr(
                    "statements.report.lead",
                    people=plural("statements.report.n_people", part.people, lang),
                    statements=plural("statements.report.n_statements", len(part.statements), lang),
                    territories=", ".join(part.territories) or "–",
                    majority=part.majority,
                    min=part.min_answers,
                    passes=part.pass_percent,
                )
            )
        )
        every = tr("statements.report.all")
        out.append(Heading(3, tr("statements.report.unites")))
        if part.unites:
            rows = []
            for x in part.unites:
                text = (
                    x.text if x.side == "agree" else tr("statements.report.rejected", text=x.text)
                )
                cells = [_share(s, x.side, lang) for s in x.territories]
                rows.append([text, *cells, _share(x.total, x.side, lang)])
            n = len(part.territories)
            out.append(
                Grid(
                    [tr("statements.report.statement"), *part.territories, every],
                    rows,
                    numeric=list(range(1, n + 2)),
                    strong=[0],
                )
            )
            split = [_powers_line(x, lang) for x in part.unites if x.power_split]
            if split:
                out.append(Bullets(split))
        else:
            out.append(Para(tr("statements.report.none_unites")))
        out.append(Heading(3, tr("statements.report.divides")))
        if part.divides:
            rows = [
                [x.text, *(_leaning_cell(s, lang) for s in x.territories)] for x in part.divides
            ]
            out.append(
                Grid(
                    [tr("statements.report.statement"), *part.territories],
                    rows,
                    numeric=list(range(1, len(part.territories) + 1)),
                    strong=[0],
                )
            )
            notes = [_powers_line(x, lang) for x in part.divides if x.power_split]
            notes += [
                tr("statements.report.became_tension", text=quoted(x.text))
                for x in part.divides
                if x.tension
            ]
            if notes:
                out.append(Bullets(notes))
        else:
            out.append(Para(tr("statements.report.none_divides")))
        if part.mixed:
            out.append(Heading(3, tr("statements.report.mixed")))
            out.append(
                Bullets(
                    [
                        tr(
                            "statements.report.mixed_line",
                            text=quoted(x.text),
                            split=", ".join(
                                f"{s.who} {_leaning_cell(s, lang)}" for s in x.territories
                            ),
                        )
                        + (f" {_powers_line(x, lang)}" if x.power_split else "")
                        for x in part.mixed
                    ]
                )
            )
        if part.uncertain:
            out.append(Heading(3, tr("statements.report.uncertain")))
            lines = []
            for x in part.uncertain:
                why = []
                if x.few:
                    few = ", ".join(f"{s.who} ({s.total})" for s in x.territories if s.who in x.few)
                    why.append(tr("statements.report.few", who=few, min=part.min_answers))
                if x.many_passes:
                    why.append(tr("statements.report.passes", share=_share(x.total, "pass", lang)))
                if not why:
                    why.append(tr("statements.report.one_territory"))
                lines.append(
                    tr("statements.report.uncertain_line", text=quoted(x.text), why="; ".join(why))
                )
            out.append(Bullets(lines))
    return out


def statements_notes(r: Report, tr: Callable[..., str]) -> list[Block]:
    """For the facilitator only: the statements phones proposed and those set aside."""
    out: list[Block] = []
    for part in r.statements:
        if not part.proposed:
            continue
        if not out:
            out.append(Heading(2, tr("statements.notes.heading")))
        line = tr("statements.notes.proposed", n=part.proposed, aside=len(part.set_aside))
        out.append(
            Para(line if len(r.statements) == 1 else f"{part.title}{label_sep(r.lang)}{line}")
        )
        if part.set_aside:
            out.append(Bullets([f"« {quoted(x)} »" for x in part.set_aside]))
    return out
