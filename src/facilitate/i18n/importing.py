"""Messages of the participant import: columns, merge, preview, powers from Fonction.

French follows French typography: a no-break space (U+00A0) before : ; ? ! and inside « ».
Counted messages come in `.one` and `.many` (see `facilitate.importers.plural`).
"""

NBSP = "\u00a0"


def _fr(text: str) -> str:
    """French text written with plain spaces before : ; ? ! and inside « », made typographic."""
    for mark in (":", ";", "?", "!"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


_MESSAGES: dict[str, dict[str, str]] = {
    # refusals and warnings, one line each after "file:line: "
    "import.at_line": {"en": "line {line}: {why}", "fr": "ligne {line} : {why}"},
    "import.empty": {"en": "the file is empty", "fr": "le fichier est vide"},
    "import.binary": {
        "en": "this is not a CSV text file (binary content: save the sheet as CSV)",
        "fr": "ce n'est pas un fichier CSV (contenu binaire : enregistrez la feuille en CSV)",
    },
    "import.csv_error": {"en": "unreadable line ({why})", "fr": "ligne illisible ({why})"},
    "import.no_name": {
        "en": "no name column (Nom, Prénom, Name, Last name...); columns found: {found}",
        "fr": "pas de colonne de nom (Nom, Prénom, Name...) ; colonnes trouvées : {found}",
    },
    "import.before_header": {
        "en": "line above the header, not read",
        "fr": "ligne au-dessus de l'en-tête, non lue",
    },
    "import.too_many": {
        "en": "more than {max} participants",
        "fr": "plus de {max} participants",
    },
    "import.cells": {
        "en": "{cells} cells for {columns} columns (a '{sep}' inside a value needs quotes)",
        "fr": "{cells} cellules pour {columns} colonnes (un « {sep} » dans une valeur doit être "
        "entre guillemets)",
    },
    "import.no_name_row": {"en": "the name is empty", "fr": "le nom est vide"},
    "import.bad_power": {
        "en": "unknown kind of power '{value}' (political, administrative, institutional, "
        "technical, economic, civil society; or in French)",
        "fr": "type de pouvoir « {value} » inconnu (politique, administratif, institutionnel, "
        "technique, économique, société civile ; ou en anglais)",
    },
    "import.bad_role": {
        "en": "unknown role '{value}' (driver, follower, counterweight; moteur, suiveur, "
        "contrepoids)",
        "fr": "rôle « {value} » inconnu (moteur, suiveur, contrepoids ; ou driver, follower, "
        "counterweight)",
    },
    "import.duplicate": {
        "en": "{name} ({where}) is already on line {first}: imported once",
        "fr": "{name} ({where}) figure déjà ligne {first} : une seule personne importée",
    },
    "import.duplicate_conflict": {
        "en": "{name} ({where}) is already on line {first}, with another {fields}",
        "fr": "{name} ({where}) figure déjà ligne {first}, avec d'autres valeurs pour : {fields}",
    },
    "import.host_taken": {
        "en": "{table} is already hosted by {name} (line {first})",
        "fr": "{table} a déjà pour hôte {name} (ligne {first})",
    },
    "import.unreadable": {"en": "{path}: cannot read ({why})", "fr": "{path} : illisible ({why})"},
    # fields, as the preview names them
    "import.field.name": {"en": "full name", "fr": "nom complet"},
    "import.field.first_name": {"en": "first name", "fr": "prénom"},
    "import.field.last_name": {"en": "last name", "fr": "nom"},
    "import.field.civility": {"en": "civility", "fr": "civilité"},
    "import.field.structure": {"en": "structure", "fr": "structure"},
    "import.field.territory": {"en": "territory", "fr": "territoire"},
    "import.field.function": {"en": "function", "fr": "fonction"},
    "import.field.email": {"en": "e-mail", "fr": "courriel"},
    "import.field.phone": {"en": "phone", "fr": "téléphone"},
    "import.field.power": {"en": "kind of power", "fr": "type de pouvoir"},
    "import.field.role": {"en": "role", "fr": "rôle"},
    "import.field.host": {"en": "host of a table", "fr": "hôte de table"},
    "import.field.notes": {"en": "notes", "fr": "remarques"},
    # the preview
    "import.preview.file": {
        "en": "File {path} ({encoding}, separator {sep}): {rows}; {blank}",
        "fr": "Fichier {path} ({encoding}, séparateur {sep}) : {rows} ; {blank}",
    },
    "import.sep.quoted": {"en": "'{sep}'", "fr": "« {sep} »"},
    "import.sep.tab": {"en": "tab", "fr": "tabulation"},
    "import.n_rows.one": {"en": "{count} participant", "fr": "{count} participant"},
    "import.n_rows.many": {"en": "{count} participants", "fr": "{count} participants"},
    "import.n_blank.one": {
        "en": "{count} blank row skipped",
        "fr": "{count} ligne vide ignorée",
    },
    "import.n_blank.many": {
        "en": "{count} blank rows skipped",
        "fr": "{count} lignes vides ignorées",
    },
    "import.preview.columns": {"en": "Columns understood: {list}", "fr": "Colonnes lues : {list}"},
    "import.column_fallback": {
        "en": "{header} → {field} (where {first} is empty)",
        "fr": "{header} → {field} (quand {first} est vide)",
    },
    "import.column_civility": {
        "en": "{header} → {field} (kept out of the name, not stored)",
        "fr": "{header} → {field} (hors du nom, non gardée)",
    },
    "import.column_unnamed": {
        "en": "column {number} (no header)",
        "fr": "colonne {number} (sans en-tête)",
    },
    "import.preview.ignored": {"en": "Columns ignored: {list}", "fr": "Colonnes ignorées : {list}"},
    "import.none": {"en": "none", "fr": "aucune"},
    "import.no_duplicates": {"en": "none", "fr": "aucun"},
    "import.preview.powers": {"en": "Kinds of power: {list}", "fr": "Types de pouvoir : {list}"},
    "import.count_of": {"en": "{what}: {count}", "fr": "{what} : {count}"},
    "import.powers.suggested.one": {
        "en": "{count} suggested from Fonction or structure ({detail})",
        "fr": "{count} suggéré par la fonction ou la structure ({detail})",
    },
    "import.powers.suggested.many": {
        "en": "{count} suggested from Fonction or structure ({detail})",
        "fr": "{count} suggérés par la fonction ou la structure ({detail})",
    },
    "import.powers.file.one": {
        "en": "{count} given by the file",
        "fr": "{count} donné par le fichier",
    },
    "import.powers.file.many": {
        "en": "{count} given by the file",
        "fr": "{count} donnés par le fichier",
    },
    "import.powers.kept.one": {
        "en": "{count} already confirmed, kept",
        "fr": "{count} déjà confirmé, gardé",
    },
    "import.powers.kept.many": {
        "en": "{count} already confirmed, kept",
        "fr": "{count} déjà confirmés, gardés",
    },
    "import.powers.none.one": {
        "en": "{count} without a suggestion",
        "fr": "{count} sans suggestion",
    },
    "import.powers.none.many": {
        "en": "{count} without a suggestion",
        "fr": "{count} sans suggestion",
    },
    "import.preview.duplicates": {"en": "Duplicates: {list}", "fr": "Doublons : {list}"},
    "import.added.one": {"en": "{count} participant added", "fr": "{count} participant ajouté"},
    "import.added.many": {"en": "{count} participants added", "fr": "{count} participants ajoutés"},
    "import.updated.one": {"en": "{count} updated", "fr": "{count} mis à jour"},
    "import.updated.many": {"en": "{count} updated", "fr": "{count} mis à jour"},
    "import.unchanged.one": {"en": "{count} unchanged", "fr": "{count} inchangé"},
    "import.unchanged.many": {"en": "{count} unchanged", "fr": "{count} inchangés"},
    "import.tables_created.one": {
        "en": "{count} table created ({names})",
        "fr": "{count} table créée ({names})",
    },
    "import.tables_created.many": {
        "en": "{count} tables created ({names})",
        "fr": "{count} tables créées ({names})",
    },
    "import.would": {"en": "If imported: {changes}", "fr": "À l'import : {changes}"},
    "import.done": {
        "en": "Imported into {session}: {changes}",
        "fr": "Importé dans {session} : {changes}",
    },
    "import.updated_line": {
        "en": "{name} (line {line}): {fields}",
        "fr": "{name} (ligne {line}) : {fields}",
    },
    "import.more": {"en": "... and {count} more", "fr": "... et {count} de plus"},
    "import.not_in_file.one": {
        "en": "{count} participant of the session is not in this file (kept)",
        "fr": "{count} participant de la session n'est pas dans ce fichier (gardé)",
    },
    "import.not_in_file.many": {
        "en": "{count} participants of the session are not in this file (kept)",
        "fr": "{count} participants de la session ne sont pas dans ce fichier (gardés)",
    },
    "import.refused.one": {
        "en": "{path}: nothing imported, {count} problem:",
        "fr": "{path} : rien n'a été importé, {count} problème :",
    },
    "import.refused.many": {
        "en": "{path}: nothing imported, {count} problems:",
        "fr": "{path} : rien n'a été importé, {count} problèmes :",
    },
    "import.dry_run": {
        "en": "Nothing written (--dry-run).",
        "fr": "Rien n'a été écrit (--dry-run).",
    },
    # the TUI
    "import.confirm": {"en": "Import", "fr": "Importer"},
    "import.cancel": {"en": "Cancel", "fr": "Annuler"},
    "import.preview_title": {
        "en": "Before importing {path}",
        "fr": "Avant d'importer {path}",
    },
    "import.cancelled": {"en": "Nothing imported", "fr": "Rien n'a été importé"},
    "import.suggested": {"en": "{power} (suggested)", "fr": "{power} (suggéré)"},
    "import.power_from": {
        "en": "Kind of power (suggested from '{word}': confirm or correct)",
        "fr": "Type de pouvoir (suggéré par « {word} » : confirmez ou corrigez)",
    },
    "tui.key.confirm-power": {
        "en": "Confirm the suggested kind of power",
        "fr": "Confirmer le type de pouvoir suggéré",
    },
    "tui.key.confirm-power.short": {"en": "Confirm power", "fr": "Confirmer le pouvoir"},
    "tui.key.import-confirm": {"en": "Import", "fr": "Importer"},
    "tui.key.import-cancel": {"en": "Cancel", "fr": "Annuler"},
    "import.power_confirmed": {
        "en": "{name}: {power} confirmed",
        "fr": "{name} : {power} confirmé",
    },
}

MESSAGES: dict[str, dict[str, str]] = {
    key: {"en": entry["en"], "fr": _fr(entry["fr"])} for key, entry in _MESSAGES.items()
}
