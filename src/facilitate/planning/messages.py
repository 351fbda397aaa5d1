"""The planning errors (InstanceError, InfeasibleError) in the user's language."""

from __future__ import annotations

from facilitate.i18n import translate

# Field names (`topics[3].size`), ids, names and counts are kept; only the wording changes.
# Each pattern matches a whole English message; the first match wins, so keep specific ones first.
_FIELD = r"(\S+)"
FRENCH: list[tuple[str, str]] = [
    # -- malformed instances (InstanceError), rotation and agenda --------------------------------
    (r"instance: expected a JSON object", "instance : objet JSON attendu"),
    (_FIELD + r": expected an integer, got (.+)", r"\1 : nombre entier attendu, reçu \2"),
    (
        _FIELD + r": expected an integer >= (\d+), got (.+)",
        r"\1 : nombre entier supérieur ou égal à \2 attendu, reçu \3",
    ),
    (_FIELD + r": must be at least (-?\d+), got (.+)", r"\1 : doit valoir au moins \2, reçu \3"),
    (
        _FIELD + r": (.+) is not a person id in 0\.\.(-?\d+)",
        r"\1 : \2 n'est pas un identifiant de personne entre 0 et \3",
    ),
    (
        _FIELD + r": expected a list of (\d+) labels, one per person",
        r"\1 : liste de \2 étiquettes attendue, une par personne",
    ),
    (
        _FIELD + r": expected a string label or null, got (.+)",
        r"\1 : étiquette (texte) ou null attendue, reçu \2",
    ),
    (_FIELD + r": expected a list of \[a, b\] pairs", r"\1 : liste de paires [a, b] attendue"),
    (
        _FIELD + r": expected a list of at least two person ids",
        r"\1 : liste d'au moins deux identifiants de personne attendue",
    ),
    (_FIELD + r": a person is listed twice", r"\1 : une personne y figure deux fois"),
    (_FIELD + r": expected true or false, got (.+)", r"\1 : true ou false attendu, reçu \2"),
    (
        _FIELD + r": expected a list of at most (\d+) tables",
        r"\1 : liste d'au plus \2 tables attendue",
    ),
    (
        _FIELD + r": expected a list of person ids",
        r"\1 : liste d'identifiants de personne attendue",
    ),
    (_FIELD + r": person (\d+) is seated twice", r"\1 : la personne \2 est placée deux fois"),
    (
        r"hosts: expected a list of at most (\d+) person ids \(host k at table k\)",
        r"hosts : liste d'au plus \1 identifiants de personne attendue (l'hôte k à la table k)",
    ),
    (
        r"hosts: person (\d+) is listed for tables (\d+) and (\d+)",
        r"hosts : la personne \1 est indiquée pour les tables \2 et \3",
    ),
    (
        r"table_sizes: expected a list of (\d+) sizes, one per table",
        r"table_sizes : liste de \1 tailles attendue, une par table",
    ),
    (
        _FIELD + r": expected a size >= 0, got (.+)",
        r"\1 : taille supérieure ou égale à 0 attendue, reçu \2",
    ),
    (
        r"fixed_rounds: expected a list of at most (\d+) rounds",
        r"fixed_rounds : liste d'au plus \1 tours attendue",
    ),
    (
        _FIELD + r": expected a person name or id, got (.+)",
        r"\1 : nom ou identifiant de personne attendu, reçu \2",
    ),
    (
        _FIELD + r": (.+) is neither an index below (\d+) nor a name",
        r"\1 : \2 n'est ni un numéro inférieur à \3 ni un nom",
    ),
    (
        r"slots: expected a positive count or a non-empty list of names",
        "slots : nombre positif ou liste de noms non vide attendu",
    ),
    (
        r"spaces: expected a non-empty list of \{name, capacity\} or capacities",
        "spaces : liste non vide de {name, capacity} ou de capacités attendue",
    ),
    (_FIELD + r": expected a unique name, got (.+)", r"\1 : nom unique attendu, reçu \2"),
    (r"topics: expected a list of topics", "topics : liste de sujets attendue"),
    (_FIELD + r": expected an object", r"\1 : objet JSON attendu"),
    (_FIELD + r": expected a unique id, got (.+)", r"\1 : identifiant unique attendu, reçu \2"),
    (_FIELD + r": expected a list of people", r"\1 : liste de personnes attendue"),
    (
        r"pinned: expected a list of \{topic, slot, space\}",
        "pinned : liste de {topic, slot, space} attendue",
    ),
    (_FIELD + r": expected the id of a topic", r"\1 : identifiant d'un sujet attendu"),
    # -- above the limits of planning/limits.py ---------------------------------------------------
    (
        _FIELD + r": (\d+) pairs once groups are expanded, above the limit of (\d+)",
        r"\1 : \2 paires une fois les groupes développés, au-delà de la limite de \3",
    ),
    (
        _FIELD + r": (\d+) items, above the limit of (\d+)",
        r"\1 : \2 éléments, au-delà de la limite de \3",
    ),
    (
        _FIELD + r": (\d+) characters, above the limit of (\d+)",
        r"\1 : \2 caractères, au-delà de la limite de \3",
    ),
    (_FIELD + r": (.+) is above the limit of (\d+)", r"\1 : \2 dépasse la limite de \3"),
    (
        r"seconds: expected a time budget from 0 to (\S+) s, got (.+)",
        r"seconds : durée de 0 à \1 s attendue, reçu \2",
    ),
    # -- world café rotation that cannot hold (InfeasibleError) -----------------------------------
    (
        r"(\d+) people but only (\d+) seats at the tables",
        r"\1 personnes mais seulement \2 places aux tables",
    ),
    (
        r"host (\d+) is fixed to table (\d+), which has no seat",
        r"l'hôte \1 est fixé à la table \2, qui n'a aucune place",
    ),
    (
        r"forbidden pair (\d+)-(\d+) is also required",
        r"la paire interdite \1-\2 est aussi obligatoire",
    ),
    (
        r"hosts (\d+) and (\d+) must sit together \(required\) but host tables (\d+) and (\d+)",
        r"les hôtes \1 et \2 doivent être ensemble (obligatoire) mais sont hôtes des tables \3 "
        r"et \4",
    ),
    (
        r"required group of (\d+) with host (\d+) does not fit table (\d+) \((\d+)\)",
        r"le groupe obligatoire de \1 personnes avec l'hôte \2 ne tient pas à la table \3 "
        r"(\4 places)",
    ),
    (
        r"required group of (\d+) does not fit the largest table \((\d+)\)",
        r"le groupe obligatoire de \1 personnes ne tient pas à la plus grande table (\2 places)",
    ),
    (
        r"table (\d+) has (\d+) seats but (\d+) people fixed to it",
        r"la table \1 a \2 places mais \3 personnes y sont fixées",
    ),
    (
        r"required groups do not fit in the seats left beside the hosts "
        r"\(groups of (.+); free seats per table (.+)\)",
        r"les groupes obligatoires ne tiennent pas dans les places laissées à côté des hôtes "
        r"(groupes de \1 ; places libres par table : \2)",
    ),
    (
        r"forbidden pair (\d+)-(\d+): both are fixed to table (\d+) \(host or required\)",
        r"paire interdite \1-\2 : les deux sont fixés à la table \3 (hôte ou groupe obligatoire)",
    ),
    (
        r"no seating keeps every forbidden pair apart \(best found breaks (\d+) in (\S+) s\)",
        r"aucun placement ne sépare toutes les paires interdites (le meilleur trouvé en enfreint "
        r"\1 en \2 s)",
    ),
    # -- open forum agenda that cannot hold (InfeasibleError) -------------------------------------
    (
        r"(\d+) topics but only (\d+) \(slot, space\) cells",
        r"\1 sujets mais seulement \2 cases (créneau, espace)",
    ),
    (
        r"topics (.+?) and (.+) are pinned to the same cell",
        r"les sujets \1 et \2 sont fixés dans la même case",
    ),
    (
        r"topic (.+?) expects (\d+) people but is pinned to (.+) \((\d+) places\)",
        r"le sujet \1 attend \2 personnes mais est fixé dans « \3 » (\4 places)",
    ),
    (
        r"topic (.+?) expects (\d+) people but the largest space holds (\d+)",
        r"le sujet \1 attend \2 personnes mais le plus grand espace n'en accueille que \3",
    ),
    (
        r"convener (.+?) is pinned to topics (.+?) and (.+) in one slot",
        r"les sujets \2 et \3 de l'initiateur \1 sont fixés dans un même créneau",
    ),
    (
        r"convener (.+?) has (\d+) topics but there are (\d+) slots",
        r"l'initiateur \1 porte \2 sujets mais il n'y a que \3 créneaux",
    ),
    (
        r"not enough spaces of (\d+) places or more for the topics that need them",
        r"pas assez d'espaces de \1 places ou plus pour les sujets qui en ont besoin",
    ),
    (
        r"no schedule keeps every convener in one place per slot",
        "aucun programme ne garde chaque initiateur à un seul endroit par créneau",
    ),
]


def error_text(message: str, lang: str) -> str:
    """One planning error (the exception's text) in the user's language."""
    return translate(message, lang, FRENCH)
