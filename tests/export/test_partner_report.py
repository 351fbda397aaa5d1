"""The partner report and the facilitator's notes of a small workshop with phones: credits,
provenance, typography, anonymisation that holds, secrets kept, Decidim as Decidim wants it."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source
from facilitate.exporters import DecidimOptions, ExportError, export_session, load_session
from facilitate.exporters.common import Plan, plan, sections, word_cm
from facilitate.exporters.decidim import load_scopes
from facilitate.report import build_report
from facilitate.report.document import Block, Grid, Heading, Para, documents

TOKEN = "tok-Secret-4242-xyz"
START = "2026-04-01T09:00:00+02:00"
PEOPLE = [
    ("Claire Morel", "Agglomération de Belrive", "Belrive", "political", "driver"),
    ("Marie Noël", "Ville de Belrive", "Belrive", "administrative", "follower"),
    ("Inès Carpentier", "Chambre de commerce", "Belrive", "economic", "follower"),
    ("Paul Garnier", "Centre social du Val", "Val d'Argent", "civil_society", "counterweight"),
    ("Léa Haddad", "Communauté du Val", "Val d'Argent", "political", "driver"),
    ("Hugo Robin", "Entreprise Robin Autocars", "Val d'Argent", "economic", "follower"),
]


async def _workshop(folder: Path) -> None:
    """Two tables, two café rounds, phones sending a tension and a proposal, a hidden idea."""
    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

    info = session_doc(
        get_format("cooperation-kickoff"),
        title="Atelier : mobilités",
        date="2026-04-01",
        venue="Salle du conseil",
        lang="fr",
    )
    info.token = TOKEN
    svc = SessionService.create(folder, info, clock=ManualClock(START))
    try:
        people = await svc.add_participants(
            dict(name=n, structure=s, territory=t, power=p, role=r) for n, s, t, p, r in PEOPLE
        )
        ids = [p.id for p in people]
        gare = await svc.add_table("Table Gare", topic="Les gares", host=ids[0])
        await svc.add_table("Table Val", topic="Le Val", host=ids[3])
        rounds = next(s for s in svc.info.steps if s.kind == "rounds")
        await svc.set_seating(
            rounds.id,
            [
                [[ids[0], ids[1], ids[4]], [ids[3], ids[2], ids[5]]],
                [[ids[0], ids[2], ids[5]], [ids[3], ids[1], ids[4]]],
            ],
            ["Q1", "Q2"],
        )
        await svc.start_step(rounds.id)
        await svc.start_round(2)
        phone = Source.PORTAL
        await svc.capture(
            "tension", "Les horaires du dimanche", table=gare.id, author_name="Zorro", source=phone
        )
        await svc.capture(
            "proposal", "Un car le dimanche", table=gare.id, author_name="Léa", source=phone
        )
        await svc.add_contribution(
            "idea",
            "Comme l'a dit Claire Morel, et Mme Noël aussi, il faut agir avant Noël ; "
            "Inès est d'accord, écrire à claire.morel@belrive.fr ou au 06 12 34 56 78. "
            f"Lien : http://192.168.1.5:8765/j/{TOKEN}/",
            table=gare.id,
            round=2,
            author=ids[1],
        )
        hidden = await svc.add_contribution(
            "idea", "Un propos blessant envers Garnier", table=gare.id
        )
        await svc.hide("contributions", hidden.id)
        await svc.set_submissions_open(False)
        await svc.end_step()
        await svc.add_action("Écrire à la Région", owner="Claire Morel (Agglo)", due="2026-05-01")
    finally:
        svc.close()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import asyncio

    folder = tmp_path_factory.mktemp("workshop") / "atelier"
    asyncio.run(_workshop(folder))
    (folder / "session.lock").unlink(missing_ok=True)
    return folder


@pytest.fixture(scope="module")
def files(workshop: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("files")
    paths = export_session(workshop, out, ["md", "html", "csv", "json", "decidim"])
    return {
        p.name.removeprefix("atelier-mobilites"): p.read_text(encoding="utf-8-sig") for p in paths
    }


@pytest.fixture(scope="module")
def anonymised(workshop: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("anonymised")
    paths = export_session(workshop, out, ["md", "html", "csv", "json", "decidim"], anonymise=True)
    return {
        p.name.removeprefix("atelier-mobilites"): p.read_text(encoding="utf-8-sig") for p in paths
    }


def test_a_phone_tension_shows_its_table_round_and_who_sat_there(files: dict[str, str]) -> None:
    """A disagreement sent from the Gare table's phone in round 2 says so, and without a
    "between" it names the territories seated there."""
    md = files[".md"]
    row = next(line for line in md.splitlines() if "Les horaires du dimanche" in line)
    assert "Table Gare, tour\u00a02" in row and "par téléphone (Zorro)" in row
    assert "non précisé — à la table\u202f: Belrive, Val d'Argent" in row


def test_credits_go_to_the_structures_at_the_table_or_to_the_signer(files: dict[str, str]) -> None:
    """The phone tension is credited to the three structures of round 2 at Table Gare; the
    proposal signed "Léa" to Léa Haddad's structure only."""
    brought = {}
    for line in files[".md"].split("## Ce que chaque partenaire a apporté")[1].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[2].isdigit():
            brought[cells[0].strip("*")] = cells[3]
    assert brought == {
        "Agglomération de Belrive": "1 tension soulevée, 1 table animée, 1 action portée",
        "Chambre de commerce": "1 tension soulevée",
        "Entreprise Robin Autocars": "1 tension soulevée",
        "Communauté du Val": "1 proposition",
        "Ville de Belrive": "1 contribution",
        "Centre social du Val": "1 table animée",
    }
    tensions_csv = list(csv.reader(io.StringIO(files["-tensions.csv"]), delimiter=";"))
    header = tensions_csv[0]
    row = dict(zip(header, tensions_csv[1], strict=True))
    assert (row["Tour"], row["Table"], row["Source"]) == ("2", "Table Gare", "téléphone")
    assert (
        row["Apporté par"]
        == "Agglomération de Belrive, Chambre de commerce, Entreprise Robin Autocars"
    )


def test_a_tables_conversation_shows_every_kind(files: dict[str, str]) -> None:
    """Table Gare's round 2 lists the idea, the disagreement and the proposal."""
    gare = files[".md"].split("### Table Gare")[1].split("### Table Val")[0]
    round2 = gare.split("#### Tour\u00a02")[1]
    assert "(idée) Comme l'a dit Claire Morel" in round2
    assert "(désaccord) Les horaires du dimanche — Zorro" in round2
    assert "(proposition) Un car le dimanche — Léa" in round2


def test_french_typography_dates_decimals_agreement_and_plurals(files: dict[str, str]) -> None:
    """Dates in words, a narrow no-break space before : ; ! ?, the right gender and number."""
    md = files[".md"]
    assert "**Date**\u202f: 1er avril 2026" in md
    assert "1er mai 2026" in md and "2026-05-01" not in md
    assert "6 participants de 6 structures et 2 territoires." in md
    assert "0 décision, 1 tension ouverte, 1 action, 1 proposition." in md
    assert "il faut agir avant Noël\u202f; Inès est d'accord" in md  # participants' text too
    assert " ;" not in md and " :" not in md
    assert "Aucun accord enregistré." in md


def test_english_plurals_are_right(workshop: Path, tmp_path: Path) -> None:
    """An English report says "1 vote", "1 open tension", "0 decisions"."""
    session = load_session(workshop)
    report = build_report(session, now=datetime.fromisoformat(START), lang="en")
    blocks = documents(report)[0].blocks
    lead = next(b for b in blocks if isinstance(b, Para) and b.style == "lead").text
    assert lead == "0 decisions, 1 open tension, 1 action, 1 proposal."
    who = next(b for b in blocks if isinstance(b, Para) and b.label == "Participants").text
    assert who == "6 participants from 6 organisations and 2 territories."


def test_hidden_records_and_the_token_never_leave(files: dict[str, str]) -> None:
    """The hidden idea is only in the facilitator's moderation log; the token is nowhere."""
    for name, text in files.items():
        assert TOKEN not in text, name
        if name != "-notes.md" and name != "-notes.html":
            assert "propos blessant" not in text, name
    notes = files["-notes.md"]
    moderation = notes.split("## Journal de modération")[1]
    assert "Masqué\u202f: idée" in moderation and "Un propos blessant" in moderation
    assert "Contributions fermées" in moderation
    data = json.loads(files[".json"])
    assert data["session"]["token"] == ""
    assert not any(c.get("hidden") for c in data["contributions"])


def test_anonymised_exports_name_nobody_and_list_the_doubts(
    workshop: Path, anonymised: dict[str, str]
) -> None:
    """Full names, a title and surname, phone pseudonyms, e-mail and phone number are replaced
    everywhere; "avant Noël" and the lone first name "Inès" stay and are listed as doubts."""
    people = load_session(workshop).participants
    for name, text in anonymised.items():
        for p in people:
            assert p.name not in text, (name, p.name)
        for leak in ("Zorro", "Léa", "claire.morel@", "06 12 34 56 78", "Mme Noël", TOKEN):
            assert leak not in text, (name, leak)
    md = anonymised[".md"]
    assert "Comme l'a dit Agglomération de Belrive (Belrive)" in md
    assert "et Ville de Belrive (Belrive) aussi" in md
    assert "avant Noël" in md  # an ordinary word, left alone
    assert "Entreprise Robin Autocars" in md  # a structure is never rewritten
    assert "par téléphone (Anonyme 1)" in md
    doubts = anonymised["-notes.md"].split("## Anonymisation")[1]
    assert "| Noël |" in doubts and "| Inès |" in doubts


def test_decidim_follows_the_content_language_and_keeps_internal_facts_out(
    workshop: Path, tmp_path: Path
) -> None:
    """A French session exported with English screens still gives title/fr and body/fr; the
    body is the text unless details are asked for; a formula cannot start a cell."""
    (path,) = export_session(workshop, tmp_path / "a", ["decidim"], lang="en")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))
    assert rows == [["title/fr", "body/fr"], ["Un car le dimanche", "Un car le dimanche"]]
    scopes = tmp_path / "scopes.csv"
    scopes.write_text("territoire;scope\nVal d'Argent;12\nBelrive;7\n", encoding="utf-8")
    options = DecidimOptions(lang="ca", details=True, scopes=load_scopes(scopes))
    (path,) = export_session(workshop, tmp_path / "b", ["decidim"], decidim=options)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))
    assert rows[0] == ["title/ca", "body/ca", "scope/id"]
    assert "Statut\u202f: brouillon" in rows[1][1] or "Statut : brouillon" in rows[1][1]
    assert rows[1][2] == "12"  # Léa Haddad's structure is in Val d'Argent


def test_a_wide_table_goes_landscape_and_no_column_is_narrower_than_its_longest_word() -> None:
    """Twelve columns of long words cannot fit a portrait page: the table gets a landscape
    one; each column holds its longest word on one line."""
    grid = Grid([f"Territoire{k}" for k in range(12)], [["Agglomération"] * 12])
    p = plan(grid)
    assert p.landscape and abs(p.total - 25.7) < 0.01
    small = Grid(["Territoire", "Contributions"], [["Hautes-Combes", "12"]], numeric=[1])
    q = plan(small)
    assert not q.landscape and q.widths[1] >= word_cm("Contributions", True)
    blocks: list[Block] = [
        Heading(2, "Partenaires"),
        grid,
        Para("note", style="note"),
        Heading(2, "Suite"),
    ]
    assert sections(blocks, {1: p}) == [(True, [0, 1, 2]), (False, [3])]
    assert isinstance(q, Plan)


def test_pdf_without_an_engine_says_what_to_install(
    workshop: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No LibreOffice and no Chromium: one clear line naming both, and no file left behind;
    the command line exits 2 when pdf was asked for, and leaves it out of the default set."""
    monkeypatch.setenv("FACILITATE_PDF_ENGINE", str(tmp_path / "no-such-program"))
    with pytest.raises(ExportError) as caught:
        export_session(workshop, tmp_path / "out", ["pdf"])
    assert "LibreOffice" in str(caught.value) and "Chromium" in str(caught.value)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    from facilitate.cli import main

    cli = ["--lang", "en", "export", str(workshop)]
    capsys.readouterr()
    assert main([*cli, "--to", "pdf", "--out", str(tmp_path / "cli")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "LibreOffice" in err and "libreoffice-writer" in err
    assert main([*cli, "--to", "md,pdf,csv", "--out", str(tmp_path / "c2")]) == 2
    assert not (tmp_path / "c2").exists()
    assert main([*cli, "--out", str(tmp_path / "all")]) == 0
    assert "PDF left out" in capsys.readouterr().err
    assert not list((tmp_path / "all").glob("*.pdf")) and list((tmp_path / "all").glob("*.odt"))
