"""Messages of the participant import: columns, merge, preview, powers from Fonction."""

MESSAGES: dict[str, dict[str, str]] = {}
