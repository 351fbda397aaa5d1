"""A project's sessions in one report: venues in order, tensions carried and where they ended."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from facilitate.domain.clock import ManualClock
from facilitate.exporters import export_series

NOW = datetime.fromisoformat("2026-05-20T18:00:00+02:00")


async def _second_session(folder: Path) -> None:
    from facilitate.service import SessionService, session_doc
    from facilitate.session_formats import get_format

    info = session_doc(
        get_format("cooperation-kickoff"),
        title="Mobilités rurales : deuxième atelier",
        date="2026-05-20",
        venue="Salle des fêtes, Les Rousses-d'en-Haut",
        project="Mobilités rurales partagées",
        venue_host="Communauté de communes des Hautes-Combes",
    )
    svc = SessionService.create(folder, info, clock=ManualClock("2026-05-20T09:00:00+02:00"))
    try:
        await svc.add_participant(
            name="Pierre Guérin",
            territory="Hautes-Combes",
            structure="Communauté de communes des Hautes-Combes",
            power="political",
            role="driver",
        )
        carried = await svc.add_tension(
            "Clé de financement : population totale (favorable aux petits territoires) ou "
            "habitants desservis.",
            between=["Belrive", "Hautes-Combes"],
            category="interests",
        )
        await svc.update_tension(
            carried.id, status="resolved", outcome="Clé mixte : moitié population, moitié desservis"
        )
        await svc.add_tension("Qui assure le guichet le samedi ?", category="time")
    finally:
        svc.close()


async def test_series_report_follows_tensions_from_venue_to_venue(
    demo_template: Path, tmp_path: Path
) -> None:
    """The series lists venues in order, the tension carried over, where it was resolved."""
    second = tmp_path / "second"
    await _second_session(second)
    paths = export_series(
        [second, demo_template],
        tmp_path / "out",
        ["md", "html", "odt", "docx", "json", "csv"],
        now=NOW,
    )
    assert [p.name for p in paths] == [
        f"mobilites-rurales-partagees-series.{x}" for x in ("md", "html", "odt", "docx", "json")
    ]
    md = paths[0].read_text(encoding="utf-8")
    assert md.index("Maison des services, Vaux-les-Prés") < md.index("Salle des fêtes")
    carried = md.split("### Reportées d'une rencontre à l'autre")[1].split("##")[0]
    assert "Clé de financement" in carried
    assert "Mobilités rurales\u202f: deuxième atelier" in carried  # where it was resolved
    assert "Suggestion\u202f: Val d'Argent" in md  # neither Trois Rivières nor Hautes-Combes again


async def test_anonymised_series_names_no_one(demo_template: Path, tmp_path: Path) -> None:
    """An anonymised series report and its JSON name no participant."""
    second = tmp_path / "second"
    await _second_session(second)
    paths = export_series(
        [demo_template, second], tmp_path / "out", ["md", "json"], anonymise=True, now=NOW
    )
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "Pierre Guérin" not in text and "Claire Morel" not in text
