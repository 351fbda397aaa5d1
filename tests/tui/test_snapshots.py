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
}


async def _still(pilot) -> None:  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_screen_snapshot(view: str, demo_folder: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Each screen and panel of the demo looks as reviewed."""
    app = make_app(sessions=demo_folder.parent, session=demo_folder, lang="fr",
                   clock=ManualClock(AT))

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        for key in VIEWS[view]:
            await pilot.press(key)
            await pilot.pause()
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
