"""Exports of the demo session against golden files; JSON round trip; hostile text kept inert."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from facilitate.domain.clock import ManualClock
from facilitate.exporters import FILE_TYPES, ExportError, export_session, load_session
from facilitate.exporters.json_export import rebuild
from facilitate.report.public import SECRET_FIELDS

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime.fromisoformat("2026-03-12T12:30:00+01:00")
TEXT_FORMATS = ["md", "html", "csv", "json", "decidim"]
SLUG = "mobilites-rurales-partagees-premier-atelier-inter"


@pytest.fixture(scope="module")
def demo_exports(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("exports")
    return export_session(demo_template, out, TEXT_FORMATS, now=NOW)


def test_demo_exports_match_the_golden_files(demo_exports: list[Path]) -> None:
    """The demo's report and notes (Markdown, HTML), CSV, JSON and Decidim files are exactly
    the reviewed ones."""
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    GOLDEN.mkdir(exist_ok=True)
    for path in demo_exports:
        golden = GOLDEN / path.name
        if update:
            golden.write_bytes(path.read_bytes())
        assert golden.exists(), f"missing golden {golden.name}: run with UPDATE_GOLDEN=1"
        assert path.read_bytes() == golden.read_bytes(), f"{path.name} differs from its golden"


def test_files_are_named_after_the_slug_in_the_order_asked(demo_exports: list[Path]) -> None:
    """One path per file, named after the session's slug, in the order of the formats."""
    assert [p.name for p in demo_exports] == [
        f"{SLUG}.md",
        f"{SLUG}-notes.md",
        f"{SLUG}.html",
        f"{SLUG}-notes.html",
        f"{SLUG}-contributions.csv",
        f"{SLUG}-tensions.csv",
        f"{SLUG}-proposals.csv",
        f"{SLUG}-actions.csv",
        f"{SLUG}-matrix.csv",
        f"{SLUG}-agreement.csv",
        f"{SLUG}-statements.csv",
        f"{SLUG}.json",
        f"{SLUG}-decidim.csv",
    ]
    assert not [p for p in demo_exports[0].parent.iterdir() if p.name.endswith(".tmp")]


def test_report_tells_what_was_agreed_what_divides_and_who_does_what(
    demo_exports: list[Path],
) -> None:
    """A reader sees the consent decision, the open tensions, the actions and the interests."""
    md = demo_exports[0].read_text(encoding="utf-8")
    assert "Le PETR lance pour un an l'expérimentation d'un guichet unique" in md
    assert "décidé par consentement" in md
    open_part = md.split("### Encore ouvertes")[1].split("###")[0]
    assert "Le calendrier de l'appel à projets régional" in open_part
    assert "ouverte" in open_part and "Récolte du world café" in open_part  # where it came from
    assert "Objection" not in open_part  # each objection ended before the consent
    assert "résolue (levée)" in md and "résolue (intégrée par amendement)" in md
    assert "| Organiser la prochaine réunion aux Hautes-Combes | Pierre Guérin" in md
    assert "### Intérêts par territoire" in md
    assert "| Belrive | 1 | 0 | 1 |" in md
    assert "Suggestion\u202f: Hautes-Combes" in md


def test_partner_report_keeps_the_facilitators_notes_apart(demo_exports: list[Path]) -> None:
    """Set-up warnings and followers are in the facilitator's notes, never in the report."""
    report = demo_exports[0].read_text(encoding="utf-8")
    notes = demo_exports[1].read_text(encoding="utf-8")
    for internal in (
        "n'a aucun contrepoids",
        "Table Gare penche vers",
        "Le territoire Belrive domine Val d'Argent",
        "Suiveurs à tenir informés",
        "Hugo Lefèvre (Agence d'urbanisme de Belrive)",
        "Journal de modération",
    ):
        assert internal not in report, internal
        assert internal in notes, internal
    assert "Document interne à l'équipe d'animation" in notes
    assert "## Ce que chaque partenaire a apporté" in report
    assert "Ce que chaque partenaire" not in notes


def test_html_is_self_contained_with_inline_charts(demo_exports: list[Path]) -> None:
    """The HTML pages have their charts inline and fetch nothing from outside."""
    html, notes = (demo_exports[k].read_text(encoding="utf-8") for k in (2, 3))
    assert html.count("<svg") == 2 and notes.count("<svg") == 1  # votes, shared; participation
    assert "@page { size: A4" in html and "<html lang='fr'>" in html
    for page in (html, notes):
        for outside in ("http://", "https://", "<script", "<link", "src="):
            assert outside not in page.replace("http://www.w3.org/2000/svg", "")


def test_csv_files_open_in_spreadsheets(demo_exports: list[Path]) -> None:
    """CSV files start with a BOM, split on ';' for a French session, one row per record."""
    tensions = demo_exports[5].read_bytes()
    assert tensions.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(tensions.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "id" and len(rows) == 1 + 9  # one from a divisive statement
    contributions = demo_exports[4].read_text(encoding="utf-8-sig")
    values = {cell for row in csv.reader(io.StringIO(contributions), delimiter=";") for cell in row}
    assert {"téléphone", "animation"} <= values and not {"portal", "facilitator"} & values


def test_decidim_csv_has_the_columns_decidim_imports(demo_exports: list[Path]) -> None:
    """Decidim reads ';'-separated title/fr and body/fr columns, one proposal a row; the body
    is the proposal's text, without the workshop's internal facts."""
    data = demo_exports[-1].read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))
    assert rows[0] == ["title/fr", "body/fr"]
    assert rows[1][0] == "Expérimenter un guichet unique de réservation porté par le PETR"
    assert rows[1][1].startswith("Un numéro et un site communs pour le car")
    assert not any("voix" in r[1] or "Statut" in r[1] or "Table " in r[1] for r in rows[1:])
    assert len(rows) == 6


def test_json_export_rebuilds_the_session(demo_template: Path, demo_exports: list[Path]) -> None:
    """The JSON export holds every record (not the portal token): it rebuilds the session."""
    data = json.loads(next(p for p in demo_exports if p.suffix == ".json").read_text("utf-8"))
    assert data["schema_version"] == 1
    for key in (
        "session",
        "participants",
        "tables",
        "rounds",
        "contributions",
        "tensions",
        "proposals",
        "votes",
        "decisions",
        "actions",
        "events",
        "meaning",
        "positions",
        "arguments",
        "topics",
        "statements",
        "statement_answers",
    ):
        assert key in data
    original = load_session(demo_template)
    rebuilt = rebuild(data)
    secrets = {f: "" for f in SECRET_FIELDS if f in original.info.to_dict()}
    assert rebuilt.info.to_dict() == {**original.info.to_dict(), **secrets}
    assert "demo-token" not in demo_exports[8].read_text(encoding="utf-8")
    assert rebuilt.to_tables() == original.to_tables()


def test_json_from_a_newer_program_is_refused() -> None:
    """A JSON export with a newer schema version is refused with a clear message."""
    with pytest.raises(ValueError, match="schema_version"):
        rebuild({"schema_version": 99, "session": {}})


def test_anonymised_report_names_structures_not_people(demo_template: Path, tmp_path: Path) -> None:
    """With --anonymise no participant's name is left in any file; the facilitator stays."""
    paths = export_session(demo_template, tmp_path, TEXT_FORMATS, anonymise=True, now=NOW)
    names = [p.name for p in load_session(demo_template).participants]
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        leaked = [n for n in names if n in text]
        assert leaked == [], f"{path.name} still names {leaked}"
    md = paths[0].read_text(encoding="utf-8")
    assert "Hélène Ferrand" in md
    assert "Pays des Trois Rivières (PETR) (Trois Rivières) 1" in md
    assert "Les noms sont remplacés par la structure et le territoire." in md


def test_progress_is_reported_per_format(demo_template: Path, tmp_path: Path) -> None:
    """The TUI's progress bar hears of each format, then of the end."""
    seen: list[tuple[int, int, str]] = []
    export_session(
        demo_template,
        tmp_path,
        ["md", "json"],
        now=NOW,
        on_progress=lambda d, n, label: seen.append((d, n, label)),
    )
    assert seen == [(0, 2, "md"), (1, 2, "json"), (2, 2, "")]


def test_a_failing_format_is_named_and_leaves_no_file(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When one format fails, the error names it and no partial file is left behind."""
    from facilitate.exporters import html

    def broken(doc: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(html, "render_document", broken)
    with pytest.raises(ExportError) as caught:
        export_session(demo_template, tmp_path / "out", ["md", "html"], now=NOW)
    assert caught.value.file_type == "html" and "html" in str(caught.value)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"{SLUG}-notes.md",
        f"{SLUG}.md",
    ]


def test_unknown_format_is_refused(demo_template: Path, tmp_path: Path) -> None:
    """Asking for a format that does not exist says which ones do."""
    with pytest.raises(ValueError, match="known: md"):
        export_session(demo_template, tmp_path, ["rtf"])
    assert "decidim" in FILE_TYPES and "pdf" in FILE_TYPES


HOSTILE = {
    "script": "<script>alert('x')</script> et <b>gras</b>",
    "formula": '=HYPERLINK("http://evil.example","clic")',
    "markup": "[/bold] [red]rouge[/red] **étoiles** # titre | colonne",
    "control": "cloche\x07 et \x1b[31méchappement\x1b[0m fin",
    "list": "- pas une liste\n1. pas une liste numérotée",
}


async def _hostile_session(folder: Path, clock: ManualClock) -> None:
    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

    info = session_doc(get_format("cooperation-kickoff"), title="Hostile", date="2026-03-12")
    svc = SessionService.create(folder, info, clock=clock)
    try:
        who = await svc.add_participant(
            name="@Eve <img src=x>", structure="+Asso", territory="-Val"
        )
        table = await svc.add_table("Table <i>", topic=HOSTILE["markup"], host=who.id)
        for text in HOSTILE.values():
            await svc.add_contribution("idea", text, table=table.id, author=who.id)
            await svc.add_tension(text, between=["=Val", "@Mont"])
            prop = await svc.add_proposal(text, text)
            await svc.vote(prop.id, f"+voter{prop.id}", 1)
            await svc.add_action(text, owner="=cmd|' /C calc'!A0", due="-2026")
        await svc.decide(HOSTILE["script"], method="consent")
        ans = await svc.add_meaning(
            actor="@Eve <img src=x>",
            purpose=HOSTILE["formula"],
            serves=HOSTILE["script"],
            territory="-Val",
        )
        await svc.tag_interest(ans.id, "antagonistic")
    finally:
        svc.close()


async def test_hostile_text_goes_through_every_text_format_inert(
    tmp_path: Path, clock: ManualClock
) -> None:
    """HTML is escaped, CSV formulas neutralised, Markdown escaped, control characters gone."""
    folder = tmp_path / "hostile"
    await _hostile_session(folder, clock)
    paths = export_session(folder, tmp_path / "out", [*TEXT_FORMATS, "odt", "docx"])
    by_name = {p.name.removeprefix("hostile"): p for p in paths}
    for path in paths:
        if path.suffix in (".odt", ".docx"):
            continue  # zip archives: their XML is checked below
        raw = path.read_bytes()
        assert b"\x1b" not in raw and b"\x07" not in raw, path.name
    html = by_name[".html"].read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>gras" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    md = by_name[".md"].read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<", md) and "\\<script\\>" in md
    assert "\\[/bold\\]" in md and "\\*\\*étoiles\\*\\*" in md and "\\# titre \\| colonne" in md
    assert "\n- pas une liste" not in md and "\n1. pas une" not in md
    for suffix in (
        "-contributions.csv",
        "-tensions.csv",
        "-proposals.csv",
        "-actions.csv",
        "-decidim.csv",
    ):
        text = by_name[suffix].read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@"), (suffix, cell)
        assert "'=HYPERLINK(" in text
    import zipfile

    for suffix, part in ((".odt", "content.xml"), (".docx", "word/document.xml")):
        with zipfile.ZipFile(by_name[suffix]) as office:
            xml = office.read(part).decode("utf-8")
        assert "<script" not in xml and "&lt;script&gt;" in xml, suffix
        assert "=HYPERLINK(" in xml  # a document shows text; it never evaluates it
        assert "\x1b" not in xml and "\x07" not in xml, suffix
    data = json.loads(by_name[".json"].read_text(encoding="utf-8"))
    texts = [c["text"] for c in data["contributions"]]
    assert HOSTILE["script"] in texts and "cloche et échappement fin" in texts
