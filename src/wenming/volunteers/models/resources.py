"""The resource libraries: 人才库 is the volunteers' skills (Volunteer.skills); equipment with
its bookings and the service menu citizens order from are here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.volunteers.models.base import prefix_index, region_fk
from wenming.volunteers.models.demands import DemandCategory
from wenming.volunteers.models.people import Team


class Equipment(models.Model):
    """设备库: equipment a team or site lends, where it is, and how many."""

    name = models.CharField(_("设备名称"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("管理队伍"), on_delete=models.PROTECT, related_name="equipment"
    )
    region = region_fk(_("存放地区划"))
    address = models.CharField(_("存放地点"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("可借用"), default=True)

    class Meta:
        verbose_name = _("设备")
        verbose_name_plural = _("设备")
        ordering = ["region_id", "name", "pk"]
        constraints = [*position_constraints("equipment")]
        indexes = [prefix_index("equipment_region_idx")]

    def __str__(self) -> str:
        return self.name


class EquipmentBooking(models.Model):
    equipment = models.ForeignKey(
        Equipment, verbose_name=_("设备"), on_delete=models.CASCADE, related_name="bookings"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("借用队伍"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("借用开始"))
    ends_at = models.DateTimeField(_("归还时间"))
    purpose = models.CharField(_("用途"), max_length=200)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("设备预约")
        verbose_name_plural = _("设备预约")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
        ]


class ServiceOffer(models.Model):
    """服务项目: a service a team offers that citizens can order (群众点单) from the menu."""

    team = models.ForeignKey(
        Team, verbose_name=_("提供队伍"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("服务项目"), max_length=100)
    category = models.CharField(_("类别"), max_length=12, choices=DemandCategory.choices)
    description = models.CharField(_("服务内容"), max_length=300, blank=True)
    region = region_fk(_("服务区划"))
    is_active = models.BooleanField(_("接受点单"), default=True)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["region_id", "title", "pk"]
        indexes = [prefix_index("offer_region_idx")]

    def __str__(self) -> str:
        return self.title
