"""礼遇帮扶: the assistance budget and its grants, yearly health checks, 四有 sites and their visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.honors.models.people import Person
from wenming.regions.models import Region


class AssistanceBudget(models.Model):
    """The yearly fund for helping good people in difficulty ("每年拿出100万元")."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("年度资金（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("帮扶资金")
        verbose_name_plural = _("帮扶资金")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="honors_one_budget_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="honors_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.amount}"


class GrantState(models.TextChoices):
    APPLIED = "applied", _("待审批")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已发放")
    REJECTED = "rejected", _("未批准")


class Grant(models.Model):
    """A grant from the budget to an honouree in difficulty: applied → approved → paid."""

    budget = models.ForeignKey(
        AssistanceBudget,
        verbose_name=_("帮扶资金"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("帮扶对象"), on_delete=models.PROTECT, related_name="grants"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("困难情况"))
    state = models.CharField(
        _("状态"), max_length=10, choices=GrantState.choices, default=GrantState.APPLIED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_ref = models.CharField(_("支付凭证号"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("帮扶申请")
        verbose_name_plural = _("帮扶申请")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="honors_grant_positive"),
            models.CheckConstraint(
                condition=~Q(state=GrantState.PAID) | Q(paid_on__isnull=False),
                name="honors_paid_grant_has_date",
            ),
        ]


class CheckState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    DONE = "done", _("已体检")
    MISSED = "missed", _("未参加")


class HealthCheck(models.Model):
    """The yearly free health check of a 省级以上 honouree."""

    person = models.ForeignKey(
        Person, verbose_name=_("好人"), on_delete=models.PROTECT, related_name="health_checks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    scheduled_on = models.DateField(_("安排日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=CheckState.choices, default=CheckState.SCHEDULED
    )
    done_on = models.DateField(_("体检日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("免费体检")
        verbose_name_plural = _("免费体检")
        ordering = ["-year", "scheduled_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="honors_one_check_per_year"),
            models.CheckConstraint(
                condition=~Q(state=CheckState.DONE) | Q(done_on__isnull=False),
                name="honors_done_check_has_date",
            ),
        ]


class SiteKind(models.TextChoices):
    """四有: 市有好人馆、县区有好人广场、街道乡镇有好人榜、社区村组有好人之家."""

    HALL = "hall", _("好人馆")
    SQUARE = "square", _("好人广场")
    BOARD = "board", _("好人榜")
    HOME = "home", _("好人之家")


class HonorSite(models.Model):
    kind = models.CharField(_("类型"), max_length=8, choices=SiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opened_on = models.DateField(_("建成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("四有阵地")
        verbose_name_plural = _("四有阵地")
        ordering = ["region_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="honors_site_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SiteVisit(models.Model):
    """Visitors received by a 四有 site on a day (or a batch entered for a period)."""

    site = models.ForeignKey(
        HonorSite, verbose_name=_("阵地"), on_delete=models.PROTECT, related_name="visits"
    )
    day = models.DateField(_("日期"))
    visitors = models.PositiveIntegerField(_("参观人次"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("参观记录")
        verbose_name_plural = _("参观记录")
        ordering = ["-day", "-pk"]
