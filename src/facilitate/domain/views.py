"""What the phone pages show, computed from the session: current step, question, table items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitate.domain.forum import has_forum as forum_kinds
from facilitate.domain.forum import interest, wall
from facilitate.domain.records import (
    Contribution,
    Participant,
    Proposal,
    Round,
    SessionInfo,
    Side,
    Step,
    Table,
    Tension,
    Topic,
)
from facilitate.domain.session import Session
from facilitate.domain.timeline import LiveState
from facilitate.i18n import pick, t


def current_step(info: SessionInfo, live: LiveState) -> Step | None:
    return info.step(live.step) if live.step else None


def round_question(session: Session, step: Step, number: int, lang: str) -> str:
    """A round's question: the one stored with the seating, else the format's."""
    for rnd in session.rounds_of(step.id):
        if rnd.number == number and rnd.question:
            return rnd.question
    questions = step.settings.get("questions") or []
    if 1 <= number <= len(questions):
        return pick(questions[number - 1], lang)
    return ""


def statement_number(step: Step, live: LiveState) -> int:
    """Which statement of a moving debate is on the floor (1-based), as the facilitator set it."""
    statements = step.settings.get("statements") or []
    return max(1, min(live.statement, len(statements) or 1))


def side_label(side: Side, lang: str) -> str:
    """A camp of the moving debate; the middle is the "rivière du doute" (zone of doubt)."""
    return t(f"deciding.side.{side.value}", lang)


def statement_text(step: Step, number: int, lang: str) -> str:
    statements = step.settings.get("statements") or []
    if 1 <= number <= len(statements):
        return pick(statements[number - 1], lang)
    return ""


def current_question(session: Session, live: LiveState, lang: str) -> str:
    """The question participants work on right now, whatever the kind of step."""
    step = current_step(session.info, live)
    if step is None:
        return ""
    if step.kind == "rounds":
        return round_question(session, step, live.round or 1, lang)
    if step.kind == "debate":
        return statement_text(step, statement_number(step, live), lang)
    if step.kind == "meaning":
        return " / ".join(pick(q, lang) for q in step.settings.get("questions") or [])
    question = step.settings.get("question")
    if isinstance(question, dict):
        return pick(question, lang)
    return ""


def first_question(session: Session, lang: str) -> str:
    """The first round's question of the first café step (for printed cards)."""
    for step in session.info.steps:
        if step.kind == "rounds":
            return round_question(session, step, 1, lang)
    return ""


def step_title(session: Session, live: LiveState, lang: str) -> str:
    step = current_step(session.info, live)
    return step.text("title", lang) if step else ""


@dataclass
class Item:
    """One thing said at a table, as a phone shows it."""

    kind: str
    label: str
    text: str
    author: str
    at: str


def table_items(session: Session, table: Table, lang: str) -> list[Item]:
    """Visible contributions, disagreements and proposals of a table, oldest first."""
    items: list[Item] = []
    for c in session.all(Contribution):
        if c.table == table.id and not c.hidden:
            items.append(
                Item(
                    c.kind.value,
                    t(f"contribution.{c.kind.value}", lang),
                    c.text,
                    _author(session, c.author, c.author_name),
                    c.at,
                )
            )
    for x in session.all(Tension):
        if x.table == table.id and not x.hidden:
            items.append(
                Item(
                    "tension",
                    t("contribution.tension", lang),
                    x.about,
                    _author(session, x.author, x.author_name),
                    x.at,
                )
            )
    for p in session.all(Proposal):
        if p.table == table.id and not p.hidden:
            text = p.title + (f"\n{p.text}" if p.text else "")
            items.append(
                Item(
                    "proposal",
                    t("contribution.proposal", lang),
                    text,
                    _author(session, p.author, p.author_name),
                    p.at,
                )
            )
    items.sort(key=lambda i: i.at)
    return items


def _author(session: Session, pid: int | None, name: str) -> str:
    return name or session.participant_name(pid)


def host_name(session: Session, table: Table) -> str:
    person = session.get(Participant, table.host)
    return person.name if person else ""


def vote_step(session: Session, live: LiveState) -> Step | None:
    step = current_step(session.info, live)
    return step if step is not None and step.kind == "vote" else None


def visible_proposals(session: Session) -> list[Proposal]:
    return sorted((p for p in session.all(Proposal) if not p.hidden), key=lambda p: p.id)


def agenda(session: Session, live: LiveState | None = None) -> dict[str, Any]:
    """The open forum wall: slots × spaces, with the topics placed there and their interest."""
    board = wall(session.info, session.tables, session.all(Topic), live)
    return {
        "slots": list(range(board.slots)),
        "columns": [(sp.key, sp.name) for sp in board.spaces],
        "grid": board.cells,
        "unplaced": board.unplaced,
        "count": len(board.cells) + len(board.unplaced),
        "now": board.now,
        "interest": {tp.id: interest(tp) for tp in session.all(Topic)},
    }


def countdown(live: LiveState) -> dict[str, Any] | None:
    """The phone's countdown: the round's (or slot's) time left, else the step's; None idle."""
    if live.step is None or live.timer_budget_s <= 0:
        return None
    left = round(live.remaining_s)
    sign, left_abs = ("-" if left < 0 else ""), abs(left)
    text = f"{sign}{left_abs // 60:02d}:{left_abs % 60:02d}"
    return {"remaining_s": left, "running": live.running, "text": text}


def round_label(step: Step | None, live: LiveState, count: int, lang: str) -> str:
    """The round running ("Round 2 of 3"), or the open forum's slot ("Slot 2 of 3")."""
    if step is None or not live.round:
        return ""
    unit = "portal.slot" if step.kind == "breakouts" else "portal.round"
    label = t(unit, lang, n=live.round)
    return t("portal.of_count", lang, label=label, count=count) if count else label


def has_forum(session: Session) -> bool:
    return forum_kinds(session.info)


def seated(session: Session, table: Table, live: LiveState) -> list[str]:
    """Who sits at `table` in the café round running (its host first), by name."""
    step = current_step(session.info, live)
    if step is None or step.kind != "rounds":
        return []
    number = live.round or 1
    rnd = next((r for r in session.rounds_of(step.id) if r.number == number), None)
    if rnd is None:
        return []
    ids = sorted(rnd.seating.get(str(table.id), []), key=lambda p: p != table.host)
    return [session.participant_name(p) for p in ids]


def topic_here(session: Session, table: Table, live: LiveState) -> Topic | None:
    """The open forum topic meeting at `table` (a space) in the slot running now."""
    board = wall(session.info, session.tables, session.all(Topic), live)
    if board.now is None:
        return None
    return board.cells.get((board.now, table.id))


def has_agenda(session: Session) -> bool:
    return bool(session.all(Topic)) or any(s.kind == "marketplace" for s in session.info.steps)


def seat_of(rnd: Round, person: int) -> int | None:
    """The table id where `person` sits in a round, or None."""
    for table_id, ids in rnd.seating.items():
        if person in ids:
            return int(table_id)
    return None
