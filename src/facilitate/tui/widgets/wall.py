"""What the room sees of a decision on the projector: the vote's count once revealed (never
before), the consent round in progress, the debate's statement and whose turn it is."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from facilitate.domain.deciding import CONSENT_ROUNDS
from facilitate.domain.records import Step
from facilitate.i18n import nt, pick, t
from facilitate.service import SessionService
from facilitate.tui.widgets.base import mmss
from facilitate.tui.widgets.grids_view import agreement_text, matrix_heading, matrix_table
from facilitate.tui.widgets.statements_view import statements_room


def room_view(svc: SessionService, step: Step, lang: str) -> RenderableType | None:
    """The projector's body for a vote, consent, debate, grid or scale step; None for others."""
    if step.kind == "vote":
        return _vote(svc, step, lang)
    if step.kind == "consent":
        return _consent(svc, step, lang)
    if step.kind == "debate" and svc.live().step == step.id:
        return _debate(svc, step, lang)
    if step.kind == "matrix":
        return Group(matrix_heading(step, lang), matrix_table(svc, step, lang))
    if step.kind == "agreement":
        return agreement_text(svc, step, lang, width=40, label=44, room=True)
    if step.kind == "statements":
        return statements_room(svc, step, lang)
    return None


def turnout(placed: int, voters: int, lang: str) -> str:
    """ "12 dots placed by 5 voters", each count agreeing with its number."""
    dots = nt("deciding.tui.n_dots_placed", placed, lang)
    return t(
        "deciding.tui.turnout", lang, dots=dots, voters=nt("deciding.tui.n_voters", voters, lang)
    )


def _vote(svc: SessionService, step: Step, lang: str) -> Text:
    placed, voters = svc.turnout(step.id)
    allowed = svc.dots_allowed(step.id)
    out = Text(nt("tui.vote.rule", allowed, lang, dots=allowed) + "\n", style="bold")
    out.append(turnout(placed, voters, lang) + "\n\n")
    if not svc.results_shown(step.id):
        out.append(t("deciding.portal.results_hidden", lang), style="italic")
        return out
    ranking = [(p, n) for p, n in svc.ranking(step.id)]
    top = max((n for _, n in ranking), default=0) or 1
    for rank, (prop, dots) in enumerate(ranking[:12], 1):
        out.append(f"{rank:>2}. {prop.title[:60]}  ")
        out.append("█" * round(24 * dots / top), style="green")
        out.append(f" {dots}\n")
    return out


def _consent(svc: SessionService, step: Step, lang: str) -> Text:
    prop = svc.consent_target(step.id)
    if prop is None:
        return Text(t("tui.consent.no_proposal", lang), style="dim")
    out = Text(prop.title + "\n", style="bold")
    if prop.text:
        out.append(prop.text + "\n")
    walk = svc.consent_walk(step.id)
    current = walk.round if walk.proposal == prop.id else None
    out.append("\n")
    for i, name in enumerate(CONSENT_ROUNDS):
        if i:
            out.append(" › ", style="dim")
        out.append(
            t(f"deciding.round.{name}", lang), style="bold reverse" if name == current else "dim"
        )
    return out


def _debate(svc: SessionService, step: Step, lang: str) -> Text:
    floor = svc.debate_floor(step.id)
    statements = step.settings.get("statements") or []
    text = pick(statements[floor.statement - 1], svc.lang) if statements else ""
    out = Text(f"« {text} »\n\n", style="bold")
    if floor.preparing_s:
        out.append(t("deciding.tui.preparing", lang, left=mmss(floor.preparing_s)))
    else:
        side = t(f"deciding.side.{floor.side.value}", lang)
        left = floor.turn_budget_s - floor.turn_elapsed_s
        out.append(t("deciding.tui.turn", lang, n=floor.turn, side=side))
        out.append(f"  {mmss(left)}", style="bold red" if left < 0 else "bold green")
    return out
