"""Named domain errors of the case loop; the API maps them once (409 / 422)."""

from __future__ import annotations


class CaseError(Exception):
    """A business rule refused the request; ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseInputError(CaseError):
    """The request is well-formed but its content is not acceptable (422)."""


class CaseOutOfTerritory(CaseInputError):
    """A report names a region that does not exist or lies outside the reporter's territory;
    the API answers both like an object out of scope (404)."""


class CaseTransitionError(CaseError):
    """The action is not possible in the case's current state (409); ``allowed`` lists what is."""

    def __init__(self, message: str, *, state: str, allowed: list[str]):
        super().__init__(message)
        self.state = state
        self.allowed = allowed


class CaseConflict(CaseTransitionError):
    """Someone else changed the case since the form was loaded (409)."""
