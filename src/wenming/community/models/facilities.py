"""六个一 facilities, their rooms and photos, and the 四达标 thresholds they are measured against."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.community.models.communities import Community
from wenming.media import random_name


class FacilityKind(models.TextChoices):
    """六个一 (seed 003)."""

    SERVICE = "service", _("综合服务场所")
    CULTURE = "culture", _("文化服务中心")
    MORAL = "moral", _("道德讲堂")
    PARENTS = "parents", _("家长学校")
    MINORS = "minors", _("未成年人活动场所")
    VOLUNTEER = "volunteer", _("志愿服务V站")


class Facility(models.Model):
    """One of the 六个一 at a community: present or not, its area, hours and photos."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.CASCADE, related_name="facilities"
    )
    kind = models.CharField(_("设施"), max_length=10, choices=FacilityKind.choices)
    present = models.BooleanField(_("已建成"), default=False)
    area_m2 = models.DecimalField(
        _("面积（平方米）"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    address = models.CharField(_("位置"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("六个一设施")
        verbose_name_plural = _("六个一设施")
        ordering = ["community", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["community", "kind"], name="one_facility_per_kind"),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0),
                name="facility_area_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.get_kind_display()}"


class RoomFunction(models.TextChoices):
    HALL = "hall", _("服务大厅")
    ACTIVITY = "activity", _("活动室")
    MEDIATION = "mediation", _("调解室")
    LIBRARY = "library", _("图书室")
    PARTY = "party", _("党员活动室")
    ELDERLY = "elderly", _("日间照料室")
    COUNSEL = "counsel", _("心理咨询室")
    OTHER = "other", _("其他功能室")


class Room(models.Model):
    """A function room of the community's service centre (功能室)."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.CASCADE, related_name="rooms"
    )
    function = models.CharField(_("功能"), max_length=10, choices=RoomFunction.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    area_m2 = models.DecimalField(
        _("面积（平方米）"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("功能室")
        verbose_name_plural = _("功能室")
        ordering = ["community", "function", "pk"]

    def __str__(self) -> str:
        return self.name or self.get_function_display()


def facility_photo_path(instance, filename: str) -> str:
    return random_name("community/facilities", filename)


class FacilityPhoto(models.Model):
    facility = models.ForeignKey(
        Facility, verbose_name=_("设施"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("照片"), upload_to=facility_photo_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("设施照片")
        verbose_name_plural = _("设施照片")
        ordering = ["uploaded_at", "pk"]


DEFAULT_REQUIRED_ROOMS = [
    RoomFunction.HALL.value,
    RoomFunction.ACTIVITY.value,
    RoomFunction.MEDIATION.value,
    RoomFunction.LIBRARY.value,
]


def default_required_rooms() -> list[str]:
    return list(DEFAULT_REQUIRED_ROOMS)


class Thresholds(models.Model):
    """四达标 thresholds, one row (pk=1), kept by the coordinator in the admin.

    The service centre needs max(base area, per-100-households area × 百户数): 民政 standards
    set 每百户不低于 30 平方米 with a floor for small communities.
    """

    base_area_m2 = models.DecimalField(
        _("服务中心最低面积（平方米）"), max_digits=7, decimal_places=1, default=Decimal("300")
    )
    area_per_100_households = models.DecimalField(
        _("每百户面积（平方米）"), max_digits=6, decimal_places=1, default=Decimal("30")
    )
    required_rooms = models.JSONField(_("必备功能室"), default=default_required_rooms)
    activities_per_month = models.PositiveSmallIntegerField(_("每月活动次数"), default=4)
    ledger_complete_percent = models.PositiveSmallIntegerField(
        _("台账完整率（%）"),
        default=80,
        help_text=_("当月台账中写明参加人数并附照片或文件的记录所占比例"),
    )
    weak_score_below = models.DecimalField(
        _("薄弱社区得分线"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        help_text=_("社区考核得分率低于此值（百分制）的社区列为薄弱社区"),
    )
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("四达标标准")
        verbose_name_plural = _("四达标标准")
        constraints = [
            models.CheckConstraint(
                condition=Q(ledger_complete_percent__lte=100), name="ledger_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return str(_("四达标标准"))

    def clean(self):
        unknown = set(self.required_rooms or []) - set(RoomFunction.values)
        if unknown:
            raise ValidationError(
                {"required_rooms": _("未知的功能室：%(v)s") % {"v": "、".join(sorted(unknown))}}
            )
