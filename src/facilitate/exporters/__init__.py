"""Exports of a session (or a series): md, html, odt, docx and pdf documents (the partner
report, and the facilitator's notes as `<slug>-notes.*`), csv, json and Decidim's CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitate.domain.cooperation import session_end
from facilitate.domain.session import Session
from facilitate.exporters.common import load_session
from facilitate.i18n import t
from facilitate.paths import write_atomic
from facilitate.report import build_report
from facilitate.report.anonymise import anonymise as anonymise_session
from facilitate.report.document import Document, documents
from facilitate.report.model import Report
from facilitate.report.public import without_hidden, without_secrets

FILE_TYPES = ("md", "html", "odt", "docx", "pdf", "csv", "json", "decidim")
SERIES_FILE_TYPES = ("md", "html", "odt", "docx", "json")
DOCUMENT_FILE_TYPES = ("md", "html", "odt", "docx", "pdf")  # the partner report and the notes

Progress = Callable[[int, int, str], None]


class ExportError(RuntimeError):
    """One file type failed; `file_type` names it, the message says why."""

    def __init__(self, file_type: str, error: BaseException, lang: str = "en") -> None:
        from facilitate.exporters.pdf import PdfUnavailable

        self.file_type, self.error = file_type, error
        if isinstance(error, PdfUnavailable):  # already one line saying what to install
            super().__init__(str(error))
        else:
            super().__init__(t("export.failed", lang, format=file_type, error=f"{error}"))


@dataclass
class DecidimOptions:
    """The Decidim CSV: its columns' language, whether internal facts go in the body, and
    territory -> scope ids."""

    lang: str | None = None
    details: bool = False
    scopes: dict[str, str] | None = None


def pdf_available() -> bool:
    """Whether this computer can make a PDF (LibreOffice or a Chromium-family browser)."""
    from facilitate.exporters.pdf import find_engine

    return find_engine() is not None


def _documents(
    file_type: str, slug: str, docs: list[Document], lang: str
) -> list[tuple[str, bytes]]:
    """The partner report and the facilitator's notes in one document file type."""
    if file_type == "pdf":
        from facilitate.exporters.pdf import render_pdfs

        return [
            (f"{slug}{d.suffix}.pdf", data)
            for d, data in zip(docs, render_pdfs(docs, lang=lang), strict=True)
        ]
    if file_type == "md":
        from facilitate.exporters.markdown import render_document as render_md

        return [(f"{slug}{d.suffix}.md", render_md(d).encode("utf-8")) for d in docs]
    if file_type == "html":
        from facilitate.exporters.html import render_document as render_html

        return [(f"{slug}{d.suffix}.html", render_html(d).encode("utf-8")) for d in docs]
    if file_type == "odt":
        from facilitate.exporters.odt import render_document as render_odt

        return [(f"{slug}{d.suffix}.odt", render_odt(d)) for d in docs]
    from facilitate.exporters.docx_export import render_document as render_docx

    return [(f"{slug}{d.suffix}.docx", render_docx(d)) for d in docs]


def _files(
    file_type: str,
    slug: str,
    session: Session,
    report: Report,
    lang: str,
    generated: str,
    decidim: DecidimOptions | None = None,
    docs: list[Document] | None = None,
) -> list[tuple[str, bytes]]:
    """The (file name, bytes) pairs one file type makes."""
    if file_type in DOCUMENT_FILE_TYPES:
        return _documents(file_type, slug, docs if docs is not None else documents(report), lang)
    if file_type == "csv":
        from facilitate.exporters import csv_export

        files = csv_export.tables(session, lang)
        return [(f"{slug}-{kind}.csv", files[kind]) for kind in csv_export.KINDS]
    if file_type == "json":
        from facilitate.exporters import json_export

        data = json_export.to_data(session, generated=generated)
        return [(f"{slug}.json", json_export.dumps(data).encode("utf-8"))]
    if file_type == "decidim":
        from facilitate.exporters import decidim as decidim_csv

        options = decidim or DecidimOptions()
        table = decidim_csv.render(
            report,
            lang=options.lang or session.info.lang or lang,
            details=options.details,
            scopes=options.scopes,
        )
        return [(f"{slug}-decidim.csv", table)]
    raise ValueError(f"unknown export file type {file_type!r}; known: {', '.join(FILE_TYPES)}")


def export_session(
    folder: Path,
    out: Path,
    file_types: list[str],
    *,
    anonymise: bool = False,
    lang: str | None = None,
    now: datetime | None = None,
    on_progress: Progress | None = None,
    decidim: DecidimOptions | None = None,
) -> list[Path]:
    """Write each file type's file(s) in `out`; return their paths in the order of `file_types`.

    The session is read without its lock; the report is built once. `now` defaults to the time
    of the session's last event, so exporting twice gives the same files. Document file_types
    write the partner report (`<slug>.<ext>`) and the facilitator's notes
    (`<slug>-notes.<ext>`). No file holds the portal token; data files (csv, json, decidim)
    leave out what the facilitator hid, which only the notes' moderation log shows.
    """
    unknown = [f for f in file_types if f not in FILE_TYPES]
    if unknown:
        raise ValueError(
            f"unknown export file type(s) {', '.join(unknown)}; known: {', '.join(FILE_TYPES)}"
        )
    session = load_session(Path(folder))
    lang = lang or session.info.lang or "fr"
    now = now or session_end(session)
    doubts = None
    if anonymise:
        session, doubts = anonymise_session(session)
    session = without_secrets(session)
    report = build_report(session, now=now, lang=lang, doubts=doubts)
    report.anonymised = anonymise
    public = without_hidden(session)
    return _write_all(
        file_types, session.info.slug, public, report, lang, Path(out), on_progress, decidim
    )


def _write_all(
    file_types: list[str],
    slug: str,
    session: Session,
    report: Report,
    lang: str,
    out: Path,
    on_progress: Progress | None,
    decidim: DecidimOptions | None = None,
) -> list[Path]:
    paths: list[Path] = []
    total = len(file_types)
    docs = documents(report) if any(f in DOCUMENT_FILE_TYPES for f in file_types) else []
    for done, file_type in enumerate(file_types):
        if on_progress:
            on_progress(done, total, file_type)
        try:
            files = _files(file_type, slug, session, report, lang, report.generated, decidim, docs)
            for name, data in files:
                paths.append(write_atomic(out / name, data))
        except Exception as exc:  # noqa: BLE001 - re-raised with the file type named
            raise ExportError(file_type, exc, lang) from exc
    if on_progress:
        on_progress(total, total, "")
    return paths


def export_series(
    folders: list[Path],
    out: Path,
    file_types: list[str],
    *,
    anonymise: bool = False,
    lang: str | None = None,
    now: datetime | None = None,
    on_progress: Progress | None = None,
) -> list[Path]:
    """One report over a project's sessions, as `<project-slug>-series.*`."""
    from facilitate.exporters import series

    return series.export(
        folders,
        Path(out),
        file_types,
        anonymise=anonymise,
        lang=lang,
        now=now,
        on_progress=on_progress,
    )


__all__ = [
    "DOCUMENT_FILE_TYPES",
    "FILE_TYPES",
    "SERIES_FILE_TYPES",
    "DecidimOptions",
    "ExportError",
    "export_series",
    "export_session",
    "load_session",
    "pdf_available",
    "write_atomic",
]
