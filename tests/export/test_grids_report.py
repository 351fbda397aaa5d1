"""The report draws the grids (a real 2x2 table, a list in Markdown) and the scales' polls."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Source
from facilitate.exporters import export_session
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format


async def _diagnosis(folder: Path, clock: ManualClock) -> None:
    info = session_doc(get_format("diagnostic-partage"), title="Diagnostic", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=clock)
    await svc.add_participant(name="Ana Morel", structure="Mairie de Belrive", territory="Belrive")
    await svc.start_step("afom")
    await svc.add_matrix_item(
        "strengths", "Une rivière partagée", device="d1", source=Source.PORTAL
    )
    await svc.add_matrix_item("threats", "Budgets en baisse")
    await svc.add_matrix_item("threats", "=cmd|calc")  # a formula: neutralised in CSV
    await svc.start_step("impact-effort")
    await svc.add_matrix_item("quick_wins", "Un agenda partagé des rencontres")
    await svc.start_step("accord")
    await svc.open_agreement("accord")
    await svc.answer_agreement(1, device="d1", source=Source.PORTAL)
    await svc.answer_agreement(1, device="d2", source=Source.PORTAL)
    await svc.answer_agreement(3, "Ana Morel")
    await svc.answer_agreement(8, device="d3", source=Source.PORTAL, comment="Val d'Argent oublié")
    svc.close()


async def test_the_report_draws_the_grid_and_the_scale_in_every_format(
    tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "diag"
    await _diagnosis(folder, clock)
    paths = export_session(folder, tmp_path / "out", ["md", "html", "odt", "docx", "csv", "json"])
    by_name = {p.name.removeprefix("diagnostic"): p for p in paths}

    md = by_name[".md"].read_text(encoding="utf-8")
    assert "## Grilles et cartes" in md
    assert "- **Atouts** (interne, favorable)\n  - Une rivière partagée" in md
    assert "- **Menaces** (externe, défavorable)\n  - Budgets en baisse" in md
    assert "- **Gains rapides\u202f: à faire d'abord**" in md
    assert "## Degrés d'accord" in md
    assert re.search(r"\| 1 \| \*\*Adhésion totale\*\*.*\| 2 \|", md)
    assert "Réponses\u202f: 4 · en soutien\u202f: 3 · réserves\u202f: 0 · blocages\u202f: 1" in md
    assert "Blocage\u202f: Val d'Argent oublié (ouverte)" in md

    html = by_name[".html"].read_text(encoding="utf-8")
    # a real 2x2 table: the axes, then each quadrant's name in bold and its cards
    table = html[html.index("<th>Favorable</th>") - 200 :]
    table = table[: table.index("</table>")]
    assert "<th>Défavorable</th>" in table
    assert "<strong>Atouts</strong><br>• Une rivière partagée" in table
    assert "<strong>Menaces</strong><br>• Budgets en baisse" in table
    assert table.count("<tr>") == 3  # the header row and two rows of quadrants

    for suffix, part in ((".odt", "content.xml"), (".docx", "word/document.xml")):
        with zipfile.ZipFile(by_name[suffix]) as office:
            xml = office.read(part).decode("utf-8")
        assert "Atouts" in xml and "• Une rivière partagée" in xml, suffix
        assert "Adhésion totale" in xml, suffix

    cards = by_name["-matrix.csv"].read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(cards), delimiter=";"))
    assert rows[0][:5] == ["id", "Étape", "Grille", "Case", "Carte"]
    quadrants = {r[4]: r[3] for r in rows[1:]}
    assert quadrants["Une rivière partagée"] == "Atouts"
    assert quadrants["Un agenda partagé des rencontres"] == "Gains rapides\u202f: à faire d'abord"
    assert "'=cmd|calc" in quadrants
    answers = list(
        csv.reader(io.StringIO(by_name["-agreement.csv"].read_text("utf-8-sig")), delimiter=";")
    )
    assert [r[4] for r in answers[1:]] == ["1", "1", "3", "8"]
    assert answers[4][5] == "Blocage" and answers[4][7] == "Val d'Argent oublié"
    assert answers[3][6] == "Ana Morel"

    data = json.loads(by_name[".json"].read_text(encoding="utf-8"))
    assert len(data["matrix_items"]) == 4 and len(data["agreement_answers"]) == 4
    assert {a["level"] for a in data["agreement_answers"]} == {1, 3, 8}


async def test_the_actors_map_says_who_decides_and_whom_to_bring_in(
    tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "carte"
    info = session_doc(get_format("carte-des-acteurs"), title="Carte", date="2026-03-12", lang="en")
    svc = SessionService.create(folder, info, clock=clock)
    await svc.add_participant(
        name="Ana",
        structure="Belrive town hall",
        territory="Belrive",
        power="political",
        role="driver",
    )
    await svc.add_participant(
        name="Cy",
        structure="Residents' collective",
        territory="Val",
        power="civil_society",
        role="counterweight",
    )
    await svc.start_step("carte")
    await svc.place_structures("carte")
    await svc.add_matrix_item(
        "subjects", "Farmers of the valley", device="d9", source=Source.PORTAL
    )
    svc.close()
    (md,) = export_session(folder, tmp_path / "out", ["md"])[:1]
    text = md.read_text(encoding="utf-8")
    assert (
        "- **Players: who decides** (much power, much interest: involve closely)\n"
        "  - Belrive town hall" in text
    )
    assert "- Who decides: Belrive town hall" in text
    assert "- Who is affected: Residents' collective, Farmers of the valley" in text
    assert "- To bring in or strengthen as a counterweight: Farmers of the valley" in text
    assert "- Counterweights in the room: Residents' collective" in text


async def test_an_anonymised_report_names_nobody_in_the_scales(
    tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "diag"
    await _diagnosis(folder, clock)
    paths = export_session(folder, tmp_path / "out", ["csv", "md"], anonymise=True)
    texts = "".join(p.read_text(encoding="utf-8-sig") for p in paths)
    assert "Ana Morel" not in texts and "Mairie de Belrive (Belrive)" in texts


async def test_hidden_cards_leave_the_report_and_the_data_but_the_notes_log_them(
    tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "diag"
    await _diagnosis(folder, clock)
    svc = SessionService.open(folder, clock=clock)
    (card,) = [m for m in svc.matrix_items("afom") if m.text == "Budgets en baisse"]
    await svc.hide("matrix_items", card.id)
    prop = svc.agreement_target("accord")
    assert prop is not None
    await svc.hide("proposals", prop.id)  # moderated away: its answers go with it
    svc.close()
    paths = export_session(folder, tmp_path / "out", ["md", "csv"])
    by_name = {p.name.removeprefix("diagnostic"): p for p in paths}
    report = by_name[".md"].read_text(encoding="utf-8")
    assert "Budgets en baisse" not in report and "Une rivière partagée" in report
    assert "## Degrés d'accord" not in report
    assert "Budgets en baisse" not in by_name["-matrix.csv"].read_text(encoding="utf-8-sig")
    answers = by_name["-agreement.csv"].read_text(encoding="utf-8-sig").splitlines()
    assert len(answers) == 1  # the header only
    notes = by_name["-notes.md"].read_text(encoding="utf-8")
    assert "carte de grille" in notes and "Budgets en baisse" in notes


@pytest.mark.slow
@pytest.mark.office
async def test_the_pdf_made_by_libreoffice_draws_the_grid(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 2x2 grid and the scale reach the PDF (LibreOffice from the ODT)."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    from pypdf import PdfReader

    monkeypatch.setenv("FACILITATE_PDF_ENGINE", "libreoffice")
    folder = tmp_path / "diag"
    await _diagnosis(folder, clock)
    pdf = next(
        p for p in export_session(folder, tmp_path / "out", ["pdf"]) if p.name == "diagnostic.pdf"
    )
    text = " ".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    text = re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))
    for seen in (
        "Favorable",
        "Défavorable",
        "Interne",
        "Atouts",
        "Une rivière partagée",
        "Menaces",
        "Budgets en baisse",
        "Degrés d'accord",
        "Adhésion totale",
    ):
        assert seen in text, seen


async def test_the_notes_list_suggested_placements_and_moved_cards(
    tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "carte"
    info = session_doc(get_format("carte-des-acteurs"), title="Carte", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=clock)
    await svc.add_participant(name="Ana", structure="Commune de Belrive", function="Maire")
    await svc.add_participant(
        name="Bo", structure="Asso Rivière", power="civil_society", role="follower"
    )
    await svc.start_step("carte")
    placed = await svc.place_structures("carte")
    asso = next(m for m in placed if m.structure == "Asso Rivière")
    await svc.move_matrix_item(asso.id, "subjects")
    svc.close()
    paths = export_session(folder, tmp_path / "out", ["md"])
    notes = next(p for p in paths if p.name.endswith("-notes.md")).read_text(encoding="utf-8")
    assert "à vérifier avec eux\u202f: Commune de Belrive" in notes
    assert (
        "Déplacée à la main\u202f: Asso Rivière, désormais dans «\u00a0Acteurs concernés" in notes
    )
    report = next(p for p in paths if not p.name.endswith("-notes.md")).read_text("utf-8")
    assert "à vérifier" not in report and "Qui décide\u202f: Commune de Belrive" in report
