"""TUI fixtures: apps on a fixed clock, a fresh café session, and form filling by field name."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Record, Source
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.tui.app import FacilitateApp, make_app
from facilitate.tui.screens.forms import FormModal

START = "2026-03-12T09:00:00+01:00"
SIZE = (120, 36)


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def cafe(sessions: Path) -> Path:
    """A kickoff session with 12 participants and 3 hosted tables, nothing run yet."""
    import asyncio

    async def build() -> None:
        info = session_doc(
            get_format("cooperation-kickoff"), title="Café test", date="2026-03-12", lang="en"
        )
        svc = SessionService.create(sessions / "cafe", info, clock=ManualClock(START))
        territories = ["North", "South", "East"]
        powers = ["political", "technical", "civil_society", "economic"]
        people = await svc.add_participants(
            {
                "name": f"Person {i}",
                "territory": territories[i % 3],
                "structure": f"Org {i % 4}",
                "power": powers[i % 4],
                "role": "counterweight" if i == 5 else "driver",
            }
            for i in range(12)
        )
        for k in range(3):
            await svc.add_table(f"Table {k + 1}", topic=f"Topic {k + 1}", host=people[k].id)
        svc.close()

    asyncio.run(build())
    return sessions / "cafe"


def app_for(
    sessions: Path, folder: Path | None, clock: ManualClock, lang: str = "en"
) -> FacilitateApp:
    return make_app(sessions=sessions, session=folder, lang=lang, clock=clock)


def service_of(app: FacilitateApp) -> SessionService:
    """The service of the session the app has open (a test that asks has opened one)."""
    assert app.service is not None, "no session is open"
    return app.service


async def from_phone(
    svc: SessionService, slug: str | None, kind: str, text: str, author: str = ""
) -> Record:
    """What a phone at the table `slug` sends: the portal's path into the service."""
    table = svc.session.table_by_slug(slug) if slug else None
    assert slug is None or table is not None, slug
    return await svc.capture(
        kind, text, table=table.id if table else None, author_name=author, source=Source.PORTAL
    )


def heard(app: FacilitateApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app tells the facilitator from now on: the text of each notification."""
    said: list[str] = []
    notify = app.notify

    def noted(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", noted)
    return said


async def fill(pilot: Pilot, **values: str) -> None:
    """Fill the open form by field name and save it."""
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, FormModal), type(modal)
    for name, value in values.items():
        widget = modal.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def within(pilot: Pilot, seconds: float, check: Callable[[], bool]) -> bool:
    """Wait until `check()` holds, up to `seconds` of real time: the promise made on screen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        await pilot.pause()
        if check():
            return True
        if loop.time() >= deadline:
            return False
        await pilot.pause(0.05)
