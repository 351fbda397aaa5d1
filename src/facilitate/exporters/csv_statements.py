"""The statements steps as a spreadsheet: one row per statement and group (everyone, each
territory, each kind of power), with the counts of agree, disagree and pass and the verdict."""

from __future__ import annotations

from facilitate.domain.records import Tension
from facilitate.domain.session import Session
from facilitate.domain.statements import (
    Result,
    Statement,
    StatementAnswer,
    StatementStatus,
    Tally,
    Thresholds,
    judge,
    step_territories,
)
from facilitate.i18n import t


def _leaning(tally: Tally, th: Thresholds, lang: str) -> str:
    if tally.total < th.min_answers:
        return t("statements.csv.too_few", lang)
    side = tally.leaning(th.majority)
    return t(f"statements.answer.{side.value}", lang) if side else t("statements.csv.none", lang)


def statement_rows(session: Session, lang: str) -> list[list[object]]:
    """The header and the rows of `statements.csv` (hidden statements left out)."""
    rows: list[list[object]] = [
        [
            "id",
            t("report.step", lang),
            t("statements.report.statement", lang),
            t("statements.csv.origin", lang),
            t("statements.csv.status", lang),
            t("statements.csv.verdict", lang),
            t("statements.csv.split_by", lang),
            t("statements.csv.group", lang),
            t("statements.answer.agree", lang),
            t("statements.answer.disagree", lang),
            t("statements.answer.pass", lang),
            t("statements.csv.answers", lang),
            t("statements.csv.leaning", lang),
            t("report.tension", lang),
        ]
    ]
    answers = session.all(StatementAnswer)
    for step in session.info.steps:
        if step.kind != "statements":
            continue
        mine = [a for a in answers if a.step == step.id]
        territories = step_territories(mine, step.id)
        th = Thresholds.of(step)
        found = sorted(
            (s for s in session.all(Statement) if s.step == step.id and not s.hidden),
            key=lambda s: s.id,
        )
        for s in found:
            r: Result = judge(s, mine, territories, th)
            tension = session.get(Tension, s.tension)
            verdict = (
                t(f"statements.verdict.{r.verdict.value}", lang)
                if s.status == StatementStatus.ACCEPTED
                else ""
            )
            head = [
                s.id,
                step.text("title", lang),
                s.text,
                t(f"statements.origin.{s.origin.value}", lang),
                t(f"statements.status.{s.status.value}", lang),
                verdict,
            ]
            groups = [(t("statements.csv.everyone", lang), "", r.total)]
            groups += [
                (t("statements.csv.territory", lang), k, x) for k, x in r.by_territory.items()
            ]
            groups += [
                (t("statements.csv.power", lang), t(f"power.{k}", lang), x)
                for k, x in r.by_power.items()
            ]
            for by, who, tally in groups:
                rows.append(
                    [
                        *head,
                        by,
                        who,
                        tally.agree,
                        tally.disagree,
                        tally.passed,
                        tally.total,
                        _leaning(tally, th, lang),
                        tension.about if tension is not None and not tension.hidden else "",
                    ]
                )
    return rows
