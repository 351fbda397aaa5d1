"""The consolidated report of a session as plain dataclasses, the same for every format."""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitate.domain.cooperation import Credit, VenueSuggestion


@dataclass
class Count:
    label: str
    count: int


@dataclass
class Facts:
    """What the session was: title, date, venue, format, facilitator and who came."""

    title: str
    date: str
    venue: str
    venue_host: str
    format_name: str
    facilitator: str
    project: str
    participants: int
    by_territory: list[Count]
    by_structure: list[Count]
    by_power: list[Count]
    by_role: list[Count]


@dataclass
class AgendaRow:
    step: str
    kind: str
    title: str
    planned_min: float
    actual_min: float | None
    over: bool


@dataclass
class Where:
    """Where a record came from: its step, its table and round, and whether a phone sent it."""

    step: str = ""
    table: str = ""
    round: int | None = None
    phone: bool = False
    author: str = ""


@dataclass
class Item:
    """Something said: an idea, question, insight, blockage..., with its author when known."""

    kind: str
    text: str
    author: str = ""
    reason: str = ""
    answer: str = ""
    where: Where = field(default_factory=Where)


@dataclass
class RoundReport:
    number: int
    question: str
    seated: list[str]
    said: list[Item]


@dataclass
class TableReport:
    name: str
    topic: str
    host: str
    rounds: list[RoundReport]
    outside: list[Item]


@dataclass
class StepItems:
    step: str
    title: str
    items: list[Item]


@dataclass
class TopicReport:
    title: str
    convener: str
    slot: int | None  # 0-based, as stored; readers see slot + 1 ("Créneau 1")
    space: str
    report: str
    attendance: list[str]
    interested: list[str]
    merged: list[str] = field(default_factory=list)  # titles of topics merged into this one


@dataclass
class DecisionItem:
    text: str
    method: str
    proposal: str
    votes: int | None
    # how each objection to the proposal ended: "« about »: lifted (how)"
    objections: list[str] = field(default_factory=list)
    where: Where = field(default_factory=Where)


@dataclass
class TensionItem:
    id: int
    about: str
    category: str
    between: list[str]
    status: str
    outcome: str
    still_open: bool
    objection_to: str
    answered_by: list[str]
    step: str
    ending: str = ""  # an objection's ending: lifted, integrated, proposal withdrawn/postponed
    amendment: str = ""
    where: Where = field(default_factory=Where)
    credited: list[str] = field(default_factory=list)
    # territories seated at the table it came from, when nobody said between whom
    at_table: list[str] = field(default_factory=list)


@dataclass
class ProposalItem:
    rank: int
    id: int
    title: str
    text: str
    origin: str
    status: str
    votes: int
    voters: int
    tensions: list[str]
    where: Where = field(default_factory=Where)
    credited: list[str] = field(default_factory=list)


@dataclass
class ActionItem:
    what: str
    owner: str
    due: str
    done: bool
    proposal: str


@dataclass
class Mover:
    who: str
    round: int
    before: str
    after: str
    because: str


@dataclass
class ArgumentItem:
    side: str
    text: str
    moved: int


@dataclass
class DebateReport:
    step: str
    index: int
    statement: str
    rounds: list[tuple[int, dict[str, int]]]
    movers: list[Mover]
    arguments: list[ArgumentItem]
    towards: list[tuple[str, int]] = field(default_factory=list)  # side -> how many moved there


@dataclass
class Split:
    """How one territory (or one kind of power) answered a statement."""

    who: str
    agree: int
    disagree: int
    passed: int
    leaning: str = ""  # "agree", "disagree" or "" (no majority, or too few answers)

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed


@dataclass
class StatementLine:
    """One statement of a statements step and what its answers say (domain/statements.py)."""

    id: int
    text: str
    verdict: str  # "unites", "divides", "uncertain", "mixed"
    side: str  # for "unites": "agree", or "disagree" (rejected by every territory)
    total: Split
    territories: list[Split]
    powers: list[Split]
    agreeing: list[str]
    disagreeing: list[str]
    few: list[str]
    many_passes: bool
    power_split: bool
    powers_agreeing: list[str]
    powers_disagreeing: list[str]
    origin: str
    tension: str = ""  # the tension it became


@dataclass
class StatementsReport:
    """A statements step: who answered, the thresholds, and each verdict's statements."""

    step: str
    title: str
    people: int
    territories: list[str]
    min_answers: int
    majority: int
    pass_percent: int
    unites: list[StatementLine]
    divides: list[StatementLine]
    uncertain: list[StatementLine]
    mixed: list[StatementLine]
    proposed: int = 0  # from phones
    set_aside: list[str] = field(default_factory=list)  # proposals the moderator rejected

    @property
    def statements(self) -> list[StatementLine]:
        return sorted(self.unites + self.divides + self.uncertain + self.mixed, key=lambda s: s.id)


@dataclass
class MeaningItem:
    actor: str
    territory: str
    structure: str
    purpose: str
    serves: str
    interest: str
    tension: int | None


@dataclass
class Antagonism:
    actor: str
    territory: str
    serves: str
    tension: str
    status: str


@dataclass
class CooperationReport:
    """The seed's lens: balance, interests, recognition, time, place."""

    warnings: list[str]
    territories: list[str]
    tags: list[str]
    matrix: dict[str, dict[str, int]]
    antagonisms: list[Antagonism]
    credits: list[Credit]
    followers: list[str]
    time_over: list[AgendaRow]
    territory_minutes: list[tuple[str, float]]
    next_venue: VenueSuggestion


@dataclass
class Presence:
    """Who came from one territory: people and structures."""

    territory: str
    people: int
    structures: list[str]


@dataclass
class Moderation:
    """One line of the moderation log: something hidden, submissions closed, a new token."""

    at: str
    what: str
    detail: str = ""


@dataclass
class Doubt:
    """A word anonymisation left alone although it is also a participant's name."""

    word: str
    context: str
    why: str  # "common_word", "first_name", "sentence_start"


@dataclass
class NotesReport:
    """What only the facilitator reads: balance of powers, followers, moderation, doubts."""

    powers: list[str]
    powers_by_territory: dict[str, dict[str, int]]
    roles: list[str]
    roles_by_territory: dict[str, dict[str, int]]
    followers: dict[str, list[str]]
    moderation: list[Moderation]
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class Charts:
    """Chart data: votes per proposal, participation per territory, shared tensions."""

    votes: list[tuple[str, int]]
    participation: list[tuple[str, int, int]]
    shared_territories: list[str]
    shared: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class QuadrantCell:
    """One quadrant of a 2x2 grid: its name, what it holds, and the cards placed in it."""

    key: str
    label: str
    hint: str
    cards: list[str]


@dataclass
class MatrixReport:
    """A matrix step: its grid (axes and four quadrants in reading order) and, on an actors'
    map, who decides, who is affected and whom to bring in as a counterweight."""

    step: str
    title: str
    preset: str
    kind_label: str
    question: str
    columns: tuple[str, str]
    rows: tuple[str, str]
    cells: list[QuadrantCell]
    deciders: list[str] = field(default_factory=list)
    affected: list[str] = field(default_factory=list)
    to_bring_in: list[str] = field(default_factory=list)
    counterweights: list[str] = field(default_factory=list)
    # for the facilitator's notes: structures placed from a Fonction's suggested power, and
    # cards moved by hand with the quadrant they are in now
    suggested: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class LevelCount:
    level: int
    label: str
    says: str
    count: int
    block: bool = False


@dataclass
class AgreementPollReport:
    """One poll of a proposal on the scale: how many gave each level, and the blocks."""

    proposal: str
    poll: int
    levels: list[LevelCount]
    total: int
    support: int
    reserved: int
    blocks: int
    objections: list[str] = field(default_factory=list)  # "what the block says (its end)"


@dataclass
class AgreementReport:
    """An agreement step: its scale and each poll held."""

    step: str
    title: str
    scale: str
    scale_label: str
    polls: list[AgreementPollReport]


@dataclass
class Report:
    """Everything a reader needs: what was agreed, what still divides, who does what next."""

    lang: str
    slug: str
    generated: str
    anonymised: bool
    facts: Facts
    agenda: list[AgendaRow]
    tables: list[TableReport]
    plenary: list[StepItems]
    forum: list[TopicReport]
    decisions: list[DecisionItem]
    adopted: list[ProposalItem]
    agreements: list[Item]
    tensions: list[TensionItem]
    blockages: list[Item]
    proposals: list[ProposalItem]
    actions: list[ActionItem]
    debates: list[DebateReport]
    meaning: list[MeaningItem]
    cooperation: CooperationReport
    charts: Charts
    presence: list[Presence] = field(default_factory=list)
    notes: NotesReport | None = None
    statements: list[StatementsReport] = field(default_factory=list)
    matrices: list[MatrixReport] = field(default_factory=list)
    gradients: list[AgreementReport] = field(default_factory=list)

    @property
    def open_tensions(self) -> list[TensionItem]:
        return [x for x in self.tensions if x.still_open]
