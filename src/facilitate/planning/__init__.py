"""Planning: world café rotations and the open forum agenda, pure Python and UI-free."""

from __future__ import annotations


class InstanceError(ValueError):
    """The instance JSON is malformed: the message names the field and what is wrong."""


class InfeasibleError(ValueError):
    """No plan can satisfy the hard constraints: the message gives the reason."""


__all__ = ["InfeasibleError", "InstanceError"]
