"""How the report writes numbers, dates, plurals and French punctuation, and its newer messages.

French typography (Lexique des règles typographiques de l'Imprimerie nationale): a narrow
no-break space (U+202F) before ; : ! ? and a no-break space inside « »; a decimal comma; dates
as "12 mars 2026", "1er avril 2026". Counted messages come in `.one` and `.other`: French
takes the singular for 0 and 1, English for 1 only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

NNBSP = "\u202f"
NBSP = "\u00a0"

# a run of ; : ! ? after a word (or a closing mark), followed by a space, the end or a closing
# mark: "mot : suite", "mot: suite", "Quoi ?!"; never "11:56", "http://", "?lang=fr" or "(?)"
_BEFORE = re.compile(r"(?<=[^\s(\[«\u202f\u00a0])[ \u00a0\u202f]*([;:!?]+)(?=[\s)\]»\"'.,]|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")


def typeset(text: str, lang: str) -> str:
    """`text` with the spaces French typography wants (unchanged in English)."""
    if lang != "fr" or not text:
        return text
    if ":" in text or ";" in text or "!" in text or "?" in text:
        text = _BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    if "«" in text or "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", _OPEN_QUOTE.sub("«" + NBSP, text))
    return text


def _locale(lang: str) -> str:
    return "fr_FR" if lang == "fr" else "en_GB"


@lru_cache(maxsize=4096)
def number(value: float, lang: str, digits: int = 1) -> str:
    """12.5 -> "12,5" in French, "12.5" in English; 4996 -> "4 996" / "4,996"."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern, locale=_locale(lang))


def minutes(value: float | None, lang: str) -> str:
    """Minutes as the report writes them: "13,7 min"."""
    return "–" if value is None else f"{number(value, lang)}{NBSP}min"


def duration(value: float, lang: str) -> str:
    """A length of time: "13,7 min" under an hour, "4 h 35 min" beyond."""
    if value < 60:
        return minutes(value, lang)
    hours, rest = divmod(round(value), 60)
    return (
        f"{hours}{NBSP}h{NBSP}{rest:02d}"
        if lang == "fr"
        else f"{hours}{NBSP}h{NBSP}{rest}{NBSP}min"
    )


def plural(key: str, n: float, lang: str, **values: object) -> str:
    """`key.one` or `key.other` with `{n}` written as a number of `lang`."""
    from facilitate.i18n import t

    one = (0 <= n < 2) if lang == "fr" else n == 1
    return t(f"{key}.{'one' if one else 'other'}", lang, n=number(n, lang, 0), **values)


@lru_cache(maxsize=1024)
def day(value: str, lang: str) -> str:
    """An ISO date (or time stamp) as a reader writes it: "12 mars 2026", "1er avril 2026",
    "12 March 2026"; anything else comes back as it is."""
    try:
        when = date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value
    from babel.dates import format_date

    if lang == "fr":
        text = format_date(when, "d MMMM y", locale="fr_FR")
        return text.replace("1 ", "1er ", 1) if when.day == 1 else text
    return format_date(when, "d MMMM y", locale="en_GB")


def _venue_time(value: str) -> datetime | None:
    """A stored time stamp in the venue's time: an explicit offset is kept; UTC (what the
    system clock writes) becomes the laptop's local time, which is the venue's."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None or moment.utcoffset() == UTC.utcoffset(None):
        moment = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone()
    return moment


def moment(value: str, lang: str) -> str:
    """A time stamp as "12 mars 2026 à 11:56" / "12 March 2026 at 11:56"."""
    when = _venue_time(value)
    if when is None:
        return value
    at = "à" if lang == "fr" else "at"
    return f"{day(when.date().isoformat(), lang)} {at} {when:%H:%M}"


def clock_time(value: str) -> str:
    """Only the time of day of a time stamp: "11:56"."""
    when = _venue_time(value)
    return f"{when:%H:%M}" if when else value


def spreadsheet_time(value: str) -> str:
    """A time stamp as spreadsheets read it ("2026-03-12 11:56"), in the venue's time."""
    when = _venue_time(value)
    return f"{when:%Y-%m-%d %H:%M}" if when else value


def _both(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


MESSAGES: dict[str, dict[str, str]] = {
    # counted ------------------------------------------------------------------------------
    "report.n_decisions.one": _both("{n} decision", "{n} décision"),
    "report.n_decisions.other": _both("{n} decisions", "{n} décisions"),
    "report.n_open_tensions.one": _both("{n} open tension", "{n} tension ouverte"),
    "report.n_open_tensions.other": _both("{n} open tensions", "{n} tensions ouvertes"),
    "report.n_actions.one": _both("{n} action", "{n} action"),
    "report.n_actions.other": _both("{n} actions", "{n} actions"),
    "report.n_proposals.one": _both("{n} proposal", "{n} proposition"),
    "report.n_proposals.other": _both("{n} proposals", "{n} propositions"),
    "report.n_votes.one": _both("{n} vote", "{n} voix"),
    "report.n_votes.other": _both("{n} votes", "{n} voix"),
    "report.n_participants.one": _both("{n} participant", "{n} participant"),
    "report.n_participants.other": _both("{n} participants", "{n} participants"),
    "report.n_structures.one": _both("{n} organisation", "{n} structure"),
    "report.n_structures.other": _both("{n} organisations", "{n} structures"),
    "report.n_territories.one": _both("{n} territory", "{n} territoire"),
    "report.n_territories.other": _both("{n} territories", "{n} territoires"),
    "report.n_moved.one": _both("moved {n} person", "a fait bouger {n} personne"),
    "report.n_moved.other": _both("moved {n} people", "a fait bouger {n} personnes"),
    "report.n_hidden.one": _both("{n} record hidden", "{n} contribution masquée"),
    "report.n_hidden.other": _both("{n} records hidden", "{n} contributions masquées"),
    "report.n_doubts.one": _both(
        "{n} word was left as it is: confirm it is not a name.",
        "{n} mot a été laissé tel quel : vérifiez que ce n'est pas un nom.",
    ),
    "report.n_doubts.other": _both(
        "{n} words were left as they are: confirm none is a name.",
        "{n} mots ont été laissés tels quels : vérifiez qu'aucun n'est un nom.",
    ),
    "report.n_contributions.one": _both("{n} contribution", "{n} contribution"),
    "report.n_contributions.other": _both("{n} contributions", "{n} contributions"),
    "report.n_credited_proposals.one": _both("{n} proposal", "{n} proposition"),
    "report.n_credited_proposals.other": _both("{n} proposals", "{n} propositions"),
    "report.n_credited_tensions.one": _both("{n} tension raised", "{n} tension soulevée"),
    "report.n_credited_tensions.other": _both("{n} tensions raised", "{n} tensions soulevées"),
    "report.n_tables_hosted.one": _both("{n} table hosted", "{n} table animée"),
    "report.n_tables_hosted.other": _both("{n} tables hosted", "{n} tables animées"),
    "report.n_actions_owned.one": _both("{n} action owned", "{n} action portée"),
    "report.n_actions_owned.other": _both("{n} actions owned", "{n} actions portées"),
    "report.n_meaning_answers.one": _both(
        "{n} answer on the project's meaning", "{n} réponse sur le sens du projet"
    ),
    "report.n_meaning_answers.other": _both(
        "{n} answers on the project's meaning", "{n} réponses sur le sens du projet"
    ),
    "report.brought": _both("What it brought", "Apports"),
    "report.came": _both("was there", "présence"),
    # anonymisation ---------------------------------------------------------------------------
    "report.pseudonym": _both("Anonymous {n}", "Anonyme {n}"),
    "report.email_hidden": _both("[address removed]", "[adresse retirée]"),
    "report.phone_hidden": _both("[number removed]", "[numéro retiré]"),
    # nothing to show, with the noun's gender -------------------------------------------------
    "report.no_agreement": _both("No agreement recorded.", "Aucun accord enregistré."),
    "report.no_open_tension": _both("No tension left open.", "Aucune tension ne reste ouverte."),
    "report.no_action": _both("No action decided.", "Aucune action décidée."),
    "report.no_proposal": _both("No proposal.", "Aucune proposition."),
    "report.nothing_carried": _both(
        "Nothing was carried from one session to the next.",
        "Rien n'a été reporté d'une rencontre à l'autre.",
    ),
    "report.no_warning": _both(
        "No imbalance in the set-up.", "Aucun déséquilibre dans la composition."
    ),
    "report.no_follower": _both("No follower to keep informed.", "Aucun suiveur à tenir informé."),
    "report.no_moderation": _both(
        "Nothing was hidden and the portal stayed open.",
        "Rien n'a été masqué et le portail est resté ouvert.",
    ),
    "report.no_territory_time": _both(
        "No time was recorded for a territory's own issues.",
        "Aucun temps n'a été noté pour les sujets propres à un territoire.",
    ),
    # the partner report ------------------------------------------------------------------------
    "report.at_a_glance": _both(
        "{decisions}, {open}, {actions}, {proposals}.",
        "{decisions}, {open}, {actions}, {proposals}.",
    ),
    "report.who_came": _both("Who came", "Qui était là"),
    "report.who_came_line": _both(
        "{people} from {structures} and {territories}.",
        "{people} de {structures} et {territories}.",
    ),
    "report.people": _both("People", "Personnes"),
    "report.structures": _both("Organisations", "Structures"),
    "report.where_from": _both("Where from", "Origine"),
    "report.state": _both("Where it stands", "Où en est-on"),
    "report.from_phone": _both("from a phone", "par téléphone"),
    "report.from_phone_named": _both("from a phone ({name})", "par téléphone ({name})"),
    "report.table_round": _both("{table}, round\u00a0{n}", "{table}, tour\u00a0{n}"),
    "report.at_the_table": _both("at the table: {names}", "à la table : {names}"),
    "report.not_said": _both("not said", "non précisé"),
    "report.answers": _both("Answers: {titles}", "Répond à : {titles}"),
    "report.votes_short": _both("Votes", "Voix"),
    "report.also_from_table": _both("Also from this table", "Également issu de cette table"),
    "report.objection_by": _both("objection to “{title}”", "objection à « {title} »"),
    "report.on_proposal_q": _both("on “{title}”", "sur « {title} »"),
    "report.decided_line": _both("decided by {method}", "décidé par {method}"),
    "report.credits_note": _both(
        "A proposal or tension from a table is credited to every organisation seated at it "
        "in that round (in any round when the round is not known); one signed by a "
        "participant, from a phone or not, to that person's organisation.",
        "Une proposition ou une tension issue d'une table est créditée à chaque structure "
        "assise à cette table pendant ce tour (pendant l'un des tours quand le tour n'est pas "
        "connu) ; celle qu'un participant a signée, de son téléphone ou non, à sa structure.",
    ),
    "report.time_line": _both(
        "Planned {planned}, actual {actual}.", "Prévu : {planned} ; réel : {actual}."
    ),
    "report.done_yes": _both("done", "fait"),
    # the facilitator's notes ---------------------------------------------------------------------
    "notes.title": _both("Facilitator's notes — {title}", "Notes de l'animation — {title}"),
    "notes.generated": _both(
        "Notes produced by facilitate on {when}.", "Notes produites par facilitate le {when}."
    ),
    "notes.internal": _both(
        "For the facilitation team: not for the partners. The partner report is a separate "
        "document.",
        "Document interne à l'équipe d'animation, à ne pas diffuser aux partenaires. Le "
        "compte rendu des partenaires est un document à part.",
    ),
    "notes.balance_powers": _both("Balance of powers", "Équilibre des pouvoirs"),
    "notes.powers_by_territory": _both(
        "Kinds of power by territory", "Types de pouvoir par territoire"
    ),
    "notes.roles_by_territory": _both(
        "Engagement roles by territory", "Rôles d'engagement par territoire"
    ),
    "notes.followers_by_territory": _both(
        "Followers to keep informed, by territory", "Suiveurs à tenir informés, par territoire"
    ),
    "notes.time_territory": _both("Time per territory", "Temps par territoire"),
    "notes.moderation": _both("Moderation log", "Journal de modération"),
    "notes.when": _both("When", "Quand"),
    "notes.what": _both("What", "Quoi"),
    "notes.detail": _both("Detail", "Détail"),
    "notes.hidden": _both("Hidden: {kind}", "Masqué : {kind}"),
    "notes.event.submissions_closed": _both("Submissions closed", "Contributions fermées"),
    "notes.event.submissions_opened": _both("Submissions opened", "Contributions rouvertes"),
    "notes.event.token_rotated": _both(
        "New portal address (old QR codes stopped working)",
        "Nouvelle adresse du portail (les anciens QR codes ne marchent plus)",
    ),
    "notes.event.portal_opened": _both("Portal opened", "Portail ouvert"),
    "notes.event.portal_closed": _both("Portal closed", "Portail fermé"),
    "notes.doubts": _both("Anonymisation: words to confirm", "Anonymisation : mots à vérifier"),
    "notes.doubt_word": _both("Word", "Mot"),
    "notes.doubt_context": _both("Context", "Contexte"),
    "notes.doubt_why": _both("Why it was left", "Pourquoi il est resté"),
    "notes.doubt.common_word": _both(
        "also an ordinary word or a place", "aussi un mot courant ou un lieu"
    ),
    "notes.doubt.first_name": _both(
        "a first name without the surname", "un prénom sans le nom de famille"
    ),
    "notes.doubt.sentence_start": _both("at the start of a sentence", "en début de phrase"),
    "notes.who_moved": _both("Who moved in the debates", "Qui a bougé pendant les débats"),
    "notes.total": _both("Total", "Total"),
    # PDF -----------------------------------------------------------------------------------------
    "pdf.missing": _both(
        "PDF needs LibreOffice or a Chromium-family browser (Chromium, Chrome, Edge, Brave): "
        "install one (Debian/Ubuntu: sudo apt install libreoffice-writer) or export odt/docx",
        "le PDF demande LibreOffice ou un navigateur de la famille Chromium (Chromium, Chrome, "
        "Edge, Brave) : installez-en un (Debian/Ubuntu : sudo apt install libreoffice-writer) "
        "ou exportez en odt/docx",
    ),
    "pdf.failed": _both(
        "{engine} could not make the PDF: {why}", "{engine} n'a pas pu produire le PDF : {why}"
    ),
    "pdf.skipped": _both(
        "PDF left out: no LibreOffice or Chromium-family browser on this computer",
        "PDF non produit : ni LibreOffice ni navigateur de la famille Chromium sur cet ordinateur",
    ),
    "pdf.tui_missing": _both(
        "pdf (needs LibreOffice or Chromium)", "pdf (LibreOffice ou Chromium requis)"
    ),
    # Decidim -------------------------------------------------------------------------------------
    "decidim.bad_lang": _both(
        "Decidim language '{value}': a locale code like fr, en, ca or pt-BR",
        "langue Decidim « {value} » : un code de langue comme fr, en, ca ou pt-BR",
    ),
    "decidim.bad_scopes": _both(
        "{path}: Decidim scopes: {why}", "{path} : périmètres Decidim : {why}"
    ),
    "decidim.scopes_format": _both(
        "expected lines 'territory;scope id' or a JSON object {{\"territory\": id}}",
        'attendu des lignes « territoire;identifiant » ou un objet JSON {{"territoire": id}}',
    ),
    "decidim.origin": _both("Origin: {where}", "Origine : {where}"),
    "decidim.status": _both("Status: {status}", "Statut : {status}"),
    # CSV -----------------------------------------------------------------------------------------
    "csv.source": _both("Source", "Source"),
    "csv.date": _both("Date", "Date"),
    "csv.credited": _both("Brought by", "Apporté par"),
    "csv.source.portal": _both("phone", "téléphone"),
    "csv.source.facilitator": _both("facilitator", "animation"),
    "csv.yes": _both("yes", "oui"),
}
