"""文明单位/村镇/校园/家庭 titles and their annual 复查 (reviews, flags, checklist items)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.hanzi import normalize
from wenming.regions.models import Region, Unit


class TitleKind(models.TextChoices):
    UNIT = "unit", _("文明单位")
    VILLAGE = "village", _("文明村镇")
    CAMPUS = "campus", _("文明校园")
    FAMILY = "family", _("文明家庭")


class TitleLevel(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class TitleStatus(models.TextChoices):
    ACTIVE = "active", _("保持")
    WARNED = "warned", _("警示")
    REVOKED = "revoked", _("已撤销")


class CivilizedUnit(models.Model):
    """A 文明单位/村镇/校园/家庭 title: its holder, level and year, reviewed every year (复查)."""

    kind = models.CharField(_("称号类型"), max_length=8, choices=TitleKind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=TitleLevel.choices)
    holder_name = models.CharField(_("名称"), max_length=100)
    holder_key = models.CharField(_("检索名"), max_length=100, editable=False, db_index=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("对应单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("文明单位、文明校园填写；用于关联曝光案件和黑榜"),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("授予年度"))
    status = models.CharField(
        _("状态"), max_length=8, choices=TitleStatus.choices, default=TitleStatus.ACTIVE
    )
    created = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文明称号")
        verbose_name_plural = _("文明称号")
        ordering = ["kind", "level", "holder_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "holder_name", "year"], name="honors_title_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_title_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.get_level_display()}{self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.holder_key = normalize(self.holder_name)[:100]
        super().save(*args, **kwargs)


class ReviewResult(models.TextChoices):
    RETAIN = "retain", _("保留")
    WARN = "warn", _("警示")
    REVOKE = "revoke", _("撤销")


class TitleReview(models.Model):
    """复查: one year's review of a title, against its kind's checklist."""

    title = models.ForeignKey(
        CivilizedUnit, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("复查年度"))
    result = models.CharField(_("复查结果"), max_length=8, choices=ReviewResult.choices)
    reasons = models.TextField(_("理由"), blank=True)
    failed_items = models.PositiveSmallIntegerField(_("未通过项数"), default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("称号复查")
        verbose_name_plural = _("称号复查")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="honors_one_review_per_year"),
            models.CheckConstraint(
                condition=Q(result=ReviewResult.RETAIN) | ~Q(reasons=""),
                name="honors_warn_revoke_has_reasons",
            ),
        ]


class TitleFlag(models.Model):
    """A serious case against a holder (an exposed case, a 黑榜 placing) that puts its title up
    for review; the 复查 that follows resolves it. ``key`` names the evidence, so a job run
    twice flags once."""

    title = models.ForeignKey(
        CivilizedUnit, verbose_name=_("称号"), on_delete=models.CASCADE, related_name="flags"
    )
    key = models.CharField(_("依据"), max_length=60)
    reason = models.CharField(_("提请复查原因"), max_length=300)
    created = models.DateTimeField(_("提请时间"), default=timezone.now)
    review = models.ForeignKey(
        TitleReview,
        verbose_name=_("处理复查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
    )

    class Meta:
        verbose_name = _("提请复查")
        verbose_name_plural = _("提请复查")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "key"], name="honors_flag_once_per_evidence")
        ]

    def __str__(self) -> str:
        return self.reason


class TitleReviewItem(models.Model):
    """One checklist item's result in a 复查 (items from the inspections checklist of the kind)."""

    review = models.ForeignKey(
        TitleReview, verbose_name=_("复查"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        "inspections.ChecklistItem",
        verbose_name=_("检查项"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    passed = models.BooleanField(_("通过"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("复查检查项")
        verbose_name_plural = _("复查检查项")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="honors_review_item_once")
        ]
