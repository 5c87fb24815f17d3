"""Assessments (考核), their frozen per-unit results, bulletins (通报) and the job ledger.

An Assessment is a snapshot: the indicator tree, the parameters and every unit's evidence
counts and scores are stored with it, so re-reading it always gives the same numbers. A
correction is a new revision; the old one stays, marked as superseded.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Framework
from wenming.periods import PeriodKind, parse_period
from wenming.regions.models import Region, Unit, UnitKind

# The unit kinds ranked against each other, in the order a bulletin lists them.
RANKED_KINDS = [UnitKind.DEPARTMENT, UnitKind.GOVERNMENT, UnitKind.STREET, UnitKind.COMMUNITY]
RANKED_KIND_TITLES = {
    UnitKind.DEPARTMENT: _("市直部门"),
    UnitKind.GOVERNMENT: _("县区"),
    UnitKind.STREET: _("街道/乡镇"),
    UnitKind.COMMUNITY: _("社区/村"),
}


class Assessment(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("测评体系"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("考核范围"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    period_kind = models.CharField(_("考核期类型"), max_length=8, choices=PeriodKind.CHOICES)
    period_key = models.CharField(_("考核期"), max_length=12)
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    revision = models.PositiveSmallIntegerField(_("修订版次"), default=1)
    is_current = models.BooleanField(_("现行版本"), default=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("更正的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    reason = models.TextField(_("更正原因"), blank=True)
    # Inputs frozen with the snapshot: the parameters and the indicator tree as they were.
    parameters = models.JSONField(_("考核参数"), default=dict)
    tree = models.JSONField(_("指标体系快照"), default=list)
    # The whole scope's figures (city-wide leaf scores, case figures by category and district).
    summary = models.JSONField(_("总体情况"), default=dict)
    created = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering = ["-period_start", "period_kind", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "region", "period_key", "revision"],
                name="assessment_revision_unique",
            ),
            models.UniqueConstraint(
                fields=["framework", "region", "period_key"],
                condition=Q(is_current=True),
                name="one_current_assessment_per_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="assessment_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["period_kind", "period_start"], name="assessment_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · 第 {self.revision} 版"

    @property
    def period(self):
        return parse_period(self.period_key)

    @property
    def period_label(self) -> str:
        return self.period.label


class AssessmentUnit(models.Model):
    """One unit's frozen result in an assessment: evidence counts, scores, rank, movement."""

    # No index of its own: the unique (assessment, unit) constraint leads with it.
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("考核"),
        on_delete=models.CASCADE,
        related_name="rows",
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类型"), max_length=12, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    score = models.DecimalField(_("测评得分"), max_digits=9, decimal_places=2, default=0)
    max_points = models.DecimalField(_("已测评分值"), max_digits=9, decimal_places=2, default=0)
    composite = models.DecimalField(
        _("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    sample = models.PositiveIntegerField(_("样本量"), default=0)
    listed_apart = models.BooleanField(_("样本不足单列"), default=False)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    previous_rank = models.PositiveIntegerField(_("上期排名"), null=True, blank=True)
    movement = models.CharField(_("名次变化"), max_length=8, blank=True)
    honour = models.CharField(_("红黑榜"), max_length=5, blank=True)  # "red", "black" or ""
    # {"framework": 83.5, "on_time_rate": 90.0, …}: each component 0..100 or null.
    components = models.JSONField(_("分项"), default=dict)
    # {indicator id: [score, max points, sample, note]} for every node; score null = no evidence.
    scores = models.JSONField(_("指标得分"), default=dict)
    # The evidence counts behind the components (cases, tasks, visits…).
    figures = models.JSONField(_("基础数据"), default=dict)

    class Meta:
        verbose_name = _("单位考核结果")
        verbose_name_plural = _("单位考核结果")
        ordering = ["assessment", "kind", "rank", "unit_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "unit"], name="one_row_per_unit_per_assessment"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="assessmentunit_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.composite}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("考核结果已冻结，不可修改；如需更正请生成新的修订版。"))
        super().save(*args, **kwargs)


class BulletinKind(models.TextChoices):
    WEEKLY = "weekly", _("周通报")
    MONTHLY = "monthly", _("月总结")
    QUARTERLY = "quarterly", _("季度点评")


BULLETIN_PERIOD_KIND = {
    BulletinKind.WEEKLY: PeriodKind.WEEK,
    BulletinKind.MONTHLY: PeriodKind.MONTH,
    BulletinKind.QUARTERLY: PeriodKind.QUARTER,
}


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审定")
    PUBLISHED = "published", _("已发布")


class Bulletin(models.Model):
    """通报: the document made from one Assessment. Its figures are frozen; only the prose changes."""

    kind = models.CharField(_("类型"), max_length=10, choices=BulletinKind.choices)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("依据考核"), on_delete=models.PROTECT, related_name="bulletins"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("发布范围"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    figures = models.JSONField(_("数据"), default=dict)
    requirements = models.TextField(_("下步要求"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "assessment"], name="one_bulletin_per_kind_per_assessment"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="bulletin_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="bulletin_published_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="bulletin_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == BulletinStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == BulletinStatus.PUBLISHED


class ScheduledRun(models.Model):
    """A scheduled job done for a period: the unique key makes a re-run or a second worker a no-op."""

    job = models.CharField(_("任务"), max_length=30)
    period_key = models.CharField(_("考核期"), max_length=12)
    started = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")
        ordering = ["-started"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_key"], name="scheduled_run_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period_key}"
