"""What participation's services refuse, with the message a citizen or a client reads."""

from __future__ import annotations

from django.utils.translation import gettext as _


class ParticipationError(Exception):
    """Input the service refuses (422); ``field`` names the form field when there is one."""

    status = 422

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class TooManyRequests(ParticipationError):
    status = 429


class Forbidden(ParticipationError):
    status = 403


class NotFound(ParticipationError):
    status = 404


class Conflict(ParticipationError):
    status = 409


def too_many() -> TooManyRequests:
    """A flood's refusal (429), the same words for every limit of the channel."""
    return TooManyRequests(_("提交过于频繁，请稍后再试。"))
