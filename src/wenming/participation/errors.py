"""What participation's services refuse, with the message a citizen or a client reads."""

from __future__ import annotations


class ParticipationError(Exception):
    """Input the service refuses (422); ``field`` names the form field when there is one."""

    status = 422

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class TooManyRequests(ParticipationError):
    status = 429


class NotFound(ParticipationError):
    status = 404


class Conflict(ParticipationError):
    status = 409
