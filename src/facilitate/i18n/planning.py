"""Messages of the planners' limits and refusals."""

MESSAGES: dict[str, dict[str, str]] = {}
