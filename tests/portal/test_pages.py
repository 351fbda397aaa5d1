"""What a phone sees and sends: pages, submissions on disk, hidden items, live state, votes."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest
from portal_session import Live

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Contribution, MeaningAnswer, Position, Proposal, Tension, Vote
from facilitate.portal import Portal, PortInUseError
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format
from facilitate.store import read_session_tables

PAYLOADS = {
    "script": "<script>alert('x')</script>",
    "markup": "[/bold] [red]not markup[/red]",
    "formula": "=cmd|' /C calc'!A0",
    "control": "bell\x07 esc\x1b[31mred\x1b[0m nul\x00 end",
    "bidi": "abc\u202edcba\u2066x\u2069",
}


async def test_a_form_post_is_answered_303_and_json_201_with_the_record_on_disk(live: Live) -> None:
    """A browser form comes back to the table page; a JSON client gets the saved record."""
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "Bus every hour"})
    assert r.status == 303
    assert r.headers["Location"] == f"/j/{live.svc.info.token}/t/table-gare?sent=1"
    r = await live.post(
        live.table() + "/contribute",
        {"kind": "tension", "text": "Who pays?", "author": "Léa"},
        headers={"Accept": "application/json"},
    )
    assert r.status == 201
    body = await r.json()
    assert body["record"] == "tensions" and body["about"] == "Who pays?"
    assert body["author_name"] == "Léa" and body["source"] == "portal"
    on_disk = read_session_tables(live.folder)
    assert on_disk["tensions"][str(body["id"])]["about"] == "Who pays?"
    assert [c["text"] for c in on_disk["contributions"].values()] == ["Bus every hour"]
    table = live.svc.session.table_by_slug("table-gare")
    assert table is not None
    saved = on_disk["tensions"][str(body["id"])]
    assert saved["table"] == table.id and saved["round"] == 1 and saved["step"] == "cafe-enjeux"


async def test_all_four_kinds_are_stored_as_their_records(live: Live) -> None:
    """Idea and question become contributions, a proposal a proposal, a disagreement a tension."""
    for kind in ("idea", "question", "proposal", "tension"):
        r = await live.post(
            live.table("table-solidaire") + "/contribute", {"kind": kind, "text": f"a {kind}"}
        )
        assert r.status == 303
    s = live.svc.session
    assert sorted((c.kind.value, c.text) for c in s.all(Contribution)) == [
        ("idea", "a idea"),
        ("question", "a question"),
    ]
    assert [p.title for p in s.all(Proposal)] == ["a proposal"]
    assert [x.about for x in s.all(Tension)] == ["a tension"]
    r = await live.post(live.table() + "/contribute", {"kind": "insight", "text": "x"})
    assert r.status == 400


async def test_hostile_text_is_stored_clean_and_shown_inert(live: Live) -> None:
    """Script tags, console markup, formulas, control and bidi characters never act on a page."""
    for payload in PAYLOADS.values():
        r = await live.post(
            live.table() + "/contribute",
            {"kind": "idea", "text": payload, "author": "<b>Eve</b>\u202e"},
        )
        assert r.status == 303
    stored = {c.text for c in live.svc.session.all(Contribution)}
    assert PAYLOADS["script"] in stored and PAYLOADS["markup"] in stored
    assert PAYLOADS["formula"] in stored
    assert "bell escred nul end" in stored  # the ESC sequence goes whole
    assert "abcdcbax" in stored
    for text in stored:
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
        assert "\u202e" not in text and "\u2066" not in text
    assert {c.author_name for c in live.svc.session.all(Contribution)} == {"<b>Eve</b>"}
    async with live.http.get(live.table()) as r:
        page = await r.text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>Eve</b>" not in page and "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert "[/bold] [red]not markup[/red]" in page and "=cmd|" in page


async def test_hidden_contributions_never_reach_a_phone(live: Live) -> None:
    """A contribution the facilitator hides disappears from the table page."""
    for text in ("keep me", "insulting words"):
        await live.post(live.table() + "/contribute", {"kind": "idea", "text": text})
    bad = next(c for c in live.svc.session.all(Contribution) if c.text == "insulting words")
    await live.svc.hide("contributions", bad.id)
    async with live.http.get(live.table()) as r:
        page = await r.text()
    assert "keep me" in page and "insulting words" not in page


async def test_the_facilitator_can_keep_table_contributions_private(live: Live) -> None:
    """With contributions not shown, the page says so and lists nothing, but posting works."""
    await live.post(live.table() + "/contribute", {"kind": "idea", "text": "secret idea"})
    await live.svc.set_show_contributions(False)
    async with live.http.get(live.table()) as r:
        page = await r.text()
    assert "secret idea" not in page and "private" in page
    r = await live.post(live.table() + "/contribute", {"kind": "idea", "text": "still accepted"})
    assert r.status == 303


async def test_the_table_page_shows_topic_host_and_the_round_question(live: Live) -> None:
    """A phone on a table reads its topic, its host and the current round's question."""
    async with live.http.get(live.table("table-covoiturage")) as r:
        page = await r.text()
    assert "Car sharing between valleys" in page and "Person 2" in page
    assert "What works already?" in page and "Round 1" in page
    async with live.http.get(live.root + "/") as r:
        page = await r.text()
    for name in ("Table Gare", "Table Covoiturage", "Table Solidaire"):
        assert name in page
    async with live.http.get(live.table("no-such-table")) as r:
        assert r.status == 404


async def test_the_live_state_follows_the_facilitator(live: Live) -> None:
    """api/state gives the round's question and a version that moves with every change."""
    async with live.http.get(live.root + "/api/state") as r:
        first = await r.json()
    assert first["step"] == "cafe-enjeux" and first["round"] == 1
    assert first["question"] == "What works already?" and first["submissions_open"] is True
    assert [tb["slug"] for tb in first["tables"]] == [
        "table-gare",
        "table-covoiturage",
        "table-solidaire",
    ]
    await live.svc.start_round(2)
    async with live.http.get(live.root + "/api/state") as r:
        second = await r.json()
    assert second["round"] == 2 and second["question"] == "What blocks us?"
    assert second["version"] > first["version"]


async def test_the_language_switch_sticks(live: Live) -> None:
    """?lang=fr switches the pages to French and the choice is remembered."""
    async with live.http.get(live.table() + "?lang=fr") as r:
        page = await r.text()
    assert "Contribuer" in page and 'lang="fr"' in page and "désaccord" in page
    async with live.http.get(live.table()) as r:
        assert "Contribuer" in await r.text()
    async with live.http.get(live.table() + "?lang=en") as r:
        assert "Add to the table" in await r.text()


async def test_dot_votes_come_from_the_phone_within_the_dots_allowed(live: Live) -> None:
    """During the vote a phone gives its dots; the fourth is refused; outside it, 403."""
    prop = await live.svc.add_proposal("One booking number for all")
    r = await live.post(live.root + "/vote", {"proposal": str(prop.id)})
    assert r.status == 403
    await live.svc.start_step("vote-actions")
    async with live.http.get(live.root + "/vote") as r:
        page = await r.text()
    assert "One booking number for all" in page and "Dots left: 3 of 3" in page
    for _ in range(3):
        r = await live.post(live.root + "/vote", {"proposal": str(prop.id)})
        assert r.status == 303
    r = await live.post(live.root + "/vote", {"proposal": str(prop.id)})
    assert r.status == 400 and "all 3 dots are used" in await r.text()
    votes = live.svc.session.all(Vote)
    assert len(votes) == 3 and len({v.voter for v in votes}) == 1
    assert all(v.step == "vote-actions" and v.source.value == "portal" for v in votes)
    async with live.http.get(live.root + "/vote") as r:
        assert "Dots left: 0 of 3" in await r.text()


async def test_the_moving_debate_position_is_recorded(live: Live) -> None:
    """A phone says where it stands on the statement on the floor."""
    await live.svc.start_step("debat-mouvant")
    async with live.http.get(live.root + "/debate") as r:
        page = await r.text()
    assert "Each territory must keep control" in page
    assert 'value="undecided"' not in page  # this format allows no middle ground
    r = await live.post(live.root + "/debate", {"side": "disagree"})
    assert r.status == 303
    r = await live.post(live.root + "/debate", {"side": "undecided"})
    assert r.status == 400
    (pos,) = live.svc.session.all(Position)
    assert pos.statement == 1 and pos.side.value == "disagree" and pos.step == "debat-mouvant"
    async with live.http.get(live.root + "/debate") as r:
        assert "You stand: disagree" in await r.text()


async def test_phones_follow_the_statement_the_facilitator_puts_on_the_floor(
    tmp_path: Path, clock: ManualClock
) -> None:
    """When the facilitator moves to the next statement, phones show it and record against it."""
    info = session_doc(
        get_format("atelier-participatif"), title="Atelier", date="2026-03-12", lang="en"
    )
    svc = SessionService.create(tmp_path / "atelier", info, clock=clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en")
    await portal.start()
    root = f"{portal.base}/j/{svc.info.token}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await svc.start_step("debat-mouvant")
            async with http.get(root + "/debate") as r:
                assert "most fragile territory" in await r.text()
            await svc.start_statement(2)
            async with http.get(root + "/debate") as r:
                page = await r.text()
            assert "single organisation" in page and "most fragile" not in page
            async with http.post(
                root + "/debate",
                data={"side": "agree"},
                headers={"Origin": portal.base},
                allow_redirects=False,
            ) as r:
                assert r.status == 303
        (pos,) = svc.session.all(Position)
        assert (pos.statement, pos.side.value) == (2, "agree")
    finally:
        await portal.stop()
        svc.close()


async def test_a_meaning_answer_comes_from_the_phone(live: Live) -> None:
    """During the meaning step each actor answers both questions from a phone."""
    r = await live.post(live.root + "/meaning", {"purpose": "x"})
    assert r.status == 403
    await live.svc.start_step("sens-et-interets")
    async with live.http.get(live.root + "/meaning") as r:
        assert "What is the project for" in await r.text()
    r = await live.post(
        live.root + "/meaning",
        {
            "purpose": "Fewer cars",
            "serves": "Our villages get a bus",
            "actor": "Mayor",
            "structure": "Mairie",
            "territory": "Val d'Argent",
        },
        headers={"Accept": "application/json"},
    )
    assert r.status == 201
    (ans,) = live.svc.session.all(MeaningAnswer)
    assert (ans.actor, ans.territory, ans.serves) == (
        "Mayor",
        "Val d'Argent",
        "Our villages get a bus",
    )
    assert "meaning" in read_session_tables(live.folder)


async def test_the_agenda_wall_shows_topics_by_slot_and_space(live: Live) -> None:
    """Open forum topics appear where and when they are placed."""
    space = await live.svc.add_table("Salle du fond", is_space=True)
    topic = await live.svc.add_topic("Night buses <b>now</b>", "Karim")
    await live.svc.place_topic(topic.id, 2, space.id)
    await live.svc.add_topic("Unplaced topic", "Léa")
    async with live.http.get(live.root + "/agenda") as r:
        page = await r.text()
    assert "Slot 2" in page and "Salle du fond" in page
    assert "Night buses &lt;b&gt;now&lt;/b&gt;" in page and "convened by Karim" in page
    assert "Not placed yet" in page and "Unplaced topic" in page


async def test_a_port_in_use_gets_a_clear_error(live: Live) -> None:
    """A second portal on a taken port says so and the first keeps serving."""
    other = Portal(live.svc, port=live.portal.port)
    with pytest.raises(PortInUseError) as err:
        await other.start()
    assert isinstance(err.value, OSError) and str(live.portal.port) in str(err.value)
    assert err.value.strerror and "already in use" in err.value.strerror
    assert not other.running and live.portal.running
    async with live.http.get(live.root + "/") as r:
        assert r.status == 200


def test_lan_addresses_are_ipv4_and_not_loopback() -> None:
    """The join URL on the LAN uses a real address of this machine."""
    from facilitate.reach.network import lan_addresses

    for addr in lan_addresses():
        socket.inet_aton(addr)
        assert not addr.startswith("127.")
