"""Live run: timer from the event log, capture bar, resume after closing, phones, plain text."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, START, app_for, from_phone, service_of, settle, within
from textual.widgets import DataTable, Digits, Input, Select

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Contribution, Proposal, Tension
from facilitate.service import SessionService
from facilitate.store import read_session_tables
from facilitate.tui.screens.live import LiveScreen
from facilitate.tui.widgets.capture import Capture, parse_capture
from facilitate.tui.widgets.timer import RoundTimer


def captured(line: str, chosen: str | None = None) -> Capture:
    """What the capture bar makes of a line that means something."""
    capture = parse_capture(line, chosen)
    assert capture is not None, line
    return capture


def test_prefixes_choose_the_kind_in_both_languages() -> None:
    """`q:` is a question, `désaccord:` a tension, `b: x // y` a blockage with its reason."""
    assert captured("q: why now?").kind == "question"
    assert captured("Désaccord : la clé").kind == "tension"
    assert captured("b: no budget // the council votes in June") == captured(
        "blocage: no budget // the council votes in June"
    )
    assert (
        captured("b: no budget // the council votes in June").reason == "the council votes in June"
    )
    assert captured("plain words", "insight").kind == "insight"
    assert captured("http://x.org: a link").kind == "idea"


async def test_the_timer_counts_down_changes_colour_and_rings(cafe: Path, sessions: Path) -> None:
    """n starts a step; as the clock moves the countdown turns amber, then red with a bell."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        timer = screen.query_one(RoundTimer)
        assert timer.phase == "running"
        clock.advance(minutes=19, seconds=30)
        screen.tick()
        assert timer.phase == "last-minute" and len(bells) == 1
        await pilot.press("plus")
        assert timer.phase == "running"
        clock.advance(minutes=2)
        screen.tick()
        assert timer.phase == "overtime" and len(bells) == 2
        await pilot.press("space")
        assert not service_of(app).live().running
    events = read_session_tables(cafe)["events"].values()
    assert [e["kind"] for e in events] == ["step_started", "step_extended", "step_paused"]


async def test_after_the_last_step_the_timer_says_finished_not_paused(
    cafe: Path, sessions: Path
) -> None:
    """n on the last step ends it: the countdown reads "finished", here and after reopening."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        await service_of(app).start_step("actions")
        await pilot.press("n")
        clock.advance(minutes=5)
        await pilot.press("n")
        timer = app.screen.query_one(RoundTimer)
        assert timer.phase == "finished"
        assert "finished" in str(timer.query_one(".timer-status").render())
        assert "paused" not in str(timer.query_one(".timer-status").render())
    events = list(read_session_tables(cafe)["events"].values())
    assert [(e["kind"], e["step"]) for e in events][-2:] == [
        ("step_started", "cercle-cloture"),
        ("step_ended", "cercle-cloture"),
    ]
    again = app_for(sessions, cafe, clock, lang="fr")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(again.screen.query_one(".timer-status").render())
        assert "terminé" in status and "pause" not in status


async def test_each_kind_is_captured_at_the_current_step_round_and_table(
    cafe: Path, sessions: Path
) -> None:
    """Lines typed in the capture bar become records of the running step, round and table."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("cafe-enjeux")
        await svc.start_round(2)
        await pilot.pause()
        screen = app.screen
        table_id = svc.session.tables[1].id
        screen.query_one("#capture-table", Select).value = table_id
        await pilot.press("c")
        for line in (
            "i: shared bus",
            "q: who pays?",
            "t: the city decides alone",
            "p: one ticket",
            "b: no budget // vote in June",
            "s: everyone wants one desk",
            "[/bold] [link=http://x]plain",
        ):
            screen.query_one("#capture-input", Input).value = line
            await pilot.press("enter")
            await settle(pilot)
        feed = str(screen.query_one("#feed").render())
        assert "[/bold] [link=http://x]plain" in feed
    reopened = SessionService.open(cafe)
    try:
        sess = reopened.session
        kinds = sorted(c.kind.value for c in sess.all(Contribution))
        assert kinds == ["blockage", "idea", "idea", "insight", "question"]
        for rec in [*sess.all(Contribution), *sess.all(Tension), *sess.all(Proposal)]:
            assert (rec.step, rec.round, rec.table) == ("cafe-enjeux", 2, table_id)
        blockage = next(c for c in sess.all(Contribution) if c.kind.value == "blockage")
        assert (blockage.text, blockage.reason) == ("no budget", "vote in June")
        assert [t.about for t in sess.all(Tension)] == ["the city decides alone"]
        assert [p.title for p in sess.all(Proposal)] == ["one ticket"]
    finally:
        reopened.close()


async def test_closing_mid_round_and_reopening_returns_to_the_same_place(
    cafe: Path, sessions: Path
) -> None:
    """After quitting in round 2, a new app shows the same step, round and countdown."""
    clock = ManualClock(START)
    app = app_for(sessions, cafe, clock)
    async with app.run_test(size=SIZE) as pilot:
        await service_of(app).start_step("cafe-enjeux")
        await service_of(app).start_round(1)
        clock.advance(minutes=20)
        await pilot.press("r")
        clock.advance(minutes=7)
        await pilot.press("ctrl+q")
    clock.advance(minutes=3)  # the laptop was off for three minutes: the round kept running
    again = app_for(sessions, cafe, clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = service_of(again).live()
        assert (live.step, live.round, live.running) == ("cafe-enjeux", 2, True)
        assert live.remaining_s == 10 * 60
        digits = again.screen.query_one(".timer-digits", Digits)
        assert digits.value == "10:00"


async def test_records_from_phones_appear_without_a_key(demo_folder: Path, sessions: Path) -> None:
    """A submission through the portal path shows up in the feed within a second, unaided."""
    app = app_for(sessions, demo_folder, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await from_phone(service_of(app), "table-gare", "idea", "Navette le samedi [red]x[/red]")
        assert await within(
            pilot,
            1.0,
            lambda: "Navette le samedi [red]x[/red]" in str(app.screen.query_one("#feed").render()),
        )


async def test_votes_positions_and_meaning_answers_from_phones_each_get_a_feed_line(
    cafe: Path, sessions: Path
) -> None:
    """Every kind a phone sends shows up within a second as one feed line, marked as a phone's."""
    from facilitate.domain.records import MeaningAnswer, Position, Source, Vote

    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("sens-et-interets")
        await svc.add_meaning(
            actor="Ana [i]x[/i]",
            territory="North",
            purpose="Buses",
            serves="Our villages",
            source=Source.PORTAL,
        )
        await pilot.pause()
        prop = await svc.add_proposal("One ticket")
        await svc.vote(prop.id, "phone-7", 1, source=Source.PORTAL)
        await svc.start_step("debat-mouvant")
        await svc.set_position(
            1, "disagree", "phone-8", moved_because="fares", source=Source.PORTAL
        )

        def feed_lines() -> list[str]:
            return str(app.screen.query_one("#feed").render()).splitlines()

        assert await within(pilot, 1.0, lambda: any("phone-8" in x for x in feed_lines()))
        feed = feed_lines()
        await svc.update_proposal(prop.id, title="One ticket for all")
        await settle(pilot)  # the change was heard: the feed the next redraw shows is the same
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        assert str(screen.feed_text()).splitlines() == feed  # edits are not news
    assert any(
        "📱 meaning" in line and "Ana [i]x[/i] (North) · Buses / Our villages" in line
        for line in feed
    )
    assert any("📱 vote" in line and "phone-7 · 1 dot on One ticket" in line for line in feed)
    assert any("📱 position" in line and "phone-8 · disagree · fares" in line for line in feed)
    svc = SessionService.open(cafe)
    try:
        assert [a.source for a in svc.session.all(MeaningAnswer)] == [Source.PORTAL]
        assert [(v.voter, v.source) for v in svc.session.all(Vote)] == [("phone-7", Source.PORTAL)]
        assert [p.side.value for p in svc.session.all(Position)] == ["disagree"]
    finally:
        svc.close()


async def test_meaning_answers_from_phones_appear_in_the_meaning_panel_at_once(
    demo_folder: Path, sessions: Path
) -> None:
    """During the meaning step, an answer sent from a phone is a new row within a second."""
    from facilitate.domain.records import MeaningAnswer, Source

    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        await svc.start_step("sens-et-interets")
        await settle(pilot)
        table = app.screen.query_one("#meaning-table", DataTable)
        before = table.row_count
        answer = await svc.add_meaning(
            actor="Élu des Hautes-Combes",
            territory="Hautes-Combes",
            purpose="Relier les hameaux",
            serves="Nos saisonniers",
            source=Source.PORTAL,
        )
        assert await within(pilot, 1.0, lambda: table.row_count == before + 1)
        assert table.get_row(str(answer.id))[2].plain == "Relier les hameaux"
    svc = SessionService.open(demo_folder)
    try:
        saved = svc.session.get(MeaningAnswer, answer.id)
        assert saved is not None and saved.source == Source.PORTAL
    finally:
        svc.close()


async def test_a_port_in_use_leaves_the_app_running(cafe: Path, sessions: Path) -> None:
    """Starting the portal on a busy port says so; the live screen stays and nothing opens."""

    class Busy:
        def __init__(self, svc: object, *, host: str, port: int) -> None:
            pass

        async def start(self) -> str:
            raise OSError(98, "Address already in use")

    app = app_for(sessions, cafe, ManualClock(START))
    app.portals.factory = Busy
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        from tests.tui.conftest import fill

        await fill(pilot, port="8765")
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert app.portal is None


async def test_the_footer_fits_at_120_columns_and_help_keeps_every_key(
    cafe: Path, sessions: Path
) -> None:
    """The footer shows short labels that all fit in 120 columns; help lists every key in full."""
    from textual.widgets import Footer

    from facilitate.tui.commands import FacilitateCommands
    from facilitate.tui.screens.help import key_rows

    app = app_for(sessions, cafe, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await service_of(app).start_step("cafe-enjeux")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = list(footer.query("FooterKey"))  # the footer's keys, by their CSS type
        palette = [k for k in keys if k.has_class("-command-palette")]
        shown = [k for k in keys if k not in palette]
        bound = app.screen.active_bindings.values()
        labels = {a.binding.description for a in bound if a.binding.show}
        assert {"Suivante", "Pause", "+1 min", "Tour", "Saisir", "Projeter", "Aide"} <= labels
        assert len(shown) == len({a.binding.id for a in bound if a.binding.show})  # each drawn
        limit = palette[0].region.x if palette else SIZE[0]
        assert all(k.region.right <= limit and k.region.width > 0 for k in shown)
        rows = {binding_id: text for _, text, binding_id in key_rows(app.screen)}
        assert rows["next-step"] == "Étape suivante" and rows["show-setup"] == "Préparation"
        assert {"toggle-portal", "leave-session", "toggle-contrast", "view-previous"} <= set(rows)
        provider = FacilitateCommands(app.screen)
        titles = {title for title, _, _ in provider.key_commands()}
        assert {"Étape suivante", "Portail", "Préparation", "Accueil"} <= titles


def test_projector_digits_grow_with_the_space_and_stay_readable_when_small() -> None:
    """The projector's countdown fills the space it has; in a tiny window it stays plain text."""
    from facilitate.tui.widgets.bigtext import render_big

    small = render_big("12:34", 40, 4)
    large = render_big("12:34", 120, 30)
    assert len(large.splitlines()) > len(small.splitlines()) >= 4
    assert max(len(x) for x in large.splitlines()) <= 120
    assert len(large.splitlines()) <= 30
    assert set("".join(large.splitlines())) <= {" ", "█", "▀", "▄"}
    assert render_big("12:34", 10, 2) == "12:34"


async def test_the_join_code_on_the_live_screen_scans_to_the_portal(
    cafe: Path, sessions: Path
) -> None:
    """With the portal open, the code drawn in the left column is whole, dark on light, and
    a real decoder reads the join URL from what the screen shows."""
    import sys

    from textual.geometry import Region

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "portal"))
    from qr_decode import decode_matrix, text_to_matrix
    from tests.tui.conftest import fill

    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await fill(pilot, port="0")
        await settle(pilot)
        assert app.portal is not None
        url = app.portal.url
        box = app.screen.query_one("#qr")
        assert app.screen.query_one("#live-left").has_class("-qr")
        strips = box.render_lines(Region(0, 0, box.size.width, box.size.height))
        code_lines = []
        for strip in strips:
            inked = "".join(
                seg.text
                for seg in strip
                if seg.style
                and seg.style.bgcolor
                and seg.style.bgcolor.get_truecolor() == (255, 255, 255)
            )
            if inked:
                code_lines.append(inked)
        await app.portals.stop()
    assert code_lines, "no dark-on-light code drawn"
    assert len({len(line) for line in code_lines}) == 1  # not cut or wrapped
    assert decode_matrix(text_to_matrix("\n".join(code_lines))) == [url]


async def test_f3_exports_every_format_in_a_worker_with_a_progress_bar(
    demo_folder: Path, sessions: Path, tmp_path: Path
) -> None:
    """F3 opens the export, Go writes each chosen format off the event loop; the bar completes."""
    from textual.widgets import Input, ProgressBar, SelectionList

    from facilitate.exporters import FILE_TYPES
    from facilitate.tui.screens.outputs import ExportModal

    out = tmp_path / "out"
    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await service_of(app).add_contribution("idea", "Saisie juste avant l'export")
        await pilot.press("f3")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        choices = modal.query_one("#export-formats", SelectionList)
        assert list(choices.selected) == list(FILE_TYPES)
        choices.deselect("pdf")  # an office conversion takes seconds: tests/export makes PDFs
        modal.query_one("#export-out", Input).value = str(out)
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = modal.query_one("#export-progress", ProgressBar)
        assert bar.progress == bar.total == len(modal.written)
        assert "fichiers écrits" in str(modal.query_one("#export-result").render())
    names = sorted(p.name for p in out.iterdir())
    assert any(n.endswith(".odt") for n in names) and any(n.endswith("-decidim.csv") for n in names)
    md = next(p for p in out.glob("*.md") if not p.stem.endswith("-notes")).read_text("utf-8")
    assert "Saisie juste avant l'export" in md  # read while the TUI held the session
    assert any(n.endswith("-notes.odt") for n in names)  # the facilitator's notes too


async def test_f3_on_a_file_damaged_since_it_was_opened_says_so_in_one_line(
    demo_folder: Path, sessions: Path, tmp_path: Path
) -> None:
    """Export reads the file on disk: damaged under the open session, it is refused, not a crash."""
    from textual.widgets import Input, SelectionList

    from facilitate.tui.screens.outputs import ExportModal

    out = tmp_path / "out"
    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        choices = modal.query_one("#export-formats", SelectionList)
        choices.deselect_all()
        choices.select("md")
        modal.query_one("#export-out", Input).value = str(out)
        (demo_folder / "session.json").write_text('{"_default": {', encoding="utf-8")
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = str(modal.query_one("#export-result").render())
        assert "illisible" in result and "facilitate restore" in result
        assert app.is_running  # the worker's refusal did not take the app down
    assert not out.exists() or not any(out.glob("*.md"))


async def test_f4_writes_the_printable_cards(
    demo_folder: Path, sessions: Path, tmp_path: Path, no_pdf: None
) -> None:
    """F4 writes the table cards sheet for the session."""
    from textual.widgets import Input

    out = tmp_path / "cards"
    app = app_for(sessions, demo_folder, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#export-out", Input).value = str(out)
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
    html = next(out.glob("*-cards.html")).read_text(encoding="utf-8")
    assert "Table Gare" in html and "<svg" in html


async def test_ctrl_t_records_time_given_to_a_territory(demo_folder: Path, sessions: Path) -> None:
    """The facilitator notes minutes spent on one territory's issues; the log keeps them."""
    from tests.tui.conftest import fill

    from facilitate.domain.records import EventKind

    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await fill(pilot, territory="Hautes-Combes", minutes="7,5")
        await settle(pilot)
    svc = SessionService.open(demo_folder)
    try:
        times = [e.data for e in svc.session.events if e.kind == EventKind.TERRITORY_TIME]
        assert times[-1] == {"territory": "Hautes-Combes", "minutes": 7.5}
    finally:
        svc.close()


async def test_set_up_keeps_the_host_and_project_and_suggests_the_next_venue(
    demo_folder: Path, sessions: Path
) -> None:
    """Details hold the hosting partner and the project; the balance tab names the next host."""
    from textual.widgets import Input

    app = app_for(sessions, demo_folder, ManualClock(START), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert (
            screen.query_one("#detail-venue_host", Input).value == "Pays des Trois Rivières (PETR)"
        )
        screen.query_one("#detail-facilitator", Input).value = "Hélène Ferrand [b]x[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        balance = str(screen.query_one("#warnings").render())
        assert "Prochain lieu suggéré" in balance and "Hautes-Combes" in balance
    svc = SessionService.open(demo_folder)
    try:
        assert svc.info.facilitator == "Hélène Ferrand [b]x[/b]"
        assert svc.info.project == "Mobilités rurales partagées"
    finally:
        svc.close()


async def test_the_facilitator_hides_what_a_phone_sent_and_shows_it_again(
    demo_folder: Path, sessions: Path
) -> None:
    """F6 lists what was sent, newest first; Enter hides the highlighted line, Enter shows it."""
    from textual.widgets import DataTable

    app = app_for(sessions, demo_folder, ManualClock("2026-03-12T14:00:00+01:00"), lang="fr")
    async with app.run_test(size=SIZE) as pilot:  # after the demo's records: the newest
        rec = await from_phone(service_of(app), "table-gare", "idea", "Texte à masquer")
        await pilot.press("f6")
        await pilot.pause()
        table = app.screen.query_one("#moderation-table", DataTable)
        assert "Texte à masquer" in str(table.get_row_at(0)[-1])
        await pilot.press("enter")
        await pilot.pause()
        masked = service_of(app).session.get(Contribution, rec.id)
        assert masked is not None and masked.hidden is True
        assert "masqué" in str(table.get_row_at(0)[0])
        await pilot.press("enter")
        await pilot.pause()
        shown = service_of(app).session.get(Contribution, rec.id)
        assert shown is not None and shown.hidden is False
    assert read_session_tables(demo_folder)["contributions"][str(rec.id)]["hidden"] is False


async def test_f7_closes_submissions_f9_hides_table_contributions_f8_makes_a_new_token(
    cafe: Path, sessions: Path
) -> None:
    """The room's phones can be silenced, the table view turned off, and old codes revoked."""
    import pytest
    from tests.tui.conftest import fill

    from facilitate.service import ValidationError

    app = app_for(sessions, cafe, ManualClock(START))
    async with app.run_test(size=SIZE) as pilot:
        svc = service_of(app)
        old = svc.info.token
        await pilot.press("f7")
        await settle(pilot)
        assert svc.info.submissions_open is False
        with pytest.raises(ValidationError):
            await from_phone(svc, None, "idea", "trop tard")
        await pilot.press("f7")
        await settle(pilot)
        assert svc.info.submissions_open is True
        await pilot.press("f9")
        await settle(pilot)
        assert svc.info.show_contributions is False
        await pilot.press("f8")
        await fill(pilot)  # the confirmation
        await settle(pilot)
        assert svc.info.token != old
    tables = read_session_tables(cafe)
    assert tables["session"]["1"]["token"] != old
    assert tables["session"]["1"]["show_contributions"] is False
