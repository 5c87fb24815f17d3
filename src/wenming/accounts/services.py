"""Every write about an account's security: passwords, tokens, sessions, lockout, second factor.

A credential change (password changed or reset, account deactivated, role changed) revokes the
user's API tokens and ends their web sessions wherever it comes from (this page, the admin, an
import, ``manage.py changepassword``): :mod:`wenming.accounts.signals` calls
:func:`revoke_credentials` when the row changes.
"""

from __future__ import annotations

from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wenming.accounts.audit import record
from wenming.accounts.models import (
    AccountSecurity,
    ApiToken,
    AuditAction,
    AuditEvent,
    UserSession,
)
from wenming.accounts.passwords import temporary_password
from wenming.regions import permissions


class AccountSecurityError(Exception):
    """A refused security change; ``message`` is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


PASSWORD_RESET = "reset"
PASSWORD_EXPIRED = "expired"


def password_change_reason(user) -> str | None:
    """Why ``user`` must change their password before doing anything else, or None."""
    try:
        security = user.security  # select_related by the token lookup
    except AccountSecurity.DoesNotExist:
        security = None
    if security is not None and security.must_change_password:
        return PASSWORD_RESET
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age:
        changed = (security.password_changed_at if security else None) or user.date_joined
        if changed + timedelta(days=max_age) <= timezone.now():
            return PASSWORD_EXPIRED
    return None


def password_change_message(reason: str) -> str:
    """What the API answers (403) while the password must be changed on the web."""
    if reason == PASSWORD_EXPIRED:
        return _("密码已过期，请先登录网页修改密码后再使用 API。")
    return _("密码已被管理员重置，请先登录网页修改密码后再使用 API。")


def revoke_credentials(*, user, reason: str) -> tuple[int, int]:
    """Delete ``user``'s API tokens and end their web sessions; returns (tokens, sessions)."""
    tokens, _n = ApiToken.objects.filter(user=user).delete()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    sessions, _n = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    if tokens or sessions:
        # No actor row: this runs while a membership is deleted, perhaps with its user.
        record(
            actor=None,
            username=user.get_username(),
            action=AuditAction.CREDENTIALS_REVOKED,
            obj=user,
            summary=f"{reason}：吊销 {tokens} 个 API 令牌，结束 {sessions} 个会话",
        )
    return tokens, sessions


def register_session(*, user, session_key: str, ip: str | None, user_agent: str) -> None:
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "ip": ip, "user_agent": user_agent[:200]},
    )


def forget_session(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def change_own_password(*, actor, current_password: str, new_password: str) -> None:
    """The user sets a new password; their tokens and other sessions end (see module doc)."""
    if not actor.check_password(current_password):
        raise AccountSecurityError(_("当前密码不正确。"), field="current_password")
    if current_password == new_password:
        raise AccountSecurityError(_("新密码不能与当前密码相同。"), field="new_password")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise AccountSecurityError(" ".join(exc.messages), field="new_password") from exc
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save()
        AccountSecurity.objects.update_or_create(
            user=actor,
            defaults={"must_change_password": False, "password_changed_at": timezone.now()},
        )
        record(actor=actor, action=AuditAction.PASSWORD_CHANGED, obj=actor, summary="修改密码")


def _managed_user(actor, user_id: int):
    permissions.ensure_can(actor, permissions.MANAGE_SECURITY)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def reset_password(*, actor, user_id: int) -> str:
    """Security admin: give ``user`` a temporary password that must be changed at next login."""
    user = _managed_user(actor, user_id)
    if user.pk == actor.pk:
        raise AccountSecurityError(_("不能重置自己的密码，请在“账号安全”中修改。"))
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.save()
        AccountSecurity.objects.update_or_create(
            user=user,
            defaults={"must_change_password": True, "password_changed_at": timezone.now()},
        )
        axes_reset(username=user.get_username())
        record(
            actor=actor,
            action=AuditAction.PASSWORD_RESET,
            obj=user,
            summary=f"重置 {user.get_username()} 的密码（下次登录须修改）",
        )
    return password


def unlock_account(*, actor, user_id: int) -> int:
    """Security admin: lift a lockout after failed logins; returns the attempts cleared."""
    user = _managed_user(actor, user_id)
    with transaction.atomic():
        cleared = axes_reset(username=user.get_username())
        record(
            actor=actor,
            action=AuditAction.UNLOCK,
            obj=user,
            summary=f"解除 {user.get_username()} 的登录锁定",
        )
    return cleared


def reset_second_factor(*, actor, user_id: int) -> int:
    """Security admin: remove ``user``'s TOTP devices (a lost phone); they enrol again."""
    user = _managed_user(actor, user_id)
    with transaction.atomic():
        removed, _n = TOTPDevice.objects.filter(user=user).delete()
        revoke_credentials(user=user, reason="重置动态口令")
        record(
            actor=actor,
            action=AuditAction.OTP_RESET,
            obj=user,
            summary=f"重置 {user.get_username()} 的动态口令",
        )
    return removed


def revoke_own_token(*, actor, token_id: int) -> None:
    with transaction.atomic():
        deleted, _n = ApiToken.objects.filter(user=actor, pk=token_id).delete()
        if not deleted:
            raise Http404
        record(actor=actor, action=AuditAction.CREDENTIALS_REVOKED, summary="吊销 API 令牌")


def end_own_session(*, actor, session_id: int) -> None:
    with transaction.atomic():
        session = UserSession.objects.filter(user=actor, pk=session_id).first()
        if session is None:
            raise Http404
        Session.objects.filter(session_key=session.session_key).delete()
        session.delete()
        record(actor=actor, action=AuditAction.CREDENTIALS_REVOKED, summary="结束登录会话")


def prune_audit_log(*, now=None) -> int:
    """Delete audit rows older than AUDIT_RETENTION_DAYS (never fewer than 184: six months).

    A row exactly at the limit stays. Running it twice deletes nothing the second time.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        deleted = AuditEvent.objects.prune_before(cutoff)
        if deleted:
            record(
                actor=None,
                action=AuditAction.AUDIT_PRUNED,
                summary=f"清理 {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 之前的审计日志 {deleted} 条",
            )
    return deleted
