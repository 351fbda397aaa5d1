"""CSV files for spreadsheets: UTF-8 with BOM, formulas neutralised, one file per kind, every
value in the report's language (sources, yes/no), times as spreadsheets read them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from facilitate.domain.cooperation import Seats
from facilitate.domain.records import Action, Placed, Proposal, Table, Tension, Vote
from facilitate.domain.session import Session
from facilitate.domain.text import neutralise_formula
from facilitate.exporters.csv_statements import statement_rows
from facilitate.i18n import pt, t
from facilitate.i18n.reporting import cldr_locale, spreadsheet_time

KINDS = ("contributions", "tensions", "proposals", "actions", "matrix", "agreement", "statements")


def delimiter(lang: str) -> str:
    """Where the comma is the decimal mark (French, by CLDR), spreadsheets split on ';';
    elsewhere on ','."""
    from babel.numbers import get_decimal_symbol

    return ";" if get_decimal_symbol(cldr_locale(lang)) == "," else ","


def _encode(rows: list[list[object]], lang: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter(lang), lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise_formula("" if c is None else str(c)) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def tables(session: Session, lang: str) -> dict[str, bytes]:
    """The four CSV files' bytes, keyed by kind."""

    def tr(key: str) -> str:
        return t(key, lang)

    people = {p.id: p.name for p in session.participants}
    table_names = {x.id: x.name for x in session.all(Table)}
    titles = {p.id: p.title for p in session.all(Proposal)}
    votes: dict[int, int] = {}
    for v in session.all(Vote):
        votes[v.proposal] = votes.get(v.proposal, 0) + v.dots

    def step_title(step_id: str | None) -> str:
        st = session.info.step(step_id) if step_id else None
        return st.text("title", lang) if st else (step_id or "")

    def author(rec: object) -> str:
        pid = getattr(rec, "author", None)
        return people.get(pid, "") if pid is not None else getattr(rec, "author_name", "")

    def source(rec: Placed) -> str:
        return t(f"csv.source.{rec.source.value}", lang)

    seats = Seats(session)

    def table_of(rec: Tension | Proposal) -> str:
        table = seats.table_of(rec)
        return table_names.get(table, "") if table is not None else ""

    out: dict[str, bytes] = {}
    rows: list[list[object]] = [
        [
            "id",
            tr("report.step"),
            tr("csv.round"),
            tr("csv.table"),
            tr("report.kind"),
            tr("report.said"),
            tr("report.reason"),
            tr("report.answer"),
            tr("report.who"),
            tr("csv.source"),
            tr("csv.date"),
        ]
    ]
    for c in session.contributions():
        rows.append(
            [
                c.id,
                step_title(c.step),
                c.round or "",
                table_names.get(c.table or 0, ""),
                t(f"contribution.{c.kind.value}", lang),
                c.text,
                c.reason,
                c.answer,
                author(c),
                source(c),
                spreadsheet_time(c.at),
            ]
        )
    out["contributions"] = _encode(rows, lang)

    rows = [
        [
            "id",
            tr("report.tension"),
            tr("report.category"),
            tr("report.between"),
            tr("report.status"),
            tr("report.outcome"),
            tr("report.proposals"),
            tr("report.step"),
            tr("csv.round"),
            tr("csv.table"),
            tr("report.who"),
            tr("csv.credited"),
            tr("csv.source"),
            tr("csv.date"),
        ]
    ]
    for x in sorted(session.all(Tension), key=lambda x: x.id):
        if x.hidden:
            continue
        rows.append(
            [
                x.id,
                x.about,
                t(f"category.{x.category.value}", lang),
                ", ".join(x.between),
                pt("tension", f"status.{x.status.value}", lang),
                x.outcome,
                "; ".join(titles.get(p, str(p)) for p in x.proposals),
                step_title(x.step),
                x.round or "",
                table_of(x),
                author(x),
                ", ".join(seats.credited(x)),
                source(x),
                spreadsheet_time(x.at),
            ]
        )
    out["tensions"] = _encode(rows, lang)

    tensions = {x.id: x.about for x in session.all(Tension)}
    props = [p for p in session.all(Proposal) if not p.hidden]
    props.sort(key=lambda p: (-votes.get(p.id, 0), p.id))
    rows = [
        [
            "id",
            tr("report.rank"),
            tr("report.proposal"),
            tr("report.said"),
            tr("report.votes"),
            tr("report.status"),
            tr("report.origin"),
            tr("report.answers_tensions"),
            tr("report.step"),
            tr("csv.round"),
            tr("csv.table"),
            tr("report.who"),
            tr("csv.credited"),
            tr("csv.source"),
            tr("csv.date"),
        ]
    ]
    for rank, p in enumerate(props, start=1):
        rows.append(
            [
                p.id,
                rank,
                p.title,
                p.text,
                votes.get(p.id, 0),
                pt("proposal", f"status.{p.status.value}", lang),
                p.origin,
                "; ".join(tensions.get(x, str(x)) for x in p.tensions),
                step_title(p.step),
                p.round or "",
                table_of(p),
                author(p),
                ", ".join(seats.credited(p)),
                source(p),
                spreadsheet_time(p.at),
            ]
        )
    out["proposals"] = _encode(rows, lang)

    rows = [
        [
            "id",
            tr("report.what"),
            tr("report.who"),
            tr("report.due"),
            tr("report.done"),
            tr("report.proposal"),
        ]
    ]
    for a in sorted(session.all(Action), key=lambda a: (a.due or "9999", a.id)):
        rows.append(
            [
                a.id,
                a.what,
                a.owner,
                a.due,
                tr("csv.yes") if a.done else "",
                titles.get(a.proposal or 0, ""),
            ]
        )
    out["actions"] = _encode(rows, lang)
    out["statements"] = _encode(statement_rows(session, lang), lang)
    out.update(grid_tables(session, lang, step_title, author, source))
    return out


def grid_tables(
    session: Session,
    lang: str,
    step_title: Callable[[str | None], str],
    author: Callable[[object], str],
    source: Callable[[Placed], str],
) -> dict[str, bytes]:
    """The grids' cards (one a row, with its quadrant) and the scales' answers (one a row,
    with its level and what it means)."""
    from facilitate.domain.agreement import answers, polls_of, scale_of
    from facilitate.domain.matrix import items_of, preset_of, quadrant_label

    def tr(key: str) -> str:
        return t(key, lang)

    rows: list[list[object]] = [
        [
            "id",
            tr("report.step"),
            tr("csv.matrix.grid"),
            tr("csv.matrix.quadrant"),
            tr("csv.matrix.text"),
            tr("csv.matrix.structure"),
            tr("csv.matrix.territory"),
            tr("csv.matrix.by_hand"),
            tr("report.who"),
            tr("csv.source"),
            tr("csv.date"),
        ]
    ]
    for step in session.info.steps:
        if step.kind != "matrix":
            continue
        preset = preset_of(step)
        for m in items_of(session, step.id):
            rows.append(
                [
                    m.id,
                    step_title(step.id),
                    t(f"matrix.preset.{preset}", lang),
                    quadrant_label(step.settings, preset, m.quadrant, lang),
                    m.text,
                    m.structure,
                    m.territory,
                    tr("csv.yes") if m.by_hand else "",
                    author(m),
                    source(m),
                    spreadsheet_time(m.at),
                ]
            )
    out = {"matrix": _encode(rows, lang)}
    titles = {p.id: p.title for p in session.all(Proposal)}
    rows = [
        [
            "id",
            tr("report.step"),
            tr("csv.agreement.proposal"),
            tr("csv.agreement.poll"),
            tr("csv.agreement.level"),
            tr("csv.agreement.label"),
            tr("report.who"),
            tr("csv.agreement.comment"),
            tr("csv.agreement.objection"),
            tr("csv.source"),
            tr("csv.date"),
        ]
    ]
    for step in session.info.steps:
        if step.kind != "agreement":
            continue
        scale = scale_of(step)
        for pid, poll in polls_of(session.events, step.id):
            for a in answers(session, step.id, pid, poll):
                rows.append(
                    [
                        a.id,
                        step_title(step.id),
                        titles.get(a.proposal, ""),
                        a.poll,
                        a.level,
                        t(f"agreement.level.{scale}.{a.level}", lang),
                        a.voter or author(a),
                        a.comment,
                        a.objection or "",
                        source(a),
                        spreadsheet_time(a.at),
                    ]
                )
    out["agreement"] = _encode(rows, lang)
    return out
