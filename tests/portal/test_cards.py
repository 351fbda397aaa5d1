"""`facilitate cards`: table cards whose printed QR codes decode to the tables, routes, poster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from portal_session import build_session
from qr_decode import decode_matrix

from facilitate.cli import main
from facilitate.domain.clock import ManualClock
from facilitate.printables.cards import CHROMIUM, write_cards

BASE = "http://10.1.2.3:8765"


def svg_to_matrix(svg: str) -> list[list[bool]]:
    """Read the modules back from the SVG's path (one `Mx yhNv1h-Nz` per dark run)."""
    box = re.search(r'viewBox="0 0 (\d+) \d+"', svg)
    assert box is not None, "an SVG with its viewBox"
    n = int(box.group(1))
    matrix = [[False] * n for _ in range(n)]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1", svg):
        for dx in range(int(w)):
            matrix[int(y)][int(x) + dx] = True
    return matrix


async def test_each_table_card_carries_a_code_to_its_table(
    tmp_path: Path, clock: ManualClock, no_pdf: None
) -> None:
    """Every printed code decodes to its table's page; the URL is also written out."""
    svc = await build_session(tmp_path / "s", clock)
    try:  # the TUI may hold the session: cards read it without its lock
        paths = write_cards(tmp_path / "s", tmp_path / "out", base_url=BASE, lang="en")
    finally:
        svc.close()
    html = paths[0].read_text()
    assert paths[0].name == "shared-mobility-cards.html"
    token = svc.info.token
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3 * 2  # three tent cards, two faces each
    decoded = [decode_matrix(svg_to_matrix(svg)) for svg in svgs[::2]]
    assert decoded == [
        [f"{BASE}/j/{token}/t/{slug}"]
        for slug in ("table-gare", "table-covoiturage", "table-solidaire")
    ]
    assert f"10.1.2.3:8765/j/{token}/t/table-gare" in html
    assert "Car sharing between valleys" in html and "What works already?" in html
    assert "Host: Person 1" in html
    assert "http://" not in html.replace(BASE, "").replace('xmlns="http://www.w3.org/2000/svg"', "")


async def test_route_cards_follow_the_seating(
    tmp_path: Path, clock: ManualClock, no_pdf: None
) -> None:
    """Each participant's card lists their table in every round; hosts are marked."""
    svc = await build_session(tmp_path / "s", clock)
    svc.close()
    html = write_cards(tmp_path / "s", tmp_path / "out", base_url=BASE, lang="en")[0].read_text()
    card = html.split("<h3>Person 5</h3>")[1].split("</table>")[0]
    rows = re.findall(r'<td class="when">(.*?)</td><td>(.*?)</td>', card)
    assert [(when, table.split(" <")[0]) for when, table in rows] == [
        ("Round 1", "Table Covoiturage"),
        ("Round 2", "Table Gare"),
        ("Round 3", "Table Solidaire"),
    ]
    host_card = html.split("<h3>Person 1</h3>")[1].split("</table>")[0]
    assert host_card.count("you host this table") == 3


async def test_the_agenda_poster_lists_topics_by_slot_and_space(
    tmp_path: Path, clock: ManualClock, no_pdf: None
) -> None:
    """With open forum topics, a poster shows what is where and when."""
    svc = await build_session(tmp_path / "s", clock)
    space = await svc.add_table("Salle Verte", is_space=True)
    topic = await svc.add_topic("Night buses & <trains>", "Karim")
    await svc.place_topic(topic.id, 1, space.id)
    svc.close()
    html = write_cards(tmp_path / "s", tmp_path / "out", base_url=BASE, lang="fr")[0].read_text()
    poster = html.split('class="sheet poster"')[1]
    assert "Programme du forum ouvert" in poster and "Salle Verte" in poster
    assert "Night buses &amp; &lt;trains&gt;" in poster and "Karim" in poster
    rows = re.findall(r"<tr><th>(Créneau \d+)</th>(.*?)</tr>", poster, flags=re.S)
    assert [name for name, _ in rows][:2] == ["Créneau 1", "Créneau 2"]  # read from 1, not 0
    assert "Night buses" in rows[1][1] and "Night buses" not in rows[0][1]  # slot 1 is the 2nd


@pytest.mark.browser
def test_cards_from_the_command_line_print_each_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitate cards SESSION` prints the HTML path, and an A4 PDF's where Chromium is."""
    import asyncio

    folder = tmp_path / "s"
    asyncio.run(build_session(folder, ManualClock("2026-03-12T09:00:00+01:00"))).close()
    assert main(["cards", str(folder), "--out", str(tmp_path / "print"), "--base-url", BASE]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[0].endswith("shared-mobility-cards.html") and Path(printed[0]).exists()
    if CHROMIUM.exists():
        pdf = Path(printed[1]).read_bytes()
        assert printed[1].endswith(".pdf") and pdf.startswith(b"%PDF")
        sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert sizes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in sizes)


@pytest.mark.parametrize(("content", "shell"), [("fr", "en"), ("en", "fr")])
def test_cards_follow_the_session_content_language_not_the_shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_pdf: None, content: str, shell: str
) -> None:
    """A French session's cards are French from an English shell, and the other way round; the
    command's own messages stay in the shell's language."""
    import asyncio

    folder = tmp_path / "s"
    asyncio.run(
        build_session(folder, ManualClock("2026-03-12T09:00:00+01:00"), lang=content)
    ).close()
    out = tmp_path / "print"
    args = ["--lang", shell, "cards", str(folder), "--out", str(out), "--base-url", BASE]
    assert main(args) == 0
    html = Path(capsys.readouterr().out.split()[0]).read_text()
    words = {
        "fr": ("Scannez pour contribuer", "Tour 1", "vous animez cette table"),
        "en": ("Scan to add your ideas", "Round 1", "you host this table"),
    }
    assert f'<html lang="{content}">' in html
    assert all(word in html for word in words[content])
    assert not any(word in html for word in words[shell])
    loopback = [*args[:-1], "http://127.0.0.1:8765"]
    assert main(loopback) == 2  # a refusal is the command's own: in the shell's language
    said = capsys.readouterr().err
    assert ("no phone can reach it" if shell == "en" else "aucun téléphone ne l'atteint") in said
