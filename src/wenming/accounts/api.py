"""POST /api/v1/auth/token: username and password for a bearer token."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from wenming.accounts import second_factor
from wenming.accounts.lockout import locked_until, lockout_message
from wenming.accounts.services import password_change_message, password_change_reason
from wenming.accounts.tokens import issue_token
from wenming.errorbody import ErrorOut as BaseErrorOut

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None  # the authenticator's current code, for accounts with a second factor


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires: str


class ErrorOut(BaseErrorOut):
    retry_after: str | None = None


def _locked(username: str):
    until = locked_until(username)
    return Status(
        429,
        {"detail": lockout_message(until), "retry_after": until.isoformat() if until else None},
    )


@router.post(
    "/token", auth=None, response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
)
def obtain_token(request, payload: TokenIn):
    """Exchange a username and password (and the TOTP code where the account has one) for a
    bearer token; the same lockout as the login page."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            return _locked(payload.username)
        return Status(401, {"detail": _("账号或密码错误。")})
    if second_factor.asks_code_at_login(user):
        if second_factor.confirmed_device(user) is None:
            return Status(403, {"detail": _("该账号须先在网页上绑定动态口令，再使用 API。")})
        if not second_factor.check_api_code(request, user, payload.otp):
            if locked_until(user.get_username()):
                return _locked(user.get_username())
            return Status(401, {"detail": _("动态口令错误或缺失（字段 otp）。")})
    reason = password_change_reason(user)
    if reason:
        return Status(403, {"detail": password_change_message(reason)})
    raw, token = issue_token(user=user)
    return Status(200, {"token": raw, "expires": token.expires.isoformat()})
