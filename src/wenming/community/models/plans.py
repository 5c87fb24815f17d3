"""一居一策: a weak community's plan, its measures, milestones, funds, events and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.community.models.communities import Community, region_index
from wenming.records import WriteOnce
from wenming.regions.models import Region, Unit


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    ACTIVE = "active", _("推进中")
    DONE = "done", _("已达标")


class Plan(models.Model):
    """一居一策: a weak community's plan to meet the standard by a date."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="plans"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    title = models.CharField(_("计划名称"), max_length=200)
    start = models.DateField(_("开始日期"))
    target = models.DateField(_("计划达标日期"))
    state = models.CharField(
        _("状态"), max_length=8, choices=PlanState.choices, default=PlanState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("制订时间"), default=timezone.now)

    class Meta:
        verbose_name = _("一居一策计划")
        verbose_name_plural = _("一居一策计划")
        ordering = ["target", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=~Q(state="done"),
                name="one_open_plan_per_community",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=models.F("start")), name="plan_target_after_start"
            ),
        ]
        indexes = [region_index("plan_region_prefix_idx")]

    def __str__(self) -> str:
        return self.title


class MeasureKind(models.TextChoices):
    NEW = "new", _("新建")
    REBUILD = "rebuild", _("改建")
    BUY = "buy", _("购买")
    RENT = "rent", _("租借")
    SERVICE = "service", _("服务提升")


class Measure(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("措施"), max_length=8, choices=MeasureKind.choices)
    description = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = _("达标措施")
        verbose_name_plural = _("达标措施")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"


class Milestone(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("完成时限"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class Fund(models.Model):
    """Money for a plan: amount and source (e.g. 市级奖补, 区级配套)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="funds"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    source = models.CharField(_("资金来源"), max_length=100)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("计划资金")
        verbose_name_plural = _("计划资金")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_fund_positive"),
        ]


class PlanEvent(WriteOnce):
    """One step of a plan's life; written once, never changed."""

    edit_refused = _("计划记录不可修改。")
    delete_refused = _("计划记录不可删除。")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=8, blank=True)
    to_state = models.CharField(_("新状态"), max_length=8, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("计划记录")
        verbose_name_plural = _("计划记录")
        ordering = ["at", "pk"]


class PlanNotice(models.Model):
    """A 整改通知书 issued because a plan fell behind schedule. One per (plan, late milestone):
    the unique key is what keeps a re-run of the daily job, or a second click, from issuing twice."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="notices")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey("cases.Notice", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("下发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进度整改通知")
        verbose_name_plural = _("进度整改通知")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "milestone"], name="one_notice_per_late_milestone"
            ),
        ]
