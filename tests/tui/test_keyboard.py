"""Keyboard-complete: every dialog opens with a field focused, set-up tabs by key, the cursor
stays on what was edited, hints that name the right keys, the palette in the screen's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tui.conftest import SIZE, START, app_for, fill, heard, service_of, settle, within
from textual.binding import Binding
from textual.command import CommandInput
from textual.widgets import Button, DataTable, Input, Select, Tab, TabbedContent

from facilitate.domain.clock import ManualClock
from facilitate.i18n import t
from facilitate.tui.screens.forms import FormModal


async def test_dialogs_open_with_their_first_field_focused(cafe: Path, sessions: Path) -> None:
    """The first keystrokes after a key opens a form land in its first field."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")  # time given to a territory: a choice, then minutes
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert isinstance(app.focused, Select) and app.focused.id == "f-territory"
        await pilot.press("escape")
        await pilot.press("e", "3", "a")  # set-up, tables, add a table
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert isinstance(app.focused, Input) and app.focused.id == "f-name"
        await pilot.press(*"Table Vélo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(tb.name == "Table Vélo" for tb in service_of(app).session.tables)
        await pilot.press("escape")  # back to the live screen
        await pilot.press("f8")  # a confirmation with no field: its button has the keyboard
        await pilot.pause()
        assert isinstance(app.focused, Button) and app.focused.id == "form-ok"


async def test_set_up_tabs_by_their_number_and_by_brackets(cafe: Path, sessions: Path) -> None:
    """1 to 5 show a tab and put the keyboard on its list; [ and ] go to the one beside."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await settle(pilot)
        # the screen gives its first focus once drawn: keys come after it, as a person's would
        assert await within(pilot, 5, lambda: app.focused is not None)
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("2")
        await settle(pilot)
        assert tabs.active == "tab-participants"
        assert await within(pilot, 5, lambda: getattr(app.focused, "id", None) == "people")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert tabs.active == "tab-tables"
        assert await within(pilot, 5, lambda: getattr(app.focused, "id", None) == "tables")
        await pilot.press("5")
        await settle(pilot)
        assert tabs.active == "tab-warnings"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert tabs.active == "tab-tables"
        labels = [str(tab.label) for tab in app.screen.query(Tab)]
        assert labels[:3] == ["1 Details", "2 Participants", "3 Tables and questions"]


async def test_the_cursor_stays_on_the_person_just_edited(cafe: Path, sessions: Path) -> None:
    """After an edit the list is redrawn; the highlighted row is still the person edited."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "2")
        await settle(pilot)
        people = app.screen.query_one("#people", DataTable)
        people.move_cursor(row=4)
        await pilot.press("enter")
        await fill(pilot, structure="Agence des mobilités")
        await settle(pilot)
        assert people.cursor_row == 4
        assert service_of(app).session.participants[4].structure == "Agence des mobilités"
        tables = app.screen.query_one("#tables", DataTable)
        await pilot.press("3")
        await pilot.pause()
        tables.move_cursor(row=2)
        await pilot.press("enter")
        await fill(pilot, topic="Night buses")
        await settle(pilot)
        assert tables.cursor_row == 2 and service_of(app).session.tables[2].topic == "Night buses"


async def test_hints_name_the_keys_that_do_it(cafe: Path, sessions: Path) -> None:
    """The live screen's 'no rotation plan' hint says set-up is e (then g), as the keys are."""
    for lang in ("fr", "en"):
        hint = t("tui.seating.no_plan", lang)
        assert "e" in hint.split("(")[1] and ": g)" not in hint
    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#seating").render())
        assert "préparation\u202f: e, puis g" in shown or "préparation : e, puis g" in shown


async def test_the_palette_speaks_the_screens_language(cafe: Path, sessions: Path) -> None:
    """Ctrl+P: the prompt and Textual's own commands are in French on a French screen."""
    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        prompt = app.screen.query_one(CommandInput)
        assert prompt.placeholder == "Chercher une commande…"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles == ["Thème", "Capture d'écran"]
        await pilot.press("escape")
        app.search_themes()
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Chercher un thème…"


async def test_the_step_panel_has_the_keyboard_but_never_takes_it_from_a_capture(
    cafe: Path, sessions: Path
) -> None:
    """A step shown: its keys work at once; a capture being typed keeps the keyboard."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("sens-et-interets")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "meaning-table"
        await pilot.press("c")
        await pilot.press(*"i: un car")
        await svc.next_step()
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "capture-input"
        assert app.focused.value == "i: un car"


async def test_a_narrow_terminal_folds_the_side_columns_behind_f(
    cafe: Path, sessions: Path
) -> None:
    """Below 120 columns only the step shows; f brings the agenda, then the room, then back;
    from 120 columns up everything is on screen at once."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen

        def shown() -> list[str]:
            columns = ("#live-left", "#live-main", "#live-right")
            return [c for c in columns if screen.query_one(c).display]

        assert shown() == ["#live-main"]
        await pilot.press("f")
        assert shown() == ["#live-left"]
        await pilot.press("f")
        assert shown() == ["#live-right"]
        await pilot.press("f")
        assert shown() == ["#live-main"]
        await pilot.resize_terminal(130, 36)
        await settle(pilot)
        assert shown() == ["#live-left", "#live-main", "#live-right"]


async def test_enter_on_a_cafe_table_captures_for_it_and_t_stays_the_phone_test(
    cafe: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a café round, Enter on a table puts the capture bar on it; t still tests the phone."""
    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("cafe-enjeux")
        await settle(pilot)
        app.screen.query_one("#rounds-table", DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "capture-input"
        await pilot.press(*"i: un car le dimanche", "enter")
        await settle(pilot)
        (idea,) = svc.session.contributions()
        assert idea.table == svc.session.tables[1].id and idea.round == 1
        await pilot.press("escape")
        app.screen.query_one("#rounds-table").focus()
        said = heard(app, monkeypatch)
        await pilot.press("t")
        await settle(pilot)
        assert any("The portal is closed" in line for line in said)


def keys_of(cls: type) -> dict[str, set[str]]:
    """Every action a class binds, with its keys, its own and its bases' (as Textual merges)."""
    from textual.binding import BindingsMap

    merged: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        merged.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    actions: dict[str, set[str]] = {}
    for key, items in merged.items():
        for binding in items:
            actions.setdefault(binding.action, set()).add(key)
    return actions


def test_every_key_of_the_live_screen_and_the_app_stays_reachable_on_every_step() -> None:
    """Whatever the step, each action of the live screen and the app keeps a key no panel takes:
    t stays the phone test and n the next step on every step."""
    from facilitate.tui.app import FacilitateApp
    from facilitate.tui.screens.live import LiveScreen
    from facilitate.tui.widgets.panels import PANELS

    outer = {**keys_of(FacilitateApp), **keys_of(LiveScreen)}
    assert outer["test_reach"] == {"t"} and outer["next_step"] == {"n"}
    for kind, panel in PANELS.items():
        taken = {key for keys in keys_of(panel).values() for key in keys}
        for action, keys in outer.items():
            assert keys - taken, (kind, action, keys)
        assert "t" not in taken and "n" not in taken, kind


async def test_the_debate_and_consent_steps_keep_the_phone_test_on_t_and_in_help(
    cafe: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the debate and consent steps, help lists the panel's keys and t (the phone test),
    and t opens the phone test: the camp passes on u, a proposal is set aside on m."""
    from facilitate.tui.screens.help import HelpScreen, key_rows

    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        for step, own in (
            ("debat-mouvant", "pass-turn"),
            ("consentement-suites", "set-aside-proposal"),
        ):
            await svc.start_step(step)
            await settle(pilot)
            assert await within(
                pilot, 5, lambda: app.screen.query_one(".step-panel").has_focus_within
            )
            rows = {binding_id: keys for keys, _, binding_id in key_rows(app.screen)}
            assert rows["test-reach"] == "t", step
            assert rows[own] == ("u" if own == "pass-turn" else "m"), step
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            said = heard(app, monkeypatch)
            await pilot.press("t")
            await settle(pilot)
            assert any("The portal is closed" in line for line in said), step
