"""Participant lists exported from spreadsheets: ',' or ';', UTF-8 (BOM or not) or Windows-1252."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from facilitate.domain.records import EngagementRole, PowerKind
from facilitate.domain.text import clean_name
from facilitate.i18n import translate


def _fold(text: str) -> str:
    """Lowercase, without accents or surrounding spaces: 'Rôle ' -> 'role'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


HEADERS: dict[str, str] = {
    **dict.fromkeys(
        ["name", "nom", "participant", "nom complet", "full name", "prenom nom"], "name"
    ),
    **dict.fromkeys(
        ["structure", "organisation", "organization", "organisme", "employeur"], "structure"
    ),
    **dict.fromkeys(["territory", "territoire", "collectivite"], "territory"),
    **dict.fromkeys(
        ["power", "pouvoir", "type de pouvoir", "kind of power", "power kind"], "power"
    ),
    **dict.fromkeys(["role", "engagement", "role d'engagement", "engagement role"], "role"),
    **dict.fromkeys(["host", "hote", "table", "hote de table", "host of"], "host"),
    **dict.fromkeys(["notes", "remarques", "commentaire", "comment"], "notes"),
}
POWER_WORDS: dict[str, PowerKind] = {
    **{_fold(p.value): p for p in PowerKind},
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


# The import's reasons in French; each error reads "line N: reason".
FRENCH: list[tuple[str, str]] = [
    (r"line (\d+): the file is empty", r"ligne \1 : le fichier est vide"),
    (
        r"line (\d+): this is not a CSV text file \(binary content\)",
        r"ligne \1 : ce n'est pas un fichier CSV (contenu binaire)",
    ),
    (r"line (\d+): cannot read the header \((.*)\)", r"ligne \1 : en-tête illisible (\2)"),
    (
        r"line (\d+): no 'name' \(or 'nom'\) column; found: (.*)",
        r"ligne \1 : pas de colonne « nom » (ou « name ») ; colonnes trouvées : \2",
    ),
    (r"line (\d+): more than (\d+) participants", r"ligne \1 : plus de \2 participants"),
    (
        r"line (\d+): (\d+) cells for (\d+) columns \(a '(.)' inside a value needs quotes\)",
        r"ligne \1 : \2 cellules pour \3 colonnes (un « \4 » dans une valeur doit être entre "
        r"guillemets)",
    ),
    (r"line (\d+): the name is empty", r"ligne \1 : le nom est vide"),
    (
        r"line (\d+): unknown kind of power '(.*)' \(.*\)",
        r"ligne \1 : type de pouvoir « \2 » inconnu (politique, administratif, institutionnel, "
        r"technique, économique, société civile ; ou en anglais)",
    ),
    (
        r"line (\d+): unknown role '(.*)' \(.*\)",
        r"ligne \1 : rôle « \2 » inconnu (moteur, suiveur, contrepoids ; ou driver, follower, "
        r"counterweight)",
    ),
    (r"line (\d+): (.+) is already on line (\d+)", r"ligne \1 : \2 figure déjà ligne \3"),
    (r"line (\d+): (.+)", r"ligne \1 : \2"),
]


def error_text(error: str, lang: str) -> str:
    """One import error in the user's language."""
    return translate(error, lang, FRENCH)


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def parse_participants(raw: bytes, *, max_rows: int = 5000) -> ImportResult:
    """Read a participant CSV; every bad row is reported with its line number."""
    result = ImportResult()
    if not raw.strip():
        result.errors.append("line 1: the file is empty")
        return result
    text, result.encoding = decode(raw)
    if "\x00" in text:
        result.errors.append("line 1: this is not a CSV text file (binary content)")
        return result
    result.delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        result.errors.append(f"line 1: cannot read the header ({exc})")
        return result
    columns: list[str | None] = []
    for cell in header:
        columns.append(HEADERS.get(_fold(cell)))
    if "name" not in columns:
        result.errors.append(
            f"line 1: no 'name' (or 'nom') column; found: {', '.join(h.strip() for h in header)}"
        )
        return result
    seen: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(result.rows) >= max_rows:
                result.errors.append(f"line {line}: more than {max_rows} participants")
                break
            if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
                result.errors.append(
                    f"line {line}: {len(values)} cells for {len(columns)} columns "
                    f"(a '{result.delimiter}' inside a value needs quotes)"
                )
                continue
            row: dict[str, Any] = {}
            for col, value in zip(columns, values, strict=False):
                if col is not None:
                    row[col] = value.strip()
            problem = _check_row(row)
            if problem:
                result.errors.append(f"line {line}: {problem}")
                continue
            key = _fold(row["name"])
            if key in seen:
                result.errors.append(f"line {line}: {row['name']} is already on line {seen[key]}")
                continue
            seen[key] = line
            result.rows.append(row)
    except csv.Error as exc:
        result.errors.append(f"line {reader.line_num}: {exc}")
    return result


def _check_row(row: dict[str, Any]) -> str:
    row["name"] = clean_name(row.get("name", ""))
    if not row["name"]:
        return "the name is empty"
    for key in ("structure", "territory"):
        row[key] = clean_name(row.get(key, ""))
    power = _fold(row.pop("power", "") or "")
    if power:
        if power not in POWER_WORDS:
            return (
                f"unknown kind of power '{power}' (political, administrative, institutional, "
                "technical, economic, civil society; or in French)"
            )
        row["power"] = POWER_WORDS[power].value
    role = _fold(row.pop("role", "") or "")
    if role:
        if role not in ROLE_WORDS:
            return f"unknown role '{role}' (driver, follower, counterweight; moteur, suiveur, contrepoids)"
        row["role"] = ROLE_WORDS[role].value
    host = row.pop("host", "") or ""
    if _fold(host) not in NO:
        row["host_table"] = "" if _fold(host) in YES else clean_name(host)
    return ""
