"""A work report (工作落实情况报告) of a unit, or of the whole city, for a period: its editable
prose (with figure placeholders such as ``{meal.total}``), its addressee and its 文号."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.regions.models import Region, Unit


class WorkReport(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("报告单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空为全市报告"),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    period_key = models.CharField(_("报告期"), max_length=12)
    title = models.CharField(_("标题"), max_length=200)
    recipient = models.CharField(_("主送"), max_length=100)
    issuer = models.CharField(_("落款"), max_length=100)
    number_prefix = models.CharField(_("机关代字"), max_length=40)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    dated = models.DateField(_("成文日期"))
    sections = models.JSONField(_("正文"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作落实情况报告")
        verbose_name_plural = _("工作落实情况报告")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_key"],
                condition=Q(unit__isnull=False),
                name="one_work_report_per_unit_period",
            ),
            models.UniqueConstraint(
                fields=["region", "period_key"],
                condition=Q(unit__isnull=True),
                name="one_city_report_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title
