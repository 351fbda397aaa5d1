"""Messages of preparation: user formats, set-up of rounds and tables, content language."""

MESSAGES: dict[str, dict[str, str]] = {}
