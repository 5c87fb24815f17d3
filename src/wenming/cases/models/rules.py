"""What an admin sets for the loop: deadlines, category settings, dispatch rules, holidays, replies."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.cases.models.case import Severity
from wenming.regions.models import Region, Unit


class DeadlineRule(models.Model):
    """整改时限 by category × severity; a blank category applies to every category."""

    category = models.CharField(
        _("问题类别"), max_length=50, blank=True, help_text=_("留空表示适用于所有类别")
    )
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    hours = models.PositiveIntegerField(_("时限（小时）"), null=True, blank=True)
    working_days = models.PositiveIntegerField(_("时限（工作日）"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改时限规则")
        verbose_name_plural = _("整改时限规则")
        ordering = ["category", "severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "severity"], name="one_deadline_rule_per_category_severity"
            ),
            models.CheckConstraint(
                condition=(Q(hours__isnull=False, working_days__isnull=True) & Q(hours__gt=0))
                | (Q(hours__isnull=True, working_days__isnull=False) & Q(working_days__gt=0)),
                name="deadline_rule_hours_xor_days",
            ),
        ]

    def __str__(self) -> str:
        span = (
            _("%(n)d 小时") % {"n": self.hours}
            if self.hours
            else _("%(n)d 个工作日") % {"n": self.working_days}
        )
        return f"{self.category or _('所有类别')} · {self.get_severity_display()} · {span}"


class CaseCategory(models.Model):
    """问题类别设置: what a category of problem asks of the loop. A category without a row asks
    what every category does: an after-photo (整改后照片) when the unit submits its fix."""

    name = models.CharField(_("问题类别"), max_length=50, unique=True)
    after_photo_required = models.BooleanField(
        _("提交整改须附整改后照片"),
        default=True,
        help_text=_("取消勾选表示此类问题可只填写整改情况（如证照、制度类问题，现场无可拍照）"),
    )

    class Meta:
        verbose_name = _("问题类别设置")
        verbose_name_plural = _("问题类别设置")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DispatchRule(models.Model):
    """派单规则: a category in a region (and everything under it) goes to a unit; the deepest region wins."""

    category = models.CharField(_("问题类别"), max_length=50)
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.CASCADE,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        ordering = ["category", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"], name="one_dispatch_rule_per_category_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.region} → {self.unit}"


class CalendarDay(models.Model):
    """A holiday or 调休 workday entered by an admin, for years the calendar package does not know yet.

    An entry also overrides the package for its date.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选表示调休上班日；不勾选表示放假"))
    name = models.CharField(
        _("说明"), max_length=50, blank=True, help_text=_("如：春节、国庆节调休")
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"


class ReplyTemplate(models.Model):
    """常用回复: per-category text for common answers (reject, return, submit, fail…)."""

    category = models.CharField(
        _("问题类别"), max_length=50, blank=True, help_text=_("留空表示适用于所有类别")
    )
    action = models.CharField(_("适用操作"), max_length=24)
    title = models.CharField(_("标题"), max_length=50)
    text = models.TextField(_("内容"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("常用回复")
        verbose_name_plural = _("常用回复")
        ordering = ["action", "category", "position", "pk"]

    def __str__(self) -> str:
        return self.title
