"""Exports of a session (or a series): md, html, odt, docx, csv, json and Decidim's CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from facilitate.domain.cooperation import session_end
from facilitate.domain.session import Session
from facilitate.exporters.common import load_session, write_atomic
from facilitate.i18n import t
from facilitate.report import anonymised, build_report
from facilitate.report.model import Report

FORMATS = ("md", "html", "odt", "docx", "csv", "json", "decidim")
SERIES_FORMATS = ("md", "html", "odt", "docx", "json")

Progress = Callable[[int, int, str], None]


class ExportError(RuntimeError):
    """One format failed; `format` names it, the message says why."""

    def __init__(self, fmt: str, error: BaseException, lang: str = "en") -> None:
        self.format, self.error = fmt, error
        super().__init__(t("export.failed", lang, format=fmt, error=f"{error}"))


def _files(
    fmt: str, slug: str, session: Session, report: Report, lang: str, generated: str
) -> list[tuple[str, bytes]]:
    """The (file name, bytes) pairs one format makes."""
    if fmt == "md":
        from facilitate.exporters import markdown

        return [(f"{slug}.md", markdown.render_report(report).encode("utf-8"))]
    if fmt == "html":
        from facilitate.exporters import html

        return [(f"{slug}.html", html.render_report(report).encode("utf-8"))]
    if fmt == "odt":
        from facilitate.exporters import odt

        return [(f"{slug}.odt", odt.render_report(report))]
    if fmt == "docx":
        from facilitate.exporters import docx_export

        return [(f"{slug}.docx", docx_export.render_report(report))]
    if fmt == "csv":
        from facilitate.exporters import csv_export

        files = csv_export.tables(session, lang)
        return [(f"{slug}-{kind}.csv", files[kind]) for kind in csv_export.KINDS]
    if fmt == "json":
        from facilitate.exporters import json_export

        data = json_export.to_data(session, generated=generated)
        return [(f"{slug}.json", json_export.dumps(data).encode("utf-8"))]
    if fmt == "decidim":
        from facilitate.exporters import decidim

        return [(f"{slug}-decidim.csv", decidim.render(report))]
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def export_session(
    folder: Path,
    out: Path,
    formats: list[str],
    *,
    anonymise: bool = False,
    lang: str | None = None,
    now: datetime | None = None,
    on_progress: Progress | None = None,
) -> list[Path]:
    """Write each format's file(s) in `out`; return their paths in the order of `formats`.

    The session is read without its lock; the report is built once. `now` defaults to the time
    of the session's last event, so exporting twice gives the same files.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"unknown export format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}"
        )
    session = load_session(Path(folder))
    lang = lang or session.info.lang or "fr"
    now = now or session_end(session)
    if anonymise:
        session = anonymised(session)
    report = build_report(session, now=now, lang=lang)
    report.anonymised = anonymise
    return _write_all(formats, session.info.slug, session, report, lang, Path(out), on_progress)


def _write_all(
    formats: list[str],
    slug: str,
    session: Session,
    report: Report,
    lang: str,
    out: Path,
    on_progress: Progress | None,
) -> list[Path]:
    paths: list[Path] = []
    total = len(formats)
    for done, fmt in enumerate(formats):
        if on_progress:
            on_progress(done, total, fmt)
        try:
            files = _files(fmt, slug, session, report, lang, report.generated)
            for name, data in files:
                paths.append(write_atomic(out / name, data))
        except Exception as exc:  # noqa: BLE001 - re-raised with the format named
            raise ExportError(fmt, exc, lang) from exc
    if on_progress:
        on_progress(total, total, "")
    return paths


def export_series(
    folders: list[Path],
    out: Path,
    formats: list[str],
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
        formats,
        anonymise=anonymise,
        lang=lang,
        now=now,
        on_progress=on_progress,
    )


__all__ = [
    "FORMATS",
    "SERIES_FORMATS",
    "ExportError",
    "export_series",
    "export_session",
    "load_session",
    "write_atomic",
]
