"""App-wide messages: past-tense events the screens react to."""

from __future__ import annotations

from textual.message import Message

from facilitate.service import Change


class RecordSaved(Message):
    """A record (or the session description) was saved, from the keyboard or a phone.

    The app posts one to each screen of its stack; a screen that shows records handles it with
    `@on(RecordSaved)`. It does not bubble: the app has told every screen already."""

    bubble = False

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class ClockMoved(Message):
    """A manual clock (tests, the demo) was moved: the countdowns redraw now, not at the next
    tick of real time. Posted to each screen of the stack, like `RecordSaved`."""

    bubble = False
