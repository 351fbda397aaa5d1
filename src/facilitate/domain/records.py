"""Session records (participants, tables, rounds, contributions, tensions...) as plain dataclasses."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self, get_type_hints


class PowerKind(enum.StrEnum):
    POLITICAL = "political"
    ADMINISTRATIVE = "administrative"
    INSTITUTIONAL = "institutional"
    TECHNICAL = "technical"
    ECONOMIC = "economic"
    CIVIL_SOCIETY = "civil_society"


class EngagementRole(enum.StrEnum):
    DRIVER = "driver"
    FOLLOWER = "follower"
    COUNTERWEIGHT = "counterweight"


class Source(enum.StrEnum):
    FACILITATOR = "facilitator"
    PORTAL = "portal"


class ContributionKind(enum.StrEnum):
    IDEA = "idea"
    QUESTION = "question"
    INSIGHT = "insight"
    BLOCKAGE = "blockage"
    AGREEMENT = "agreement"
    REACTION = "reaction"
    REPORT = "report"


class TensionCategory(enum.StrEnum):
    MEANING = "meaning"
    INTERESTS = "interests"
    POWER = "power"
    TIME = "time"
    METHOD = "method"
    RESOURCES = "resources"


class TensionStatus(enum.StrEnum):
    OPEN = "open"
    CLARIFIED = "clarified"
    BECAME_PROPOSAL = "became_proposal"
    PARKED = "parked"
    UNRESOLVED = "unresolved"
    RESOLVED = "resolved"


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    VOTED = "voted"
    ADOPTED = "adopted"
    AMENDED = "amended"
    OBJECTED = "objected"
    REJECTED = "rejected"
    PARKED = "parked"
    WITHDRAWN = "withdrawn"


class ObjectionEnd(enum.StrEnum):
    """How an objection in a consent round ended (sociocracy: it is never simply dropped)."""

    LIFTED = "lifted"  # the objector, having heard the answers, no longer sees the risk
    INTEGRATED = "integrated"  # an amendment to the proposal answers it
    WITHDRAWN = "withdrawn"  # the proposal was withdrawn: the objection stays a tension
    POSTPONED = "postponed"  # the proposal was postponed: the objection waits with it


class DecisionMethod(enum.StrEnum):
    CONSENT = "consent"
    VOTE = "vote"
    CONSENSUS = "consensus"


class InterestTag(enum.StrEnum):
    COMMON = "common"
    CROSSED = "crossed"
    ANTAGONISTIC = "antagonistic"


class Side(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    UNDECIDED = "undecided"


class EventKind(enum.StrEnum):
    STEP_STARTED = "step_started"
    STEP_PAUSED = "step_paused"
    STEP_RESUMED = "step_resumed"
    STEP_EXTENDED = "step_extended"
    STEP_ENDED = "step_ended"
    ROUND_STARTED = "round_started"
    PORTAL_OPENED = "portal_opened"
    PORTAL_CLOSED = "portal_closed"
    SUBMISSIONS_CLOSED = "submissions_closed"
    SUBMISSIONS_OPENED = "submissions_opened"
    TOKEN_ROTATED = "token_rotated"
    TERRITORY_TIME = "territory_time"
    STATEMENT_STARTED = "statement_started"
    VOTE_REVEALED = "vote_revealed"  # data: shown (bool)
    CONSENT_ROUND = "consent_round"  # data: proposal, stage (presentation ... consent)
    DEBATE_PREPARATION = "debate_preparation"  # data: statement, seconds
    DEBATE_PASS = "debate_pass"  # data: statement, side (the camp that passed), after (turns)
    STATEMENT_SHOWN = "statement_shown"  # data: statement (a statements step's record id)
    AGREEMENT_POLL = "agreement_poll"  # data: proposal, poll (1, 2...: a new show of support)
    AGREEMENT_SHOWN = "agreement_shown"  # data: proposal, poll, shown (the room sees the count)


def _coerce(kind: Any, value: Any) -> Any:
    """Turn a stored JSON value back into the declared field type (enums, tuples)."""
    if value is None:
        return None
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    return value


@dataclass(slots=True, kw_only=True)
class Record:
    """A record of a session: an integer id unique within its kind."""

    kind_name: ClassVar[str] = "record"
    id: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, list):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        hints = _hints(cls)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                kwargs[f.name] = _coerce(hints.get(f.name), data[f.name])
        return cls(**kwargs)

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        raw = get_type_hints(cls)
        hints = {}
        for name, hint in raw.items():
            args = getattr(hint, "__args__", None)
            if args:  # X | None
                enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
                hints[name] = enums[0] if enums else hint
            else:
                hints[name] = hint
        _HINTS[cls] = hints
    return hints


@dataclass(slots=True, kw_only=True)
class Placed(Record):
    """A record made during the session: where, when, by whom and through what."""

    step: str | None = None
    round: int | None = None
    table: int | None = None
    author: int | None = None
    author_name: str = ""
    source: Source = Source.FACILITATOR
    at: str = ""


@dataclass(slots=True, kw_only=True)
class Participant(Record):
    kind_name: ClassVar[str] = "participants"
    name: str = ""
    structure: str = ""
    territory: str = ""
    power: PowerKind | None = None
    role: EngagementRole | None = None
    host_of: int | None = None
    present: bool = True
    notes: str = ""
    # From a secretariat's list; empty in sessions made before they existed.
    function: str = ""
    email: str = ""
    phone: str = ""
    # The Fonction or structure word a kind of power was suggested from ("maire"); empty when
    # the power was typed, confirmed or corrected by the facilitator.
    power_suggested_by: str = ""


@dataclass(slots=True, kw_only=True)
class Table(Record):
    """A café table or an open-forum space."""

    kind_name: ClassVar[str] = "tables"
    slug: str = ""
    name: str = ""
    topic: str = ""
    host: int | None = None
    capacity: int = 6
    is_space: bool = False


@dataclass(slots=True, kw_only=True)
class Round(Record):
    """A round of a `rounds` step: its question and who sits at which table."""

    kind_name: ClassVar[str] = "rounds"
    step: str = ""
    number: int = 1
    question: str = ""
    seating: dict[str, list[int]] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Contribution(Placed):
    kind_name: ClassVar[str] = "contributions"
    kind: ContributionKind = ContributionKind.IDEA
    text: str = ""
    reason: str = ""
    answer: str = ""
    hidden: bool = False


@dataclass(slots=True, kw_only=True)
class Tension(Placed):
    """A disagreement or contradiction, kept until it ends somewhere."""

    kind_name: ClassVar[str] = "tensions"
    about: str = ""
    between: list[str] = field(default_factory=list)
    category: TensionCategory = TensionCategory.INTERESTS
    status: TensionStatus = TensionStatus.OPEN
    outcome: str = ""
    proposals: list[int] = field(default_factory=list)
    objection_to: int | None = None
    hidden: bool = False
    # An objection's ending and the amendment that integrated it; empty before they existed.
    ended: ObjectionEnd | None = None
    amendment: str = ""


@dataclass(slots=True, kw_only=True)
class Proposal(Placed):
    kind_name: ClassVar[str] = "proposals"
    title: str = ""
    text: str = ""
    origin: str = ""
    status: ProposalStatus = ProposalStatus.DRAFT
    tensions: list[int] = field(default_factory=list)
    hidden: bool = False


@dataclass(slots=True, kw_only=True)
class Vote(Placed):
    """Dots placed on a proposal (or a topic) by one voter."""

    kind_name: ClassVar[str] = "votes"
    proposal: int = 0
    dots: int = 1
    voter: str = ""
    # The phone's id, signed by the portal when it served a page; empty for the facilitator.
    device: str = ""


@dataclass(slots=True, kw_only=True)
class Decision(Placed):
    kind_name: ClassVar[str] = "decisions"
    text: str = ""
    method: DecisionMethod = DecisionMethod.CONSENT
    proposal: int | None = None


@dataclass(slots=True, kw_only=True)
class Action(Placed):
    kind_name: ClassVar[str] = "actions"
    what: str = ""
    owner: str = ""
    due: str = ""
    proposal: int | None = None
    done: bool = False


@dataclass(slots=True, kw_only=True)
class MeaningAnswer(Placed):
    """An actor's answers to "what is the project for?" and "how does it serve me?"."""

    kind_name: ClassVar[str] = "meaning"
    actor: str = ""
    territory: str = ""
    structure: str = ""
    purpose: str = ""
    serves: str = ""
    interest: InterestTag | None = None
    tension: int | None = None


@dataclass(slots=True, kw_only=True)
class Position(Placed):
    """Where someone stood in a moving debate round."""

    kind_name: ClassVar[str] = "positions"
    statement: int = 0
    side: Side = Side.UNDECIDED
    voter: str = ""
    moved_because: str = ""
    device: str = ""


@dataclass(slots=True, kw_only=True)
class Argument(Placed):
    """An argument given on one side of a moving debate."""

    kind_name: ClassVar[str] = "arguments"
    statement: int = 0
    side: Side = Side.AGREE
    text: str = ""
    moved: int = 0
    turn: int = 0  # its place in the statement's alternating turns (1, 2, ...)
    seconds: int = 0  # how long the turn lasted, from its start to the argument being noted


@dataclass(slots=True, kw_only=True)
class Topic(Placed):
    """An open-forum topic from the marketplace, and its report once discussed."""

    kind_name: ClassVar[str] = "topics"
    title: str = ""
    convener: str = ""
    slot: int | None = None
    space: int | None = None
    pinned: bool = False
    interested: list[str] = field(default_factory=list)
    report: str = ""  # the report's key points
    attendance: list[str] = field(default_factory=list)
    # Phones signed up for the topic: their device id -> the name given ("" when anonymous).
    signups: dict[str, str] = field(default_factory=dict)
    device: str = ""  # the phone that proposed it; empty when typed by the facilitator
    merged_into: int | None = None  # a duplicate merged into another topic leaves the wall
    proposals: list[int] = field(default_factory=list)  # from its report, to the vote
    tensions: list[int] = field(default_factory=list)  # disagreements its report names
    reported_at: str = ""  # when the report came in (the news wall's order)


@dataclass(slots=True, kw_only=True)
class MatrixItem(Placed):
    """A card on a 2x2 grid (AFOM/SWOT, impact/effort, the actors' map), in one quadrant.

    On the actors' map a card may stand for a participating structure (`structure`, placed from
    its members' kinds of power and roles, `by_hand` once the facilitator moved it) or for an
    actor named from a phone or the keyboard (who is absent but decides or is affected)."""

    kind_name: ClassVar[str] = "matrix_items"
    quadrant: str = ""
    text: str = ""
    structure: str = ""
    territory: str = ""
    by_hand: bool = False
    device: str = ""
    hidden: bool = False
    proposal: int | None = None  # the proposal the card became (to vote, consent, the scale)


@dataclass(slots=True, kw_only=True)
class AgreementAnswer(Placed):
    """One person's level on a gradients-of-agreement scale (or fist-to-five) for a proposal."""

    kind_name: ClassVar[str] = "agreement_answers"
    proposal: int = 0
    poll: int = 1
    level: int = 0
    voter: str = ""
    device: str = ""
    comment: str = ""
    objection: int | None = None  # the tension a block opened


@dataclass(slots=True, kw_only=True)
class Event(Record):
    """A step or round starting, pausing, being extended: the log times are rebuilt from."""

    kind_name: ClassVar[str] = "events"
    kind: EventKind = EventKind.STEP_STARTED
    step: str | None = None
    round: int | None = None
    at: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Step:
    """One step of a session, copied from its format so a later edit never changes the past."""

    id: str
    kind: str
    title: dict[str, str]
    minutes: int
    script: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": dict(self.title),
            "minutes": self.minutes,
            "script": dict(self.script),
            "settings": dict(self.settings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(
            id=data["id"],
            kind=data["kind"],
            title=dict(data.get("title", {})),
            minutes=int(data.get("minutes", 0)),
            script=dict(data.get("script", {})),
            settings=dict(data.get("settings", {})),
        )

    def text(self, field_name: str, lang: str) -> str:
        values: dict[str, str] = getattr(self, field_name)
        return values.get(lang) or values.get("en") or values.get("fr") or ""


@dataclass(slots=True, kw_only=True)
class SessionInfo:
    """What a session is: title, date, venue, language, its format and its steps."""

    slug: str
    title: str
    date: str
    format_id: str
    format_name: dict[str, str]
    steps: list[Step]
    venue: str = ""
    lang: str = "fr"
    facilitator: str = ""
    project: str = ""
    venue_host: str = ""
    created_at: str = ""
    token: str = ""
    submissions_open: bool = True
    show_contributions: bool = True
    checklist: dict[str, bool] = field(default_factory=dict)
    schema_version: int = 1
    # The key the portal signs phones' device ids with (HMAC-SHA256); made when it first starts.
    device_secret: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["steps"] = [s.to_dict() for s in self.steps]
        out["format_name"] = dict(self.format_name)
        out["checklist"] = dict(self.checklist)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionInfo:
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["steps"] = [Step.from_dict(s) for s in data.get("steps", [])]
        return cls(**kwargs)

    def step(self, step_id: str) -> Step | None:
        for s in self.steps:
            if s.id == step_id:
                return s
        return None
