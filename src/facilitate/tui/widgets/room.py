"""What the room reads on the projector besides the question and the countdown: who sits where
this round, the open forum's agenda wall, the slot running and the news wall of reports."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from facilitate.domain.forum import interest, news, wall
from facilitate.domain.records import Proposal, Step, Topic
from facilitate.domain.timeline import LiveState
from facilitate.i18n import t
from facilitate.service import SessionService

NEWS_SHOWN = 4  # reports on the wall at once: the newest


def round_label(svc: SessionService, step: Step, live: LiveState, lang: str) -> str:
    """ "Round 2 of 3" (café), "Slot 2 of 3" (open forum), "" when no round runs."""
    if live.step != step.id or not live.round:
        return ""
    unit = "tui.timer.slot" if step.kind == "breakouts" else "tui.timer.round"
    label = t(unit, lang, number=live.round)
    count = svc.round_count(step.id)
    return t("tui.timer.of_count", lang, label=label, count=count) if count else label


def room_text(svc: SessionService, step: Step, live: LiveState, lang: str) -> RenderableType | None:
    """The projector's lower part for a café round, the marketplace or the breakouts."""
    if step.kind == "rounds":
        return seating_grid(svc, step, live, lang)
    if step.kind == "marketplace":
        return agenda_grid(svc, live, lang)
    if step.kind == "breakouts":
        return Group(slot_grid(svc, live, lang), Text(""), news_wall(svc, lang))
    return None


def seating_grid(svc: SessionService, step: Step, live: LiveState, lang: str) -> RenderableType:
    """Each table and who sits there this round (its host starred), for people to find a seat."""
    sess = svc.session
    number = live.round if live.step == step.id and live.round else 1
    rnd = next((r for r in sess.rounds_of(step.id) if r.number == number), None)
    if rnd is None or not rnd.seating:
        return Text("")
    grid = RichTable.grid(padding=(0, 2), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for table in sess.tables:
        seated = sorted(rnd.seating.get(str(table.id), []), key=lambda p: p != table.host)
        names = [("★" if p == table.host else "") + sess.participant_name(p) for p in seated]
        grid.add_row(table.name, ", ".join(names))
    return grid


def agenda_grid(svc: SessionService, live: LiveState, lang: str) -> RenderableType:
    """The agenda wall: a row per slot, a column per space, each topic with its sign-ups."""
    sess = svc.session
    board = wall(svc.info, sess.tables, sess.all(Topic), live)
    if not board.cells and not board.unplaced:
        return Text(t("tui.seating.no_topics", lang), style="dim")
    grid = RichTable(expand=True, show_lines=True, title=t("tui.room.agenda", lang), padding=0)
    grid.add_column("", style="bold", no_wrap=True)
    for space in board.spaces:
        grid.add_column(space.name or t("tui.forum.space", lang, n=space.key), ratio=1)
    for slot in range(board.slots):
        cells: list[RenderableType] = [t("tui.forum.slot", lang, n=slot + 1)]
        for space in board.spaces:
            tp = board.cells.get((slot, space.key))
            cells.append(topic_cell(tp) if tp else Text("·", style="dim"))
        grid.add_row(*cells, style="reverse" if slot == board.now else "")
    if not board.unplaced:
        return grid
    waiting = Text(t("tui.forum.unplaced", lang) + " ", style="bold")
    waiting.append(" · ".join(tp.title for tp in board.unplaced))
    return Group(grid, waiting)


def topic_cell(tp: Topic) -> Text:
    out = Text(tp.title, style="bold")
    if tp.convener:
        out.append(f" · {tp.convener}", style="dim")
    out.append(f" ({interest(tp)})")
    return out


def slot_grid(svc: SessionService, live: LiveState, lang: str) -> RenderableType:
    """The slot running: each space and the topic meeting there."""
    sess = svc.session
    board = wall(svc.info, sess.tables, sess.all(Topic), live)
    slot = board.now if board.now is not None else 0
    meeting = board.in_slot(slot)
    if not meeting:
        return Text(t("tui.seating.no_topics", lang), style="dim")
    grid = RichTable.grid(padding=(0, 2), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for space, tp in meeting:
        grid.add_row(space.name or t("tui.forum.space", lang, n=space.key), topic_cell(tp))
    return grid


def news_wall(svc: SessionService, lang: str) -> RenderableType:
    """The newest reports: the topic, its key points and the proposals it brings to the vote."""
    reports = news(svc.session.all(Topic))
    out = Text()
    out.append(t("tui.room.news", lang) + "\n", style="bold underline")
    if not reports:
        out.append(t("tui.room.no_news", lang), style="dim")
        return out
    for tp in reports[:NEWS_SHOWN]:
        out.append(tp.title, style="bold")
        if tp.convener:
            out.append(f" · {tp.convener}", style="dim")
        out.append("\n")
        if tp.report:
            out.append(tp.report.replace("\n", " ") + "\n")
        for pid in tp.proposals:
            prop = svc.session.get(Proposal, pid)
            if prop is not None and not prop.hidden:
                out.append("  → " + prop.title + "\n", style="green")
    if len(reports) > NEWS_SHOWN:
        out.append(t("tui.room.more_news", lang, n=len(reports) - NEWS_SHOWN), style="dim")
    return out
