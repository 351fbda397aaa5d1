"""Proposals as a CSV that Decidim's "import proposals from a file" reads.

Decidim's CSV reader splits on ';' and builds each translated field from `title/<locale>` and
`body/<locale>` columns, both required for every locale of the organisation
(decidim-admin Import::Readers::CSV, decidim-proposals ProposalsVerifier); `scope/id` gives
the proposal's scope (ProposalCreator). The columns are in the session's content language
(or the one asked for), whatever the language of the screens. The body is the proposal's own
text; its status, votes, origin and the tensions it answers are internal to the workshop and
come only when asked for. Cells starting with = + - @ get a leading apostrophe, as in every
CSV facilitate writes: admins often open the file in a spreadsheet before importing it. No
BOM: Ruby's CSV would keep it in the first column's name.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from facilitate.domain.text import neutralise_formula
from facilitate.i18n import LANGS, t
from facilitate.i18n.reporting import plural
from facilitate.report.model import ProposalItem, Report

LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


def valid_lang(value: str) -> bool:
    """A Decidim locale code: fr, en, ca, pt-BR..."""
    return bool(LOCALE.match(value))


def load_scopes(path: Path, lang: str = "en") -> dict[str, str]:
    """Territory -> Decidim scope id, from `territory;id` lines (',' works too) or a JSON
    object. A line "*;id" gives the scope of proposals that span several territories."""

    def bad(why: object) -> ValueError:
        return ValueError(t("decidim.bad_scopes", lang, path=path, why=why))

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise bad(exc) from exc
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad(exc) from exc
        if not isinstance(data, dict):
            raise bad(t("decidim.scopes_format", lang))
        return {str(k).strip(): str(v).strip() for k, v in data.items()}
    scopes: dict[str, str] = {}
    delimiter = ";" if ";" in text else ","
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[1]:
            raise bad(t("decidim.scopes_format", lang))
        if not cells[1].isdigit() and not scopes:
            continue  # a header line ("territoire;scope")
        scopes[cells[0]] = cells[1]
    return scopes


def _scope(p: ProposalItem, territories: dict[str, str], scopes: dict[str, str]) -> str:
    involved = {territories[s] for s in p.credited if s in territories}
    if len(involved) == 1:
        return scopes.get(involved.pop(), "")
    return scopes.get("*", "") if involved else ""


def render(
    report: Report,
    *,
    lang: str | None = None,
    details: bool = False,
    scopes: dict[str, str] | None = None,
) -> bytes:
    """The proposals, one a row, with `title/<lang>` and `body/<lang>` columns."""
    lang = lang or report.lang
    words = lang if lang in LANGS else report.lang  # facilitate's own words
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    header = [f"title/{lang}", f"body/{lang}"] + (["scope/id"] if scopes else [])
    writer.writerow(header)
    territories = {x.structure: x.territory for x in report.cooperation.credits}
    for p in report.proposals:
        lines = [p.text or p.title]
        if details:
            facts = [
                t("decidim.status", words, status=p.status),
                plural("report.n_votes", p.votes, words),
            ]
            where = p.where.table or p.origin
            if where:
                facts.append(t("decidim.origin", words, where=where))
            lines.append(" — ".join(facts))
            if p.tensions:
                lines.append(t("report.answers", words, titles="; ".join(p.tensions)))
        row = [p.title, "\n".join(lines)]
        if scopes:
            row.append(_scope(p, territories, scopes))
        writer.writerow([neutralise_formula(cell) for cell in row])
    return buf.getvalue().encode("utf-8")
