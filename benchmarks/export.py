"""Export benchmark: a 200-participant session with about 5,000 records, every format timed.

Run: python benchmarks/export.py [--slow-baseline]  (builds the session through the service in a
temporary folder). Prints one line per format (the partner report and the facilitator's notes
for md, html, odt, docx), one for every format but PDF together (target: at most 1 s, charts
included) and one for the PDF (target: at most 10 s). Each figure is the best of 3 runs, wall
clock and CPU time of this process (the PDF's engine runs in its own process). Baselines in
the same run: the same documents' tables built cell by cell with odfdo, and the DOCX built
through python-docx's API paragraph by paragraph (the previous renderer); with
--slow-baseline, python-docx's cell(i, j) too (minutes).
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from facilitate.domain.clock import ManualClock
from facilitate.exporters import FILE_TYPES, export_session, load_session
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format

TERRITORIES = ["Belrive", "Val d'Argent", "Hautes-Combes", "Trois Rivières", "Plaine-Haute"]
POWERS = ["political", "administrative", "institutional", "technical", "economic", "civil_society"]
ROLES = ["driver", "follower", "follower", "counterweight"]
WORDS = [
    "mobilité",
    "covoiturage",
    "car",
    "gare",
    "financement",
    "données",
    "bénévoles",
    "territoire",
    "guichet",
    "réservation",
    "ligne",
    "horaire",
    "saisonniers",
    "jeunes",
    "emploi",
    "convention",
    "expérimentation",
]


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


async def gather_chunks(coros: list, size: int = 200) -> list:
    out = []
    for i in range(0, len(coros), size):
        out += await asyncio.gather(*coros[i : i + size])
    return out


async def build(folder: Path) -> int:
    rng = random.Random(7)
    clock = ManualClock("2026-03-12T09:00:00+01:00")
    fmt = get_format("cooperation-kickoff")
    info = session_doc(
        fmt,
        title="Benchmark export",
        date="2026-03-12",
        venue="Salle",
        project="Bench",
        venue_host="Structure 1",
    )
    svc = SessionService.create(folder, info, clock=clock)
    try:
        people = await svc.add_participants(
            dict(
                name=f"Personne {i:03d}",
                structure=f"Structure {i % 40}",
                territory=TERRITORIES[i % 5],
                power=POWERS[i % 6],
                role=ROLES[i % 4],
            )
            for i in range(200)
        )
        ids = [p.id for p in people]
        tables = [
            await svc.add_table(f"Table {k}", topic=sentence(rng, 6), host=ids[k])
            for k in range(20)
        ]
        steps = {s.kind: s for s in svc.info.steps}
        await svc.start_step(steps["meaning"].id)
        await gather_chunks(
            [
                svc.add_meaning(
                    actor=p.name,
                    territory=p.territory,
                    structure=p.structure,
                    purpose=sentence(rng),
                    serves=sentence(rng),
                )
                for p in people
            ]
        )
        for ans in list(svc.session.records["meaning"].values())[:200]:
            await svc.tag_interest(ans.id, rng.choice(["common", "crossed", "antagonistic"]))
        await svc.start_step(steps["rounds"].id)
        seats = [
            [[ids[k]] + [ids[20 + (k * 9 + r * 3 + j) % 180] for j in range(9)] for k in range(20)]
            for r in range(3)
        ]
        await svc.set_seating(steps["rounds"].id, seats, ["Q1", "Q2", "Q3"])
        for r in (1, 2, 3):
            await svc.start_round(r)
            clock.advance(minutes=20)
            await gather_chunks(
                [
                    svc.add_contribution(
                        "idea", sentence(rng), table=tables[i % 20].id, author=ids[i % 200], round=r
                    )
                    for i in range(1000)
                ]
            )
        await svc.start_step(steps["harvest"].id)
        tensions = await gather_chunks(
            [
                svc.add_tension(
                    sentence(rng),
                    between=rng.sample(TERRITORIES, 2),
                    category=rng.choice(["interests", "power", "time", "resources"]),
                )
                for _ in range(400)
            ]
        )
        await svc.start_step(steps["vote"].id)
        props = await gather_chunks(
            [
                svc.add_proposal(
                    sentence(rng, 8), sentence(rng), origin="Table 1", tensions=[tensions[i].id]
                )
                for i in range(300)
            ]
        )
        await gather_chunks(
            [
                svc.vote(props[(i * 7 + k) % 300].id, f"Personne {i:03d}", 1)
                for i in range(200)
                for k in range(3)
            ]
        )
        await svc.start_step(steps["consent"].id)
        for p in props[:50]:
            await svc.decide(sentence(rng), method="vote", proposal=p.id)
        await svc.start_step(steps["actions"].id)
        await gather_chunks(
            [
                svc.add_action(sentence(rng, 6), owner=f"Personne {i:03d}", due="2026-06-01")
                for i in range(150)
            ]
        )
        await svc.end_step()
        return svc.session.count()
    finally:
        svc.close()


def naive_odt(blocks: list) -> bytes:
    """Baseline: the same report with odfdo's Table API, cell by cell (the first version)."""
    import io

    from odfdo import Document, Header, Paragraph, Table

    from facilitate.report.document import Bullets, Grid, Heading, Para

    doc = Document("text")
    body = doc.body
    body.clear()
    for n, block in enumerate(blocks):
        if isinstance(block, Heading):
            body.append(Header(block.level, block.text))
        elif isinstance(block, Para):
            body.append(Paragraph(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                body.append(Paragraph(item))
        elif isinstance(block, Grid):
            table = Table(f"T{n}", width=len(block.headers), height=len(block.rows) + 1)
            for x, head in enumerate(block.headers):
                table.set_value((x, 0), head)
            for y, row in enumerate(block.rows, start=1):
                for x, cell in enumerate(row):
                    table.set_value((x, y), cell)
            body.append(table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def naive_docx(blocks: list) -> bytes:
    """Slow baseline: the same documents with python-docx's cell(i, j) and styles by name."""
    import io

    from docx import Document

    from facilitate.report.document import Bullets, Grid, Heading, Para

    doc = Document()
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level - 1)
        elif isinstance(block, Para):
            doc.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Grid):
            table = doc.add_table(rows=len(block.rows) + 1, cols=len(block.headers))
            table.style = "Table Grid"
            for j, head in enumerate(block.headers):
                table.cell(0, j).text = head
            for i, row in enumerate(block.rows, start=1):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def api_docx(blocks: list, charts: object) -> bytes:
    """Baseline: python-docx's API, paragraph by paragraph, the table's cells taken once, the
    charts as pictures (how the DOCX was made before the body was written in one piece)."""
    import io

    from docx import Document
    from docx.shared import Cm

    from facilitate.exporters.images import chart_png
    from facilitate.report.document import Bullets, Chart, Grid, Heading, Para

    doc = Document()
    grid_style = doc.styles["Table Grid"]
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level - 1)
        elif isinstance(block, Para):
            doc.add_paragraph().add_run(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                para = doc.add_paragraph()
                para._p.get_or_add_pPr().style = "ListBullet"
                para.add_run(item)
        elif isinstance(block, Grid):
            n = len(block.headers)
            table = doc.add_table(rows=len(block.rows) + 1, cols=n)
            table.style = grid_style
            cells = table._cells
            for j, text in enumerate(block.headers):
                cells[j].paragraphs[0].add_run(text).bold = True
            for i, row in enumerate(block.rows, start=1):
                for j, text in enumerate(row):
                    cells[i * n + j].paragraphs[0].add_run(text)
        elif isinstance(block, Chart) and charts is not None:
            data, w, _h = chart_png(charts, block.kind, ("a", "b"))  # type: ignore[arg-type]
            doc.add_picture(io.BytesIO(data), width=Cm(min(17.0, w / 40)))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def best(run: Callable[[], object], times: int = 3) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the fastest of `times` runs."""
    results = []
    for _ in range(times):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        results.append((time.perf_counter() - t0, time.process_time() - c0))
    return min(results)


def main() -> None:
    from facilitate.exporters import DOCUMENT_FILE_TYPES, pdf_available
    from facilitate.exporters.pdf import find_engine
    from facilitate.report import build_report
    from facilitate.report.document import documents

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        t0 = time.perf_counter()
        count = asyncio.run(build(folder))
        built = time.perf_counter() - t0
        now = datetime.fromisoformat("2026-03-12T18:00:00+01:00")
        loaded, _ = best(lambda: load_session(folder))
        print(
            f"session: 200 participants, {count} records (built in {built:.1f} s, "
            f"read in {loaded * 1000:.0f} ms)"
        )
        formats = [f for f in FILE_TYPES if f != "pdf"]
        export_session(folder, Path(tmp) / "warm", formats, now=now)  # imports, fonts, templates
        print(f"{'format':<10} {'wall s':>7} {'cpu s':>7}   files")
        for fmt in formats:
            wall, cpu = best(
                lambda fmt=fmt: export_session(folder, Path(tmp) / "one", [fmt], now=now)
            )
            kind = "report + notes" if fmt in DOCUMENT_FILE_TYPES else ""
            print(f"{fmt:<10} {wall:7.3f} {cpu:7.3f}   {kind}")
        wall, cpu = best(lambda: export_session(folder, Path(tmp) / "all", formats, now=now))
        print(f"{'all':<10} {wall:7.3f} {cpu:7.3f}   every format but pdf (target: 1 s)")
        wall, cpu = best(
            lambda: export_session(folder, Path(tmp) / "anon", formats, now=now, anonymise=True)
        )
        print(f"{'anonymised':<10} {wall:7.3f} {cpu:7.3f}   the same, --anonymise")
        engine = find_engine()
        if pdf_available() and engine is not None:
            wall, cpu = best(
                lambda: export_session(folder, Path(tmp) / "pdf", ["pdf"], now=now), times=2
            )
            print(f"{'pdf':<10} {wall:7.3f} {cpu:7.3f}   {engine.name} (target: 10 s)")
        else:
            print("pdf        (no LibreOffice and no Chromium-family browser here)")
        # baselines in the same run, on the same documents
        docs = documents(build_report(load_session(folder), now=now))
        blocks = [b for d in docs for b in d.blocks]
        plain, _ = best(lambda: naive_odt(blocks), times=1)
        ours, _ = best(lambda: export_session(folder, Path(tmp) / "o", ["odt"], now=now))
        print(
            f"baseline odt: odfdo cell by cell, no charts {plain:.3f} s; ours {ours:.3f} s "
            f"with charts: {plain / ours:.1f}x faster"
        )
        plain, _ = best(lambda: [api_docx(d.blocks, d.charts) for d in docs], times=1)
        ours, _ = best(lambda: export_session(folder, Path(tmp) / "d", ["docx"], now=now))
        print(
            f"baseline docx: python-docx API with charts {plain:.3f} s; ours {ours:.3f} s: "
            f"{plain / ours:.1f}x faster"
        )
        if "--slow-baseline" in sys.argv:
            plain, _ = best(lambda: naive_docx(blocks), times=1)
            print(f"baseline docx: python-docx cell(i, j) {plain:.1f} s")


if __name__ == "__main__":
    main()
