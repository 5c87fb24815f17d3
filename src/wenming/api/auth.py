"""Bearer-token authentication for the API (tokens from POST /api/v1/auth/token)."""

from ninja.errors import HttpError
from ninja.security import HttpBearer

from wenming.accounts.services import password_change_message, password_change_reason
from wenming.accounts.tokens import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is None:
            return None
        reason = password_change_reason(user)
        if reason:
            raise HttpError(403, password_change_message(reason))
        request.user = user
        return user
