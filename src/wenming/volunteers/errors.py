"""The domain errors of the volunteer service (pages show ``message``; the API answers 422/409)."""

from __future__ import annotations


class VolunteerError(Exception):
    """A business rule refused the change; ``message`` says why, in Chinese."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class ScanRefused(VolunteerError):
    """A QR sign-in or sign-out outside the activity's window or place."""
