"""Participant lists as a secretariat exports them: any column order, French or English headers,
',' ';' or tab, UTF-8 (BOM or not), UTF-16 or Windows-1252. Parsing only: the service merges.

`Prénom` and `Nom` make the full name "Prénom Nom"; `Civilité` is read but kept out of the name
(and not stored). A `Nom` alone (or `Name`, `Nom complet`) is the full name. Columns that mean
the same thing are read in order of preference: `Commune` fills the territory where
`Territoire` is empty. Every other column is listed as ignored, never dropped without a word.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from facilitate.domain.records import EngagementRole, PowerKind
from facilitate.domain.text import clean_name, clean_text, fold
from facilitate.i18n import nt, t

MAX_ROWS = 5000

# Header (folded, punctuation as spaces) -> (field, preference: 0 first, then 1, 2...).
HEADERS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(
        [
            "name",
            "full name",
            "nom complet",
            "nom et prenom",
            "nom prenom",
            "prenom nom",
            "prenom et nom",
            "participant",
            "participante",
            "nom du participant",
            "identite",
        ],
        ("name", 0),
    ),
    **dict.fromkeys(
        ["prenom", "first name", "firstname", "given name", "forename", "prenom usuel"],
        ("first_name", 0),
    ),
    **dict.fromkeys(
        ["nom", "nom de famille", "nom d'usage", "last name", "lastname", "surname", "family name"],
        ("last_name", 0),
    ),
    **dict.fromkeys(["nom de naissance"], ("last_name", 1)),
    **dict.fromkeys(
        ["civilite", "title", "titre", "salutation", "m mme", "mme m", "madame monsieur"],
        ("civility", 0),
    ),
    **dict.fromkeys(
        [
            "structure",
            "organisme",
            "organisation",
            "organization",
            "collectivite",
            "employeur",
            "employer",
            "institution",
            "etablissement",
            "entite",
            "affiliation",
            "structure representee",
            "organisme employeur",
            "company",
            "societe",
        ],
        ("structure", 0),
    ),
    **dict.fromkeys(["territoire", "territory", "territoire represente"], ("territory", 0)),
    **dict.fromkeys(
        ["epci", "intercommunalite", "communaute de communes", "pays", "bassin"],
        ("territory", 1),
    ),
    **dict.fromkeys(["commune", "ville", "city", "town", "localite"], ("territory", 2)),
    **dict.fromkeys(["departement", "county", "region"], ("territory", 3)),
    **dict.fromkeys(
        [
            "fonction",
            "function",
            "poste",
            "poste occupe",
            "intitule du poste",
            "job title",
            "job",
            "position",
            "qualite",
            "mandat",
            "profession",
        ],
        ("function", 0),
    ),
    **dict.fromkeys(
        [
            "courriel",
            "e mail",
            "email",
            "mail",
            "mel",
            "adresse electronique",
            "adresse mail",
            "adresse e mail",
            "adresse email",
            "adresse courriel",
            "email address",
            "e mail address",
        ],
        ("email", 0),
    ),
    **dict.fromkeys(
        [
            "telephone",
            "tel",
            "phone",
            "phone number",
            "numero de telephone",
            "telephone fixe",
            "tel fixe",
            "telephone professionnel",
        ],
        ("phone", 0),
    ),
    **dict.fromkeys(
        ["portable", "mobile", "tel portable", "telephone portable", "mobile phone", "cell", "gsm"],
        ("phone", 1),
    ),
    **dict.fromkeys(
        ["power", "pouvoir", "type de pouvoir", "kind of power", "power kind"], ("power", 0)
    ),
    **dict.fromkeys(["role", "engagement", "role d'engagement", "engagement role"], ("role", 0)),
    **dict.fromkeys(["host", "hote", "table", "hote de table", "host of"], ("host", 0)),
    **dict.fromkeys(
        ["notes", "note", "remarques", "remarque", "commentaire", "commentaires", "comment"],
        ("notes", 0),
    ),
    **dict.fromkeys(["observations"], ("notes", 1)),
}
NAME_FIELDS = ("name", "first_name", "last_name")
# What the service receives for each row (the name is made from the three name fields).
ROW_FIELDS = ("name", "structure", "territory", "function", "email", "phone", "notes")

POWER_WORDS: dict[str, PowerKind] = {
    **{fold(p.value): p for p in PowerKind},
    "politique": PowerKind.POLITICAL,
    "administratif": PowerKind.ADMINISTRATIVE,
    "administrative": PowerKind.ADMINISTRATIVE,
    "institutionnel": PowerKind.INSTITUTIONAL,
    "institutionnelle": PowerKind.INSTITUTIONAL,
    "technique": PowerKind.TECHNICAL,
    "economique": PowerKind.ECONOMIC,
    "societe civile": PowerKind.CIVIL_SOCIETY,
    "civil society": PowerKind.CIVIL_SOCIETY,
    "civil": PowerKind.CIVIL_SOCIETY,
    "associatif": PowerKind.CIVIL_SOCIETY,
}
ROLE_WORDS: dict[str, EngagementRole] = {
    **{r.value: r for r in EngagementRole},
    "moteur": EngagementRole.DRIVER,
    "motrice": EngagementRole.DRIVER,
    "suiveur": EngagementRole.FOLLOWER,
    "suiveuse": EngagementRole.FOLLOWER,
    "contrepoids": EngagementRole.COUNTERWEIGHT,
    "contre-poids": EngagementRole.COUNTERWEIGHT,
}
YES = {"yes", "oui", "y", "o", "x", "1", "true", "vrai"}
NO = {"", "no", "non", "n", "0", "false", "faux"}
# Leading civilities taken out of a full name written "Mme Françoise Lefèvre".
_CIVILITY = re.compile(
    r"^(?:m\.|mme\.?|mlle\.?|monsieur|madame|mademoiselle|mr\.?|mrs\.?|ms\.?)\s+(?=\S)",
    re.IGNORECASE,
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def header_key(cell: str) -> str:
    """A header as looked up: folded, punctuation as spaces: 'E-mail :' -> 'e mail'."""
    text = fold(cell.replace("\u2019", "'")).replace("n°", " ")
    text = re.sub(r"[-_./:*()#°\u00a0]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def plural(key: str, count: int, lang: str, **values: object) -> str:
    """The counted message `key` for `count` (French 0 is singular: `facilitate.i18n.nt`)."""
    return nt(key, count, lang, count=count, **values)


@dataclass(frozen=True)
class Problem:
    """A refused line (an error: nothing is imported) or something to know (a warning)."""

    line: int  # 0: the whole file
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    error: bool = True

    def text(self, lang: str, path: str = "") -> str:
        """One line, `path:line: why`, in `lang`; field names in `values` are translated."""
        values = {
            k: ", ".join(t(f"import.field.{f}", lang) for f in v) if k == "fields" else v
            for k, v in self.values.items()
        }
        why = t(self.key, lang, **values)
        if not path:
            return t("import.at_line", lang, line=self.line, why=why) if self.line else why
        return f"{path}:{self.line}: {why}" if self.line else f"{path}: {why}"


@dataclass(frozen=True)
class Column:
    """A column of the file and what it is read as: a field, a fallback for one, or nothing."""

    index: int
    header: str
    field: str | None
    preference: int = 0
    used_first: str = ""  # the header read before this one for the same field

    @property
    def status(self) -> str:
        if self.field is None:
            return "ignored"
        return "fallback" if self.used_first else "used"


@dataclass
class Row:
    """One participant as the file gives them, cleaned; `line` is where the row starts."""

    line: int
    fields: dict[str, str]  # ROW_FIELDS; empty values for cells left blank or absent
    power: str = ""  # from a Pouvoir column: a PowerKind value, or ""
    role: str = ""
    host_table: str | None = None  # None: not a host; "": host of a table to name
    also_on: list[int] = field(default_factory=list)  # lines merged into this one

    @property
    def name(self) -> str:
        return self.fields["name"]

    def where(self) -> str:
        """What tells this person apart from a namesake: the structure, else the e-mail."""
        return self.fields["structure"] or self.fields["email"] or "—"


@dataclass
class ImportResult:
    """What a file holds: its columns, its rows, and every problem by line."""

    path: str = ""
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 1
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: int = 0
    filled: set[int] = field(default_factory=set)  # indexes of columns with a value somewhere

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def error_lines(self, lang: str) -> list[str]:
        return [p.text(lang, self.path) for p in self.errors]

    def fields_read(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    def ignored(self) -> list[Column]:
        """Columns read as nothing: named ones, and unnamed ones holding values."""
        return [c for c in self.columns if c.field is None and (c.header or c.index in self.filled)]


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """';', ',' or tab: the one the first lines hold most of."""
    lines = [line for line in text.splitlines()[:20] if line.strip()][:5]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_columns(header: list[str]) -> list[Column]:
    """Each header cell and the field it is read as; the preferred column of a field first."""
    found: list[tuple[int, str, str | None, int]] = []
    for index, cell in enumerate(header):
        known = HEADERS.get(header_key(cell))
        found.append((index, cell.strip(), known[0] if known else None, known[1] if known else 0))
    best: dict[str, tuple[int, int]] = {}
    for index, _, name, pref in found:
        if name and (name not in best or pref < best[name][0]):
            best[name] = (pref, index)
    columns = []
    for index, cell, name, pref in found:
        first = ""
        if name and best[name][1] != index:
            first = found[best[name][1]][1]
        columns.append(Column(index, cell, name, pref, first))
    return columns


def _name_columns(columns: list[Column]) -> bool:
    return any(c.field in NAME_FIELDS for c in columns)


def parse_participants(raw: bytes, *, path: str = "", max_rows: int = MAX_ROWS) -> ImportResult:
    """Read a participant list; every bad row is reported with its line, nothing is dropped."""
    result = ImportResult(path=path)
    if not raw.strip():
        result.problems.append(Problem(1, "import.empty"))
        return result
    text, result.encoding = decode(raw)
    if "\x00" in text:
        result.problems.append(Problem(1, "import.binary"))
        return result
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    skip_first = re.fullmatch(r"sep=(.)", first_line) is not None  # Excel's separator hint
    result.delimiter = first_line[4] if skip_first else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        _read_rows(reader, result, skip_first, max_rows)
    except csv.Error as exc:
        result.problems.append(Problem(reader.line_num, "import.csv_error", {"why": str(exc)}))
    _merge_duplicates(result)
    result.problems.sort(key=lambda p: p.line)
    return result


def _read_rows(reader: Any, result: ImportResult, skip_first: bool, max_rows: int) -> None:
    columns: list[Column] | None = None
    before: list[tuple[int, list[str]]] = []
    start = 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if skip_first and line == 1:
            continue
        if not any(v.strip() for v in values):
            if columns is not None:
                result.blank += 1
            continue
        if columns is None:
            candidate = read_columns(values)
            if _name_columns(candidate):
                columns, result.columns, result.header_line = candidate, candidate, line
                for skipped, _ in before:
                    result.problems.append(Problem(skipped, "import.before_header", error=False))
                continue
            before.append((line, values))
            if len(before) < 10:
                continue
            break
        if len(result.rows) >= max_rows:
            result.problems.append(Problem(line, "import.too_many", {"max": max_rows}))
            return
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
            result.problems.append(
                Problem(
                    line,
                    "import.cells",
                    {"cells": len(values), "columns": len(columns), "sep": _sep(result)},
                )
            )
            continue
        result.filled.update(i for i, v in enumerate(values) if v.strip())
        row = _row(line, columns, values, result)
        if row is not None:
            result.rows.append(row)
    if columns is None:
        line, cells = before[0] if before else (1, [])
        found = ", ".join(c.strip() for c in cells if c.strip())
        result.problems.append(Problem(line, "import.no_name", {"found": found}))


def _sep(result: ImportResult) -> str:
    return "tab" if result.delimiter == "\t" else result.delimiter


def _row(line: int, columns: list[Column], values: list[str], result: ImportResult) -> Row | None:
    cells: dict[str, str] = {}
    for col in sorted(columns, key=lambda c: c.preference):
        if col.field is None or col.index >= len(values):
            continue
        value = values[col.index].strip()
        if value and not cells.get(col.field):
            cells[col.field] = value
    fields = {key: clean_name(cells.get(key, "")) for key in ROW_FIELDS}
    fields["notes"] = clean_text(cells.get("notes", ""))
    fields["name"] = _full_name(cells, columns)
    if not fields["name"]:
        result.problems.append(Problem(line, "import.no_name_row"))
        return None
    row = Row(line, fields)
    power = fold(cells.get("power", ""))
    if power:
        if power not in POWER_WORDS:
            result.problems.append(Problem(line, "import.bad_power", {"value": cells["power"]}))
            return None
        row.power = POWER_WORDS[power].value
    role = fold(cells.get("role", ""))
    if role:
        if role not in ROLE_WORDS:
            result.problems.append(Problem(line, "import.bad_role", {"value": cells["role"]}))
            return None
        row.role = ROLE_WORDS[role].value
    host = cells.get("host", "")
    if fold(host) not in NO:
        row.host_table = "" if fold(host) in YES else clean_name(host)
    return row


def _full_name(cells: dict[str, str], columns: list[Column]) -> str:
    """ "Prénom Nom"; a full-name column when filled; never the civility."""
    full = clean_name(cells.get("name", ""))
    if not full:
        parts = [clean_name(cells.get(k, "")) for k in ("first_name", "last_name")]
        full = " ".join(p for p in parts if p)
    return clean_name(_CIVILITY.sub("", full))


def same_person(a: Row, b: Row) -> bool:
    """The same name, and the same e-mail or (one e-mail missing) the same structure."""
    if fold(a.name) != fold(b.name):
        return False
    mail_a, mail_b = fold(a.fields["email"]), fold(b.fields["email"])
    if mail_a and mail_b:
        return mail_a == mail_b
    return fold(a.fields["structure"]) == fold(b.fields["structure"])


def _merge_duplicates(result: ImportResult) -> None:
    """A row repeating another is merged into it when they agree (blanks filled), refused when
    they differ; two rows cannot host the same table. Both line numbers are always given."""
    by_name: dict[str, list[Row]] = {}
    kept: list[Row] = []
    hosts: dict[str, Row] = {}
    for row in result.rows:
        twin = next((r for r in by_name.get(fold(row.name), []) if same_person(r, row)), None)
        if twin is None:
            by_name.setdefault(fold(row.name), []).append(row)
            kept.append(row)
            target = row
        else:
            target = twin
            differ = _differences(twin, row)
            values = {"name": row.name, "where": twin.where(), "first": twin.line}
            if differ:
                result.problems.append(
                    Problem(row.line, "import.duplicate_conflict", {**values, "fields": differ})
                )
                continue
            _fill(twin, row)
            twin.also_on.append(row.line)
            result.problems.append(Problem(row.line, "import.duplicate", values, error=False))
        if target.host_table:
            key = fold(target.host_table)
            other = hosts.get(key)
            if other is not None and other is not target:
                result.problems.append(
                    Problem(
                        row.line,
                        "import.host_taken",
                        {"table": target.host_table, "name": other.name, "first": other.line},
                    )
                )
            hosts.setdefault(key, target)
    result.rows = kept


def _differences(a: Row, b: Row) -> list[str]:
    out = [k for k in ROW_FIELDS if a.fields[k] and b.fields[k] and a.fields[k] != b.fields[k]]
    for name in ("power", "role"):
        if getattr(a, name) and getattr(b, name) and getattr(a, name) != getattr(b, name):
            out.append(name)
    if a.host_table is not None and b.host_table is not None and a.host_table != b.host_table:
        out.append("host")
    return out


def _fill(into: Row, other: Row) -> None:
    for key in ROW_FIELDS:
        into.fields[key] = into.fields[key] or other.fields[key]
    into.power = into.power or other.power
    into.role = into.role or other.role
    if into.host_table is None:
        into.host_table = other.host_table


@dataclass
class Update:
    """A participant already in the session whom the file changes, and what changes."""

    name: str
    line: int
    fields: list[str]


@dataclass
class ImportReport:
    """What an import did, or would do: the file read, the merge, the kinds of power."""

    parsed: ImportResult
    session: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    unchanged: int = 0
    tables_created: list[str] = field(default_factory=list)
    not_in_file: int = 0
    suggested: dict[str, int] = field(default_factory=dict)  # kind of power -> count
    from_file: int = 0
    kept: int = 0
    without: int = 0
    saved: bool = False

    @property
    def errors(self) -> list[Problem]:
        return self.parsed.errors

    def changes(self, lang: str) -> str:
        """'2 participants added, 1 updated, 57 unchanged', plus tables made."""
        parts = [
            plural("import.added", len(self.added), lang),
            plural("import.updated", len(self.updated), lang),
            plural("import.unchanged", self.unchanged, lang),
        ]
        if self.tables_created:
            parts.append(
                plural(
                    "import.tables_created",
                    len(self.tables_created),
                    lang,
                    names=", ".join(self.tables_created[:6])
                    + (", ..." if len(self.tables_created) > 6 else ""),
                )
            )
        return ", ".join(parts)

    def summary(self, lang: str) -> str:
        """The one line said after saving (or, in a preview, of what saving would do)."""
        if self.saved:
            return t("import.done", lang, session=self.session, changes=self.changes(lang))
        return t("import.would", lang, changes=self.changes(lang))

    def lines(self, lang: str, *, limit: int = 40) -> list[str]:
        """The preview: file, columns understood and ignored, powers, duplicates, changes,
        problems by line. The same lines follow a real import, with what was done."""
        parsed, out = self.parsed, []
        sep = (
            t("import.sep.tab", lang)
            if parsed.delimiter == "\t"
            else t("import.sep.quoted", lang, sep=parsed.delimiter or ",")
        )
        out.append(
            t(
                "import.preview.file",
                lang,
                path=parsed.path or "-",
                encoding=ENCODING_NAMES.get(parsed.encoding, parsed.encoding or "?"),
                sep=sep,
                rows=plural("import.n_rows", len(parsed.rows), lang),
                blank=plural("import.n_blank", parsed.blank, lang),
            )
        )
        out.append(t("import.preview.columns", lang, list=self._columns(lang) or "—"))
        ignored = [
            c.header or t("import.column_unnamed", lang, number=c.index + 1)
            for c in parsed.ignored()
        ]
        out.append(
            t("import.preview.ignored", lang, list=", ".join(ignored) or t("import.none", lang))
        )
        out.append(t("import.preview.powers", lang, list=self._powers(lang)))
        duplicates = [p for p in parsed.problems if p.key.startswith("import.duplicate")]
        out.append(
            t(
                "import.preview.duplicates",
                lang,
                list="" if duplicates else t("import.no_duplicates", lang),
            ).rstrip()
        )
        out += [f"  {p.text(lang, parsed.path)}" for p in duplicates[:limit]]
        if not parsed.errors:  # a refused file changes nothing: no "would add" to read
            out += self._changes_lines(lang, limit)
        errors = parsed.errors
        if errors:
            out.append(plural("import.refused", len(errors), lang, path=parsed.path or "-"))
        rest = [p for p in parsed.problems if p not in duplicates]
        shown = [p for p in rest if p.error][:limit] + [p for p in rest if not p.error][:limit]
        out += [f"  {p.text(lang, parsed.path)}" for p in shown]
        if len(rest) > len(shown):
            out.append("  " + t("import.more", lang, count=len(rest) - len(shown)))
        return out

    def _changes_lines(self, lang: str, limit: int) -> list[str]:
        out = [self.summary(lang)]
        for up in self.updated[:limit]:
            fields = ", ".join(t(f"import.field.{f}", lang) for f in up.fields)
            out.append(
                "  " + t("import.updated_line", lang, name=up.name, line=up.line, fields=fields)
            )
        if len(self.updated) > limit:
            out.append("  " + t("import.more", lang, count=len(self.updated) - limit))
        if self.not_in_file:
            out.append(plural("import.not_in_file", self.not_in_file, lang))
        return out

    def _columns(self, lang: str) -> str:
        read = self.parsed.fields_read()
        items = []
        for col in self.parsed.columns:
            if col.field is None:
                continue
            name = col.field
            if name == "last_name" and "first_name" not in read and "name" not in read:
                name = "name"
            label = t(f"import.field.{name}", lang)
            if col.field == "civility":
                items.append(t("import.column_civility", lang, header=col.header, field=label))
            elif col.used_first:
                items.append(
                    t(
                        "import.column_fallback",
                        lang,
                        header=col.header,
                        field=label,
                        first=col.used_first,
                    )
                )
            else:
                items.append(f"{col.header} → {label}")
        return ", ".join(items)

    def _powers(self, lang: str) -> str:
        parts = []
        total = sum(self.suggested.values())
        if total:
            detail = ", ".join(
                t("import.count_of", lang, what=t(f"power.{kind}", lang), count=n)
                for kind, n in sorted(self.suggested.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            parts.append(plural("import.powers.suggested", total, lang, detail=detail))
        if self.from_file:
            parts.append(plural("import.powers.file", self.from_file, lang))
        if self.kept:
            parts.append(plural("import.powers.kept", self.kept, lang))
        if self.without or not parts:
            parts.append(plural("import.powers.none", self.without, lang))
        return ", ".join(parts)
