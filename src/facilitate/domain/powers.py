"""Kinds of power suggested from a participant's Fonction and structure, in French and English.

A secretariat's list says "Maire", "Directrice générale des services" or "Technicien rivière";
the cooperation lens needs political, administrative, technical... This vocabulary turns one
into the other as a *suggestion* the facilitator confirms or corrects, never as a fact.

The rules, in order (the first that matches gives the suggestion):

1. an elected office in the Fonction (maire, élu·e, conseiller·ère municipal·e...) is political,
   whatever the structure; "adjoint administratif", "directeur adjoint"... are staff, not elected;
2. président·e or vice-président·e is political in a collectivity or a body run by elected
   officials (syndicat mixte, PETR, parc), or when the structure says nothing; in another
   structure (an association, a company...) the structure decides;
3. the structure: an association or collectif is civil society, a company or a chamber is
   economic, an agency, a syndicat mixte, a PETR or State services are institutional, whatever
   the person's job there;
4. the Fonction again: DGS, directeur·rice, chef·fe de service... administrative; technicien·ne,
   ingénieur·e, chargé·e de mission... technical; habitant·e, bénévole... civil society;
   commerçant·e, agriculteur·rice... economic.

Matching ignores case and accents and reads inclusive and feminine forms ("élue", "élu·e",
"élu(e)", "Directrice", "chargé.e de mission") as the words listed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from facilitate.domain.records import PowerKind
from facilitate.domain.text import fold

P = PowerKind


@dataclass(frozen=True)
class Term:
    """One entry of the vocabulary: the kind of power, the words as documented, their pattern."""

    power: PowerKind
    label: str
    pattern: str

    def search(self, text: str) -> re.Match[str] | None:
        return _compiled(self.pattern).search(text)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


class Suggestion(NamedTuple):
    """A kind of power and the words it comes from, as written in the file ("Directrice")."""

    power: PowerKind
    word: str
    source: str  # "function" or "structure"
    term: Term


def _t(power: PowerKind, label: str, pattern: str) -> Term:
    return Term(power, label, pattern)


# Elected offices: political whatever the structure.
ELECTED = (
    _t(P.POLITICAL, "adjoint·e (au maire)", r"adjointe?s?(?: (?:au|a la|aux) maires?)?"),
    _t(P.POLITICAL, "maire", r"maires?|maire[- ]adjointe?s?|maire delegue?e?s?"),
    _t(P.POLITICAL, "élu·e", r"elue?s?"),
    _t(
        P.POLITICAL,
        "conseiller·ère municipal·e, communautaire, départemental·e, régional·e",
        r"conseill(?:er|ere)s? (?:municip\w*|communautaires?|departementa\w*|regiona\w*"
        r"|metropolitaine?s?|generale?s?|general|delegue?e?s?|d'arrondissement)",
    ),
    _t(P.POLITICAL, "député·e, sénateur·rice", r"deputee?s?|senat(?:eur|rice)s?"),
    _t(P.POLITICAL, "mayor, deputy mayor", r"(?:deputy )?mayors?"),
    _t(P.POLITICAL, "councillor", r"council+ors?"),
    _t(P.POLITICAL, "elected member", r"elected(?: \w+)?"),
)
# Staff grades and posts that look like an elected office but are not.
NOT_ELECTED = re.compile(
    r"adjointe?s? (?:administrati\w*|techniques?|d'animation|du patrimoine|de direction"
    r"|d'administration|au (?:directeur|dgs|chef)\w*|a la direction)"
    r"|(?:direct(?:eur|rice)|chef(?:fe)?|dg|generale?|responsable|secretaire)s? adjointe?s?"
)
PRESIDENT = (
    _t(
        P.POLITICAL,
        "président·e, vice-président·e (of a collectivity); president, chair",
        r"(?:vice[- ]?|co-?)?(?:presidente?s?|chair\w*)",
    ),
)
# Bodies whose president is an elected official.
ELECTED_BODIES = re.compile(
    r"(?<![\w'-])(?:communes?|mairies?|ville|villes|communaute|communautes|cc|ca|cu|agglo\w*"
    r"|metropole|departements?|departemental|conseil (?:regional|general)|regions?|epci"
    r"|intercommunalite|sivom|sivu|syndicats? (?:mixtes?|intercommuna\w*)|petr|pole d'equilibre"
    r"|parc naturel|pnr|council|municipality|county|town|city)(?![\w-])"
)
STRUCTURES = (
    # institutional first: "Banque des territoires" is not a bank, "syndicat mixte" not a union
    _t(P.INSTITUTIONAL, "agence (d'urbanisme, de l'eau, ANCT...)", r"agences?|anct|agency"),
    _t(P.INSTITUTIONAL, "syndicat mixte", r"syndicats? mixtes?"),
    _t(P.INSTITUTIONAL, "PETR, pôle d'équilibre territorial", r"petr|pole d'equilibre"),
    _t(
        P.INSTITUTIONAL,
        "parc naturel régional, parc national",
        r"parcs? naturels?|pnr|parcs? nationa\w*",
    ),
    _t(P.INSTITUTIONAL, "préfecture, sous-préfecture", r"(?:sous-)?prefectures?"),
    _t(
        P.INSTITUTIONAL,
        "DDT(M), DREAL, DRAAF, ADEME, Cerema, OFB, ARS",
        r"ddtm?|dreal|draaf|dreets|ademe|cerema|ofb|ars"
        r"|directions? (?:departementales?|regionales?|interministerielles?)",
    ),
    _t(
        P.INSTITUTIONAL,
        "Banque des territoires, Caisse des dépôts",
        r"banque des territoires|caisse des depots",
    ),
    _t(
        P.INSTITUTIONAL,
        "services de l'État, services de la Région",
        r"services? (?:de l'|de la |du |des )?(?:etat|region\w*|conseil regional)"
        r"|(?:etat|region)\b.*\bservices?",
    ),
    _t(P.INSTITUTIONAL, "government office, authority", r"government|authority"),
    _t(
        P.ECONOMIC,
        "CCI, chambre consulaire, d'agriculture, des métiers",
        r"cci|cma|chambres? consulaires?"
        r"|chambres? (?:regionale?s? )?(?:de commerce|d'agriculture|des metiers)",
    ),
    _t(
        P.ECONOMIC,
        "entreprise (SARL, SAS, SCOP...)",
        r"entreprises?|sarl|sas|sasu|eurl|scop|scic|gaec|earl",
    ),
    _t(P.ECONOMIC, "coopérative", r"cooperatives?"),
    _t(
        P.ECONOMIC,
        "company, business, chamber of commerce",
        r"company|ltd|inc|business\w*|chamber of commerce",
    ),
    _t(P.CIVIL_SOCIETY, "association", r"associations?|asso"),
    _t(P.CIVIL_SOCIETY, "collectif", r"collecti(?:f|fs|ve)"),
    _t(
        P.CIVIL_SOCIETY,
        "conseil citoyen, conseil de développement, comité de quartier, centre social, MJC",
        r"conseils? citoyens?|conseils? de developpement|comites? (?:de quartier|des fetes)"
        r"|centres? sociaux|centre social|mjc",
    ),
    _t(P.CIVIL_SOCIETY, "charity, community group, NGO", r"charity|community group|ngo|ong"),
)
FUNCTIONS = (
    _t(P.ADMINISTRATIVE, "DGS, DGA, DGST", r"dgs|dga|dgst|dgas|dgs adjointe?"),
    _t(
        P.ADMINISTRATIVE,
        "directeur·rice (général·e des services...)",
        r"direct(?:eur|rice)s?|director",
    ),
    _t(
        P.ADMINISTRATIVE,
        "chef·fe de service, responsable de service",
        r"(?:chef(?:fe)?|responsable)s? (?:de |du |des )?services?",
    ),
    _t(
        P.ADMINISTRATIVE,
        "secrétaire de mairie, secrétaire général·e",
        r"secretaires? (?:de mairie|generale?s?)",
    ),
    _t(
        P.ADMINISTRATIVE,
        "attaché·e, rédacteur·rice, adjoint·e administratif·ve",
        r"attachee?s?|redact(?:eur|rice)s?|adjointe?s? administrati\w*|administrat(?:eur|rice)s?",
    ),
    _t(
        P.ADMINISTRATIVE,
        "chief executive, head of department, clerk",
        r"chief executive|head of \w+|(?:town )?clerk",
    ),
    _t(P.TECHNICAL, "technicien·ne", r"technicien(?:ne)?s?|technician|adjointe?s? techniques?"),
    _t(P.TECHNICAL, "ingénieur·e", r"ingenieure?s?|engineer"),
    _t(P.TECHNICAL, "chargé·e de mission, d'études, de projet", r"chargee?s? (?:de |d')\w+"),
    _t(P.TECHNICAL, "chef·fe de projet", r"chef(?:fe)?s? de projets?|project manager"),
    _t(P.TECHNICAL, "animateur·rice", r"animat(?:eur|rice)s?"),
    _t(
        P.TECHNICAL,
        "agent·e de développement, coordinateur·rice, conseiller·ère technique",
        r"agente?s? de developpement|coordinat(?:eur|rice)s?|coordinator"
        r"|conseill(?:er|ere)s? (?:technique|en) ?\w*",
    ),
    _t(P.TECHNICAL, "urbaniste, géomaticien·ne", r"urbanistes?|geomaticien(?:ne)?s?|planner"),
    _t(P.TECHNICAL, "officer (project, policy)", r"(?:project |policy )?officer"),
    _t(P.INSTITUTIONAL, "préfet·e, sous-préfet·e", r"(?:sous-)?prefete?s?"),
    _t(
        P.CIVIL_SOCIETY,
        "habitant·e, citoyen·ne, riverain·e",
        r"habitante?s?|citoyen(?:ne)?s?|riveraine?s?",
    ),
    _t(P.CIVIL_SOCIETY, "bénévole, militant·e", r"benevoles?|militante?s?"),
    _t(P.CIVIL_SOCIETY, "resident, citizen, volunteer", r"residents?|citizens?|volunteers?"),
    _t(P.ECONOMIC, "commerçant·e, artisan·e", r"commercante?s?|artisane?s?"),
    _t(
        P.ECONOMIC,
        "agriculteur·rice, exploitant·e agricole",
        r"agricult(?:eur|rice)s?|exploitante?s? agricoles?",
    ),
    _t(
        P.ECONOMIC,
        "chef·fe d'entreprise, gérant·e, entrepreneur·e",
        r"chef(?:fe)?s? d'entreprises?|gerante?s?|entrepreneu(?:r|re|se)s?|pdg",
    ),
    _t(
        P.ECONOMIC,
        "shopkeeper, trader, farmer, business owner",
        r"shopkeeper|trader|farmer|business owner",
    ),
)
VOCABULARY: tuple[Term, ...] = ELECTED + PRESIDENT + STRUCTURES + FUNCTIONS

# Inclusive-writing endings dropped before matching: "élu·e" reads "élu", "chargé(e)" "chargé".
_INCLUSIVE = re.compile(
    r"(?<=[a-z])(?:[·•.]|-(?=e\b|es\b)|\()"
    r"(?:e|es|ne|nes|le|les|te|tes|fe|fes|rice|rices|trice|ere|eres|euse|euses|ve|ves|s)\)?(?![a-z])"
)


def normalise(text: str) -> str:
    """Folded text (no case, no accents), inclusive endings dropped, one space between words."""
    folded = fold(text.replace("\u2019", "'").replace("\u02bc", "'"))
    folded = _INCLUSIVE.sub("", folded)
    return re.sub(r"\s+", " ", folded)


def _first(terms: tuple[Term, ...], text: str) -> tuple[Term, re.Match[str]] | None:
    for term in terms:
        match = term.search(text) if text else None
        if match:
            return term, match
    return None


def _suggestion(found: tuple[Term, re.Match[str]], written: str, source: str) -> Suggestion:
    """The words of `written` the match covers: normalising keeps one word for one word."""
    term, match = found
    start = len(match.string[: match.start()].split())
    if match.start() and not match.string[match.start() - 1].isspace():
        start -= 1  # the match starts inside a word ("l'association")
    count = max(1, len(match.group(0).split()))
    words = written.split()[start : start + count]
    word = " ".join(words).strip(",;:.!?\"'«» ")
    if word.startswith("(") and word.endswith(")"):
        word = word[1:-1]  # "(DDT)"
    word = word or match.group(0)
    return Suggestion(term.power, word, source, term)


@functools.lru_cache(maxsize=4096)
def suggest_power(function: str, structure: str = "") -> Suggestion | None:
    """The kind of power a Fonction and a structure suggest, with the words it comes from."""
    job, where = normalise(function), normalise(structure)
    elected = _first(ELECTED, NOT_ELECTED.sub(lambda m: "_" * len(m.group(0)), job))
    if elected:
        return _suggestion(elected, function, "function")
    by_structure = _first(STRUCTURES, where)
    president = _first(PRESIDENT, job)
    if president and (ELECTED_BODIES.search(where) or by_structure is None):
        return _suggestion(president, function, "function")
    if by_structure:
        return _suggestion(by_structure, structure, "structure")
    by_function = _first(FUNCTIONS, job)
    if by_function:
        return _suggestion(by_function, function, "function")
    return None
