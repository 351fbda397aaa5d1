"""Participant lists from Excel or LibreOffice: delimiters, encodings, French headers, bad rows."""

from __future__ import annotations

import pytest

from facilitate.importers import parse_participants

ROWS_FR = [
    ["Nom", "Structure", "Territoire", "Type de pouvoir", "Rôle", "Hôte"],
    ["Élodie Fontaine", "Belrive Transports", "Belrive", "économique", "moteur", "Table Gare"],
    ["Olivier Blanc", "Argent'Mobile", "Val d'Argent", "société civile", "contrepoids", ""],
]


def _csv(rows: list[list[str]], sep: str) -> str:
    return "\r\n".join(sep.join(f'"{c}"' if sep in c else c for c in row) for row in rows) + "\r\n"


def _lines(raw: bytes) -> list[int]:
    return [p.line for p in parse_participants(raw).errors]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_each_encoding_and_delimiter_is_read(sep: str, encoding: str) -> None:
    """UTF-8 with or without BOM, UTF-16 or Windows-1252, with ',' ';' or tab: the same people."""
    raw = _csv(ROWS_FR, sep).encode(encoding)
    result = parse_participants(raw)
    assert result.errors == []
    assert result.delimiter == sep
    assert [r.name for r in result.rows] == ["Élodie Fontaine", "Olivier Blanc"]
    first, second = result.rows
    assert first.power == "economic" and first.role == "driver"
    assert first.host_table == "Table Gare"
    assert second.power == "civil_society" and second.role == "counterweight"
    assert second.host_table is None


def test_english_headers_are_understood() -> None:
    """An English spreadsheet works as well as a French one."""
    raw = b"name,organisation,territory,power,role,host\nAnn Lee,Agency,North,technical,follower,yes\n"
    result = parse_participants(raw)
    assert result.errors == []
    row = result.rows[0]
    assert row.fields["name"] == "Ann Lee" and row.fields["structure"] == "Agency"
    assert row.fields["territory"] == "North"
    assert (row.power, row.role, row.host_table) == ("technical", "follower", "")


def test_bad_rows_are_reported_with_their_line_numbers() -> None:
    """Each broken row is named by its line; the caller imports nothing."""
    raw = (
        "nom;structure;pouvoir;rôle\n"
        "Anne;Mairie;politique;moteur\n"
        ";Mairie;politique;moteur\n"
        "Bruno;Mairie;militaire;moteur\n"
        "Chloé;Mairie;technique;chef\n"
        "Anne;Mairie;technique;suiveur\n"
        "Denis;Mairie;technique;suiveur;en trop\n"
    ).encode()
    errors = parse_participants(raw, path="l.csv").errors
    assert [e.line for e in errors] == [3, 4, 5, 6, 7]
    texts = [e.text("en", "l.csv") for e in errors]
    assert texts[0] == "l.csv:3: the name is empty"
    assert "militaire" in texts[1] and "chef" in texts[2]
    assert "Anne (Mairie) is already on line 2" in texts[3] and "kind of power" in texts[3]
    assert "5 cells for 4 columns" in texts[4]


def test_a_file_without_a_name_column_is_refused() -> None:
    """A sheet whose header has no name column is refused, listing what it found."""
    result = parse_participants(b"ville;code\nLyon;69000\n")
    assert result.rows == []
    text = result.errors[0].text("en", "x.csv")
    assert text.startswith("x.csv:1: no name column") and "ville, code" in text


def test_empty_and_binary_files_are_refused() -> None:
    """An empty file or a spreadsheet saved as .xlsx gives one clear message."""
    assert "empty" in parse_participants(b"  \n").errors[0].text("en")
    assert "not a CSV" in parse_participants(b"PK\x03\x04\x00\x00binary").errors[0].text("en")


def test_blank_lines_are_skipped_and_line_numbers_stay_true() -> None:
    """Blank lines left by a spreadsheet do not shift the reported line numbers."""
    raw = b"name,power\nAnne,political\n\n,,\nBruno,nope\n"
    result = parse_participants(raw)
    assert [e.text("en") for e in result.errors] == [
        "line 5: unknown kind of power 'nope' (political, administrative, "
        "institutional, technical, economic, civil society; or in French)"
    ]
    assert result.blank == 2


def test_quoted_cells_with_delimiters_and_line_breaks() -> None:
    """A structure name holding the delimiter or a line break survives when quoted."""
    raw = b'nom;structure\n"Anne";"Mairie; services\ntechniques"\n'
    result = parse_participants(raw)
    assert result.errors == []
    assert result.rows[0].fields["structure"] == "Mairie; services techniques"


def test_every_import_error_reads_in_french() -> None:
    """Each kind of bad row is explained in French when the facilitator works in French."""
    raw = (
        "nom;pouvoir;rôle\nAnne;politique;moteur\n;x;y\nBruno;militaire;moteur\n"
        "Chloé;technique;chef\nAnne;technique;suiveur\nDenis;technique;suiveur;trop\n"
    ).encode()
    errors = parse_participants(raw).errors
    errors += parse_participants(b"").errors + parse_participants(b"PK\x03\x04\x00").errors
    errors += parse_participants(b"ville;code\nA;B\n").errors
    assert len(errors) == 8
    for error in errors:
        french, english = error.text("fr", "f.csv"), error.text("en", "f.csv")
        assert french.startswith(f"f.csv:{error.line}: ") and french != english, english
        assert "\n" not in french and "\n" not in english
