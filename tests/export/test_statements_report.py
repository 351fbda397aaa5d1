"""The statements step in the report: the demo's report says what unites and what divides its
four territories, in every export kind and both languages."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from facilitate.exporters import export_session, load_session
from facilitate.report import build_report
from facilitate.report.document import Bullets, Grid, Heading, documents

NOW = datetime.fromisoformat("2026-03-12T18:00:00+01:00")
UNITES = "Il faut un point d'entrée unique pour réserver"
DIVIDES = "Chaque territoire doit garder la maîtrise de ses propres moyens de transport"
TERRITORIES = ["Belrive", "Hautes-Combes", "Trois Rivières", "Val d'Argent"]


@pytest.fixture(scope="module")
def exported(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("statements-exports")
    kinds = ["md", "html", "odt", "docx", "csv", "json"]
    paths = export_session(demo_template, out, kinds, now=NOW)
    return {p.name: p for p in paths}


def _one(exported: dict[str, Path], suffix: str) -> Path:
    found = [p for n, p in exported.items() if n.endswith(suffix) and "-notes" not in n]
    assert len(found) == 1, (suffix, sorted(exported))
    return found[0]


def test_the_demo_report_names_what_unites_and_what_divides(demo_template: Path) -> None:
    report = build_report(load_session(demo_template), now=NOW)
    (part,) = report.statements
    assert part.territories == TERRITORIES and part.people == 30
    assert [x.text[:40] for x in part.unites][0] == UNITES[:40]
    assert {x.verdict for x in part.unites} == {"unites"}
    assert len(part.unites) == 3 and len(part.divides) == 3
    assert len(part.mixed) == 1 and len(part.uncertain) == 1
    maitrise = next(x for x in part.divides if x.text.startswith(DIVIDES))
    assert maitrise.disagreeing == ["Belrive"]
    assert maitrise.agreeing == ["Hautes-Combes", "Trois Rivières", "Val d'Argent"]
    assert maitrise.tension.startswith("Affirmation clivante")
    # the split by kind of power: the funding key divides elected officials and staff
    cle = next(x for x in part.divides if x.text.startswith("Les financements communs"))
    assert cle.power_split and "politique" in cle.powers_disagreeing
    # what the moderator set aside is counted, never shown as a statement
    assert part.proposed == 2 and len(part.set_aside) == 1
    assert all("toujours Belrive" not in x.text for x in part.statements)
    # the uncertain one: many passes
    (petr,) = part.uncertain
    assert petr.many_passes and petr.text.startswith("Le PETR")


def test_the_partner_reports_section_in_both_languages(demo_template: Path) -> None:
    session = load_session(demo_template)
    for lang, heading, unites, divides in (
        ("fr", "Ce qui rassemble, ce qui divise", "rassemble les", "divise les"),
        ("en", "What unites, what divides", "unites the", "divides the"),
    ):
        report = build_report(session, now=NOW, lang=lang)
        blocks = documents(report)[0].blocks
        titles = [b.text for b in blocks if isinstance(b, Heading)]
        start = titles.index(heading)
        assert any(unites in x for x in titles[start:]) and any(divides in x for x in titles)
        grids = [b for b in blocks if isinstance(b, Grid) and b.headers[1:5] == TERRITORIES]
        assert len(grids) == 2
        unite_rows, divide_rows = grids[0].rows, grids[1].rows
        assert unite_rows[0][0].startswith(UNITES)
        # every territory's share, in the report's number style
        pct = "\u202f%" if lang == "fr" else "%"
        assert unite_rows[0][1] == f"91{pct} " + ("d'accord" if lang == "fr" else "agree")
        row = next(r for r in divide_rows if r[0].startswith(DIVIDES))
        assert row[1] == f"82{pct} " + ("pas d'accord" if lang == "fr" else "disagree")
        notes = [x for b in blocks if isinstance(b, Bullets) for x in b.items]
        assert any("politique" in x or "political" in x for x in notes)


def test_markdown_html_odt_docx_carry_the_section(exported: dict[str, Path]) -> None:
    md = _one(exported, ".md").read_text(encoding="utf-8")
    assert "## Ce qui rassemble, ce qui divise" in md
    assert "### Ce qui rassemble les territoires" in md
    assert "### Ce qui divise les territoires" in md
    assert UNITES in md and DIVIDES in md
    # what the moderator set aside: in the facilitator's notes only
    notes = next(p for n, p in exported.items() if n.endswith("-notes.md")).read_text("utf-8")
    assert "Affirmations proposées depuis les téléphones" in notes
    assert "toujours Belrive qui décide" in notes and "toujours Belrive" not in md
    html = _one(exported, ".html").read_text(encoding="utf-8")
    assert "Ce qui rassemble les territoires" in html and "Ce qui divise les territoires" in html
    for suffix, member in ((".odt", "content.xml"), (".docx", "word/document.xml")):
        with zipfile.ZipFile(_one(exported, suffix)) as z:
            xml = z.read(member).decode("utf-8")
        text = re.sub(r"<[^>]+>", "", xml)
        assert "Ce qui rassemble les territoires" in text, suffix
        assert "Ce qui divise les territoires" in text, suffix
        assert "entrée unique pour réserver" in text, suffix


def test_the_statements_csv_has_one_row_per_statement_and_group(
    exported: dict[str, Path],
) -> None:
    raw = _one(exported, "-statements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:8] == [
        "id",
        "Étape",
        "Affirmation",
        "Origine",
        "Modération",
        "Verdict",
        "Répartition",
        "Groupe",
    ]
    assert header[8:13] == ["d'accord", "pas d'accord", "je passe", "Réponses", "Majorité"]
    maitrise = [r for r in body if r[2].startswith(DIVIDES)]
    everyone = next(r for r in maitrise if r[6] == "ensemble")
    assert everyone[5] == "divise" and everyone[11] == "30"
    belrive = next(r for r in maitrise if r[7] == "Belrive")
    assert belrive[8:13] == ["1", "9", "1", "11", "pas d'accord"]
    assert everyone[13].startswith("Affirmation clivante")
    assert {r[7] for r in maitrise if r[6] == "territoire"} == set(TERRITORIES)
    aside = [r for r in body if "toujours Belrive" in r[2]]
    assert aside and aside[0][4] == "écartée" and aside[0][5] == ""


def test_the_json_export_keeps_statements_and_answers(exported: dict[str, Path]) -> None:
    data = json.loads(_one(exported, ".json").read_text(encoding="utf-8"))
    assert len(data["statements"]) == 9
    assert {s["status"] for s in data["statements"]} == {"accepted", "rejected"}
    answers = data["statement_answers"]
    assert len(answers) == 8 * 30  # one per person and statement, the changed one replaced
    assert {a["answer"] for a in answers} == {"agree", "disagree", "pass"}
    assert all(a["territory"] in TERRITORIES for a in answers)
