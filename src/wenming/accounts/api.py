"""POST /api/v1/auth/token: username and password for a bearer token."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from wenming.accounts.lockout import locked_until, lockout_message
from wenming.accounts.tokens import issue_token

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires: str


class ErrorOut(Schema):
    detail: str
    retry_after: str | None = None


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def obtain_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token; the same lockout as the login page."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            until = locked_until(payload.username)
            return Status(
                429,
                {
                    "detail": lockout_message(until),
                    "retry_after": until.isoformat() if until else None,
                },
            )
        return Status(401, {"detail": _("账号或密码错误。")})
    raw, token = issue_token(user=user)
    return Status(200, {"token": raw, "expires": token.expires.isoformat()})
