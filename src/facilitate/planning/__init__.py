"""Planning: world café rotations and the open forum agenda, pure Python and UI-free."""

from __future__ import annotations

from facilitate.i18n import LocalisedError, Message


class PlanningError(LocalisedError):
    """A planning refusal raised with a message key and its values (`planning.*` in the
    catalogues), worded where it is shown: `message(lang)`; `str()` is English."""

    def __init__(self, why: str | Message, /, **values: object) -> None:
        super().__init__(why if isinstance(why, Message) else Message(why, **values))


class InstanceError(PlanningError):
    """The instance JSON is malformed: the message names the field and what is wrong."""


class InfeasibleError(PlanningError):
    """No plan can satisfy the hard constraints: the message gives the reason."""


__all__ = ["InfeasibleError", "InstanceError", "PlanningError"]
