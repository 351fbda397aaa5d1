"""Who sits where in the current round (or the first round before the café starts); in an open
forum, which topic meets in which space in the slot running."""

from __future__ import annotations

from rich.text import Text

from facilitate.domain.forum import interest, wall
from facilitate.domain.records import Step, Topic
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
    if step.kind in ("marketplace", "breakouts"):
        return forum_text(svc, step, live, lang)
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
    label = t("tui.timer.round", lang, number=rnd.number)
    count = svc.round_count(step.id)
    if count:
        label = t("tui.timer.of_count", lang, label=label, count=count)
    out = Text(label + "\n", style="bold")
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


def forum_text(svc: SessionService, step: Step, live: LiveState, lang: str) -> Text:
    """The breakouts: each space and the topic meeting there in the slot running (or the first);
    the marketplace: the topics by sign-ups, the most wanted first."""
    sess = svc.session
    board = wall(svc.info, sess.tables, sess.all(Topic), live if live.step == step.id else None)
    if step.kind == "marketplace":
        topics = sorted(svc.wall_topics(), key=lambda tp: (-interest(tp), tp.id))
        if not topics:
            return Text(t("tui.seating.no_topics", lang), style="dim")
        out = Text(t("tui.seating.wanted", lang) + "\n", style="bold")
        for tp in topics:
            out.append(f"{interest(tp):>3} ", style="bold")
            out.append(tp.title + "\n")
        return out
    slot = board.now if board.now is not None else 0
    label = t("tui.timer.slot", lang, number=slot + 1)
    out = Text(t("tui.timer.of_count", lang, label=label, count=board.slots) + "\n", style="bold")
    meeting = board.in_slot(slot)
    if not meeting:
        out.append(t("tui.seating.no_topics", lang), style="dim")
    for space, tp in meeting:
        out.append((space.name or t("tui.forum.space", lang, n=space.key)) + "\n", style="bold")
        out.append(f"  {tp.title}")
        if tp.convener:
            out.append(f" · {tp.convener}", style="dim")
        out.append(f" ({interest(tp)})\n")
    return out
