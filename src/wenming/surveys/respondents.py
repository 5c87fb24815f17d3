"""Respondent tokens: issued and signed by the server, one response per token and survey.

A token is a random value signed with ``django.core.signing``; a value the server did not sign
is never a respondent, so nobody can pick their own identity (or someone else's) in a request
body. The token travels in a cookie (pages and API alike, so a phone that answered in the
browser is recognised by the API) and is returned by the API for clients without cookies.
Dropping the cookie gives a new token: that repeat is bounded by the per-address rate limit
and the optional per-region quota (README, 问卷调查), not by the token.
"""

from __future__ import annotations

import secrets

from django.core import signing

RESPONDENT_COOKIE = "wm_respondent"
RESPONDENT_SALT = "wenming.surveys.respondent"
COOKIE_AGE = 400 * 24 * 3600
MAX_TOKEN_LENGTH = 200

_signer = signing.Signer(salt=RESPONDENT_SALT)


def issue_token() -> str:
    """A new respondent token, signed by the server."""
    return _signer.sign(secrets.token_urlsafe(18))


def verified_token(value) -> str | None:
    """``value`` when it is a token this server issued, else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN_LENGTH:
        return None
    try:
        _signer.unsign(value)
    except signing.BadSignature:
        return None
    return value


def respondent_token(request) -> str | None:
    """The token in the request's cookie, when the server issued it."""
    return verified_token(request.COOKIES.get(RESPONDENT_COOKIE))


def set_respondent_cookie(request, response, token: str) -> None:
    response.set_cookie(
        RESPONDENT_COOKIE,
        token,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
