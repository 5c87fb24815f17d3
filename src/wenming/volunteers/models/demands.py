"""群众吹哨、志愿报到: demands, their event log, the teams' pledges and the completion photos."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.regions.models import Region
from wenming.volunteers.models.base import AppendOnly, prefix_index, random_token, region_fk
from wenming.volunteers.models.network import PracticeSite
from wenming.volunteers.models.people import Team


class DemandCategory(models.TextChoices):
    ELDERLY = "elderly", _("养老")
    CHILDREN = "children", _("育幼")
    HARDSHIP = "hardship", _("帮困")
    ENVIRONMENT = "environment", _("环境")
    OTHER = "other", _("其他")


class DemandState(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    OPEN = "open", _("待认领")
    CLAIMED = "claimed", _("服务中")
    COMPLETED = "completed", _("已完成")
    DECLINED = "declined", _("不予受理")


class DemandChannel(models.TextChoices):
    PUBLIC = "public", _("群众扫码")
    WORKER = "worker", _("社区工作者")


class Demand(models.Model):
    """群众吹哨: a need posted by a citizen or a community worker; the station accepts it, a team
    reports for it (志愿报到), completes it and the requester rates it."""

    code = models.CharField(
        _("查询码"), max_length=32, unique=True, default=random_token, editable=False
    )
    category = models.CharField(_("需求类别"), max_length=12, choices=DemandCategory.choices)
    title = models.CharField(_("需求"), max_length=100)
    description = models.TextField(_("详细说明"), blank=True)
    region = region_fk(_("所在社区/村"))
    address = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    wanted_at = models.DateTimeField(_("期望时间"), null=True, blank=True)
    requester_name = models.CharField(_("联系人"), max_length=50, blank=True)
    requester_phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    channel = models.CharField(_("来源"), max_length=8, choices=DemandChannel.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=DemandState.choices, default=DemandState.SUBMITTED
    )
    station = models.ForeignKey(
        PracticeSite,
        verbose_name=_("受理站点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    # Whose to-do list the demand is on: the community's 站, after escalation the town's 所.
    handler_region = models.ForeignKey(
        Region,
        verbose_name=_("承办区划"),
        on_delete=models.PROTECT,
        db_column="handler_region_code",
        related_name="+",
    )
    # Unclaimed after VOLUNTEER_DEMAND_ESCALATE_WORKDAYS working days: the town's 实践所 takes it.
    escalate_after = models.DateTimeField(_("上报期限"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("上报实践所时间"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        PracticeSite,
        verbose_name=_("上报至"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalated_demands",
    )
    offer = models.ForeignKey(
        "ServiceOffer",
        verbose_name=_("所点服务项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("认领队伍"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    decline_reason = models.CharField(_("不予受理理由"), max_length=200, blank=True)
    hours = models.DecimalField(
        _("服务时长"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    served_people = models.PositiveIntegerField(_("服务人次"), null=True, blank=True)
    result = models.TextField(_("服务情况"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评价"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("评价意见"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    created = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("群众需求")
        verbose_name_plural = _("群众需求")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="demand_rating_1_to_5",
            ),
            *position_constraints("demand"),
        ]
        indexes = [
            prefix_index("demand_region_idx"),
            models.Index(fields=["state", "escalate_after"], name="demand_escalation_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class DemandEvent(AppendOnly):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("需求办理记录")
        verbose_name_plural = _("需求办理记录")
        ordering = ["created", "pk"]


class Pledge(models.Model):
    """志愿报到: a team reports for a demand."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="pledges")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="pledges")
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created = models.DateTimeField(_("报到时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿报到")
        verbose_name_plural = _("志愿报到")
        constraints = [
            models.UniqueConstraint(fields=["demand", "team"], name="one_pledge_per_team"),
        ]


def demand_photo_name(instance, filename: str) -> str:
    return random_name("demands", filename)


class DemandPhoto(models.Model):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=demand_photo_name)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务照片")
        verbose_name_plural = _("服务照片")
