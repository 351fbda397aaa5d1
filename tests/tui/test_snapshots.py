"""One snapshot per screen and step panel, on the demo session with a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from facilitate.domain.clock import ManualClock
from facilitate.tui.app import make_app

AT = "2026-03-12T13:00:00+01:00"  # after the demo's last step
# (name, keys pressed on the live screen, steps back from the last one viewed with "[")
VIEWS = {
    "live-actions": [],
    "panel-consent": ["left_square_bracket"],
    "panel-vote": ["left_square_bracket"] * 2,
    "panel-debate": ["left_square_bracket"] * 3,
    "panel-harvest": ["left_square_bracket"] * 4,
    "panel-rounds": ["left_square_bracket"] * 5,
    "panel-meaning": ["left_square_bracket"] * 6,
    "panel-briefing": ["left_square_bracket"] * 7,
    "board": ["b"],
    "projector": ["w"],
    "help": ["f1"],
    "setup-warnings": ["e"],
    "setup-details": ["e"],
    "export": ["f3"],
    "moderation": ["f6"],
}


async def _still(pilot) -> None:  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_screen_snapshot(
    view: str,
    demo_folder: Path,
    snap_compare,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each screen and panel of the demo looks as reviewed."""
    # the same image whether or not this computer has LibreOffice or Chromium for the PDF
    monkeypatch.setattr("facilitate.exporters.pdf_available", lambda: True)
    app = make_app(
        sessions=demo_folder.parent, session=demo_folder, lang="fr", clock=ManualClock(AT)
    )

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        for key in VIEWS[view]:
            await pilot.press(key)
            await pilot.pause()
        if view == "export":  # the default folder is under tmp_path: a fixed one for the image
            pilot.app.screen.query_one("#export-out", Input).value = "sessions/demo/exports"
        if view == "setup-warnings":
            from textual.widgets import TabbedContent

            pilot.app.screen.query_one(TabbedContent).active = "tab-warnings"
        await pilot.app.workers.wait_for_complete()
        await _still(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=before)


def test_home_snapshot(demo_folder: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The home screen lists the demo with its state and its preparation checklist."""
    app = make_app(sessions=demo_folder.parent, lang="fr", clock=ManualClock(AT))
    assert snap_compare(app, terminal_size=(120, 36), run_before=_still)


@pytest.mark.parametrize("step", ["place-du-marche", "ateliers"])
def test_open_forum_snapshot(step: str, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The agenda wall at the marketplace, then the workshops with their slots and reports."""
    import asyncio

    from facilitate.formats import get_format
    from facilitate.service import SessionService, session_doc

    async def build() -> Path:
        info = session_doc(get_format("forum-ouvert"), title="Forum ouvert", date="2026-03-12")
        svc = SessionService.create(tmp_path / "forum", info, clock=ManualClock(AT))
        topics = [
            ("Navettes du soir", "Ana", 0, 1),  # no tables: spaces are numbered from 1
            ("Covoiturage", "Bo", 0, 4),
            ("Vélos en gare", "Cy", 1, 2),
            ("Tarif unique", "Dee", 2, 5),
            ("Fret", "Ed", None, None),
        ]
        for title, who, slot, space in topics:
            tp = await svc.add_topic(title, who)
            if slot is not None:
                await svc.place_topic(tp.id, slot, space)
        await svc.report_topic(1, "Deux lignes le vendredi soir, essai à l'été", ["Ana", "Bo"])
        await svc.start_step(step)
        if step == "ateliers":
            await svc.start_round(2)
        svc.close()
        return tmp_path / "forum"

    folder = asyncio.run(build())
    app = make_app(sessions=tmp_path, session=folder, lang="fr", clock=ManualClock(AT))
    assert snap_compare(app, terminal_size=(120, 36), run_before=_still)
