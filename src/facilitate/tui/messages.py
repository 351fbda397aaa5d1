"""App-wide messages: past-tense events the screens react to."""

from __future__ import annotations

from textual.message import Message

from facilitate.service import Change


class RecordSaved(Message):
    """A record (or the session description) was saved, from the keyboard or a phone."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class SessionOpened(Message):
    """A session was opened for writing."""


class SessionClosed(Message):
    """The open session was closed."""
