"""Participant import from a spreadsheet export: every error listed, nothing kept if any."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from facilitate.cli import import_rows
from facilitate.i18n import t
from facilitate.importers import error_text, parse_participants
from facilitate.service import SessionService, ValidationError
from facilitate.tui.screens.forms import NoticeModal


async def import_participants(screen: Screen, svc: SessionService, path: str) -> int:
    """Import a CSV into `svc`; show the problems (and import nothing) when there are any."""
    lang = screen.app.lang  # type: ignore[attr-defined]
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        screen.app.push_screen(
            NoticeModal(
                lang, t("tui.import.unreadable", lang, path=path, why=exc.strerror or str(exc))
            )
        )
        return 0
    result = parse_participants(raw)
    if result.errors:
        screen.app.push_screen(
            NoticeModal(
                lang,
                t("cli.import_failed", lang, path=path, count=len(result.errors)),
                [f"{path}:{error_text(e, lang)}" for e in result.errors[:200]],
            )
        )
        return 0
    try:
        people = await import_rows(svc, result.rows)
    except ValidationError as exc:
        screen.app.push_screen(NoticeModal(lang, exc.message(lang)))
        return 0
    screen.notify(t("cli.imported", lang, count=len(people), session=svc.info.title))
    return len(people)
