"""The 创建工作台账: a community's ledger entries and their files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.community.models.communities import Community, region_index
from wenming.framework.models import Indicator
from wenming.media import random_name
from wenming.regions.models import Region


class LedgerCategory(models.TextChoices):
    AFTER_SCHOOL = "after_school", _("四点半课堂")
    MORAL = "moral", _("道德讲堂")
    PARENTS = "parents", _("家长学校")
    VOLUNTEER = "volunteer", _("志愿服务")
    PRACTICE = "practice", _("文明实践")
    COUNCIL = "council", _("社区议事")
    ELDERLY = "elderly", _("为老服务")
    OTHER = "other", _("其他活动")


class LedgerEntry(models.Model):
    """台账: one dated activity of a community, with attendance, photos and files, and the
    indicator of the community standard it evidences (it can be handed in as that task's material)."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="ledger"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    category = models.CharField(_("类别"), max_length=14, choices=LedgerCategory.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("活动日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("活动情况"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("佐证指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The material (materials.Submission) this entry was handed in as, once it was.
    submission = models.ForeignKey(
        "materials.Submission",
        verbose_name=_("申报材料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("创建工作台账")
        verbose_name_plural = _("创建工作台账")
        ordering = ["-held_on", "-pk"]
        indexes = [
            region_index("ledger_region_prefix_idx"),
            models.Index(fields=["community", "held_on"], name="ledger_community_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_category_display()} {self.title}"


def ledger_file_path(instance, filename: str) -> str:
    return random_name(f"community/ledger/{instance.entry.held_on:%Y/%m}", filename)


class LedgerFile(models.Model):
    """A photo or document of a ledger entry (checked by wenming.uploads, images re-encoded)."""

    entry = models.ForeignKey(
        LedgerEntry, verbose_name=_("台账"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=ledger_file_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=120)
    kind = models.CharField(_("类型"), max_length=8)
    is_image = models.BooleanField(_("照片"), default=False)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("台账附件")
        verbose_name_plural = _("台账附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
