"""What the phone pages show, computed from the session: current step, question, table items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitate.domain.records import (
    Contribution,
    Participant,
    Proposal,
    Round,
    SessionInfo,
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


def agenda(session: Session) -> dict[str, Any]:
    """The open forum wall: slots × spaces, with the topics placed there."""
    topics = sorted(session.all(Topic), key=lambda x: x.id)
    spaces = [tb for tb in session.tables if tb.is_space]
    space_ids = {tb.id for tb in spaces}
    market = next((s for s in session.info.steps if s.kind == "marketplace"), None)
    n_slots = int(market.settings.get("slots", 0)) if market else 0
    n_slots = max([n_slots, *(x.slot or 0 for x in topics)])
    columns: list[tuple[int, str]] = [(tb.id, tb.name) for tb in spaces]
    extra = sorted({x.space for x in topics if x.space is not None and x.space not in space_ids})
    columns += [(n, "") for n in extra]
    grid = {(x.slot, x.space): x for x in topics if x.slot is not None and x.space is not None}
    placed = {x.id for x in grid.values()}
    unplaced = [x for x in topics if x.id not in placed]
    return {
        "slots": list(range(1, n_slots + 1)),
        "columns": columns,
        "grid": grid,
        "unplaced": unplaced,
        "count": len(topics),
    }


def has_agenda(session: Session) -> bool:
    return bool(session.all(Topic)) or any(s.kind == "marketplace" for s in session.info.steps)


def seat_of(rnd: Round, person: int) -> int | None:
    """The table id where `person` sits in a round, or None."""
    for table_id, ids in rnd.seating.items():
        if person in ids:
            return int(table_id)
    return None
