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
from facilitate.i18n import translate

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


# The loader's reasons in French, for `check-format --lang fr` and the TUI.
FRENCH: list[tuple[str, str]] = [
    (r"needs both languages: fr and en", "il faut les deux langues : fr et en"),
    (r"expected a table with fr and en texts", "attendu : une table avec les textes fr et en"),
    (r"missing (fr|en) text", r"texte \1 absent"),
    (r"unknown language\(s\) (.+); use fr and en", r"langue(s) inconnue(s) \1 ; utilisez fr et en"),
    (r"expected a whole number, got (\w+)", r"attendu : un nombre entier, reçu \1"),
    (r"(\S+) is out of range (\S+)", r"\1 est hors de l'intervalle \2"),
    (r"unknown key; expected one of (.+)", r"clé inconnue ; attendu : \1"),
    (
        r"missing \(this program reads schema_version = 1\)",
        "absent (ce programme lit schema_version = 1)",
    ),
    (
        r"version (\d+) is not supported \(expected 1\)",
        r"la version \1 n'est pas prise en charge (attendu : 1)",
    ),
    (
        r"expected a lowercase id such as '([\w-]+)'",
        r"attendu : un identifiant en minuscules comme « \1 »",
    ),
    (r"a format needs at least one \[\[steps\]\]", "un format a besoin d'au moins une [[steps]]"),
    (r"expected a table", "attendu : une table"),
    (r"missing kind \(one of (.+)\)", r"kind absent (l'un de : \1)"),
    (r"unknown step kind (.+); expected one of (.+)", r"type d'étape \1 inconnu ; attendu : \2"),
    (r"duplicate step id (.+)", r"identifiant d'étape \1 en double"),
    (r"missing", "absent"),
    (r"missing (\w+)", r"\1 absent"),
    (
        r"not a setting of a (\w+) step \(allowed: (.+)\)",
        r"n'est pas un réglage d'une étape \1 (réglages possibles : \2)",
    ),
    (r"expected true or false", "attendu : true ou false"),
    (r"expected one of (.+)", r"attendu : l'un de \1"),
    (r"a custom grid names its four quadrants", "une grille libre nomme ses quatre cases"),
    (r"only a custom grid names its quadrants", "seule une grille libre nomme ses cases"),
    (r"a statement has at most (\d+) characters", r"une affirmation a au plus \1 caractères"),
    (
        r'expected "top" or a \{fr = \.\.\., en = \.\.\.\} text',
        "attendu : « top » ou un texte {fr = ..., en = ...}",
    ),
    (
        r"expected a list of \{fr = \.\.\., en = \.\.\.\} texts",
        "attendu : une liste de textes {fr = ..., en = ...}",
    ),
    (r"a (\w+) step needs '(\w+)'", r"une étape \1 a besoin de « \2 »"),
    (r"(\d+) questions for (\d+) rounds", r"\1 questions pour \2 tours"),
    (r"rounds do not fit in the step's minutes", "les tours dépassent la durée de l'étape"),
    (
        r"not valid TOML: a string opened here is never closed",
        "TOML invalide : une chaîne ouverte ici n'est jamais fermée",
    ),
    (r"not valid TOML: (.+)", r"TOML invalide : \1"),
    (r"cannot read the file: (.+)", r"fichier illisible : \1"),
    (r"the file is not UTF-8 text", "le fichier n'est pas du texte UTF-8"),
    (
        r"id '(.+)' is already used by (.+); this file is left out",
        r"l'identifiant « \1 » est déjà pris par \2 ; ce fichier est laissé de côté",
    ),
]


class FormatError(ValueError):
    """A format file that cannot be used, with the file, line and field at fault."""

    def __init__(self, path: str, line: int, field: str, why: str) -> None:
        self.path, self.line, self.field, self.why = path, line, field, why
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """`file:line: field: why`, the reason in `lang`."""
        why = translate(self.why, lang, FRENCH)
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

    def fail(self, field: str, why: str) -> FormatError:
        return FormatError(self.path, _line_of(self.lines, field), field, why)

    def text_pair(self, value: Any, field: str) -> dict[str, str]:
        if isinstance(value, str):
            raise self.fail(field, "needs both languages: fr and en")
        if not isinstance(value, dict):
            raise self.fail(field, "expected a table with fr and en texts")
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(
                    f"{field}.{lang}" if lang in value else field, f"missing {lang} text"
                )
        extra = set(value) - set(LANGS)
        if extra:
            raise self.fail(field, f"unknown language(s) {', '.join(sorted(extra))}; use fr and en")
        return {lang: value[lang].strip() for lang in LANGS}

    def integer(self, value: Any, field: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"expected a whole number, got {type(value).__name__}")
        if not low <= value <= high:
            raise self.fail(field, f"{value} is out of range {low}..{high}")
        return value


def _validate(data: dict[str, Any], check: _Checker) -> Format:
    known = {"schema_version", "id", "name", "summary", "steps"}
    for key in data:
        if key not in known:
            raise check.fail(key, f"unknown key; expected one of {', '.join(sorted(known))}")
    if "schema_version" not in data:
        raise check.fail("schema_version", "missing (this program reads schema_version = 1)")
    version = check.integer(data["schema_version"], "schema_version", 1, 10**6)
    if version != SCHEMA_VERSION:
        raise check.fail("schema_version", f"version {version} is not supported (expected 1)")
    fid = data.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        raise check.fail("id", "expected a lowercase id such as 'world-cafe'")
    if "name" not in data:
        raise check.fail("name", "missing")
    name = check.text_pair(data["name"], "name")
    summary = check.text_pair(data["summary"], "summary") if "summary" in data else dict(name)
    steps_raw = data.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise check.fail("steps", "a format needs at least one [[steps]]")
    steps: list[Step] = []
    seen: set[str] = set()
    for i, raw in enumerate(steps_raw):
        steps.append(_validate_step(raw, f"steps[{i}]", check, seen))
    return Format(id=fid, name=name, summary=summary, steps=tuple(steps))


def _validate_step(raw: Any, where: str, check: _Checker, seen: set[str]) -> Step:
    if not isinstance(raw, dict):
        raise check.fail(where, "expected a table")
    kind = raw.get("kind")
    if kind is None:
        raise check.fail(where, f"missing kind (one of {', '.join(STEP_KINDS)})")
    if kind not in STEP_KINDS:
        raise check.fail(
            f"{where}.kind", f"unknown step kind {kind!r}; expected one of {', '.join(STEP_KINDS)}"
        )
    sid = raw.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        raise check.fail(f"{where}.id", "expected a lowercase id such as 'round-1'")
    if sid in seen:
        raise check.fail(f"{where}.id", f"duplicate step id {sid!r}")
    seen.add(sid)
    for key in ("title", "script", "minutes"):
        if key not in raw:
            raise check.fail(where, f"missing {key}")
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
            allowed = ", ".join(sorted(spec)) or "none"
            raise check.fail(field, f"not a setting of a {kind} step (allowed: {allowed})")
        typ = spec[key][0]
        if typ == "int":
            settings[key] = check.integer(value, field, 1, 1000)
        elif typ == "bool":
            if not isinstance(value, bool):
                raise check.fail(field, "expected true or false")
            settings[key] = value
        elif typ == "text":
            settings[key] = check.text_pair(value, field)
        elif typ == "choice":
            words = CHOICES[(kind, key)]
            if value not in words:
                raise check.fail(field, f"expected one of {', '.join(words)}")
            settings[key] = value
        elif typ == "proposal":
            if value != "top" and not isinstance(value, dict):
                raise check.fail(field, 'expected "top" or a {fr = ..., en = ...} text')
            settings[key] = value if value == "top" else check.text_pair(value, field)
        elif typ == "texts":
            if not isinstance(value, list) or not value:
                raise check.fail(field, "expected a list of {fr = ..., en = ...} texts")
            settings[key] = [check.text_pair(v, f"{field}[{j}]") for j, v in enumerate(value)]
    for key, (_, required) in spec.items():
        if required and key not in settings:
            raise check.fail(where, f"a {kind} step needs '{key}'")
    if kind == "matrix":
        custom = settings.get("preset", "custom" if "quadrants" in settings else "swot")
        if custom == "custom" and len(settings.get("quadrants", [])) != 4:
            raise check.fail(f"{where}.quadrants", "a custom grid names its four quadrants")
        if custom != "custom" and "quadrants" in settings:
            raise check.fail(f"{where}.quadrants", "only a custom grid names its quadrants")
    if kind == "rounds":
        if len(settings["questions"]) != settings["rounds"]:
            raise check.fail(
                f"{where}.questions",
                f"{len(settings['questions'])} questions for {settings['rounds']} rounds",
            )
        if settings.get("round_minutes", 0) * settings["rounds"] > minutes:
            raise check.fail(f"{where}.round_minutes", "rounds do not fit in the step's minutes")
    if kind == "statements":  # a majority is more than half; a share is at most all answers
        for key, low, high in (("majority", 50, 99), ("pass_percent", 1, 100)):
            if key in settings:
                check.integer(settings[key], f"{where}.{key}", low, high)
        for j, pair in enumerate(settings.get("statements", [])):
            for lang in LANGS:
                if len(pair[lang]) > STATEMENT_MAX:
                    field = f"{where}.statements[{j}].{lang}"
                    raise check.fail(field, f"a statement has at most {STATEMENT_MAX} characters")
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
                line, why = opened, "a string opened here is never closed"
            else:
                line = text.count("\n") + 1
        raise FormatError(path, line, "", f"not valid TOML: {why}") from None
    fmt = _validate(data, _Checker(path, text))
    return Format(id=fmt.id, name=fmt.name, summary=fmt.summary, steps=fmt.steps, path=path)


def load_format(path: str | Path) -> Format:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FormatError(str(p), 0, "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(str(p), line, "", "the file is not UTF-8 text") from None
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
                why = f"id '{fmt.id}' is already used by {first}; this file is left out"
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
