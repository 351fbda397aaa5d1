"""Messages of damaged files, I/O failures and restore."""

MESSAGES: dict[str, dict[str, str]] = {
    "store.damaged_listed": {
        "en": "damaged: {why} (facilitate restore {name})",
        "fr": "endommagée : {why} (facilitate restore {name})",
    },
    "store.newer_listed": {
        "en": "written by a newer facilitate (schema {found})",
        "fr": "écrite par une version plus récente de facilitate (schéma {found})",
    },
    "store.restore_hint": {
        "en": "To rebuild it from the last good state: facilitate restore {session}",
        "fr": "Pour la reconstruire à partir du dernier état valide : facilitate restore {session}",
    },
    "store.nothing_to_restore": {
        "en": "{path} and its journal are sound: nothing was changed",
        "fr": "{path} et son journal sont sains : rien n'a été modifié",
    },
    "store.rebuilt": {
        "en": "rebuilt {path} from {snapshot} (saved {when}) plus {replayed} journal entries: {records} records",
        "fr": "{path} reconstruit à partir de {snapshot} (du {when}) et de {replayed} entrées du journal : {records} enregistrements",
    },
    "store.dropped": {
        "en": "left out {dropped} damaged journal entries (or entries after a damaged one)",
        "fr": "{dropped} entrées du journal laissées de côté (endommagées, ou après une entrée endommagée)",
    },
    "store.dropped_none": {
        "en": "no journal entry was left out",
        "fr": "aucune entrée du journal n'a été laissée de côté",
    },
    "store.problem": {"en": "  was wrong: {what}", "fr": "  était en cause : {what}"},
    "store.kept": {
        "en": "  the damaged files are kept: {paths}",
        "fr": "  les fichiers endommagés sont conservés : {paths}",
    },
    "io.failed": {
        "en": "cannot write {path}: {why}; nothing was changed",
        "fr": "impossible d'écrire {path} : {why} ; rien n'a été modifié",
    },
    "io.read_failed": {
        "en": "cannot read {path}: {why}",
        "fr": "impossible de lire {path} : {why}",
    },
    "io.read_only": {"en": "the folder is read-only", "fr": "le dossier est en lecture seule"},
    "io.permission": {"en": "permission denied", "fr": "permission refusée"},
    "io.disk_full": {"en": "the disk is full", "fr": "le disque est plein"},
    "io.quota": {"en": "the disk quota is exceeded", "fr": "le quota disque est dépassé"},
}
