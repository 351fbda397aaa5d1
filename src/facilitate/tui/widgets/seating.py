"""Who sits where in the current round (or the first round before the café starts)."""

from __future__ import annotations

from rich.text import Text

from facilitate.domain.records import Step
from facilitate.domain.timeline import LiveState
from facilitate.i18n import t
from facilitate.service import SessionService


def shown_round(svc: SessionService, step: Step, live: LiveState) -> int:
    """The round to show: the one running, else the first."""
    if live.step == step.id and live.round:
        return live.round
    return 1


def seating_text(svc: SessionService, step: Step, live: LiveState, lang: str) -> Text:
    """One block per table: its name, its host, then the people seated there."""
    sess = svc.session
    rounds = sess.rounds_of(step.id) if step.kind == "rounds" else []
    if not any(r.seating for r in rounds):
        rounds_steps = [s for s in svc.info.steps if s.kind == "rounds"]
        if not rounds_steps:
            return Text(t("tui.seating.none", lang), style="dim")
        step = rounds_steps[0]
        rounds = sess.rounds_of(step.id)
        if not any(r.seating for r in rounds):
            return Text(t("tui.seating.no_plan", lang), style="dim")
    number = shown_round(svc, step, live)
    rnd = next((r for r in rounds if r.number == number), rounds[0])
    out = Text(t("tui.timer.round", lang, number=rnd.number) + "\n", style="bold")
    for table in sess.tables:
        seated = rnd.seating.get(str(table.id), [])
        out.append(table.name, style="bold")
        out.append(f" ({len(seated)})\n")
        names = []
        for pid in seated:
            name = sess.participant_name(pid)
            names.append(("★" if pid == table.host else "") + name)
        out.append("  " + ", ".join(names) + "\n")
    return out
