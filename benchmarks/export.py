"""Export benchmark: a 200-participant session with about 5,000 records, every format timed.

Run: python benchmarks/export.py  (builds the session through the service in a temporary folder)
Prints one line per format and one for all formats together; target: under 2 s in all.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from facilitate.domain.clock import ManualClock
from facilitate.exporters import FORMATS, export_session, load_session
from facilitate.formats import get_format
from facilitate.service import SessionService, session_doc

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
            await svc.decide(sentence(rng), method="consent", proposal=p.id)
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
    """Baseline: the same report with python-docx's cell(i, j) and styles by name."""
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        t0 = time.perf_counter()
        count = asyncio.run(build(folder))
        built = time.perf_counter() - t0
        now = datetime.fromisoformat("2026-03-12T18:00:00+01:00")
        t0 = time.perf_counter()
        load_session(folder)
        loaded = time.perf_counter() - t0
        print(
            f"session: 200 participants, {count} records (built in {built:.1f} s, "
            f"read in {loaded * 1000:.0f} ms)"
        )
        print(f"{'format':<10} {'seconds':>8}")
        for fmt in FORMATS:
            t0 = time.perf_counter()
            export_session(folder, Path(tmp) / "out", [fmt], now=now)
            print(f"{fmt:<10} {time.perf_counter() - t0:8.3f}")
        t0 = time.perf_counter()
        export_session(folder, Path(tmp) / "all", list(FORMATS), now=now)
        print(f"{'all':<10} {time.perf_counter() - t0:8.3f}   (target < 2 s)")
        # baselines in the same run: the tables built the plain way, without the charts
        from facilitate.report import build_report
        from facilitate.report.document import layout

        blocks = layout(build_report(load_session(folder), now=now))
        for name, naive in (("odt", naive_odt), ("docx", naive_docx)):
            t0 = time.perf_counter()
            naive(blocks)
            plain = time.perf_counter() - t0
            t0 = time.perf_counter()
            export_session(folder, Path(tmp) / "again", [name], now=now)
            ours = time.perf_counter() - t0
            print(
                f"baseline {name}: cell by cell {plain:.3f} s, ours {ours:.3f} s "
                f"(with charts): {plain / ours:.1f}x faster"
            )


if __name__ == "__main__":
    main()
