"""A secretariat's real list: Prénom/Nom, Fonction, Courriel, accents, namesakes, re-imports."""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitate.cli import main
from facilitate.domain.clock import ManualClock
from facilitate.domain.powers import VOCABULARY, suggest_power
from facilitate.domain.records import Participant
from facilitate.i18n import messages
from facilitate.importers import ImportReport, ImportResult, parse_participants
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.store import read_session_tables
from facilitate.store.journal import Op

DATA = Path(__file__).resolve().parents[1] / "data" / "secretariat-cp1252.csv"
ROOT = Path(__file__).resolve().parents[2]
START = "2026-03-12T09:00:00+01:00"

NBSP = "\u00a0"


def new_session(folder: Path) -> Path:
    info = session_doc(get_format("world-cafe"), title="Café", date="2026-05-04", lang="fr")
    SessionService.create(folder, info, clock=ManualClock(START)).close()
    return folder


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return new_session(tmp_path / "sessions" / "cafe")


def people(folder: Path) -> list[dict[str, object]]:
    return list(read_session_tables(folder).get("participants", {}).values())


def imported(folder: Path, raw: bytes, *, dry_run: bool = False) -> ImportReport:
    async def go() -> ImportReport:
        svc = SessionService.open(folder, clock=ManualClock(START))
        try:
            return await svc.import_participants(
                parse_participants(raw, path="liste.csv"), dry_run=dry_run
            )
        finally:
            svc.close()

    report: ImportReport = asyncio.run(go())
    return report


def secretariat_lines() -> list[str]:
    return DATA.read_bytes().decode("cp1252").split("\r\n")


def cp1252(lines: list[str]) -> bytes:
    return "\r\n".join(lines).encode("cp1252")


# -- reading the file ----------------------------------------------------------------------


def test_first_and_last_names_make_the_full_name_and_namesakes_stay_two() -> None:
    """Prénom + Nom give "Françoise Lefèvre"; both Jean Martins and Paul Martin are kept."""
    result = parse_participants(DATA.read_bytes(), path="secretariat-cp1252.csv")
    assert result.errors == [] and result.encoding == "cp1252" and result.delimiter == ";"
    names = [r.name for r in result.rows]
    assert len(names) == 60 and result.blank == 3
    assert {"Françoise Lefèvre", "Hélène Faure", "Léa François", "Paul Martin"} <= set(names)
    assert names.count("Jean Martin") == 2
    assert not any(n.startswith(("M. ", "Mme ")) for n in names)
    martins = [r for r in result.rows if r.name == "Jean Martin"]
    assert {r.fields["structure"] for r in martins} == {
        "Communauté de communes du Val d'Argent",
        "Mairie de Crest",
    }
    lefevre = result.rows[0].fields
    assert lefevre["email"] == "f.lefevre@belrive.fr" and lefevre["phone"] == "04 75 12 34 56"
    assert lefevre["function"] == "Maire"


def test_commune_fills_the_territory_only_where_territoire_is_empty() -> None:
    """Territoire is preferred; Commune stands in for an empty cell and the preview says so."""
    result = parse_participants(DATA.read_bytes())
    by_name = {r.name: r for r in result.rows}
    assert by_name["Thierry Roux"].fields["territory"] == "Crest"  # Territoire left empty
    assert by_name["Françoise Lefèvre"].fields["territory"] == "Belrive"
    lines = "\n".join(ImportReport(parsed=result).lines("en"))
    assert "Commune → territory (where Territoire is empty)" in lines
    assert "Columns ignored: Date d'inscription" in lines
    assert "Civilité → civility (kept out of the name, not stored)" in lines


def test_any_column_order_and_english_headers() -> None:
    """E-mail first, Surname before First name, Organisation, Job title, Mobile: all read."""
    raw = (
        b"E-mail,Surname,First name,Organisation,Job title,Mobile,Town,Favourite colour\n"
        b"ann@x.org,Lee,Ann,North Agency,Project officer,0612,Leeds,blue\n"
        b",,,,,,,\n"
        b"bob@y.org,Smith,Bob,,Mayor,,York,\n"
    )
    result = parse_participants(raw)
    assert [r.name for r in result.rows] == ["Ann Lee", "Bob Smith"]
    ann = result.rows[0].fields
    assert (ann["email"], ann["structure"], ann["function"], ann["phone"], ann["territory"]) == (
        "ann@x.org",
        "North Agency",
        "Project officer",
        "0612",
        "Leeds",
    )
    assert [c.header for c in result.ignored()] == ["Favourite colour"]
    assert result.rows[1].line == 4


def test_a_true_duplicate_is_reported_with_both_line_numbers(session: Path) -> None:
    """A row repeated is imported once and named with both its lines; a row repeating a person
    with another phone is refused, naming both lines, and nothing is imported."""
    lines = secretariat_lines()
    lefevre = lines[1]
    same = [*lines[:-1], lefevre, ""]
    report = imported(session, cp1252(same), dry_run=True)
    last = len(same) - 1
    (dup,) = [p for p in report.parsed.problems if p.key == "import.duplicate"]
    assert dup.text("en", "liste.csv") == (
        f"liste.csv:{last}: Françoise Lefèvre (Mairie de Belrive) is already on line 2: "
        "imported once"
    )
    assert f"ligne 2{NBSP}: une seule personne importée" in dup.text("fr", "liste.csv")
    assert len(report.added) == 60
    other = [*lines[:-1], lefevre.replace("04 75 12 34 56", "06 00 00 00 00"), ""]
    report = imported(session, cp1252(other))
    (error,) = report.errors
    assert error.text("en", "liste.csv") == (
        f"liste.csv:{last}: Françoise Lefèvre (Mairie de Belrive) is already on line 2, "
        "with another phone"
    )
    assert not report.saved and people(session) == []


# -- kinds of power ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "structure", "power", "word"),
    [
        ("Maire", "Mairie de Belrive", "political", "Maire"),
        ("Adjointe au maire", "Mairie", "political", "Adjointe au maire"),
        ("élu(e) référent(e)", "", "political", "élu(e)"),
        ("Conseillère départementale", "Conseil départemental", "political", None),
        ("Vice-présidente", "Communauté de communes", "political", "Vice-présidente"),
        ("Présidente", "Association Vélo Val", "civil_society", "Association"),
        ("Président", "CCI de la Drôme", "economic", "CCI"),
        ("Directrice générale des services", "Communauté de communes", "administrative", None),
        ("DGS", "", "administrative", "DGS"),
        ("Cheffe de service environnement", "Mairie", "administrative", None),
        ("Secrétaire de mairie", "", "administrative", None),
        ("Adjoint administratif", "Mairie", "administrative", None),
        ("Directeur adjoint", "Mairie", "administrative", "Directeur"),
        ("Technicien rivière", "Communauté de communes", "technical", "Technicien"),
        ("Technicienne rivière", "Syndicat mixte du bassin", "institutional", "Syndicat mixte"),
        ("Ingénieure", "", "technical", "Ingénieure"),
        ("chargé.e de mission", "Mairie", "technical", None),
        ("Animatrice", "", "technical", "Animatrice"),
        ("Bénévole", "", "civil_society", "Bénévole"),
        ("Habitante", "", "civil_society", "Habitante"),
        ("", "Collectif Argent'Mobile", "civil_society", "Collectif"),
        ("", "Chambre d’agriculture", "economic", "Chambre d’agriculture"),
        ("Commerçante", "", "economic", "Commerçante"),
        ("", "Entreprise Bois & Fils", "economic", "Entreprise"),
        ("Chargée de mission", "PETR du Pays Diois", "institutional", "PETR"),
        ("", "Parc naturel régional du Vercors", "institutional", None),
        ("", "Préfecture de la Drôme", "institutional", "Préfecture"),
        ("", "DDT de la Drôme", "institutional", "DDT"),
        ("Ingénieure", "ADEME", "institutional", "ADEME"),
        ("Chargé de mission", "Région Auvergne-Rhône-Alpes - services", "institutional", None),
        ("Mayor", "", "political", "Mayor"),
        ("Project officer", "County council", "technical", None),
    ],
)
def test_powers_are_suggested_from_fonction_and_structure(
    function: str, structure: str, power: str, word: str | None
) -> None:
    """The documented vocabulary, feminine and inclusive forms, accents or not."""
    found = suggest_power(function, structure)
    assert found is not None and found.power.value == power
    if word is not None:
        assert found.word == word


def test_no_suggestion_when_nothing_says_it() -> None:
    """A commune alone, or "Accueil", suggests nothing: the facilitator decides."""
    assert suggest_power("", "Mairie de Die") is None
    assert suggest_power("Accueil", "Office de tourisme") is None


def test_suggestions_are_saved_as_suggestions_and_an_explicit_power_wins(session: Path) -> None:
    """Imported powers are marked as suggested (with their word); a Pouvoir column is not."""
    report = imported(session, DATA.read_bytes())
    assert report.saved and sum(report.suggested.values()) == 56 and report.without == 4
    by_name = {p["name"]: p for p in people(session)}
    assert by_name["Françoise Lefèvre"]["power"] == "political"
    assert by_name["Françoise Lefèvre"]["power_suggested_by"] == "Maire"
    assert by_name["Hélène Faure"]["power"] == "administrative"
    assert by_name["Thierry Roux"]["power"] == "institutional"
    assert by_name["Paul Martin"]["power"] == "civil_society"
    raw = "Nom;Fonction;Pouvoir\nZoé Petit;Maire;technique\n".encode()
    imported(session, raw)
    zoe = next(p for p in people(session) if p["name"] == "Zoé Petit")
    assert zoe["power"] == "technical" and zoe["power_suggested_by"] == ""


def test_a_confirmed_power_is_never_replaced_by_a_suggestion(session: Path) -> None:
    """Confirmed or corrected in set-up, a kind of power survives every re-import."""
    imported(session, DATA.read_bytes())

    async def correct() -> None:
        svc = SessionService.open(session, clock=ManualClock(START))
        lefevre = next(p for p in svc.session.participants if p.name == "Françoise Lefèvre")
        await svc.update_participant(lefevre.id, power="institutional")
        svc.close()

    asyncio.run(correct())
    report = imported(session, DATA.read_bytes())
    assert report.kept == 1 and len(report.updated) == 0
    lefevre = next(p for p in people(session) if p["name"] == "Françoise Lefèvre")
    assert lefevre["power"] == "institutional" and lefevre["power_suggested_by"] == ""


# -- merging -------------------------------------------------------------------------------


def test_importing_the_same_file_twice_doubles_no_one(
    session: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second import of the same list finds everyone already there: 0 added."""
    assert main(["participants", "import", str(session), str(DATA)]) == 0
    assert "60 participants added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["participants", "import", str(session), str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "Imported into Café: 0 participants added, 0 updated, 60 unchanged" in out
    assert len(people(session)) == 60


def test_an_updated_list_updates_and_adds(session: Path) -> None:
    """One person moved to another structure (same e-mail), two new: merged, told, not doubled."""
    imported(session, DATA.read_bytes())
    ids = {p["email"]: p["id"] for p in people(session)}
    lines = secretariat_lines()
    faure = next(i for i, line in enumerate(lines) if "h.faure@" in line)
    lines[faure] = lines[faure].replace(
        "Communauté de communes du Val d'Argent", "PETR du Pays Diois"
    )
    lines[-1:] = [
        "Mme;Margaux;Noël;Association Rivières vivantes;Diois;Bénévole;m.noel@rv.org;;Die;",
        "M.;Karim;Haddad;Mairie de Crest;;Maire;k.haddad@crest.fr;;Crest;",
        "",
    ]
    report = imported(session, cp1252(lines))
    assert (len(report.added), len(report.updated), report.unchanged) == (2, 1, 59)
    (update,) = report.updated
    assert update.name == "Hélène Faure" and update.line == faure + 1
    assert update.fields[:1] == ["structure"] and "power" in update.fields
    assert f"  Hélène Faure (line {faure + 1}): structure, kind of power" in report.lines("en")
    after = {p["email"]: p for p in people(session)}
    assert len(after) == 62
    assert after["h.faure@cc-valdargent.fr"]["id"] == ids["h.faure@cc-valdargent.fr"]
    assert after["h.faure@cc-valdargent.fr"]["structure"] == "PETR du Pays Diois"
    assert after["h.faure@cc-valdargent.fr"]["power"] == "institutional"
    assert report.summary("fr") == (
        f"Importé dans Café{NBSP}: 2 participants ajoutés, 1 mis à jour, 59 inchangés"
    )


def test_blank_cells_never_erase_and_a_list_without_structure_still_matches(
    session: Path,
) -> None:
    """A shorter list (names and phones only) updates phones and leaves the rest as it was."""
    imported(session, DATA.read_bytes())
    raw = "Prénom;Nom;Téléphone\nFrançoise;Lefèvre;07 00 00 00 00\nHélène;FAURE;\n".encode()
    report = imported(session, raw)
    assert (len(report.added), len(report.updated), report.unchanged) == (0, 2, 0)
    assert report.not_in_file == 58
    by_mail = {p["email"]: p for p in people(session)}
    lefevre = by_mail["f.lefevre@belrive.fr"]
    assert lefevre["phone"] == "07 00 00 00 00" and lefevre["structure"] == "Mairie de Belrive"
    assert by_mail["h.faure@cc-valdargent.fr"]["name"] == "Hélène FAURE"


def test_hosts_and_their_tables_come_in_the_same_single_save(session: Path) -> None:
    """Participants and the tables they host are one batch of store operations."""
    raw = "Nom;Hôte\nAnne;Table Gare\nBruno;oui\nChloé;\n".encode()

    async def go() -> tuple[ImportReport, list[list[Op]]]:
        svc = SessionService.open(session, clock=ManualClock(START))
        batches: list[list[Op]] = []
        real = svc.store.save

        async def spy(ops: list[Op]) -> None:
            batches.append(ops)
            await real(ops)

        svc.store.save = spy  # type: ignore[method-assign]
        report = await svc.import_participants(parse_participants(raw))
        again = await svc.import_participants(parse_participants(raw))
        svc.close()
        assert (len(again.added), len(again.updated), again.tables_created) == (0, 0, [])
        return report, batches

    report, batches = asyncio.run(go())
    assert len(batches) == 1
    assert sorted({op[1] for op in batches[0]}) == ["participants", "tables"]
    assert report.tables_created == ["Table Gare", "Table 2"]
    tables = read_session_tables(session)
    hosts = {t["host"]: t["name"] for t in tables["tables"].values()}
    by_id = {p["id"]: p for p in tables["participants"].values()}
    assert sorted((by_id[h]["name"], name) for h, name in hosts.items()) == [
        ("Anne", "Table Gare"),
        ("Bruno", "Table 2"),
    ]


def test_dry_run_writes_nothing(session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run prints the preview; every file of the session stays byte for byte the same."""

    def snapshot() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in session.iterdir() if p.name != "session.lock"}

    before = snapshot()
    assert main(["participants", "import", str(session), str(DATA), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot() == before
    assert "If imported: 60 participants added, 0 updated, 0 unchanged" in out
    assert "Kinds of power: 56 suggested from Fonction or structure (" in out
    assert "Duplicates: none" in out and "Nothing written (--dry-run)." in out
    assert people(session) == []


def test_a_refusal_names_the_file_and_line_in_both_languages(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each problem is one line "liste.csv:7: why", in English and in French."""
    bad = tmp_path / "liste.csv"
    bad.write_bytes("Prénom;Nom;Pouvoir\nAnne;Roy;politique\n;;\n;;technique\nBob;Li;x\n".encode())
    for lang, expected in [
        ("en", f"{bad}:4: the name is empty"),
        ("fr", f"{bad}:4: le nom est vide"),
    ]:
        assert main(["--lang", lang, "participants", "import", str(session), str(bad)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err[1].strip() == expected
        assert err[2].strip().startswith(f"{bad}:5: ")
    args = ["participants", "import", str(session), str(bad), "--dry-run"]
    assert main(args) == 2  # the preview on stdout lists them; stderr says it in one line
    out, summary = capsys.readouterr()
    assert f"  {bad}:4: the name is empty" in out.splitlines()
    assert summary.strip() == f"facilitate: {bad}: nothing imported, 2 problems"
    assert "If imported" not in out
    assert people(session) == []


# -- messages ------------------------------------------------------------------------------


def test_french_plurals_and_typography() -> None:
    """French plurals ("1 participant ajouté", "3 ... ajoutés", "0 inchangé"), no-break spaces."""
    report = ImportReport(parsed=ImportResult(), added=["a"], unchanged=0)
    assert report.changes("fr") == "1 participant ajouté, 0 mis à jour, 0 inchangé"
    report = ImportReport(parsed=ImportResult(), added=["a", "b", "c"], unchanged=2)
    assert report.changes("fr") == "3 participants ajoutés, 0 mis à jour, 2 inchangés"
    assert report.changes("en") == "3 participants added, 0 updated, 2 unchanged"
    for key, forms in messages("fr").items():
        if not key.startswith("import."):
            continue
        for fr in forms:
            assert not re.search(r" [:;?!]", fr) and "« " not in fr and " »" not in fr, key


def test_old_sessions_load_without_the_new_fields() -> None:
    """A participant saved before e-mail, phone and function existed loads with them empty."""
    person = Participant.from_dict({"id": 3, "name": "Anne", "power": "political"})
    assert (person.email, person.phone, person.function, person.power_suggested_by) == ("",) * 4


def test_the_readme_lists_the_vocabulary_and_the_columns() -> None:
    """Every word of the vocabulary is documented in the README's import section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Participants from a spreadsheet")
    section = " ".join(readme[start : readme.index("\n## ", start)].split())
    for term in VOCABULARY:
        assert term.label in section, term.label
    for header in ("Prénom", "Nom", "Civilité", "Fonction", "Courriel", "Téléphone", "Commune"):
        assert header in section


# -- killed mid-import ---------------------------------------------------------------------

CHILD = r"""
import asyncio, sys
from pathlib import Path
from facilitate.importers import parse_participants
from facilitate.service import SessionService
folder, csv = Path(sys.argv[1]), Path(sys.argv[2])
parsed = parse_participants(csv.read_bytes())
svc = SessionService.open(folder)
print("saving", flush=True)
asyncio.run(svc.import_participants(parsed))
print("saved", flush=True)
svc.close()
"""


def test_an_import_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    """3,000 rows with 300 hosts, killed with SIGKILL at random moments: on reopening there
    are 0 or 3,000 participants, and every host has their table."""
    big = tmp_path / "big.csv"
    rows = ["Prénom;Nom;Structure;Fonction;Courriel;Hôte"]
    for i in range(3000):
        host = f"Table {i // 10 + 1}" if i % 10 == 0 else ""
        rows.append(f"Prénom{i};Nom{i};Structure {i % 40};Technicienne;p{i}@x.fr;{host}")
    big.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    template = new_session(tmp_path / "template")
    (template / "session.lock").unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    rng = random.Random(20261201)
    outcomes, took = [], 0.0
    for attempt in range(7):
        folder = tmp_path / f"s{attempt}"
        subprocess.run(["cp", "-r", str(template), str(folder)], check=True)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(big)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"saving\n"
        if attempt == 0:  # a full run measures the plan and the write, not killed
            began = time.monotonic()
            assert child.stdout.readline() == b"saved\n"
            took = time.monotonic() - began
        else:  # kills around the one write: during the plan, the write, the snapshot
            time.sleep(rng.uniform(0.5, 1.3) * took)
            child.send_signal(signal.SIGKILL)
        child.wait()
        tables = read_session_tables(folder)
        found = tables.get("participants", {})
        outcomes.append(len(found))
        assert len(found) in (0, 3000), outcomes
        hosted = {t["id"]: t for t in tables.get("tables", {}).values()}
        hosts = [p for p in found.values() if p["host_of"] is not None]
        assert len(hosts) == (300 if found else 0) == len(hosted)
        for person in hosts:
            assert hosted[person["host_of"]]["host"] == person["id"]
    assert outcomes[0] == 3000, outcomes
