"""Messages of preparation: user formats, set-up of rounds and tables, content language."""

from __future__ import annotations

import re

NBSP, NNBSP = "\u00a0", "\u202f"


def french(text: str) -> str:
    """French typography: a no-break space before : and inside « », a narrow one before ; ? !"""
    text = re.sub(r" ([:»])", NBSP + r"\1", text)
    text = re.sub(r"« ", "«" + NBSP, text)
    return re.sub(r" ([;?!])", NNBSP + r"\1", text)


_TEXT: dict[str, tuple[str, str]] = {
    # -- the facilitator's own formats (command line and home screen) -----------------------
    "formats.own": ("yours: {path}", "le vôtre : {path}"),
    "formats.replaces": (
        "yours, in place of the shipped one: {path}",
        "le vôtre, à la place de celui fourni : {path}",
    ),
    "formats.folder": (
        "your formats folder: {path} (FACILITATE_FORMATS to choose another)",
        "dossier de vos formats : {path} (FACILITATE_FORMATS pour en choisir un autre)",
    ),
    "formats.left_out": ("{message} (left out)", "{message} (laissé de côté)"),
    "formats.own_label": ("{name} (yours)", "{name} (le vôtre)"),
    "formats.copy_heading": (
        "Copy a shipped format into your folder",
        "Copier un format fourni dans votre dossier",
    ),
    "formats.copy_note": (
        "The copy is yours to edit (name, steps, rounds, questions); it is then offered in "
        "New session, in place of the shipped one while it keeps its id. Folder: {path}",
        "La copie est à vous : modifiez son nom, ses étapes, ses tours, ses questions ; elle est "
        "ensuite proposée dans Nouvelle session, à la place de celle fournie tant qu'elle garde "
        "son identifiant. Dossier : {path}",
    ),
    "formats.copy_which": ("Format", "Format"),
    "formats.copied": (
        "Copied to {path}. Edit it, then choose it in New session.",
        "Copié dans {path}. Modifiez-le, puis choisissez-le dans Nouvelle session.",
    ),
    "formats.already_there": (
        "Already in your folder: {path}. Edit it there.",
        "Déjà dans votre dossier : {path}. Modifiez-le là.",
    ),
    # -- content language ---------------------------------------------------------------------
    "lang.fr": ("French", "Français"),
    "lang.en": ("English", "Anglais"),
    "new.content_lang": (
        "Content language (questions, scripts, report)",
        "Langue du contenu (questions, consignes, compte rendu)",
    ),
    "export.lang": ("Language of the report", "Langue du compte rendu"),
    # -- the café's structure in set-up -------------------------------------------------------
    "setup.cafe": (
        "{step}: {rounds} of {minutes} min ({total} min planned) · {tables}, {seats} for {people}",
        "{step} : {rounds} de {minutes} min ({total} min prévues) · {tables}, {seats} pour "
        "{people}",
    ),
    "setup.cafe_keys": (
        "r rounds and minutes · t number of tables and seats · a add a table · "
        "Delete remove the table",
        "r tours et minutes · t nombre de tables et places · a ajouter une table · "
        "Suppr retirer la table",
    ),
    "setup.cafe_started": (
        "started: rounds, minutes, tables and seats are fixed",
        "commencé : tours, minutes, tables et places sont fixés",
    ),
    "setup.n_rounds.one": ("{n} round", "{n} tour"),
    "setup.n_rounds.other": ("{n} rounds", "{n} tours"),
    "setup.n_tables.one": ("{n} table", "{n} table"),
    "setup.n_tables.other": ("{n} tables", "{n} tables"),
    "setup.n_seats.one": ("{n} seat", "{n} place"),
    "setup.n_seats.other": ("{n} seats", "{n} places"),
    "setup.n_people.one": ("{n} participant", "{n} participant"),
    "setup.n_people.other": ("{n} participants", "{n} participants"),
    "setup.rounds_form": ("Rounds of '{step}'", "Tours de « {step} »"),
    "setup.field.rounds": ("Number of rounds", "Nombre de tours"),
    "setup.field.round_minutes": ("Minutes per round", "Minutes par tour"),
    "setup.rounds_note": (
        "The step's planned time follows (changeover time kept); new rounds get a question to "
        "write; rounds taken away lose their question and seating.",
        "La durée prévue de l'étape suit (le temps des changements de table est gardé) ; un tour "
        "ajouté reçoit une question à écrire ; un tour retiré perd sa question et son plan.",
    ),
    "setup.tables_form": ("Tables and seats", "Tables et places"),
    "setup.field.tables": ("Number of tables", "Nombre de tables"),
    "setup.field.capacity": ("Seats per table (every table)", "Places par table (toutes)"),
    "setup.tables_note": (
        "New tables are named 'Table N'; fewer tables takes away the last ones, whose hosts "
        "become travellers.",
        "Les nouvelles tables s'appellent « Table N » ; moins de tables retire les dernières, "
        "dont les hôtes deviennent voyageurs.",
    ),
    "setup.capacity": ("Seats", "Places"),
    "setup.removed": ("'{name}' removed", "« {name} » retirée"),
    "setup.question_to_write": ("(question to write)", "(question à écrire)"),
    "setup.stale": (
        "The rotation plan no longer fits the café ({why}): press g to plan again.",
        "Le plan de rotation ne correspond plus au café ({why}) : appuyez sur g pour le refaire.",
    ),
    "setup.stale.rounds": (
        "rounds: {planned} in the plan, {rounds} in the café",
        "tours : {planned} dans le plan, {rounds} dans le café",
    ),
    "setup.stale.tables": ("the tables have changed", "les tables ont changé"),
    "setup.stale.people": ("without a seat: {names}", "sans place : {names}"),
    "setup.stale.seats": (
        "more people than seats at {tables}",
        "plus de monde que de places à {tables}",
    ),
    "setup.content_lang_hint": (
        "Content language: questions, scripts, phones and the report; the screens follow "
        "--lang ({screen}).",
        "Langue du contenu : questions, consignes, téléphones et compte rendu ; les écrans "
        "suivent --lang ({screen}).",
    ),
}

_SERVICE: dict[str, tuple[str, str]] = {
    "step_started": (
        "'{step}' has started: its rounds, minutes, tables and seats can no longer change",
        "« {step} » a commencé : ses tours, ses minutes, ses tables et ses places ne peuvent "
        "plus changer",
    ),
    "not_rounds": (
        "'{step}' is not a step of café rounds",
        "« {step} » n'est pas une étape de tours de café",
    ),
    "bad_rounds": (
        "number of rounds: a whole number from {low} to {high} is expected, not '{value}'",
        "nombre de tours : un nombre entier de {low} à {high} est attendu, pas « {value} »",
    ),
    "bad_round_minutes": (
        "minutes per round: a whole number from {low} to {high} is expected, not '{value}'",
        "minutes par tour : un nombre entier de {low} à {high} est attendu, pas « {value} »",
    ),
    "bad_tables": (
        "number of tables: a whole number from {low} to {high} is expected, not '{value}'",
        "nombre de tables : un nombre entier de {low} à {high} est attendu, pas « {value} »",
    ),
    "bad_capacity": (
        "seats per table: a whole number from {low} to {high} is expected, not '{value}'",
        "places par table : un nombre entier de {low} à {high} est attendu, pas « {value} »",
    ),
    "rounds_too_long": (
        "{rounds} rounds of {minutes} min make more than {high} minutes",
        "{rounds} tours de {minutes} min font plus de {high} minutes",
    ),
    "table_in_use": (
        "'{name}' cannot be removed: things were recorded at this table",
        "« {name} » ne peut pas être retirée : des éléments y ont été enregistrés",
    ),
}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"tui.{k}": {"en": en, "fr": french(fr)} for k, (en, fr) in _TEXT.items()},
    **{f"service.{k}": {"en": en, "fr": french(fr)} for k, (en, fr) in _SERVICE.items()},
    "tui.key.setup-rounds": {"en": "Rounds and minutes", "fr": "Tours et minutes"},
    "tui.key.setup-rounds.short": {"en": "Rounds", "fr": "Tours"},
    "tui.key.setup-tables": {
        "en": "Number of tables and seats",
        "fr": "Nombre de tables et places",
    },
    "tui.key.setup-tables.short": {"en": "Tables", "fr": "Tables"},
    "tui.key.setup-remove-table": {"en": "Remove the table", "fr": "Retirer la table"},
    "tui.key.setup-remove-table.short": {"en": "Remove", "fr": "Retirer"},
    "tui.key.copy-format": {
        "en": "Copy a shipped format to edit",
        "fr": "Copier un format fourni pour le modifier",
    },
    "tui.key.copy-format.short": {"en": "Formats", "fr": "Formats"},
}


def plural(key: str, n: int, lang: str) -> str:
    """`key.one` or `key.other` with {n}: French takes the singular for 0 and 1, English for 1."""
    from facilitate.i18n import t

    one = n in (0, 1) if lang == "fr" else n == 1
    return t(f"{key}.{'one' if one else 'other'}", lang, n=n)
