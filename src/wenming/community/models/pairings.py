"""结对共建: a unit paired with a community, its disbursements, joint activities and party reports."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.community.models.communities import Community, region_index
from wenming.media import random_name
from wenming.regions.models import Region, Unit


class Pairing(models.Model):
    """结对共建: a unit (e.g. 市民政局) helps a community for a period."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("结对单位"), on_delete=models.PROTECT, related_name="pairings"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="pairings"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("共建内容"), max_length=300, blank=True)
    created = models.DateTimeField(_("建立时间"), default=timezone.now)

    class Meta:
        verbose_name = _("结对共建")
        verbose_name_plural = _("结对共建")
        ordering = ["-start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "community", "start"], name="one_pairing_per_start"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="pairing_end_after_start",
            ),
        ]
        indexes = [region_index("pairing_region_prefix_idx")]

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} ⇄ {self.community}"


class FundPurpose(models.TextChoices):
    CLEANING = "cleaning", _("卫生清理")
    ENVIRONMENT = "environment", _("环境整治")
    FACILITIES = "facilities", _("设施更新")
    SERVICES = "services", _("为民服务")
    OTHER = "other", _("其他")


def pairing_file_path(instance, filename: str) -> str:
    return random_name("community/pairings", filename)


class Disbursement(models.Model):
    """帮扶资金 paid to the paired community."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("拨付日期"))
    purpose = models.CharField(_("用途"), max_length=12, choices=FundPurpose.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    attachment = models.FileField(
        _("凭证"), upload_to=pairing_file_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("凭证文件名"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("帮扶资金")
        verbose_name_plural = _("帮扶资金")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive"),
        ]


class JointActivity(models.Model):
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="activities"
    )
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("活动"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("情况"), blank=True)

    class Meta:
        verbose_name = _("共建活动")
        verbose_name_plural = _("共建活动")
        ordering = ["-held_on", "-pk"]


class PartyReport(models.Model):
    """党员报到 (社区吹哨、党员报到): a party member of the paired unit serves in the community."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="party_reports"
    )
    member_name = models.CharField(_("党员姓名"), max_length=50)
    served_on = models.DateField(_("报到日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1)
    service = models.CharField(_("服务内容"), max_length=200)

    class Meta:
        verbose_name = _("党员报到")
        verbose_name_plural = _("党员报到")
        ordering = ["-served_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="party_report_hours_in_a_day"
            ),
        ]
