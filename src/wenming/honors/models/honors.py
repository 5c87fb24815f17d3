"""The honours registry: a level's result of the selection, or an honour conferred outside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.honors.models.people import Category, Level, Person
from wenming.honors.models.selection import Nomination
from wenming.regions.models import Region


class ExternalHonor(models.TextChoices):
    """Honours conferred outside the five levels, recorded against the same person."""

    CITY_MODEL = "city_model", _("市道德模范")
    ANHUI_GOOD = "anhui_good", _("安徽好人")
    PROVINCE_MODEL = "province_model", _("省道德模范")
    CHINA_GOOD = "china_good", _("中国好人榜")
    NATIONAL_MODEL = "national_model", _("全国道德模范")


EXTERNAL_LEVEL = {
    ExternalHonor.CITY_MODEL: Level.CITY,
    ExternalHonor.ANHUI_GOOD: Level.PROVINCE,
    ExternalHonor.PROVINCE_MODEL: Level.PROVINCE,
    ExternalHonor.CHINA_GOOD: Level.NATIONAL,
    ExternalHonor.NATIONAL_MODEL: Level.NATIONAL,
}
# 省级以上 honourees get the yearly free health check (seed 001).
HEALTH_CHECK_LEVELS = (Level.PROVINCE, Level.NATIONAL)


class Honor(models.Model):
    """An honour: a level's result of the selection ("2026年第三季度田家庵区好人"), or an external
    one (安徽好人, 中国好人榜, 道德模范) with its date and source."""

    person = models.ForeignKey(
        Person, verbose_name=_("好人"), on_delete=models.PROTECT, related_name="honors"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("推荐"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    external = models.CharField(
        _("荣誉名称"), max_length=16, choices=ExternalHonor.choices, blank=True
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    title = models.CharField(_("称号"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    conferred_on = models.DateField(_("授予日期"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-conferred_on", "-pk"]
        constraints = [
            # Each level of a nomination confers its honour once.
            models.UniqueConstraint(
                fields=["nomination", "level"],
                condition=Q(nomination__isnull=False),
                name="honors_one_honor_per_nomination_level",
            ),
            models.CheckConstraint(
                condition=Q(nomination__isnull=False, external="")
                | Q(nomination__isnull=True) & ~Q(external=""),
                name="honors_selected_or_external",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="honors_honor_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["level", "year"], name="honors_honor_level_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.title}"
