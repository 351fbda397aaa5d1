"""The cooperation lens over the demo session and small hand-made sessions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from facilitate.domain import cooperation as coop
from facilitate.domain.records import (
    EngagementRole,
    Event,
    EventKind,
    Participant,
    PowerKind,
    SessionInfo,
    Step,
    Table,
    TensionStatus,
)
from facilitate.domain.session import Session
from facilitate.store import read_session_tables


@pytest.fixture(scope="module")
def demo(demo_template: Path) -> Session:
    tables = read_session_tables(demo_template)
    return Session.from_tables(SessionInfo.from_dict(tables["session"]["1"]), tables)


def _session(
    people: list[tuple[str, str, str, str]], tables: list[list[int]] | None = None
) -> Session:
    info = SessionInfo(
        slug="s",
        title="S",
        date="2026-01-01",
        format_id="f",
        format_name={},
        steps=[Step(id="a", kind="briefing", title={}, minutes=10, script={})],
    )
    session = Session(info=info)
    for i, (name, territory, power, role) in enumerate(people, start=1):
        session.put(
            Participant(
                id=i,
                name=name,
                structure=f"S-{territory}",
                territory=territory,
                power=PowerKind(power),
                role=EngagementRole(role),
            )
        )
    for k, members in enumerate(tables or [], start=1):
        session.put(Table(id=k, slug=f"t{k}", name=f"T{k}", host=members[0]))
    return session


def codes(warnings: list[coop.Warning]) -> list[str]:
    return [w.code for w in warnings]


def test_demo_warns_that_a_table_has_no_counterweight(demo: Session) -> None:
    """Before the session, the facilitator sees which tables have no counterweight."""
    members = coop.table_members(demo)
    found = {w.scope for w in coop.warnings(demo) if w.code == "table_no_counterweight"}
    assert found, "the demo has a table without counterweight"
    for table in demo.tables:
        has_one = any(p.role == EngagementRole.COUNTERWEIGHT for p in members[table.id])
        assert (table.id in found) == (not has_one), table.name
    first = next(w for w in coop.warnings(demo) if w.code == "table_no_counterweight")
    assert first.message("fr") == f"{first.values['table']} n'a aucun contrepoids"


def test_tables_are_read_from_the_first_round_seating(demo: Session) -> None:
    """Outside a running round, the balance is checked on the first round's seating."""
    members = coop.table_members(demo)
    (first, *_) = demo.rounds_of("cafe-enjeux")
    for table in demo.tables:
        assert [p.id for p in members[table.id]] == first.seating[str(table.id)]
        assert members[table.id][0].id == table.host


def test_demo_warns_that_belrive_dominates_another_territory(demo: Session) -> None:
    """The facilitator sees that Belrive brings twice the decision-makers of Val d'Argent."""
    found = [w for w in coop.warnings(demo) if w.code == "territory_dominates"]
    assert found[0].values == {
        "territory": "Belrive",
        "other": "Val d'Argent",
        "count": 6,
        "other_count": 3,
        "basis": "decision_power",
    }
    assert found[0].message("fr").startswith("Le territoire Belrive domine Val d'Argent")
    assert found[0].message("en").startswith("Territory Belrive dominates Val d'Argent")


def test_demo_warns_when_a_table_leans_on_one_power_or_territory(demo: Session) -> None:
    """Tables where more than half the people share a territory or a power are flagged."""
    members = coop.table_members(demo)
    leaning = [w for w in coop.warnings(demo) if w.code.startswith("table_") and "leans" in w.code]
    assert leaning
    for w in leaning:
        seated = members[int(w.scope)]
        key = "territory" if w.code == "table_territory_leans" else "power"
        same = [
            p for p in seated if (p.territory if key == "territory" else p.power) == w.values[key]
        ]
        assert len(same) == w.values["count"] and 2 * len(same) > len(seated)
        assert f"{len(same)} sur {len(seated)}" in w.message("fr")


def test_headcount_twice_another_territory_dominates() -> None:
    """A territory with twice the people of another dominates it."""
    people = [(f"A{i}", "Amont", "technical", "driver") for i in range(4)]
    people += [("B0", "Aval", "technical", "driver"), ("B1", "Aval", "technical", "counterweight")]
    found = [w for w in coop.warnings(_session(people)) if w.code == "territory_dominates"]
    assert [(w.values["territory"], w.values["basis"]) for w in found] == [
        ("Amont", "participants")
    ]


def test_session_without_counterweight_or_driver_is_flagged() -> None:
    """No counterweight at all, and a territory without a driver, are both named."""
    people = [
        ("A", "Amont", "political", "driver"),
        ("B", "Aval", "technical", "follower"),
        ("C", "Aval", "economic", "follower"),
    ]
    found = coop.warnings(_session(people))
    assert "no_counterweight" in codes(found)
    assert [w.values for w in found if w.code == "territory_no_driver"] == [{"territory": "Aval"}]


def test_session_leaning_on_one_power_and_territory_is_flagged() -> None:
    """More than half the room of one kind of power, or of one territory, is flagged."""
    people = [
        ("A", "Amont", "political", "driver"),
        ("B", "Amont", "political", "counterweight"),
        ("C", "Aval", "political", "driver"),
    ]
    found = {w.code: w for w in coop.warnings(_session(people))}
    assert found["session_power_leans"].values["power"] == "political"
    assert found["session_territory_leans"].values["territory"] == "Amont"
    assert "67 %" in found["session_territory_leans"].message("fr")


def test_balanced_table_has_no_warning() -> None:
    """A mixed table with a counterweight raises nothing."""
    people = [
        ("A", "Amont", "political", "driver"),
        ("B", "Aval", "technical", "counterweight"),
        ("C", "Val", "economic", "driver"),
        ("D", "Mont", "civil_society", "driver"),
    ]
    found = coop.warnings(_session(people, tables=[[1]]))
    assert [w for w in found if w.scope == 1] == []


def test_interest_matrix_counts_tagged_answers_by_territory(demo: Session) -> None:
    """The matrix shows each territory's common, crossed and antagonistic interests."""
    matrix = coop.interest_matrix(demo)
    assert matrix.counts == {
        "Belrive": {"common": 1, "crossed": 0, "antagonistic": 1},
        "Hautes-Combes": {"common": 0, "crossed": 1, "antagonistic": 0},
        "Trois Rivières": {"common": 1, "crossed": 1, "antagonistic": 0},
        "Val d'Argent": {"common": 1, "crossed": 0, "antagonistic": 1},
    }
    assert [a.actor for a in matrix.answers["Belrive"]["antagonistic"]] == ["Élodie Fontaine"]
    assert matrix.total("common") == 3 and matrix.untagged == []


def test_antagonistic_answers_are_linked_to_open_tensions(demo: Session) -> None:
    """Every antagonistic answer became a tension, still open, between the territories named."""
    pairs = coop.open_antagonisms(demo)
    assert [a.actor for a, _ in pairs] == ["Élodie Fontaine", "Olivier Blanc"]
    for answer, tension in pairs:
        assert tension is not None and tension.status == TensionStatus.OPEN
        assert answer.territory in tension.between


async def test_tagging_an_answer_antagonistic_creates_a_tension(tmp_path: Path, clock) -> None:
    """Tagging through the service links the answer to a new tension; the matrix counts it."""
    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

    info = session_doc(get_format("cooperation-kickoff"), title="T", date="2026-03-12")
    svc = SessionService.create(tmp_path / "s", info, clock=clock)
    try:
        await svc.add_participant(name="Ana", territory="Amont", structure="CC Amont")
        ans = await svc.add_meaning(
            actor="Ana",
            territory="Amont",
            structure="CC Amont",
            purpose="Un réseau",
            serves="Nos lignes d'abord",
        )
        await svc.tag_interest(ans.id, "antagonistic", between=["Aval"])
        matrix = coop.interest_matrix(svc.session)
        assert matrix.count("Amont", "antagonistic") == 1
        ((answer, tension),) = coop.open_antagonisms(svc.session)
        assert tension is not None and tension.between == ["Amont", "Aval"]
        assert tension.about == "Nos lignes d'abord"
    finally:
        svc.close()


def test_credits_recognise_each_structure(demo: Session) -> None:
    """Each structure is credited for contributions, hosting, actions and meaning answers."""
    by_name = {c.structure: c for c in coop.credits(demo)}
    petr = by_name["Pays des Trois Rivières (PETR)"]
    assert (petr.tables_hosted, petr.actions, petr.meaning) == (1, 1, 1)
    assert by_name["Transport solidaire Argent'Mobile"].actions == 1
    assert by_name["Agglomération de Belrive"].actions == 1
    assert sum(c.tables_hosted for c in by_name.values()) == 6
    assert sum(c.meaning for c in by_name.values()) == 7
    assert len(by_name) == len({p.structure for p in demo.participants})


def test_followers_are_listed_to_keep_informed(demo: Session) -> None:
    """Every follower appears once, by territory."""
    names = [p.name for p in coop.followers(demo)]
    assert len(names) == 18 and names[0] == "Hugo Lefèvre"
    assert "Claire Morel" not in names


def test_time_report_gives_planned_and_actual_time_and_territory_minutes(demo: Session) -> None:
    """Each step's planned and actual minutes, and time given to each territory, are reported."""
    report = coop.time_report(demo, coop.session_end(demo))
    row = {r.step: r for r in report.steps}
    assert (row["accueil"].planned_s, row["accueil"].actual_s) == (1200, 720.0)
    assert not row["cercle-cloture"].started
    assert report.territories == [("Belrive", 14.0), ("Val d'Argent", 6.0)]


def test_time_report_says_where_time_ran_over() -> None:
    """A step that took 15 minutes of its 10 is listed as running over, by 5 minutes."""
    session = _session([("A", "Amont", "political", "driver")])
    session.put(Event(id=1, kind=EventKind.STEP_STARTED, step="a", at="2026-01-01T09:00:00+00:00"))
    session.put(Event(id=2, kind=EventKind.STEP_ENDED, step="a", at="2026-01-01T09:15:00+00:00"))
    report = coop.time_report(session, datetime.fromisoformat("2026-01-01T10:00:00+00:00"))
    assert [(r.step, r.over_s) for r in report.over] == [("a", 300.0)]


def test_next_venue_suggests_a_partner_who_has_not_hosted(demo: Session) -> None:
    """The next venue goes to a territory that has not hosted, the least represented first."""
    venue = coop.next_venue([demo.info], demo.participants)
    assert venue.hosted[0][2] == "Trois Rivières"
    assert "Trois Rivières" not in venue.territories
    assert venue.suggested_territory == "Hautes-Combes"
    assert venue.suggested_structure == "Communauté de communes des Hautes-Combes"


def test_cooperation_lens_runs_without_ui_modules() -> None:
    """The lens is pure: importing it pulls in no Textual, aiohttp or TinyDB."""
    import subprocess
    import sys

    code = (
        "import sys, facilitate.domain.cooperation; "
        "print([m for m in ('textual', 'aiohttp', 'tinydb') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
