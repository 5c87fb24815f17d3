"""The outbox of messages to people (DESIGN.md §4a, Notifier): one row per recipient and message.

The in-app message centre reads these rows; other channels (SMS for citizens, issue 12) are
backends that deliver the same rows, so what was sent, to whom and when stays in one table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    DISPATCH = "dispatch", _("新交办")
    REWORK = "rework", _("返工")
    REMINDER = "reminder", _("到期提醒")
    SUPERVISION = "supervision", _("督办")
    BULLETIN = "bulletin", _("通报发布")
    CODE = "code", _("验证码")
    PROGRESS = "progress", _("办理进度")


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # A citizen with no account is reached at a phone number (the SMS channel's address).
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=MessageKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    backend = models.CharField(_("发送渠道"), max_length=20)
    created = models.DateTimeField(_("生成时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(phone=""),
                name="message_has_an_address",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created"],
                name="message_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["created"],
                name="message_undelivered_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
