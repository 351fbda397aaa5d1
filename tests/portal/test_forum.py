"""The open forum from phones: topics proposed, sign-ups, merges, reports whose proposals reach
the convergence vote, the agenda and news walls, and phones that stop posting at the end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from forum_session import build_forum, phone

from facilitate.domain.clock import ManualClock
from facilitate.domain.forum import agenda_instance, wall
from facilitate.domain.records import Proposal, Source, Tension, Topic
from facilitate.portal import Portal
from facilitate.service import SessionService, ValidationError


@pytest.fixture
async def forum(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Portal]:
    svc = await build_forum(tmp_path / "forum", clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", advertise=False)
    await portal.start()
    yield portal
    await portal.stop()
    svc.close()


async def test_a_phone_proposes_a_topic_at_the_marketplace_once(forum: Portal) -> None:
    """Posted from the phone, the topic is on the wall with its convener; a double tap is one."""
    svc = forum.service
    async with phone(forum) as p:
        page = await p.get("/forum")
        assert "Propose a topic" in page
        for _ in range(2):
            r = await p.post("/forum/topic", {"title": "Night buses", "convener": "Karim"})
            assert r.status == 303 and r.headers["Location"].endswith("/forum?sent=topic")
        (topic,) = svc.session.all(Topic)
        assert (topic.title, topic.convener, topic.source) == (
            "Night buses",
            "Karim",
            Source.PORTAL,
        )
        assert topic.step == "place-du-marche" and topic.device
        assert "your topic" in await p.get("/forum")
        await svc.start_step("ateliers")
        r = await p.post("/forum/topic", {"title": "Too late", "convener": "Karim"})
        assert r.status == 400 and len(svc.session.all(Topic)) == 1


async def test_sign_ups_from_phones_feed_the_agenda_solver(forum: Portal) -> None:
    """Each phone ticks its topics; unticking takes it out; the solver sees each phone once."""
    svc = forum.service
    night = await svc.add_topic("Night buses", "Karim")
    bikes = await svc.add_topic("Bikes at stations", "Ana")
    async with phone(forum) as a, phone(forum) as b:
        await a.get("/forum")
        await b.get("/forum")
        r = await a.post(
            "/forum/signup", [("topic", str(night.id)), ("topic", str(bikes.id)), ("name", "Léa")]
        )
        assert r.status == 303
        await b.post("/forum/signup", [("topic", str(night.id))])
        topics = {tp.title: tp for tp in svc.session.all(Topic)}
        assert len(topics["Night buses"].signups) == 2
        assert sorted(topics["Bikes at stations"].signups.values()) == ["Léa"]
        assert "2 interested" in await a.get("/agenda")
        await a.post("/forum/signup", [("topic", str(bikes.id))])  # Léa no longer wants night buses
        topics = {tp.title: tp for tp in svc.session.all(Topic)}
        assert len(topics["Night buses"].signups) == 1
    board = wall(svc.info, svc.session.tables, svc.session.all(Topic))
    instance = agenda_instance(board, svc.session.all(Topic))
    wanted = {tp["title"]: tp["interested"] for tp in instance["topics"]}
    assert len(wanted["Night buses"]) == 1 and wanted["Night buses"][0].startswith("phone:")


async def test_merging_a_duplicate_keeps_its_people_and_takes_it_off_the_wall(
    forum: Portal,
) -> None:
    """Two phones posted the same topic: merged, one topic keeps both conveners and sign-ups."""
    svc = forum.service
    first = await svc.propose_topic("Night buses", "Karim", device="dev-a")
    second = await svc.propose_topic("Buses at night", "Zoé", device="dev-b")
    await svc.sign_up(second.id, device="dev-c", name="Marc")
    kept = await svc.merge_topics(first.id, second.id)
    assert kept.convener == "Karim, Zoé" and kept.signups == {"dev-c": "Marc"}
    assert [tp.id for tp in svc.wall_topics()] == [first.id]
    await svc.sign_up(second.id, device="dev-d")  # a page still showing the old one
    merged = svc.session.get(Topic, first.id)
    assert merged is not None and "dev-d" in merged.signups
    with pytest.raises(ValidationError):
        await svc.merge_topics(first.id, first.id)


async def test_a_report_from_the_phone_puts_its_proposals_into_the_convergence_vote(
    forum: Portal,
) -> None:
    """Key points, proposals, disagreements and who came; filed again, nothing is duplicated."""
    svc = forum.service
    topic = await svc.add_topic("Night buses", "Karim")
    await svc.place_topic(topic.id, 0, svc.session.tables[1].id)
    await svc.start_step("ateliers")
    async with phone(forum) as p:
        page = await p.get("/forum")
        assert "Night buses" in page and "File the report" in page and "Slot 1" in page
        form = {
            "key_points": "Two lines on Friday nights",
            "proposals": "A night line on Fridays\nA shared timetable",
            "tensions": "Who pays for the driver?",
            "attendance": "Karim, Léa, Marc",
        }
        r = await p.post(f"/forum/{topic.id}/report", form)
        assert r.status == 303
        filed = svc.session.get(Topic, topic.id)
        assert filed is not None and filed.report == "Two lines on Friday nights"
        assert filed.attendance == ["Karim", "Léa", "Marc"]
        props = [x for i in filed.proposals if (x := svc.session.get(Proposal, i)) is not None]
        assert [x.title for x in props] == ["A night line on Fridays", "A shared timetable"]
        assert all(x.origin == "Night buses" and x.source == Source.PORTAL for x in props)
        assert all(x.step == "ateliers" and x.round == 1 for x in props)
        (tension,) = svc.session.all(Tension)
        assert tension.about == "Who pays for the driver?"
        assert "A shared timetable" in await p.get("/news")
        form["proposals"] = "A night line on Fridays and Saturdays"
        await p.post(f"/forum/{topic.id}/report", form)
        assert len(svc.session.all(Proposal)) == 2
        await svc.start_step("convergence")
        vote = await p.get("/vote")
    assert "A night line on Fridays and Saturdays" in vote and "A shared timetable" not in vote
    shown = [x.title for x in svc.session.all(Proposal) if not x.hidden]
    assert shown == ["A night line on Fridays and Saturdays"]  # what the vote offers


async def test_an_empty_report_is_shown_again_with_the_reason(forum: Portal) -> None:
    topic = await forum.service.add_topic("Night buses", "Karim")
    await forum.service.start_step("ateliers")
    async with phone(forum) as p:
        await p.get("/forum")
        r = await p.post(f"/forum/{topic.id}/report", {"key_points": " ", "attendance": "Léa"})
        assert r.status == 400
        assert "the report is empty" in await r.text()


async def test_phones_see_the_countdown_and_the_slot(forum: Portal, clock: ManualClock) -> None:
    """The banner carries the time left; in breakouts it is the slot's own, labelled."""
    svc = forum.service
    async with phone(forum) as p:
        assert 'id="countdown"' in await p.get("/")
        await svc.start_step("ateliers")
        clock.advance(minutes=5)
        async with p.http.get(p.root + "/api/state") as r:
            state = await r.json()
    assert state["round_label"] == "Slot 1 of 3"
    assert state["countdown"]["running"] is True
    assert state["countdown"]["remaining_s"] == svc.live().round_budget_s - 300


async def test_after_the_closing_step_phones_read_but_no_longer_post(forum: Portal) -> None:
    """Once the last step has ended, every post is refused by the service and pages say so."""
    svc = forum.service
    topic = await svc.add_topic("Night buses", "Karim")
    await svc.start_step("cercle-cloture")
    await svc.end_step()
    assert svc.session_over()
    async with phone(forum) as p:
        page = await p.get(f"/t/{svc.session.tables[0].slug}")
        assert "The session is over" in page and 'id="form" method="post"' in page
        r = await p.post(
            f"/t/{svc.session.tables[0].slug}/contribute", {"kind": "idea", "text": "late"}
        )
        assert r.status == 403 and "The session is over" in await r.text()
        r = await p.post(f"/forum/{topic.id}/report", {"key_points": "late"})
        assert r.status == 403
    for attempt in (
        svc.capture("idea", "late", source=Source.PORTAL),
        svc.propose_topic("x", "y", device="d"),
        svc.file_report(topic.id, key_points="late", source=Source.PORTAL),
    ):
        with pytest.raises(ValidationError) as info:
            await attempt
        assert info.value.key == "service.session_over"
    await svc.add_contribution("idea", "the facilitator still notes")  # the laptop may


async def test_the_table_page_shows_who_sits_there_this_round(
    tmp_path: Path, clock: ManualClock
) -> None:
    """A café round's seating reaches the phones: the table's people, its host first."""
    from portal_session import build_session

    svc: SessionService = await build_session(tmp_path / "cafe", clock)
    portal = Portal(svc, host="127.0.0.1", port=0, lang="en", advertise=False)
    await portal.start()
    try:
        async with phone(portal) as p:
            page = await p.get("/t/table-gare")
            assert "Seated here, Round 1 of 3" in page and "Person 1, Person 4, Person 7" in page
            await svc.start_round(2)
            assert "Person 1, Person 5, Person 9" in await p.get("/t/table-gare")
    finally:
        await portal.stop()
        svc.close()
