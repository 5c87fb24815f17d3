"""Named domain errors of inspections; pages and the API show ``message``."""

from __future__ import annotations

from collections.abc import Sequence


class InspectionError(Exception):
    """A business rule refused the change; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RoundNotOpen(InspectionError):
    pass


class SiteNotInRound(InspectionError):
    pass


class RoundAlreadyStarted(InspectionError):
    pass


class VisitRejected(InspectionError):
    """The visit cannot be saved; ``errors`` lists every problem at once."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("；".join(errors))
        self.errors = list(errors)
