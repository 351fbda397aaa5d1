"""Export one report over several sessions of a cooperation project."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from facilitate.domain.cooperation import session_end
from facilitate.exporters.common import load_session
from facilitate.paths import make_slug, write_atomic
from facilitate.report.series import build_series_report, layout_series

FILE_TYPES = ("md", "html", "odt", "docx", "json")


def export(
    folders: list[Path],
    out: Path,
    file_types: list[str],
    *,
    anonymise: bool = False,
    lang: str | None = None,
    now: datetime | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    from facilitate.exporters import FILE_TYPES as ALL
    from facilitate.exporters import ExportError, json_export

    unknown = [f for f in file_types if f not in ALL]
    if unknown:
        raise ValueError(
            f"unknown export file type(s) {', '.join(unknown)}; known: {', '.join(ALL)}"
        )
    file_types = [f for f in file_types if f in FILE_TYPES]  # csv and decidim belong to one session
    sessions = [load_session(Path(f)) for f in folders]
    now = now or max(session_end(s) for s in sessions)
    report = build_series_report(sessions, now=now, lang=lang, anonymise=anonymise)
    blocks = layout_series(report)
    slug = make_slug(report.project) + "-series"
    paths: list[Path] = []
    for done, file_type in enumerate(file_types):
        if on_progress:
            on_progress(done, len(file_types), file_type)
        try:
            if file_type == "md":
                from facilitate.exporters import markdown

                data = markdown.render(blocks, report.lang).encode("utf-8")
            elif file_type == "html":
                from facilitate.exporters import html

                data = html.render(None, blocks, lang=report.lang, title=report.project).encode(
                    "utf-8"
                )
            elif file_type == "odt":
                from facilitate.exporters import odt

                data = odt.render(blocks, report.lang)
            elif file_type == "docx":
                from facilitate.exporters import docx_export

                data = docx_export.render(blocks, report.lang, report.project)
            else:
                from facilitate.report import anonymised
                from facilitate.report.public import without_secrets

                chosen = [
                    without_secrets(anonymised(s) if anonymise else s, keep_hidden=False)
                    for s in sessions
                ]
                payload = {
                    "schema_version": json_export.SCHEMA_VERSION,
                    "kind": "series",
                    "project": report.project,
                    "generated": report.generated,
                    "sessions": [json_export.to_data(s) for s in chosen],
                }
                data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
            paths.append(write_atomic(out / f"{slug}.{file_type}", data))
        except Exception as exc:  # noqa: BLE001 - re-raised with the file type named
            raise ExportError(file_type, exc, report.lang) from exc
    if on_progress:
        on_progress(len(file_types), len(file_types), "")
    return paths
