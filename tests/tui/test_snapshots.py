"""One snapshot per screen and step panel, on the demo session with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.tui.conftest import from_phone, service_of
from textual.pilot import Pilot
from textual.widgets import Input

from facilitate.domain.clock import ManualClock
from facilitate.tui.app import FacilitateApp, make_app

AT = "2026-03-12T13:00:00+01:00"  # after the demo's last step
# (name, keys pressed on the live screen, steps back from the last one viewed with "[")
VIEWS = {
    "live-actions": [],
    "panel-consent": ["left_square_bracket"],
    "panel-vote": ["left_square_bracket"] * 2,
    "panel-debate": ["left_square_bracket"] * 3,
    "panel-statements": ["left_square_bracket"] * 4,
    "panel-harvest": ["left_square_bracket"] * 5,
    "panel-rounds": ["left_square_bracket"] * 6,
    "panel-meaning": ["left_square_bracket"] * 7,
    "panel-briefing": ["left_square_bracket"] * 8,
    "board": ["b"],
    "projector": ["w"],
    "help": ["f1"],
    "setup-warnings": ["e"],
    "setup-details": ["e"],
    "export": ["f3"],
    "moderation": ["f6"],
}


# pytest-textual-snapshot's snap_compare: (app, press=, terminal_size=, run_before=) -> bool
SnapCompare = Callable[..., bool]


async def _still(pilot: Pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_screen_snapshot(
    view: str,
    demo_folder: Path,
    snap_compare: SnapCompare,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each screen and panel of the demo looks as reviewed."""
    # the same image whether or not this computer has LibreOffice or Chromium for the PDF
    monkeypatch.setattr("facilitate.exporters.pdf_available", lambda: True)
    app = make_app(
        sessions=demo_folder.parent, session=demo_folder, lang="fr", clock=ManualClock(AT)
    )

    async def before(pilot: Pilot) -> None:
        await pilot.pause()
        for key in VIEWS[view]:
            await pilot.press(key)
            await pilot.pause()
        if view == "export":  # the default folder is under tmp_path: a fixed one for the image
            pilot.app.screen.query_one("#export-out", Input).value = "sessions/demo/exports"
        if view == "setup-warnings":
            from textual.widgets import TabbedContent

            pilot.app.screen.query_one(TabbedContent).active = "tab-warnings"
        if view.startswith("panel-"):  # the demo's steps move: the image must show its kind
            assert isinstance(pilot.app, FacilitateApp)
            svc = service_of(pilot.app)
            viewed = getattr(pilot.app.screen, "viewed", None) or svc.live().step
            step = next(s for s in svc.info.steps if s.id == viewed)
            assert step.kind == view.removeprefix("panel-"), (view, step.kind)
        await pilot.app.workers.wait_for_complete()
        await _still(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=before)


def test_home_snapshot(demo_folder: Path, snap_compare: SnapCompare) -> None:
    """The home screen lists the demo with its state and its preparation checklist."""
    app = make_app(sessions=demo_folder.parent, lang="fr", clock=ManualClock(AT))
    assert snap_compare(app, terminal_size=(120, 36), run_before=_still)


@pytest.mark.parametrize("step", ["place-du-marche", "ateliers"])
def test_open_forum_snapshot(step: str, tmp_path: Path, snap_compare: SnapCompare) -> None:
    """The agenda wall at the marketplace, then the workshops with their slots and reports."""
    folder = _forum(tmp_path, step)
    app = make_app(sessions=tmp_path, session=folder, lang="fr", clock=ManualClock(AT))
    assert snap_compare(app, terminal_size=(120, 36), run_before=_still)


@pytest.mark.parametrize("step", ["place-du-marche", "ateliers"])
def test_open_forum_projector_snapshot(
    step: str, tmp_path: Path, snap_compare: SnapCompare
) -> None:
    """The projector: the agenda wall at the marketplace; the slot's topics and the news wall
    during the workshops."""
    folder = _forum(tmp_path, step)
    app = make_app(sessions=tmp_path, session=folder, lang="fr", clock=ManualClock(AT))

    async def before(pilot: Pilot) -> None:
        await pilot.press("w")
        await _still(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=before)


def _forum(tmp_path: Path, step: str) -> Path:
    """A forum with five topics (four on the wall, one report), `step` running."""
    import asyncio

    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

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

    return asyncio.run(build())


SIZES = [(80, 24), (120, 36), (200, 50)]
# (name, keys on the live screen): a café in round 2 with its seating, from the smallest
# terminal up; at 80 columns f shows the agenda, then the seating and feed
CAFE_VIEWS = {
    "live": [],
    "projector": ["w"],
    "live-side-agenda": ["f"],
    "live-side-room": ["f", "f"],
}


def _cafe(tmp_path: Path) -> Path:
    import asyncio

    from portal_session import build_session

    clock = ManualClock("2026-03-12T10:00:00+01:00")

    async def build() -> Path:
        svc = await build_session(tmp_path / "cafe", clock, lang="fr")
        await svc.add_contribution("idea", "Un car toutes les heures", table=1)
        clock.advance(minutes=20)
        await svc.next_round()
        await from_phone(svc, "table-gare", "tension", "Qui paie le chauffeur ?", "Léa")
        await svc.add_proposal("Un numéro de réservation unique", origin="Table Gare", table=1)
        clock.advance(minutes=6)
        svc.close()
        return tmp_path / "cafe"

    return asyncio.run(build())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["live", "projector"])
def test_cafe_round_at_every_size(
    view: str, size: tuple[int, int], tmp_path: Path, snap_compare: SnapCompare
) -> None:
    """Round 2 of a café: its own countdown, the step's total, the question, the seating and
    the feed (phone posts marked), readable from 80x24 to 200x50; the projector likewise."""
    folder = _cafe(tmp_path)
    app = make_app(
        sessions=tmp_path, session=folder, lang="fr", clock=ManualClock("2026-03-12T10:26:00+01:00")
    )

    async def before(pilot: Pilot) -> None:
        for key in CAFE_VIEWS[view]:
            await pilot.press(key)
        await _still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("view", ["live-side-agenda", "live-side-room"])
def test_narrow_live_screen_shows_each_side_column_on_f(
    view: str, tmp_path: Path, snap_compare: SnapCompare
) -> None:
    """At 80x24 the side columns fold away; f brings the agenda and portal, then the room."""
    folder = _cafe(tmp_path)
    app = make_app(
        sessions=tmp_path, session=folder, lang="fr", clock=ManualClock("2026-03-12T10:26:00+01:00")
    )

    async def before(pilot: Pilot) -> None:
        for key in CAFE_VIEWS[view]:
            await pilot.press(key)
        await _still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
