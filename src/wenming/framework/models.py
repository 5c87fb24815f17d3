"""The evaluation framework (测评体系): a versioned indicator tree, and the task list (任务清单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.schedule import expected_progress
from wenming.regions.models import Region, Unit


class FrameworkPurpose(models.TextChoices):
    CITY = "city", _("全国文明城市测评体系")
    COMMUNITY = "community", _("社区创建标准")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("生效")
    RETIRED = "retired", _("停用")


class Framework(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    purpose = models.CharField(
        _("用途"), max_length=12, choices=FrameworkPurpose.choices, default=FrameworkPurpose.CITY
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    # The full mark of the basic indicators (e.g. 100); the feature section (特色指标) comes on top.
    total_points = models.DecimalField(
        _("基础指标满分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("测评体系")
        verbose_name_plural = _("测评体系")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"],
                condition=Q(status="active"),
                name="one_active_framework_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"


class Method(models.TextChoices):
    MATERIAL = "material", _("网上申报")
    INSPECTION = "inspection", _("实地考察")
    SURVEY = "survey", _("问卷调查")
    METRIC = "metric", _("数据指标")


class Rule(models.TextChoices):
    RATE = "rate", _("按比例计分")
    DEDUCT = "deduct", _("扣分制")


class Cadence(models.TextChoices):
    ONCE = "once", _("一次性")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")


class Indicator(models.Model):
    """A node of the indicator tree; leaves carry the method, rule and responsible units."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("测评体系"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("编号"), max_length=30)
    name = models.CharField(_("名称"), max_length=300)
    description = models.TextField(_("测评内容"), blank=True)
    depth = models.PositiveSmallIntegerField(_("层级"), default=1)
    position = models.PositiveIntegerField(_("排序"), default=0)
    method = models.CharField(_("测评方法"), max_length=12, choices=Method.choices, blank=True)
    points = models.DecimalField(_("分值"), max_digits=7, decimal_places=2, default=0)
    rule = models.CharField(_("计分规则"), max_length=8, choices=Rule.choices, default=Rule.RATE)
    cadence = models.CharField(
        _("任务周期"), max_length=10, choices=Cadence.choices, default=Cadence.ONCE
    )
    target = models.DecimalField(
        _("目标值"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    evidence = models.TextField(_("佐证材料要求"), blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_indicators",
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="co_indicators"
    )
    # Tables often name several 牵头单位 (市城管局、各区政府): the first is ``lead_unit``, the rest are here.
    joint_lead_units = models.ManyToManyField(
        Unit, verbose_name=_("共同牵头单位"), blank=True, related_name="joint_led_indicators"
    )
    # The feature section (特色指标) scores on top of the basic indicators' full mark.
    is_feature = models.BooleanField(_("特色指标"), default=False)

    class Meta:
        verbose_name = _("测评指标")
        verbose_name_plural = _("测评指标")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_unique_in_framework"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="indicator_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class TaskEvidence(models.TextChoices):
    """Where the task's latest material (网上申报) stands; the task's status follows it."""

    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class Task(models.Model):
    """An indicator × unit × period; a unit may decompose it into sub-tasks (再细化再分解)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="tasks"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    is_lead = models.BooleanField(_("牵头"), default=True)
    title = models.CharField(_("任务"), max_length=300, blank=True)
    period_start = models.DateField(_("开始日期"))
    due = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    evidence = models.CharField(
        _("申报材料"), max_length=10, choices=TaskEvidence.choices, blank=True
    )
    evidence_grade = models.CharField(_("材料评定等级"), max_length=1, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务清单")
        ordering = ["due", "indicator__position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("period_start")), name="task_due_after_start"
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start"],
                condition=Q(parent__isnull=True),
                name="one_root_task_per_indicator_unit_period",
            ),
            models.UniqueConstraint(
                fields=["parent", "unit"],
                condition=Q(parent__isnull=False),
                name="one_subtask_per_unit_under_parent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"], name="task_region_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["unit", "due"], name="task_unit_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.indicator} · {self.unit}"

    @property
    def expected_progress(self) -> int:
        """序时进度 today (Asia/Shanghai)."""
        return expected_progress(self.period_start, self.due, timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.progress < 100 and self.due < timezone.localdate()

    @property
    def is_lagging(self) -> bool:
        """Behind 序时进度: the page highlights these."""
        return self.progress < 100 and self.progress < self.expected_progress


class MetricValue(models.Model):
    """A ledger figure for a metric leaf (数据指标), per unit and period — e.g. 志愿者注册率 13.2 (%).

    Scoring reads these: metric leaf = points × min(1, value / target), the mean of the unit's
    figures whose period overlaps the assessment period.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="metric_values"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="metric_values"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(
        _("数据来源"), max_length=200, blank=True, help_text=_("如：民政局养老服务台账 2026年11月")
    )
    recorded_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["-period_start", "indicator_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start", "period_end"],
                name="one_metric_value_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="metric_value_period_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="metricvalue_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.unit} · {self.value}"


class FeedPeriod(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class MetricFeed(models.Model):
    """A metric leaf fed from a register's figure (wenming.figures) instead of typed: after each
    period ends, ``wenming tick`` records the figure of every unit answering for the leaf."""

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("数据指标"),
        on_delete=models.CASCADE,
        related_name="figure_feed",
        limit_choices_to={"method": "metric"},
    )
    figure_key = models.CharField(_("台账数据"), max_length=60)
    period_kind = models.CharField(
        _("统计周期"), max_length=8, choices=FeedPeriod.choices, default=FeedPeriod.MONTH
    )
    since = models.DateField(_("起始日期"), help_text=_("此日期之后结束的统计期自动取数。"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标自动取数")
        verbose_name_plural = _("指标自动取数")
        ordering = ["indicator__framework_id", "indicator__position"]

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.figure_key}"


class MetricFeedRun(models.Model):
    """One feeding of a period: when it ran and what it did (a re-run within the correction
    window updates changed figures; an unchanged one writes nothing)."""

    feed = models.ForeignKey(MetricFeed, on_delete=models.CASCADE, related_name="runs")
    period_key = models.CharField(_("统计期"), max_length=10)
    ran_at = models.DateTimeField(_("取数时间"))
    recorded = models.PositiveIntegerField(_("新录入"), default=0)
    updated = models.PositiveIntegerField(_("更正"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    no_data = models.PositiveIntegerField(_("无数据"), default=0)

    class Meta:
        verbose_name = _("自动取数记录")
        verbose_name_plural = _("自动取数记录")
        ordering = ["-ran_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "period_key"], name="one_feed_run_per_period"),
        ]
