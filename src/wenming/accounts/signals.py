"""Audit receivers for logins, failed logins, lockouts and logouts, and the credential
revocation that follows a password, activation or role change however it was made."""

from datetime import datetime

from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wenming.accounts import second_factor, services
from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction, AuditOutcome
from wenming.accounts.selectors import login_history_summary
from wenming.clientip import client_ip
from wenming.regions.models import Membership

LOGIN_AT_SESSION_KEY = "wm_login_at"
OTP_PENDING_SESSION_KEY = "wm_otp_pending"  # the code (or enrolment) is still to come
PASSWORD_CHANGE_SESSION_KEY = "wm_password_change"  # reset or expired: change before all else


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # What the person is shown on the first screen: read before this login is recorded.
    note = login_history_summary(user)
    record(actor=user, action=AuditAction.LOGIN, summary="登录成功")
    asks_code = second_factor.asks_code_at_login(user)
    if not asks_code:
        axes_reset(username=user.get_username())  # the login is complete
    if request is not None:
        _tell_login_history(request, note)
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LOGIN_AT_SESSION_KEY] = timezone.now().isoformat()
    # Decided once here; a change of role, device or password ends this session anyway.
    session[OTP_PENDING_SESSION_KEY] = asks_code
    session[PASSWORD_CHANGE_SESSION_KEY] = services.password_change_reason(user)
    if session.session_key:
        services.register_session(
            user=user,
            session_key=session.session_key,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )


def _tell_login_history(request, note: dict) -> None:
    """The first screen after login says when this account last logged in and what failed since."""
    if note["last_login"] is None:
        text = _("这是该账号的首次登录。")
    else:
        text = _("上次登录：%(time)s。") % {
            "time": date_format(
                timezone.localtime(datetime.fromisoformat(note["last_login"])), "Y-m-d H:i"
            )
        }
    if note["failures"]:
        text += _("此后有 %(n)d 次登录失败，如非本人操作请立即修改密码。") % {"n": note["failures"]}
        messages.warning(request, text, fail_silently=True)
    else:
        if note["last_login"] is not None:
            text += _("此后没有失败的登录尝试。")
        messages.info(request, text, fail_silently=True)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, summary="退出登录")
    session = getattr(request, "session", None)
    services.forget_session(session_key=session.session_key if session is not None else None)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        summary="账户已锁定，拒绝登录"
        if locked
        else str(credentials.get("reason", "")) or "用户名或密码错误",
        outcome=AuditOutcome.FAILURE,
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    record(
        actor=None,
        action=AuditAction.LOCKED_OUT,
        username=username or "",
        summary="连续登录失败，账户锁定",
        outcome=AuditOutcome.FAILURE,
    )


# -- Revocation: a credential or role change ends every token and session of the person. --


def _touches(update_fields, names: set[str]) -> bool:
    return update_fields is None or bool(names & set(update_fields))


@receiver(pre_save, sender=get_user_model())
def note_credential_change(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._wm_revoke_reason = None
    if raw or instance.pk is None or not _touches(update_fields, {"password", "is_active"}):
        return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password:
        instance._wm_revoke_reason = "密码变更"
    elif old["is_active"] and not instance.is_active:
        instance._wm_revoke_reason = "账号停用"


@receiver(post_save, sender=get_user_model())
def revoke_on_credential_change(sender, instance, created, raw=False, **kwargs):
    reason = getattr(instance, "_wm_revoke_reason", None)
    if reason:
        instance._wm_revoke_reason = None
        services.revoke_credentials(user=instance, reason=reason)


@receiver(pre_save, sender=Membership)
def note_role_change(sender, instance, raw=False, **kwargs):
    instance._wm_role_changed = False
    if raw or instance.pk is None:
        return
    old_role = sender.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    instance._wm_role_changed = old_role is not None and old_role != instance.role


@receiver(post_save, sender=Membership)
def revoke_on_role_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_wm_role_changed", False):
        instance._wm_role_changed = False
        services.revoke_credentials(user=instance.user, reason="角色变更")


@receiver(post_delete, sender=Membership)
def revoke_on_membership_removed(sender, instance, **kwargs):
    services.revoke_credentials(user=instance.user, reason="移出单位")
