"""The 发文字号 counters: one row per (prefix, year), e.g. 淮创城整 2026 → last number 15."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    prefix = models.CharField(_("机关代字"), max_length=40, help_text=_("如：淮创城整"))
    year = models.PositiveSmallIntegerField(_("年份"))
    last_number = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("发文字号序列")
        verbose_name_plural = _("发文字号序列")
        ordering = ["prefix", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="one_document_sequence_per_prefix_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2999), name="document_sequence_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last_number}号"
