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


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_each_encoding_and_delimiter_is_read(sep: str, encoding: str) -> None:
    """UTF-8 with or without BOM, or Windows-1252, with ',' or ';', all give the same people."""
    raw = _csv(ROWS_FR, sep).encode(encoding)
    result = parse_participants(raw)
    assert result.errors == []
    assert result.delimiter == sep
    assert [r["name"] for r in result.rows] == ["Élodie Fontaine", "Olivier Blanc"]
    first, second = result.rows
    assert first["power"] == "economic" and first["role"] == "driver"
    assert first["host_table"] == "Table Gare"
    assert second["power"] == "civil_society" and second["role"] == "counterweight"
    assert "host_table" not in second


def test_english_headers_are_understood() -> None:
    """An English spreadsheet works as well as a French one."""
    raw = b"name,organisation,territory,power,role,host\nAnn Lee,Agency,North,technical,follower,yes\n"
    result = parse_participants(raw)
    assert result.errors == []
    assert result.rows[0] == {
        "name": "Ann Lee",
        "structure": "Agency",
        "territory": "North",
        "power": "technical",
        "role": "follower",
        "host_table": "",
    }


def test_bad_rows_are_reported_with_their_line_numbers() -> None:
    """Each broken row is named by its line; the caller imports nothing."""
    raw = (
        "nom;structure;pouvoir;rôle\n"
        "Anne;Mairie;politique;moteur\n"
        ";Mairie;politique;moteur\n"
        "Bruno;Mairie;militaire;moteur\n"
        "Chloé;Mairie;technique;chef\n"
        "Anne;Autre;technique;suiveur\n"
        "Denis;Mairie;technique;suiveur;en trop\n"
    ).encode()
    result = parse_participants(raw)
    assert [e.split(":")[0] for e in result.errors] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]
    assert "name is empty" in result.errors[0]
    assert "militaire" in result.errors[1]
    assert "chef" in result.errors[2]
    assert "already on line 2" in result.errors[3]
    assert "cells for 4 columns" in result.errors[4]


def test_a_file_without_a_name_column_is_refused() -> None:
    """A sheet whose header has no name column is refused, listing what it found."""
    result = parse_participants(b"prenom;ville\nAnne;Lyon\n")
    assert result.rows == [] and "no 'name'" in result.errors[0] and "prenom" in result.errors[0]


def test_empty_and_binary_files_are_refused() -> None:
    """An empty file or a spreadsheet saved as .xlsx gives one clear message."""
    assert "empty" in parse_participants(b"  \n").errors[0]
    assert "not a CSV" in parse_participants(b"PK\x03\x04\x00\x00binary").errors[0]


def test_blank_lines_are_skipped_and_line_numbers_stay_true() -> None:
    """Blank lines left by a spreadsheet do not shift the reported line numbers."""
    raw = b"name,power\nAnne,political\n\n,,\nBruno,nope\n"
    result = parse_participants(raw)
    assert result.errors == [
        "line 5: unknown kind of power 'nope' (political, administrative, "
        "institutional, technical, economic, civil society; or in French)"
    ]


def test_quoted_cells_with_delimiters_and_line_breaks() -> None:
    """A structure name holding the delimiter or a line break survives when quoted."""
    raw = b'nom;structure\n"Anne";"Mairie; services\ntechniques"\n'
    result = parse_participants(raw)
    assert result.errors == []
    assert result.rows[0]["structure"] == "Mairie; services techniques"


def test_every_import_error_reads_in_french() -> None:
    """Each kind of bad row is explained in French when the facilitator works in French."""
    from facilitate.importers import error_text

    raw = (
        "nom;pouvoir;rôle\nAnne;politique;moteur\n;x;y\nBruno;militaire;moteur\n"
        "Chloé;technique;chef\nAnne;technique;suiveur\nDenis;technique;suiveur;trop\n"
    ).encode()
    errors = parse_participants(raw).errors
    errors += parse_participants(b"").errors + parse_participants(b"PK\x03\x04\x00").errors
    errors += parse_participants(b"prenom;ville\nA;B\n").errors
    assert len(errors) == 8
    for error in errors:
        french = error_text(error, "fr")
        assert french.startswith("ligne ") and french != error, error
        assert error_text(error, "en") == error
