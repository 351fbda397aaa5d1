"""One report over a cooperation project's sessions: venues, what was carried, what was settled."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from facilitate.domain import cooperation as coop
from facilitate.domain.clock import iso
from facilitate.domain.records import Proposal, Tension, TensionStatus
from facilitate.domain.session import Session
from facilitate.i18n import pt, t
from facilitate.i18n.reporting import day, moment
from facilitate.report.anonymise import anonymised
from facilitate.report.document import Block, Bullets, Grid, Heading, Para, typeset_blocks

SIMILAR = 0.8  # two texts this alike (difflib ratio) are the same tension carried over
SETTLED = frozenset({TensionStatus.RESOLVED, TensionStatus.CLARIFIED})


@dataclass
class Venue:
    date: str
    title: str
    venue: str
    host: str


@dataclass
class Appearance:
    session: str
    date: str
    status: str
    settled: bool


@dataclass
class Thread:
    """One tension or proposal followed across the sessions where it came up."""

    text: str
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def carried(self) -> bool:
        return len(self.appearances) > 1

    @property
    def settled_in(self) -> str:
        return next((a.session for a in self.appearances if a.settled), "")


@dataclass
class SeriesReport:
    lang: str
    project: str
    generated: str
    anonymised: bool
    venues: list[Venue]
    tensions: list[Thread]
    proposals: list[Thread]
    next_venue: coop.VenueSuggestion


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _follow(threads: list[Thread], text: str, appearance: Appearance) -> None:
    key = _key(text)
    for thread in threads:
        other = _key(thread.text)
        if other == key or difflib.SequenceMatcher(None, other, key).ratio() >= SIMILAR:
            thread.appearances.append(appearance)
            return
    threads.append(Thread(text, [appearance]))


def build_series_report(
    sessions: list[Session], *, now: datetime, lang: str | None = None, anonymise: bool = False
) -> SeriesReport:
    """Sessions in date order; tensions and proposals matched by (nearly) the same text."""
    ordered = sorted(sessions, key=lambda s: (s.info.date, s.info.created_at, s.info.slug))
    if anonymise:
        ordered = [anonymised(s) for s in ordered]
    lang = lang or (ordered[-1].info.lang if ordered else "fr")
    venues: list[Venue] = []
    tensions: list[Thread] = []
    proposals: list[Thread] = []
    people = []
    for s in ordered:
        info = s.info
        venues.append(Venue(info.date, info.title, info.venue, info.venue_host))
        people.extend(s.participants)
        for x in sorted(s.all(Tension), key=lambda x: x.id):
            if not x.hidden:
                _follow(
                    tensions,
                    x.about,
                    Appearance(
                        info.title,
                        info.date,
                        pt("tension", f"status.{x.status.value}", lang),
                        x.status in SETTLED,
                    ),
                )
        for p in sorted(s.all(Proposal), key=lambda p: p.id):
            if not p.hidden:
                _follow(
                    proposals,
                    p.title,
                    Appearance(
                        info.title,
                        info.date,
                        pt("proposal", f"status.{p.status.value}", lang),
                        p.status.value == "adopted",
                    ),
                )
    project = next((s.info.project for s in reversed(ordered) if s.info.project), "")
    return SeriesReport(
        lang=lang,
        project=project or (ordered[0].info.title if ordered else ""),
        generated=iso(now),
        anonymised=anonymise,
        venues=venues,
        tensions=tensions,
        proposals=proposals,
        next_venue=coop.next_venue([s.info for s in ordered], people),
    )


def layout_series(r: SeriesReport) -> list[Block]:
    lang = r.lang

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    out: list[Block] = [Heading(1, tr("report.series_title", project=r.project))]
    if r.anonymised:
        out.append(Para(tr("report.anonymised"), style="note"))
    out.append(Heading(2, tr("report.venues")))
    out.append(
        Grid(
            [tr("report.date"), tr("report.sessions"), tr("report.venue"), tr("report.venue_host")],
            [[day(v.date, lang), v.title, v.venue, v.host] for v in r.venues],
        )
    )
    for title, threads in (
        (tr("report.tensions"), r.tensions),
        (tr("report.proposals"), r.proposals),
    ):
        out.append(Heading(2, title))
        carried = [x for x in threads if x.carried]
        out.append(Heading(3, tr("report.carried")))
        if carried:
            out.append(
                Grid(
                    [
                        title,
                        tr("report.first_seen"),
                        tr("report.last_seen"),
                        tr("report.resolved_where"),
                    ],
                    [
                        [
                            x.text,
                            f"{day(x.appearances[0].date, lang)} ({x.appearances[0].status})",
                            f"{day(x.appearances[-1].date, lang)} ({x.appearances[-1].status})",
                            x.settled_in,
                        ]
                        for x in carried
                    ],
                    [not x.settled_in for x in carried],
                )
            )
        else:
            out.append(Para(tr("report.nothing_carried")))
        settled = [x for x in threads if x.settled_in and not x.carried]
        if settled:
            out.append(Heading(3, tr("report.resolved_where")))
            out.append(Bullets([f"{x.text} — {x.settled_in}" for x in settled]))
        still = [x for x in threads if not x.carried and not x.settled_in]
        if still and title == tr("report.tensions"):
            out.append(Heading(3, tr("report.open_tensions")))
            out.append(
                Bullets(
                    [
                        f"{x.text} — {day(x.appearances[-1].date, lang)} "
                        f"({x.appearances[-1].status})"
                        for x in still
                    ]
                )
            )
    v = r.next_venue
    out.append(Heading(2, tr("report.next_venue")))
    out.append(
        Para(
            tr(
                "report.next_venue_line",
                territories=", ".join(v.territories) or "–",
                territory=v.suggested_territory or "–",
                structure=v.suggested_structure or "–",
            )
        )
    )
    out.append(Para(tr("report.generated", when=moment(r.generated, lang)), style="note"))
    return typeset_blocks(out, lang)
