"""The partner report of an open forum: slots numbered as people read them (from 1), and a topic
merged into another named under it, never as a topic of its own."""

from __future__ import annotations

import re
from pathlib import Path

from forum_session import build_forum

from facilitate.domain.clock import ManualClock
from facilitate.exporters import export_session
from facilitate.i18n import t

START = "2026-03-12T09:00:00+01:00"


def proceedings(tmp_path: Path, lang: str) -> str:
    """The partner report's open forum section, in Markdown, labels unstyled ("Créneau : 1")."""
    (md,) = [
        p
        for p in export_session(tmp_path / "forum", tmp_path / "out", ["md"])
        if not p.name.endswith("-notes.md")
    ]
    text = md.read_text().replace("**", "")
    return text.split(f"\n## {t('report.forum', lang)}\n")[1].split("\n## ")[0]


async def _forum(folder: Path, lang: str) -> None:
    """Phones propose four topics at the marketplace; two are duplicates of the first, merged
    into it one after the other (the second into the first's duplicate, then that one in)."""
    svc = await build_forum(folder, ManualClock(START), lang=lang)
    try:
        night = await svc.propose_topic("Bus de nuit", "Karim", device="dev-a")
        late = await svc.propose_topic("Rentrer tard du travail", "Zoé", device="dev-b")
        again = await svc.propose_topic("Transports le soir", "Marc", device="dev-c")
        bikes = await svc.propose_topic("Vélos en gare", "Ana", device="dev-d")
        await svc.sign_up(again.id, device="dev-e", name="Léa")
        await svc.merge_topics(late.id, again.id)  # a chain: "le soir" -> "tard" -> "nuit"
        await svc.merge_topics(night.id, late.id)
        spaces = [tb.id for tb in svc.session.tables]
        await svc.place_topic(night.id, 0, spaces[0])
        await svc.place_topic(bikes.id, 1, spaces[1])
        await svc.start_step("ateliers")
        await svc.file_report(night.id, key_points="Une ligne le vendredi soir", attendance="Léa")
    finally:
        svc.close()


async def test_the_partner_report_numbers_slots_from_1_and_names_merged_topics_under_theirs(
    tmp_path: Path,
) -> None:
    await _forum(tmp_path / "forum", "fr")
    forum = proceedings(tmp_path, "fr")
    headings = re.findall(r"^### (.*)$", forum, flags=re.M)
    assert headings == ["Bus de nuit", "Vélos en gare"]  # the merged topics are no topics
    night = forum.split("### Bus de nuit")[1].split("### ")[0]
    assert "Sujets fusionnés avec celui-ci\u202f: Rentrer tard du travail, Transports le soir" in (
        night
    )
    assert "Créneau\u202f: 1" in night and "Karim, Zoé, Marc" in night
    bikes = forum.split("### Vélos en gare")[1]
    assert "Créneau\u202f: 2" in bikes and "fusionné" not in bikes
    assert "Créneau\u202f: 0" not in forum


async def test_one_merged_topic_is_named_in_the_singular_in_english(tmp_path: Path) -> None:
    svc = await build_forum(tmp_path / "forum", ManualClock(START), lang="en")
    try:
        kept = await svc.propose_topic("Night buses", "Karim", device="dev-a")
        dup = await svc.propose_topic("Buses at night", "Zoé", device="dev-b")
        same = await svc.propose_topic("night buses", "Ana", device="dev-c")
        await svc.merge_topics(kept.id, dup.id)
        await svc.merge_topics(kept.id, same.id)  # the same title again: nothing new to name
    finally:
        svc.close()
    forum = proceedings(tmp_path, "en")
    assert re.findall(r"^### (.*)$", forum, flags=re.M) == ["Night buses"]
    assert "Topic merged into this one: Buses at night" in forum
    assert "Slot" not in forum  # not placed: no slot printed, least of all a 0
