"""ODT and DOCX opened by LibreOffice, HTML printed by Chromium: the reader finds what matters."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from facilitate.exporters import export_session

NOW = datetime.fromisoformat("2026-03-12T12:30:00+01:00")
CHROMIUM = "/usr/bin/chromium"
EXPECTED = (
    "Le PETR lance pour un an l'expérimentation d'un guichet unique",  # the consent decision
    "Le calendrier de l'appel à projets régional",  # an open tension
    "Reportée au comité de pilotage d'avril",  # an unresolved objection and how it stands
    "Organiser la prochaine réunion aux Hautes-Combes",  # an action
    "Pierre Guérin",  # its owner
    "Intérêts par territoire",  # the cooperation lens
)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).replace("- ", "-")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def reads(text: str, phrase: str) -> bool:
    """The words in order: a cell's lines interleave with its neighbours' and repeated headers."""
    pattern = ".{0,400}?".join(re.escape(w) for w in phrase.split())
    return re.search(pattern, text) is not None


@pytest.fixture(scope="module")
def office_files(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("office")
    return export_session(demo_template, out, ["odt", "docx", "html"], now=NOW)


def soffice_pdf(source: Path, tmp: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    outdir = tmp / source.suffix.lstrip(".")
    profile = tmp / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = outdir / (source.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF of {source.name}"
    return pdf


@pytest.mark.slow
@pytest.mark.parametrize("index", [0, 1], ids=["odt", "docx"])
def test_office_documents_open_in_libreoffice_with_agreements_tensions_actions(
    office_files: list[Path], tmp_path: Path, index: int
) -> None:
    """LibreOffice opens the ODT and DOCX; their PDF shows the decision, tensions and actions."""
    text = flat(pdf_text(soffice_pdf(office_files[index], tmp_path)))
    for expected in EXPECTED:
        assert reads(text, expected), f"{office_files[index].suffix}: missing {expected!r}"


def test_office_documents_have_real_headings_tables_and_images(office_files: list[Path]) -> None:
    """The ODT and DOCX carry headings, tables and the charts as PNG images."""
    import zipfile

    with zipfile.ZipFile(office_files[0]) as odt:
        content = odt.read("content.xml").decode("utf-8")
        assert "<text:h" in content and "<table:table " in content
        assert sum(n.startswith("Pictures/") and n.endswith(".png") for n in odt.namelist()) == 3
    with zipfile.ZipFile(office_files[1]) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        assert 'w:val="Heading1"' in document and "<w:tbl>" in document
        assert sum(n.startswith("word/media/") for n in docx.namelist()) == 3


@pytest.mark.slow
def test_html_report_prints_in_chromium(office_files: list[Path], tmp_path: Path) -> None:
    """Chromium prints the HTML report to PDF on A4 with everything a reader needs."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'chromium'}",
            f"--print-to-pdf={pdf}",
            office_files[2].as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from pypdf import PdfReader

    box = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = flat(pdf_text(pdf))
    for expected in EXPECTED:
        assert reads(text, expected), f"html: missing {expected!r}"
