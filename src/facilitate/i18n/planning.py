"""Messages of the planners' limits and refusals (reading an instance, the time budget).

French follows French typography: a no-break space (U+00A0) before : ; ? ! (written here with
plain spaces and made typographic by `_fr`).
"""

NBSP = "\u00a0"


def _fr(text: str) -> str:
    for mark in (":", ";", "?", "!"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text


_MESSAGES: dict[str, dict[str, str]] = {
    "planning.too_large": {
        "en": "{path}: larger than {mb} MB, the limit for an instance",
        "fr": "{path} : plus de {mb} Mo, la limite pour une instance",
    },
    "planning.too_deep": {
        "en": "{path}: JSON nested too deeply (a damaged file?)",
        "fr": "{path} : JSON imbriqué trop profondément (fichier endommagé ?)",
    },
    "planning.huge_number": {
        "en": "{path}: a number has more than {digits} digits",
        "fr": "{path} : un nombre a plus de {digits} chiffres",
    },
    "planning.bad_seconds": {
        "en": "--seconds: expected a number of seconds from 0 to {most}, got {value}",
        "fr": "--seconds : nombre de secondes entre 0 et {most} attendu, reçu {value}",
    },
}

MESSAGES: dict[str, dict[str, str]] = {
    key: {"en": entry["en"], "fr": _fr(entry["fr"])} for key, entry in _MESSAGES.items()
}
