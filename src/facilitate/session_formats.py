"""Session formats: bilingual TOML files of steps, loaded and validated with file:line messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from facilitate.domain.records import Step
from facilitate.domain.statements import STATEMENT_MAX
from facilitate.i18n import Counted, LocalisedError, Message

SCHEMA_VERSION = 1
LANGS = ("fr", "en")
STEP_KINDS = (
    "briefing",
    "meaning",
    "rounds",
    "marketplace",
    "breakouts",
    "debate",
    "vote",
    "consent",
    "harvest",
    "actions",
    "statements",
    "matrix",
    "agreement",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_COMMON_STEP_KEYS = {"id", "kind", "title", "minutes", "script"}
# kind -> {setting: (type, required)}
_SETTINGS: dict[str, dict[str, tuple[str, bool]]] = {
    # question: what the room works on, shown on the phones and the projector (1-2-4-All)
    "briefing": {"principles": ("texts", False), "question": ("text", False)},
    "meaning": {"questions": ("texts", False)},
    "rounds": {
        "rounds": ("int", True),
        "round_minutes": ("int", False),
        "questions": ("texts", True),
        "hosts_stay": ("bool", False),  # default true: the planner and the seating keep hosts
    },
    "marketplace": {
        "slots": ("int", True),
        "slot_minutes": ("int", False),
        "spaces": ("int", True),
    },
    "breakouts": {"slots": ("int", False)},
    "debate": {
        "statements": ("texts", True),
        "position_rounds": ("int", False),
        "allow_undecided": ("bool", False),  # the middle, "rivière du doute"; classic: none
        "prep_minutes": ("int", False),  # each camp prepares its arguments
        "argument_seconds": ("int", False),  # the timer of one argument's turn
    },
    # dots: default about a third of the options (service/voting.py); results hidden until
    # the facilitator reveals them unless live_results
    "vote": {"dots": ("int", False), "stacking": ("bool", False), "live_results": ("bool", False)},
    # proposal: a {fr, en} text put to consent, or "top" (the vote's first; the default)
    "consent": {"proposal": ("proposal", False)},
    "harvest": {"questions": ("texts", False), "question": ("text", False)},
    "actions": {},
    # preset: swot (AFOM), impact-effort, actors (power/interest), custom (with `quadrants`:
    # four {fr, en} names, top-left to bottom-right); see domain/matrix.py
    "matrix": {
        "preset": ("choice", False),
        "question": ("text", False),
        "quadrants": ("texts", False),
    },
    # scale: kaner (the 8 gradients of agreement) or fist-to-five; proposal as for consent;
    # the room sees the distribution once the facilitator shows it unless live_results
    "agreement": {
        "scale": ("choice", False),
        "proposal": ("proposal", False),
        "question": ("text", False),
        "live_results": ("bool", False),
    },
    # Pol.is-style statements (domain/statements.py): prepared ones, phones may propose more
    # (held for moderation); a territory counts with min_answers, leans with more than
    # majority % of its answers; passes from pass_percent % make a statement uncertain
    "statements": {
        "statements": ("texts", False),
        "min_answers": ("int", False),
        "majority": ("int", False),
        "pass_percent": ("int", False),
        "proposals_from_phones": ("bool", False),
    },
}
# kind -> {setting: (type, required)}, public for the session schema (store/schema.py)
STEP_SETTINGS = _SETTINGS
# the values a "choice" setting accepts, by kind and setting
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("matrix", "preset"): ("swot", "impact-effort", "actors", "custom"),
    ("agreement", "scale"): ("kaner", "fist-to-five"),
}


class FormatError(LocalisedError):
    """A format file that cannot be used, with the file, line and field at fault, and why (a
    message worded in the reader's language)."""

    def __init__(self, path: str, line: int, field: str, why: Message) -> None:
        self.path, self.line, self.field = path, line, field
        super().__init__(why)

    def message(self, lang: str) -> str:
        """`file:line: field: why`, the reason in `lang`."""
        why = self.why.text(lang)
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {why}" if self.field else f"{where}: {why}"


@dataclass(frozen=True)
class Format:
    """A validated format: its id, bilingual name and summary, and its steps."""

    id: str
    name: dict[str, str]
    summary: dict[str, str]
    steps: tuple[Step, ...]
    path: str = ""

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


# -- where each key sits in the file ----------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"]+(?:\s*\.\s*[A-Za-z0-9_\-\"]+)*)\s*=\s*")


class _Scan:
    """Where each key sits: a small line scanner aware of strings and multi-line arrays."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        self.open_string_line = 0  # line of a multi-line string never closed
        counters: dict[str, int] = {}
        prefix = ""
        arrays: list[list[Any]] = []  # [path, element count, at element start?, is an array?]
        string: str | None = None  # the quote of a string still open at the end of a line
        string_line = 0
        for number, line in enumerate(text.splitlines(), start=1):
            pos = 0
            if string is None and not arrays:
                header = _HEADER.match(line)
                if header:
                    name = header.group(2).replace('"', "").replace(" ", "")
                    if header.group(1) == "[[":
                        counters[name] = counters.get(name, -1) + 1
                        prefix = f"{name}[{counters[name]}]"
                    else:
                        head, *rest = name.split(".")
                        base = f"{head}[{counters[head]}]" if head in counters else head
                        prefix = base + "".join(f".{p}" for p in rest)
                    self.lines.setdefault(prefix, number)
                    continue
                key = _KEY.match(line)
                if not key:
                    continue
                name = key.group(1).replace('"', "").replace(" ", "")
                path = f"{prefix}.{name}" if prefix else name
                self.lines.setdefault(path, number)
                pos = key.end()
                if line[pos : pos + 1] == "[":
                    arrays.append([path, 0, True, True])
                    pos += 1
            while pos < len(line):
                if string is not None:
                    close = line.find(string, pos)
                    if close < 0:
                        pos = len(line)
                        break
                    if string == '"' and close > 0 and line[close - 1] == "\\":
                        pos = close + 1
                        continue
                    pos = close + len(string)
                    string = None
                    continue
                ch = line[pos]
                if ch == "#":
                    break
                if (
                    arrays
                    and arrays[-1][3]
                    and arrays[-1][2]
                    and not ch.isspace()
                    and ch not in ",]}"
                ):
                    path = f"{arrays[-1][0]}[{arrays[-1][1]}]"
                    self.lines.setdefault(path, number)
                    arrays[-1][1] += 1
                    arrays[-1][2] = False
                if line.startswith(('"""', "'''"), pos):
                    string, string_line = line[pos : pos + 3], number
                    pos += 3
                    continue
                if ch in "\"'":
                    string, string_line = ch, number
                    pos += 1
                    continue
                if ch == "[" and arrays:
                    arrays.append([arrays[-1][0] + f"[{arrays[-1][1] - 1}]", 0, True, True])
                elif ch == "{" and arrays:
                    arrays.append([arrays[-1][0] + f"[{arrays[-1][1] - 1}]", 0, False, False])
                elif ch == "}" and arrays or ch == "]" and arrays:
                    arrays.pop()
                elif ch == "," and arrays and arrays[-1][3]:
                    arrays[-1][2] = True
                pos += 1
            if string in ('"', "'"):
                string = None  # single-line strings cannot span lines
        if string is not None:
            self.open_string_line = string_line


def _key_lines(text: str) -> dict[str, int]:
    """Map dotted field paths (`steps[2].minutes`) to the line where they are written."""
    return _Scan(text).lines


def _line_of(lines: dict[str, int], field: str) -> int:
    path = field
    while path:
        if path in lines:
            return lines[path]
        deeper = [n for k, n in lines.items() if k.startswith((path + ".", path + "["))]
        if deeper:
            return min(deeper)
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path, 1)  # a key missing at the top level: the file's first line


# -- validation --------------------------------------------------------------------------------


class _Checker:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = _key_lines(text)

    def fail(self, field: str, why: Message) -> FormatError:
        return FormatError(self.path, _line_of(self.lines, field), field, why)

    def text_pair(self, value: Any, field: str) -> dict[str, str]:
        if isinstance(value, str):
            raise self.fail(field, Message("format.needs_both_langs"))
        if not isinstance(value, dict):
            raise self.fail(field, Message("format.expected_text_table"))
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(
                    f"{field}.{lang}" if lang in value else field,
                    Message("format.missing_lang_text", lang=lang),
                )
        extra = set(value) - set(LANGS)
        if extra:
            langs = ", ".join(sorted(extra))
            raise self.fail(field, Counted("format.unknown_langs", len(extra), langs=langs))
        return {lang: value[lang].strip() for lang in LANGS}

    def integer(self, value: Any, field: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, Message("format.expected_integer", got=type(value).__name__))
        if not low <= value <= high:
            raise self.fail(field, Message("format.out_of_range", value=value, low=low, high=high))
        return value


def _validate(data: dict[str, Any], check: _Checker) -> Format:
    known = {"schema_version", "id", "name", "summary", "steps"}
    for key in data:
        if key not in known:
            raise check.fail(key, Message("format.unknown_key", known=", ".join(sorted(known))))
    if "schema_version" not in data:
        raise check.fail("schema_version", Message("format.schema_missing"))
    version = check.integer(data["schema_version"], "schema_version", 1, 10**6)
    if version != SCHEMA_VERSION:
        raise check.fail("schema_version", Message("format.schema_unsupported", version=version))
    fid = data.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        raise check.fail("id", Message("format.expected_id", example="world-cafe"))
    if "name" not in data:
        raise check.fail("name", Message("format.missing"))
    name = check.text_pair(data["name"], "name")
    summary = check.text_pair(data["summary"], "summary") if "summary" in data else dict(name)
    steps_raw = data.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise check.fail("steps", Message("format.no_steps"))
    steps: list[Step] = []
    seen: set[str] = set()
    for i, raw in enumerate(steps_raw):
        steps.append(_validate_step(raw, f"steps[{i}]", check, seen))
    return Format(id=fid, name=name, summary=summary, steps=tuple(steps))


def _validate_step(raw: Any, where: str, check: _Checker, seen: set[str]) -> Step:
    if not isinstance(raw, dict):
        raise check.fail(where, Message("format.expected_table"))
    kind = raw.get("kind")
    if kind is None:
        raise check.fail(where, Message("format.missing_kind", kinds=", ".join(STEP_KINDS)))
    if kind not in STEP_KINDS:
        raise check.fail(
            f"{where}.kind",
            Message("format.unknown_kind", kind=repr(kind), kinds=", ".join(STEP_KINDS)),
        )
    sid = raw.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        raise check.fail(f"{where}.id", Message("format.expected_id", example="round-1"))
    if sid in seen:
        raise check.fail(f"{where}.id", Message("format.duplicate_step", id=repr(sid)))
    seen.add(sid)
    for key in ("title", "script", "minutes"):
        if key not in raw:
            raise check.fail(where, Message("format.missing_key", key=key))
    title = check.text_pair(raw["title"], f"{where}.title")
    script = check.text_pair(raw["script"], f"{where}.script")
    minutes = check.integer(raw["minutes"], f"{where}.minutes", 1, 600)
    spec = _SETTINGS[kind]
    settings: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _COMMON_STEP_KEYS:
            continue
        field = f"{where}.{key}"
        if key not in spec:
            allowed = ", ".join(sorted(spec))
            why = "format.not_a_setting" if allowed else "format.not_a_setting_none"
            raise check.fail(field, Message(why, kind=kind, allowed=allowed))
        typ = spec[key][0]
        if typ == "int":
            settings[key] = check.integer(value, field, 1, 1000)
        elif typ == "bool":
            if not isinstance(value, bool):
                raise check.fail(field, Message("format.expected_bool"))
            settings[key] = value
        elif typ == "text":
            settings[key] = check.text_pair(value, field)
        elif typ == "choice":
            words = CHOICES[(kind, key)]
            if value not in words:
                raise check.fail(field, Message("format.expected_choice", choices=", ".join(words)))
            settings[key] = value
        elif typ == "proposal":
            if value != "top" and not isinstance(value, dict):
                raise check.fail(field, Message("format.expected_proposal"))
            settings[key] = value if value == "top" else check.text_pair(value, field)
        elif typ == "texts":
            if not isinstance(value, list) or not value:
                raise check.fail(field, Message("format.expected_texts"))
            settings[key] = [check.text_pair(v, f"{field}[{j}]") for j, v in enumerate(value)]
    for key, (_, required) in spec.items():
        if required and key not in settings:
            raise check.fail(where, Message("format.step_needs", kind=kind, key=key))
    if kind == "matrix":
        custom = settings.get("preset", "custom" if "quadrants" in settings else "swot")
        if custom == "custom" and len(settings.get("quadrants", [])) != 4:
            raise check.fail(f"{where}.quadrants", Message("format.quadrants_four"))
        if custom != "custom" and "quadrants" in settings:
            raise check.fail(f"{where}.quadrants", Message("format.quadrants_custom_only"))
    if kind == "rounds":
        if len(settings["questions"]) != settings["rounds"]:
            raise check.fail(
                f"{where}.questions",
                Counted(
                    "format.questions_rounds",
                    len(settings["questions"]),
                    rounds=Counted("format.n_rounds", settings["rounds"]),
                ),
            )
        if settings.get("round_minutes", 0) * settings["rounds"] > minutes:
            raise check.fail(f"{where}.round_minutes", Message("format.rounds_too_long"))
    if kind == "statements":  # a majority is more than half; a share is at most all answers
        for key, low, high in (("majority", 50, 99), ("pass_percent", 1, 100)):
            if key in settings:
                check.integer(settings[key], f"{where}.{key}", low, high)
        for j, pair in enumerate(settings.get("statements", [])):
            for lang in LANGS:
                if len(pair[lang]) > STATEMENT_MAX:
                    field = f"{where}.statements[{j}].{lang}"
                    raise check.fail(field, Message("format.statement_too_long", max=STATEMENT_MAX))
    return Step(id=sid, kind=kind, title=title, minutes=minutes, script=script, settings=settings)


# -- loading -----------------------------------------------------------------------------------


def parse_format(text: str, path: str = "<format>") -> Format:
    """Parse and validate the text of a format file; raise FormatError naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else 0
        why = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        if not line:
            opened = _Scan(text).open_string_line
            if opened:
                raise FormatError(path, opened, "", Message("format.toml_unclosed")) from None
            line = text.count("\n") + 1
        raise FormatError(path, line, "", Message("format.bad_toml", why=why)) from None
    fmt = _validate(data, _Checker(path, text))
    return Format(id=fmt.id, name=fmt.name, summary=fmt.summary, steps=fmt.steps, path=path)


def load_format(path: str | Path) -> Format:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        why = Message("format.unreadable", why=exc.strerror or exc)
        raise FormatError(str(p), 0, "", why) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(str(p), line, "", Message("format.not_utf8")) from None
    return parse_format(text, str(p))


def shipped_formats_dir() -> Path:
    """The formats shipped with the program: inside the wheel, or the repository's formats/."""
    packaged = Path(str(resources.files("facilitate"))) / "_formats"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "formats"


def available_formats(extra_dirs: list[Path] | None = None) -> dict[str, Format]:
    """Every valid format, shipped ones first; a user folder may add or override by id.

    The first damaged file raises; `find_formats` reports each one and keeps the others."""
    shelf = find_formats(*(extra_dirs or []))
    if shelf.problems:
        raise shelf.problems[0]
    return shelf.formats


@dataclass(frozen=True)
class FormatShelf:
    """The formats on offer: shipped ones, then the facilitator's own, and the damaged files."""

    formats: dict[str, Format]
    own: frozenset[str] = frozenset()  # ids read from the facilitator's folder
    replaced: frozenset[str] = frozenset()  # own ids that take the place of a shipped format
    problems: tuple[FormatError, ...] = ()  # one per damaged file; none hides the others


def find_formats(*user_dirs: Path) -> FormatShelf:
    """Shipped formats, then each user folder's `*.toml`; a user format with a shipped format's
    id replaces it (marked in `replaced`); two user files with one id: the first is kept."""
    shipped = shipped_formats_dir()
    found: dict[str, Format] = {}
    own: set[str] = set()
    replaced: set[str] = set()
    problems: list[FormatError] = []
    folders = [shipped] + [d for d in user_dirs if not _same_dir(d, shipped)]
    for folder in folders:
        if not folder.is_dir():
            continue
        mine = folder is not shipped
        for file in sorted(folder.glob("*.toml")):
            try:
                fmt = load_format(file)
            except FormatError as exc:
                problems.append(exc)
                continue
            if mine and fmt.id in own:
                line = _key_lines(file.read_text(encoding="utf-8-sig")).get("id", 1)
                first = Path(found[fmt.id].path).name
                why = Message("format.duplicate_id", id=fmt.id, first=first)
                problems.append(FormatError(str(file), line, "id", why))
                continue
            if mine:
                if fmt.id in found:
                    replaced.add(fmt.id)
                own.add(fmt.id)
            found[fmt.id] = fmt
    return FormatShelf(found, frozenset(own), frozenset(replaced), tuple(problems))


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def copy_shipped_format(format_id: str, user_dir: Path) -> tuple[Path, bool]:
    """Copy a shipped format's file into the user folder to be edited; never overwrites.

    Returns the user file's path and whether it was written now (False: it was already there).
    """
    source = shipped_formats_dir() / f"{format_id}.toml"
    if not source.is_file():
        raise KeyError(format_id)
    target = user_dir / source.name
    if target.exists():
        return target, False
    user_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(source.read_bytes())
    partial.replace(target)
    return target, True


def get_format(format_id: str, extra_dirs: list[Path] | None = None) -> Format:
    formats = available_formats(extra_dirs)
    if format_id not in formats:
        raise KeyError(format_id)
    return formats[format_id]
