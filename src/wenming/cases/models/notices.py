"""Documents issued to units (整改通知书, 督办单…) and the escalation steps that issued them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.cases.models.case import Case
from wenming.regions.models import Region, Unit


class NoticeKind(models.TextChoices):
    RECTIFICATION = "rectification", _("整改通知书")
    SUPERVISION = "supervision", _("督办单")
    REMINDER = "reminder", _("到期提醒")
    EXPOSURE = "exposure", _("挂牌督办通知")


class Notice(models.Model):
    """A generated document tied to a unit (and a case): its content is frozen when it is issued."""

    kind = models.CharField(_("类型"), max_length=14, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    # 发文字号 from the documents app's counters (淮创城整〔2026〕15号); reminders carry none.
    number = models.CharField(_("文号"), max_length=50, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("主送单位"), on_delete=models.PROTECT, related_name="notices"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("涉及案件"), blank=True, related_name="listed_in_notices"
    )
    recipient_name = models.CharField(_("接收人"), max_length=50, blank=True)
    content = models.JSONField(_("内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("通知书")
        verbose_name_plural = _("通知书")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="notice_number_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="notice_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class EscalationJob(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    SUPERVISION = "supervision", _("逾期督办")
    EXPOSURE = "exposure", _("挂牌督办")


class EscalationStep(models.Model):
    """A step of the escalation ladder taken for a case; the unique key makes every job idempotent."""

    job = models.CharField(_("步骤"), max_length=12, choices=EscalationJob.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="escalations"
    )
    step = models.CharField(_("期次"), max_length=40, help_text=_("对应的整改期限；延期后重新计算"))
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "case", "step"], name="escalation_once_per_step")
        ]
