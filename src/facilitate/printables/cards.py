"""`facilitate cards`: an A4 sheet of folded table cards, route cards and the open forum poster."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from facilitate.domain import views
from facilitate.domain.clock import SystemClock
from facilitate.domain.records import Round, Table
from facilitate.domain.session import Session
from facilitate.domain.timeline import rebuild
from facilitate.i18n import t
from facilitate.paths import write_atomic
from facilitate.reach.addresses import (
    DEFAULT_PORT,
    join_code,
    join_url,
    loopback_url,
    short_address,
    show_code,
    stable_base,
    table_url,
)
from facilitate.reach.qr import qr_svg
from facilitate.store import read_session

CHROMIUM = Path("/usr/bin/chromium")
__all__ = ["DEFAULT_PORT", "DeadCardsError", "default_base_url", "write_cards"]


class DeadCardsError(ValueError):
    """Cards whose codes would lead no phone anywhere (a loopback address): not printed."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url

    def message(self, lang: str) -> str:
        return t("reach.cards_loopback", lang, url=self.url, stable=default_base_url())


@dataclass
class TableCard:
    table: Table
    host: str
    question: str
    url: str
    short_url: str  # the address to type: name and port, the join code, the table's id
    qr: str
    full_url: str = ""  # the whole link, written small


@dataclass
class Route:
    name: str
    stops: list[tuple[str, str, bool]]  # (round label, table name, hosting)


def default_base_url() -> str:
    """`http://<name>.local:8765`: the laptop's advertised name, not today's address."""
    return stable_base(DEFAULT_PORT)


def card_question(session: Session, lang: str) -> str:
    """The question running now if a café round is on, else the first round's question."""
    live = rebuild(session.info, session.events, SystemClock().now())
    step = views.current_step(session.info, live)
    if step is not None and step.kind == "rounds":
        return views.current_question(session, live, lang)
    return views.first_question(session, lang)


def table_cards(session: Session, base_url: str, lang: str) -> list[TableCard]:
    token = session.info.token
    code = join_code(token)
    question = card_question(session, lang)
    cards = []
    for table in session.tables:
        url = table_url(base_url, token, table.slug)
        cards.append(
            TableCard(
                table=table,
                host=views.host_name(session, table),
                question=question,
                url=url,
                short_url=short_address(base_url, code, table.id),
                qr=qr_svg(url, size_mm=62, label=table.name),
                full_url=url.removeprefix("http://"),
            )
        )
    return cards


def routes(session: Session, lang: str) -> list[Route]:
    """Each participant's table in every round of every café step, hosts marked."""
    names = {tb.id: tb.name for tb in session.tables}
    steps = [s for s in session.info.steps if s.kind == "rounds"]
    rounds: list[Round] = [r for s in steps for r in session.rounds_of(s.id)]
    if not rounds:
        return []
    several = len(steps) > 1
    out = []
    for person in session.participants:
        stops = []
        for rnd in rounds:
            where = views.seat_of(rnd, person.id)
            if where is None:
                continue
            label = t("cards.route_round", lang, n=rnd.number)
            if several:
                step = session.info.step(rnd.step)
                label = f"{step.text('title', lang) if step else rnd.step} · {label}"
            stops.append((label, names.get(where, "?"), person.host_of == where))
        if stops:
            out.append(Route(person.name, stops))
    return out


def render(session: Session, base_url: str, lang: str) -> str:
    env = Environment(
        loader=PackageLoader("facilitate.printables", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    wall = views.agenda(session) if views.has_agenda(session) else None
    join = join_url(base_url, session.info.token)
    return env.get_template("cards.html").render(
        lang=lang,
        tr=lambda key, **kw: t(key, lang, **kw),
        info=session.info,
        cards=table_cards(session, base_url, lang),
        routes=routes(session, lang),
        wall=wall,
        join=join,
        join_short=short_address(base_url, join_code(session.info.token)),
        code=show_code(join_code(session.info.token)),
        join_qr=qr_svg(join, size_mm=45, label=session.info.title),
    )


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120.0) -> bool:
    """Chromium headless prints the sheet to PDF; False when Chromium is missing or fails."""
    if not CHROMIUM.exists():
        return False
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="facilitate-chromium-") as profile:
        cmd = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={tmp}",
            html.resolve().as_uri(),
        ]
        try:
            subprocess.run(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            tmp.unlink(missing_ok=True)
            return False
    if not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        return False
    os.replace(tmp, pdf)
    return True


def write_cards(
    folder: Path, out: Path, *, base_url: str | None, lang: str | None = None
) -> list[Path]:
    """Write `<slug>-cards.html` (and `.pdf` where Chromium is installed); return the paths.

    The cards are written in `lang` when given (the TUI's choice), else in the session's
    content language, as exports are: participants read them, not the facilitator's screen.
    """
    base = (base_url or default_base_url()).rstrip("/")
    if loopback_url(base):
        raise DeadCardsError(base)
    session = read_session(folder)
    lang = lang or session.info.lang or "fr"
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"{session.info.slug}-cards.html"
    write_atomic(html_path, render(session, base, lang).encode("utf-8"))
    written = [html_path]
    pdf_path = html_path.with_suffix(".pdf")
    if shutil.which(str(CHROMIUM)) and print_pdf(html_path, pdf_path):
        written.append(pdf_path)
    return written
