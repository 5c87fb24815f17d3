"""API bearer tokens: issued on login, stored as a digest, expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from wenming.accounts.audit import record
from wenming.accounts.models import ApiToken, AuditAction


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, user) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(raw),
        expires=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    record(actor=user, action=AuditAction.TOKEN_ISSUED, obj=token, summary="签发 API 令牌")
    return raw, token


def user_for_token(raw: str):
    """The active user holding an unexpired token, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__security")
        .filter(digest=_digest(raw), expires__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user
