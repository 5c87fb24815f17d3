"""Bearer-token authentication for the API (tokens from POST /api/v1/auth/token)."""

from ninja.security import HttpBearer

from wenming.accounts.tokens import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
