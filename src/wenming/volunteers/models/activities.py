"""Projects, activities, sign-ups and service records (民政部令第67号: 谁组织谁记录), the
append-only hour corrections and the numbered certificates."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.volunteers.models.base import AppendOnly, prefix_index, random_token, region_fk
from wenming.volunteers.models.people import Team, Volunteer


class Project(models.Model):
    """品牌项目: a named line of service that activities belong to."""

    name = models.CharField(_("项目名称"), max_length=100, unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("实施队伍"), on_delete=models.PROTECT, related_name="projects"
    )
    region = region_fk()
    description = models.TextField(_("项目简介"), blank=True)
    is_brand = models.BooleanField(_("品牌项目"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["name"]
        indexes = [prefix_index("project_region_idx")]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    title = models.CharField(_("活动名称"), max_length=100)
    project = models.ForeignKey(
        Project,
        verbose_name=_("所属项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("组织队伍"), on_delete=models.PROTECT, related_name="activities"
    )
    region = region_fk(_("活动地区划"))
    address = models.CharField(_("活动地点"), max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    radius_m = models.PositiveIntegerField(
        _("签到范围（米）"), null=True, blank=True, help_text=_("留空则按系统默认范围。")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"), null=True, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    # The QR code on the poster: knowing it lets a volunteer sign in, nothing more.
    qr_token = models.CharField(max_length=32, unique=True, default=random_token, editable=False)
    is_cancelled = models.BooleanField(_("已取消"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            *position_constraints("activity"),
        ]
        indexes = [prefix_index("activity_region_idx")]

    def __str__(self) -> str:
        return self.title


class SignUp(models.Model):
    """报名: a volunteer's place in an activity's recruitment."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    created = models.DateTimeField(_("报名时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="one_signup_each"),
        ]


class RecordSource(models.TextChoices):
    SCAN = "scan", _("扫码签到")
    MANUAL = "manual", _("组织方记录")


class ServiceRecord(models.Model):
    """志愿服务记录: one volunteer's service in one activity (谁组织谁记录).

    ``team``, ``region`` and ``service_date`` repeat the activity's, so the figures (hours by
    region and month, by team) read this table alone.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="records"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="records"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("记录队伍"), on_delete=models.PROTECT, related_name="records"
    )
    region = region_fk(_("服务区划"))
    service_date = models.DateField(_("服务日期"))
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    in_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    in_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    out_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    out_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    source = models.CharField(
        _("记录方式"), max_length=8, choices=RecordSource.choices, default=RecordSource.SCAN
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["-service_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"], name="one_record_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="record_hours_0_to_24"
            ),
        ]
        indexes = [
            prefix_index("record_region_idx"),
            models.Index(fields=["service_date", "region"], name="record_date_region_idx"),
            models.Index(fields=["volunteer", "service_date"], name="record_volunteer_date_idx"),
            models.Index(fields=["team", "service_date"], name="record_team_date_idx"),
        ]


class HoursCorrection(AppendOnly):
    """A change of a record's hours by the organising team: the old value, the new, why and who."""

    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("服务记录"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    old_hours = models.DecimalField(_("原时长"), max_digits=5, decimal_places=2)
    new_hours = models.DecimalField(_("更正后时长"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("更正理由"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更正人"), on_delete=models.PROTECT
    )
    created = models.DateTimeField(_("更正时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("时长更正")
        verbose_name_plural = _("时长更正")
        ordering = ["-created", "-pk"]


class Certificate(models.Model):
    """志愿服务证明: numbered, its content frozen when issued (the records it lists, masked name)."""

    number = models.CharField(_("证明编号"), max_length=40, unique=True)
    code = models.CharField(max_length=32, unique=True, default=random_token, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="certificates"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("出具队伍"), on_delete=models.PROTECT, related_name="certificates"
    )
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    total_hours = models.DecimalField(_("累计时长"), max_digits=8, decimal_places=2)
    content = models.JSONField(_("证明内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("出具人"), on_delete=models.PROTECT
    )
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务证明")
        verbose_name_plural = _("志愿服务证明")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number
