"""Audit receivers for logins, failed logins, lockouts and logouts."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(actor=user, action=AuditAction.LOGIN, summary="登录成功")


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, summary="退出登录")


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        summary="账户已锁定，拒绝登录" if locked else "用户名或密码错误",
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    record(
        actor=None,
        action=AuditAction.LOCKED_OUT,
        username=username or "",
        summary="连续登录失败，账户锁定",
    )
