"""Audit log, API tokens, sessions and each account's security state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.records import WriteOnce, WriteOnceQuerySet


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账户锁定")
    LOGOUT = "logout", _("退出")
    TOKEN_ISSUED = "token_issued", _("签发令牌")
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    # Reading sensitive personal information (个人信息保护法 art. 28: children's records) is
    # itself recorded.
    VIEW = "view", _("查看敏感信息")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重置密码")
    CREDENTIALS_REVOKED = "revoked", _("吊销令牌和会话")
    UNLOCK = "unlock", _("解除锁定")
    OTP_ENROLLED = "otp_enrolled", _("绑定动态口令")
    OTP_VERIFIED = "otp_verified", _("动态口令验证")
    OTP_FAILED = "otp_failed", _("动态口令错误")
    OTP_RESET = "otp_reset", _("重置动态口令")
    SESSION_EXPIRED = "session_expired", _("会话到期")
    AUDIT_PRUNED = "audit_pruned", _("清理过期审计日志")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AuditLogImmutable(Exception):
    """The audit log is append-only: no row is changed or deleted except by the retention job."""


class AuditEventQuerySet(WriteOnceQuerySet):
    def prune_before(self, cutoff) -> int:
        """Delete the rows older than ``cutoff``: only the retention job calls this."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AuditEvent(WriteOnce):
    """One line of the audit log; written in the same transaction as the change it records."""

    refusal = AuditLogImmutable
    edit_refused = "审计日志不可修改。"
    delete_refused = "审计日志不可删除。"

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("账号"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    channel = models.CharField(_("渠道"), max_length=10, blank=True)
    outcome = models.CharField(
        _("结果"),
        max_length=10,
        choices=AuditOutcome.choices,
        default=AuditOutcome.SUCCESS,
        db_index=True,
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.summary}"
        )


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")


class AccountSecurity(models.Model):
    """Per-account security state: a forced password change and when the password last changed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="security",
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self) -> str:
        return str(self.user)


class UserSession(models.Model):
    """A web session of a user, so that they can see and end it (Django's table has no user column)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="web_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(_("登录时间"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-created"]
