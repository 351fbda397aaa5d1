"""Messages of damaged files, I\/O failures, restore."""

MESSAGES: dict[str, dict[str, str]] = {}
