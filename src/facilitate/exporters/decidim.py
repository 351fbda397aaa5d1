"""Proposals as a CSV that Decidim's "import proposals from a file" reads.

Decidim's CSV reader splits on ';' and builds each translated field from `title/<locale>` and
`body/<locale>` columns (decidim-admin Import::Readers::CSV, decidim-proposals ProposalCreator).
No BOM: Ruby's CSV would keep it in the first column's name. Text is kept literal (Decidim never
evaluates formulas; a quote prefix would end up in the published title).
"""

from __future__ import annotations

import csv
import io

from facilitate.i18n import t
from facilitate.report.model import Report


def render(report: Report) -> bytes:
    lang = report.lang
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([f"title/{lang}", f"body/{lang}"])
    for p in report.proposals:
        lines = [p.text] if p.text else []
        facts = [
            f"{t('report.status', lang)} : {p.status}"
            if lang == "fr"
            else f"{t('report.status', lang)}: {p.status}",
            t("report.votes_n", lang, n=p.votes),
        ]
        if p.origin:
            facts.append(p.origin)
        lines.append(" — ".join(facts))
        if p.tensions:
            lines.append(t("report.answers_tensions", lang) + " : " + "; ".join(p.tensions))
        lines.append(report.facts.title + (f", {report.facts.date}" if report.facts.date else ""))
        writer.writerow([p.title, "\n".join(lines)])
    return buf.getvalue().encode("utf-8")
