"""ODT and DOCX opened by LibreOffice, PDF made by LibreOffice and by Chromium: the reader finds
what matters, in the right document, with its title and language, and no word broken."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from facilitate.exporters import export_session, load_session

NOW = datetime.fromisoformat("2026-03-12T12:30:00+01:00")
CHROMIUM = "/usr/bin/chromium"
TITLE = "Mobilités rurales partagées\u202f: premier atelier inter-territorial"
EXPECTED = (
    "Le PETR lance pour un an l'expérimentation d'un guichet unique",  # the consent decision
    "Le calendrier de l'appel à projets régional",  # an open tension
    "Récolte du world café",  # where it came from
    "Organiser la prochaine réunion aux Hautes-Combes",  # an action
    "Pierre Guérin",  # its owner
    "20 mai 2026",  # its date, as a reader writes it
    "Intérêts par territoire",
    "Ce que chaque partenaire a apporté",
)
NOTES = (
    "Points de vigilance",
    "Table Gare n'a aucun contrepoids",
    "Suiveurs à tenir informés",
    "Hugo Lefèvre",
    "Journal de modération",
)
# words of the report's tables that a too narrow column would break ("Territoir e")
WHOLE = (
    "Territoire",
    "Contributions",
    "Propositions",
    "Catégorie",
    "Agglomération",
    "Communauté",
    "consultative",
    "Transport",
    "Échéance",
)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    text = text.replace("\u00ad", "").replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).replace("- ", "-")


def reads(text: str, phrase: str) -> bool:
    """The words in order: a cell's lines interleave with its neighbours' and repeated headers."""
    phrase = phrase.replace("\u202f", " ")
    pattern = ".{0,400}?".join(re.escape(w) for w in phrase.split())
    return re.search(pattern, text) is not None


def broken(text: str, word: str) -> bool:
    """Whether `word` shows up cut in two ("Territoir e") and never whole."""
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        return False
    return any(
        re.search(rf"(?<!\w){re.escape(word[:k])}\s+{re.escape(word[k:])}(?!\w)", text)
        for k in range(2, len(word) - 1)
    )


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    return found


@pytest.fixture(scope="module")
def office_files(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """report.odt, notes.odt, report.docx, notes.docx, report.html, notes.html."""
    out = tmp_path_factory.mktemp("office")
    return export_session(demo_template, out, ["odt", "docx", "html"], now=NOW)


@pytest.fixture(scope="module")
def converted(office_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The four office documents turned into PDF by LibreOffice, in one run."""
    tmp = tmp_path_factory.mktemp("converted")
    program = soffice()
    pdfs = []
    for source in office_files[:4]:  # one folder per format: the two kinds share their names
        outdir = tmp / source.suffix.lstrip(".")
        pdfs.append(outdir / (source.stem + ".pdf"))
    for suffix in ("odt", "docx"):
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{tmp / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp / suffix),
                *(str(p) for p in office_files[:4] if p.suffix == f".{suffix}"),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    for pdf in pdfs:
        assert pdf.exists(), f"LibreOffice made no {pdf.name}"
    return pdfs


@pytest.mark.slow
@pytest.mark.office
@pytest.mark.parametrize("index", [0, 2], ids=["odt", "docx"])
def test_office_reports_open_in_libreoffice_with_agreements_tensions_actions(
    converted: list[Path], index: int
) -> None:
    """LibreOffice opens the ODT and DOCX reports: the decision, tensions, actions and credits
    are there, no set-up warning is, and no table word is broken."""
    text = pdf_text(converted[index])
    for expected in EXPECTED:
        assert reads(text, expected), f"{converted[index].name}: missing {expected!r}"
    assert "Points de vigilance" not in text and "Suiveurs" not in text
    assert [w for w in WHOLE if broken(text, w)] == []


@pytest.mark.slow
@pytest.mark.office
@pytest.mark.parametrize("index", [1, 3], ids=["odt", "docx"])
def test_office_notes_open_in_libreoffice_with_warnings_and_followers(
    converted: list[Path], index: int
) -> None:
    """The facilitator's notes, in both office formats, hold the warnings and followers."""
    text = pdf_text(converted[index])
    for expected in NOTES:
        assert reads(text, expected), f"{converted[index].name}: missing {expected!r}"


def test_office_documents_have_real_headings_tables_images_title_and_language(
    office_files: list[Path],
) -> None:
    """The ODT and DOCX carry headings, tables, the charts as PNG, their title and language."""
    report_odt, notes_odt, report_docx, notes_docx = office_files[:4]
    for path, pictures in ((report_odt, 2), (notes_odt, 1)):
        with zipfile.ZipFile(path) as odt:
            assert odt.namelist()[0] == "mimetype"
            assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            content = odt.read("content.xml").decode("utf-8")
            assert "<text:h" in content and "<table:table " in content
            assert "<table:table-header-rows>" in content  # repeated on every page
            names = odt.namelist()
            assert sum(n.startswith("Pictures/") and n.endswith(".png") for n in names) == pictures
            meta = odt.read("meta.xml").decode("utf-8")
            assert "<dc:language>fr-FR</dc:language>" in meta
            styles = odt.read("styles.xml").decode("utf-8")
            assert 'fo:language="fr" fo:country="FR"' in styles and 'fo:hyphenate="false"' in styles
    with zipfile.ZipFile(report_odt) as odt:
        assert f"<dc:title>{TITLE}</dc:title>" in odt.read("meta.xml").decode("utf-8")
    for path, pictures in ((report_docx, 2), (notes_docx, 1)):
        with zipfile.ZipFile(path) as docx:
            document = docx.read("word/document.xml").decode("utf-8")
            assert 'w:val="Heading1"' in document and "<w:tbl>" in document
            assert "<w:tblHeader/>" in document and "<w:cantSplit/>" in document
            assert sum(n.startswith("word/media/") for n in docx.namelist()) == pictures
            assert "<dc:language>fr-FR</dc:language>" in docx.read("docProps/core.xml").decode()
            assert 'w:lang w:val="fr-FR"' in docx.read("word/styles.xml").decode()
    with zipfile.ZipFile(report_docx) as docx:
        assert f"<dc:title>{TITLE}</dc:title>" in docx.read("docProps/core.xml").decode()


def _pdf_facts(path: Path) -> tuple[str, str, bool, tuple[int, int]]:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    marked = bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root
    box = reader.pages[0].mediabox
    title = (reader.metadata.title if reader.metadata else "") or ""
    return (
        title,
        str(root.get("/Lang", "")),
        marked,
        (round(float(box.width)), round(float(box.height))),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "engine",
    [
        pytest.param("libreoffice", marks=pytest.mark.office),
        pytest.param("chromium", marks=pytest.mark.browser),
    ],
)
def test_pdf_export_is_tagged_titled_in_french_and_says_what_matters(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """`--to pdf` makes the report and the notes as tagged A4 PDFs with the session's title
    and language, by LibreOffice or, where it is missing, by a Chromium-family browser."""
    if engine == "libreoffice":
        soffice()
    elif not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    monkeypatch.setenv("FACILITATE_PDF_ENGINE", engine)
    report, notes = export_session(demo_template, tmp_path, ["pdf"], now=NOW)
    assert (report.name, notes.name) == (
        "mobilites-rurales-partagees-premier-atelier-inter.pdf",
        "mobilites-rurales-partagees-premier-atelier-inter-notes.pdf",
    )
    title, lang, tagged, size = _pdf_facts(report)
    assert title == load_session(demo_template).info.title.replace(" :", "\u202f:")
    assert lang.startswith("fr") and tagged and size == (595, 842)  # A4 in points
    text = pdf_text(report)
    for expected in EXPECTED:
        assert reads(text, expected), f"{engine}: missing {expected!r}"
    assert "Points de vigilance" not in text
    assert [w for w in WHOLE if broken(text, w)] == []
    notes_title, _, notes_tagged, _ = _pdf_facts(notes)
    assert notes_title.startswith("Notes de l'animation") and notes_tagged
    assert all(reads(pdf_text(notes), x) for x in NOTES)


def test_an_odf_library_reads_the_odt_back(office_files: list[Path]) -> None:
    """odfdo opens the report as any ODF application would: title, language, headings, the
    tables with their header row, the charts."""
    from odfdo import Document

    doc = Document(str(office_files[0]))
    assert doc.meta.get_title() == TITLE and doc.meta.get_language() == "fr-FR"
    headers = [h.text_recursive for h in doc.body.get_headers()]
    assert headers[0] == TITLE and "Ce que chaque partenaire a apporté" in headers
    tables = doc.body.get_tables()
    assert tables[0].get_values()[0] == ["Tension", "Catégorie", "Entre", "Origine", "Où en est-on"]
    assert len(doc.body.get_images()) == 2
