"""Communities enrolled in the standard (创建范围), and the scheduled jobs run over them.

Everything else hangs off a Community and stores its ``region_code``, so that one scope filter
reads every list (region_index).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.regions.models import Region, Unit


def region_index(name: str) -> models.Index:
    """The index a region subtree filter (region_code LIKE 'prefix%') reads, on every list."""
    return models.Index(fields=["region"], name=name, opclasses=["varchar_pattern_ops"])


class WeakOverride(models.TextChoices):
    COMPUTED = "", _("按达标情况计算")
    WEAK = "weak", _("列为薄弱社区")
    NOT_WEAK = "not_weak", _("不列为薄弱社区")


class Community(models.Model):
    """A community under the standard: its households and population, and the coordinator's
    adjustment of the computed weak list (with the reason)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="community_profile"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("常住人口"), default=0)
    weak_override = models.CharField(
        _("薄弱社区认定"),
        max_length=10,
        choices=WeakOverride.choices,
        blank=True,
        default=WeakOverride.COMPUTED,
    )
    weak_reason = models.TextField(_("调整理由"), blank=True)
    weak_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weak_set_at = models.DateTimeField(_("调整时间"), null=True, blank=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("创建社区")
        verbose_name_plural = _("创建社区")
        ordering = ["region_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weak_override="") | ~Q(weak_reason=""),
                name="community_weak_override_has_reason",
            ),
        ]
        indexes = [region_index("community_region_prefix_idx")]

    def __str__(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def name(self) -> str:
        return str(self)


class ScheduledRun(models.Model):
    """A scheduled community job done for a period (日考核、周通报、月总结): the unique key makes a
    re-run, or a second worker, a no-op."""

    job = models.CharField(_("任务"), max_length=30)
    period_key = models.CharField(_("考核期"), max_length=12)
    started = models.DateTimeField(_("开始时间"), default=timezone.now)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("社区考核定时任务")
        verbose_name_plural = _("社区考核定时任务")
        ordering = ["-started"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_key"], name="community_run_once_per_period"
            )
        ]
