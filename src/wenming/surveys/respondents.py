"""The respondent cookie: a random token in a signed cookie, one response per token and survey.

Pages (public app) and the API both read and set it here, so a phone that answered in the
browser is recognised by the API and the other way round.
"""

from __future__ import annotations

RESPONDENT_COOKIE = "wm_respondent"
RESPONDENT_SALT = "wenming.surveys.respondent"
COOKIE_AGE = 400 * 24 * 3600


def respondent_token(request) -> str | None:
    return request.get_signed_cookie(RESPONDENT_COOKIE, default=None, salt=RESPONDENT_SALT)


def set_respondent_cookie(request, response, token: str) -> None:
    response.set_signed_cookie(
        RESPONDENT_COOKIE,
        token,
        salt=RESPONDENT_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
