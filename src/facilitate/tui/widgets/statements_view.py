"""The statements step drawn for the facilitator's panel and the projector: the statement on
the floor, then what unites, divides or stays uncertain, territory by territory, live."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from facilitate.domain.records import Step
from facilitate.domain.statements import Answer, Result, Tally, Verdict, ranked
from facilitate.i18n import nt, t
from facilitate.service import SessionService

ORDER = (Verdict.UNITES, Verdict.DIVIDES, Verdict.MIXED, Verdict.UNCERTAIN)
STYLE = {
    Verdict.UNITES: "bold green",
    Verdict.DIVIDES: "bold red",
    Verdict.MIXED: "bold yellow",
    Verdict.UNCERTAIN: "bold",
}


def floor_text(svc: SessionService, step: Step, lang: str) -> Text:
    """« The statement on the floor », its place among those shown, its answers so far."""
    floor = svc.statement_on_floor(step.id)
    if floor is None:
        return Text(t("statements.tui.no_floor", lang), style="dim")
    shown = [s.id for s in svc.statements_shown(step.id)]
    out = Text(f"« {floor.text} »\n", style="bold")
    tally = svc.statement_result(floor.id).total
    out.append(
        t(
            "statements.tui.floor_line",
            lang,
            n=shown.index(floor.id) + 1 if floor.id in shown else 0,
            count=len(shown),
            answers=nt("statements.tui.n_answers", tally.total, lang),
            agree=tally.agree,
            disagree=tally.disagree,
            passed=tally.passed,
        ),
        style="dim",
    )
    return out


def _cell(tally: Tally, r: Result) -> Text:
    th = r.thresholds
    if tally.total < th.min_answers:
        return Text(f"? {tally.total}", style="dim")
    side = tally.leaning(th.majority)
    if side == Answer.AGREE:
        return Text(f"✓ {tally.percent(Answer.AGREE)}%", style="green")
    if side == Answer.DISAGREE:
        return Text(f"✗ {tally.percent(Answer.DISAGREE)}%", style="red")
    return Text(f"· {tally.percent(Answer.AGREE)}%", style="yellow")


def results_view(
    svc: SessionService, step: Step, lang: str, *, width: int = 48, short: bool = False
) -> RenderableType:
    """Each verdict's statements with every territory's leaning: ✓ agrees, ✗ disagrees (its
    share), · no majority (the agree share), ? too few answers (how many). `short`: territory
    names cut to fit a panel's column (the projector has room for them whole)."""
    found = svc.statement_results(step.id)
    answered = [r for r in found if r.total.total]
    if not answered:
        return Text(t("statements.tui.no_answers", lang), style="dim")
    territories = list(answered[0].by_territory)
    parts: list[RenderableType] = []
    for verdict in ORDER:
        chosen = ranked(answered, verdict)
        if not chosen:
            continue
        parts.append(
            Text(t(f"statements.tui.verdict.{verdict.value}", lang, n=len(chosen)), STYLE[verdict])
        )
        grid = RichTable(box=None, padding=(0, 1), show_edge=False, expand=False)
        grid.add_column(t("statements.report.statement", lang), max_width=width, no_wrap=True)
        for name in territories:
            label = name if not short or len(name) <= 8 else name[:7] + "…"
            grid.add_column(label, justify="right", no_wrap=True)
        for r in chosen:
            text = r.statement.text
            if len(text) > width:
                text = text[: width - 1] + "…"
            cells = [_cell(r.by_territory.get(x, Tally()), r) for x in territories]
            grid.add_row(Text(text), *cells)
            if r.power_split:
                split = ", ".join(
                    [f"{t(f'power.{p}', lang)} ✓" for p in r.powers_agreeing]
                    + [f"{t(f'power.{p}', lang)} ✗" for p in r.powers_disagreeing]
                )
                grid.add_row(Text(f"  {split}", style="italic dim"))
        parts.append(grid)
    parts.append(Text(t("statements.tui.legend", lang), style="dim"))
    return Group(*parts)


def statements_room(svc: SessionService, step: Step, lang: str) -> RenderableType:
    """The projector's body: the statement on the floor, then the results so far."""
    return Group(floor_text(svc, step, lang), Text(""), results_view(svc, step, lang))
