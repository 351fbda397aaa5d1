"""The 2x2 grid (`matrix` step): its presets, and the actors' map placed from the participants.

Presets, each a grid of two axes and four quadrants, read top-left, top-right, bottom-left,
bottom-right:

- ``swot``: AFOM / SWOT (atouts, faiblesses, opportunités, menaces; strengths, weaknesses,
  opportunities, threats). Rows: what lies inside the group or the territory (top) and what
  comes from its surroundings (bottom); columns: what helps (left) and what harms (right). The
  grid of the SWOT analysis as strategic planning uses it since the 1960s (Learned, Christensen,
  Andrews and Guth, *Business Policy*, 1965; in French territorial diagnosis, "AFOM").
- ``impact-effort``: the impact/effort (or value/effort) grid for prioritising actions. Rows:
  high impact (top), low impact (bottom); columns: little effort (left), much effort (right).
  Quadrants: quick wins (do first), major projects (plan), small tasks (if time allows),
  thankless tasks (drop). A classic of quality and lean practice (the "PICK chart" family).
- ``actors``: the actors' map, the power/interest grid of stakeholder analysis (Mendelow,
  1991; Eden and Ackermann, *Making Strategy*, 1998: players, subjects, context setters,
  crowd). Rows: much power over the project (top), little (bottom); columns: little interest
  (left), much interest (right). Top right, the *players*: who decides. Bottom right, the
  *subjects*: who is affected but has little say, the actors to bring in and strengthen as a
  counterweight (the seed's advice: balance power by inviting counterweight actors). Top left,
  the *context setters*: powerful but little involved, to keep informed and satisfied. Bottom
  left, the *crowd*.
- ``custom``: four quadrants named by the format (`quadrants`), q1 to q4 in reading order.

The actors' map places each structure present from its members (`place_structure`): a kind of
power that decides or funds (political, institutional, administrative, economic) puts it high;
technical staff and civil society, low. A member whose kind of power nobody entered counts with
the one their Fonction and structure suggest (`domain/powers.py`: "Maire" is political, an
association civil society), and the placement says it was suggested. A driver or a counterweight among its members means a
strong interest; only followers, a weak one; no role known, a strong one (they came). It is a
starting point the facilitator moves with the room; a moved card keeps its place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from facilitate.domain.powers import suggest_power
from facilitate.domain.records import (
    EngagementRole,
    MatrixItem,
    Participant,
    PowerKind,
    Step,
)
from facilitate.domain.session import Session
from facilitate.i18n import pick, t

PRESETS = ("swot", "impact-effort", "actors", "custom")
POSITIONS = ("top_left", "top_right", "bottom_left", "bottom_right")
QUADRANTS: dict[str, tuple[str, str, str, str]] = {
    "swot": ("strengths", "weaknesses", "opportunities", "threats"),
    "impact-effort": ("quick_wins", "major_projects", "small_tasks", "thankless"),
    "actors": ("context_setters", "players", "crowd", "subjects"),
    "custom": ("q1", "q2", "q3", "q4"),
}
# powers that decide or fund: high on the actors' map
DECIDING_POWERS = frozenset(
    {PowerKind.POLITICAL, PowerKind.INSTITUTIONAL, PowerKind.ADMINISTRATIVE, PowerKind.ECONOMIC}
)
ENGAGED_ROLES = frozenset({EngagementRole.DRIVER, EngagementRole.COUNTERWEIGHT})


def preset_of(step: Step) -> str:
    """The step's preset; a grid with its own quadrants but no preset is custom."""
    preset = step.settings.get("preset")
    if preset in PRESETS:
        return str(preset)
    return "custom" if step.settings.get("quadrants") else "swot"


def quadrants_of(step: Step) -> tuple[str, str, str, str]:
    """The quadrant keys of the step's grid, in reading order."""
    return QUADRANTS[preset_of(step)]


def custom_labels(step: Step) -> list[dict[str, str]]:
    """The four {fr, en} names a format gives its quadrants (a custom grid), else none."""
    raw = step.settings.get("quadrants") or []
    return [q for q in raw if isinstance(q, dict)][:4]


def quadrant_label(step_settings: Mapping[str, object], preset: str, key: str, lang: str) -> str:
    """A quadrant's name: the format's own for a custom grid, else the preset's."""
    if preset == "custom":
        names = step_settings.get("quadrants") or []
        index = QUADRANTS["custom"].index(key)
        if isinstance(names, list) and index < len(names) and isinstance(names[index], dict):
            return pick(names[index], lang)
    return t(f"matrix.q.{key}", lang)


def items_of(session: Session, step_id: str) -> list[MatrixItem]:
    """The visible cards of a grid step, in the order they came."""
    found = (m for m in session.all(MatrixItem) if m.step == step_id and not m.hidden)
    return sorted(found, key=lambda m: m.id)


def by_quadrant(step: Step, items: list[MatrixItem]) -> dict[str, list[MatrixItem]]:
    """Quadrant key -> its cards, every quadrant present, in reading order."""
    out: dict[str, list[MatrixItem]] = {q: [] for q in quadrants_of(step)}
    for item in items:
        if item.quadrant in out:
            out[item.quadrant].append(item)
    return out


# -- the actors' map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where the participants put a structure: its power and interest, and why."""

    structure: str
    territory: str
    high_power: bool
    high_interest: bool
    powers: tuple[PowerKind, ...]
    roles: tuple[EngagementRole, ...]
    suggested: bool = False  # a kind of power read from a Fonction or structure, not entered

    @property
    def quadrant(self) -> str:
        if self.high_power:
            return "players" if self.high_interest else "context_setters"
        return "subjects" if self.high_interest else "crowd"

    @property
    def counterweight(self) -> bool:
        return EngagementRole.COUNTERWEIGHT in self.roles


def structures(session: Session) -> dict[str, list[Participant]]:
    """Each structure present and its members, by name (participants without one aside)."""
    out: dict[str, list[Participant]] = {}
    for p in session.participants:
        name = " ".join(p.structure.split())
        if p.present and name:
            out.setdefault(name, []).append(p)
    return out


def place_structure(name: str, members: list[Participant]) -> Standing:
    """The quadrant a structure's members suggest (see the module's rules)."""
    found: set[PowerKind] = set()
    suggested = False
    for p in members:
        if p.power is not None:
            found.add(p.power)
            continue
        guess = suggest_power(p.function, p.structure)
        if guess is not None:
            found.add(guess.power)
            suggested = True
    powers = tuple(sorted(found, key=str))
    roles = tuple(sorted({p.role for p in members if p.role is not None}, key=str))
    territories = Counter(p.territory for p in members if p.territory)
    territory = territories.most_common(1)[0][0] if territories else ""
    high_power = any(p in DECIDING_POWERS for p in powers)
    high_interest = not roles or any(r in ENGAGED_ROLES for r in roles)
    return Standing(name, territory, high_power, high_interest, powers, roles, suggested)


def standings(session: Session) -> list[Standing]:
    """Every structure present, placed, by name."""
    return [place_structure(n, m) for n, m in sorted(structures(session).items())]


def placed_structures(session: Session, step_id: str) -> set[str]:
    return {m.structure for m in items_of(session, step_id) if m.structure}


@dataclass(frozen=True)
class ActorsReading:
    """What the actors' map says: who decides, who is affected, the counterweights."""

    deciders: list[str]
    affected: list[str]
    to_bring_in: list[str]  # affected, with no counterweight from them in the room
    counterweights: list[str]  # structures present with a counterweight member


def read_actors(session: Session, step: Step) -> ActorsReading:
    """The reading of an actors' map: the players decide, the subjects are affected; a
    subject that sends no counterweight is one to bring in (or to strengthen)."""
    cells = by_quadrant(step, items_of(session, step.id))
    members = structures(session)
    weights = {
        name
        for name, people in members.items()
        if any(p.role == EngagementRole.COUNTERWEIGHT for p in people)
    }

    def name(m: MatrixItem) -> str:
        return m.structure or m.text

    affected = [name(m) for m in cells.get("subjects", [])]
    return ActorsReading(
        deciders=[name(m) for m in cells.get("players", [])],
        affected=affected,
        to_bring_in=[n for n in affected if n not in weights],
        counterweights=sorted(weights),
    )
