"""新时代文明实践 and volunteer service: the practice network, teams, volunteers, activities and
their service records (民政部令第67号《志愿服务记录与证明出具办法》), certificates, and citizens'
demands claimed by teams (群众吹哨、志愿报到).

Personal numbers (身份证号, 手机号) are stored whole, because the team's own managers may need them
(an audited action), and are never shown whole anywhere else: every page, API response, export and
log goes through :mod:`wenming.privacy`. The ID number is found for duplicates by a keyed hash.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.regions.models import Region, Unit


def _token() -> str:
    return secrets.token_urlsafe(12)


class Immutable(Exception):
    """A record that is evidence (a correction, an event) cannot be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("记录不可修改。")

    def delete(self):
        raise Immutable("记录不可删除。")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise Immutable("记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("记录不可删除。")


def _region_fk(verbose_name=_("所在区划")):
    return models.ForeignKey(
        Region,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )


def _prefix_index(name: str) -> models.Index:
    return models.Index(fields=["region"], name=name, opclasses=["varchar_pattern_ops"])


# --- the practice network (文明实践阵地) ---------------------------------------------------


class SiteLevel(models.TextChoices):
    CENTRE = "centre", _("实践中心")  # county / district
    INSTITUTE = "institute", _("实践所")  # town / street
    STATION = "station", _("实践站")  # community / village
    POINT = "point", _("实践点")  # enterprise, school, other


# The region level each site level sits at (a 点 may sit at any level).
SITE_REGION_LEVEL = {
    SiteLevel.CENTRE: "county",
    SiteLevel.INSTITUTE: "town",
    SiteLevel.STATION: "village",
}


class PracticeSite(models.Model):
    name = models.CharField(_("阵地名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=SiteLevel.choices)
    region = _region_fk()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practice_sites",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    manager_name = models.CharField(_("负责人"), max_length=50, blank=True)
    manager_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("星级"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    stars_year = models.PositiveSmallIntegerField(_("星级评定年度"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文明实践阵地")
        verbose_name_plural = _("文明实践阵地")
        ordering = ["region_id", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="practice_site_name_unique_in_region"
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                name="practice_site_stars_1_to_5",
            ),
            *position_constraints("practice_site"),
        ]
        indexes = [_prefix_index("practice_site_region_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class SiteReviewItem(models.Model):
    """One line of the annual star review (星级评定) checklist; the office configures them."""

    text = models.CharField(_("评定内容"), max_length=200, unique=True)
    points = models.PositiveSmallIntegerField(_("分值"), default=10)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("星级评定项目")
        verbose_name_plural = _("星级评定项目")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SiteReview(models.Model):
    """The annual star review of a site: which items passed, the score and the stars it gives."""

    site = models.ForeignKey(
        PracticeSite, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    passed = models.JSONField(_("达标项目"), default=list)
    score = models.PositiveSmallIntegerField(_("得分"))
    full_score = models.PositiveSmallIntegerField(_("满分"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评定人"), null=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(_("评定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "site_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_site_review_per_year"),
        ]


class RegionPopulation(models.Model):
    """常住人口 of a region in a year: the denominator of the volunteers' share of the population."""

    region = _region_fk(_("区划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    population = models.PositiveIntegerField(_("常住人口"))

    class Meta:
        verbose_name = _("常住人口")
        verbose_name_plural = _("常住人口")
        ordering = ["region_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_population_per_year"),
        ]


# --- teams and volunteers --------------------------------------------------------------------


class TeamKind(models.TextChoices):
    PARTY = "party", _("党员志愿服务队")
    YOUTH = "youth", _("青年志愿服务队")
    WOMEN = "women", _("巾帼志愿服务队")
    ELDERLY = "elderly", _("银龄志愿服务队")
    PROFESSIONAL = "professional", _("专业志愿服务队")
    OTHER = "other", _("其他志愿服务队")


class Team(models.Model):
    """A volunteer team (志愿服务队伍); a 总队 has 分队 under it (``parent``)."""

    name = models.CharField(_("队伍名称"), max_length=100, unique=True)
    kind = models.CharField(_("队伍类型"), max_length=12, choices=TeamKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级队伍（总队）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = _region_fk()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
    )
    site = models.ForeignKey(
        PracticeSite,
        verbose_name=_("所属实践阵地"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
    )
    leader_name = models.CharField(_("队长"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("队伍管理员"),
        blank=True,
        related_name="managed_volunteer_teams",
        help_text=_("谁组织谁记录：只有本队管理员记录、更正服务时长并出具证明。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务队伍")
        verbose_name_plural = _("志愿服务队伍")
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="team_not_own_parent"),
        ]
        indexes = [_prefix_index("team_region_idx")]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class VolunteerSource(models.TextChoices):
    MANUAL = "manual", _("登记")
    IMPORT = "import", _("导入")


class Volunteer(models.Model):
    name = models.CharField(_("姓名"), max_length=50)
    # The whole number, shown only through the audited 查看完整号码 action (privacy.mask_id_number
    # everywhere else); ``id_key`` is its keyed hash, so a duplicate is found without reading it.
    id_number = models.CharField(_("身份证号"), max_length=18)
    id_key = models.CharField(_("身份证号索引"), max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("出生日期"))
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    region = _region_fk(_("注册地区划"))
    skills = models.CharField(_("技能特长"), max_length=200, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, blank=True)
    national_code = models.CharField(_("志愿者编号"), max_length=40, blank=True)
    registered_on = models.DateField(_("注册日期"))
    consent_at = models.DateTimeField(_("同意隐私声明时间"), null=True, blank=True)
    consent_version = models.CharField(_("隐私声明版本"), max_length=20, blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=VolunteerSource.choices, default=VolunteerSource.MANUAL
    )
    teams = models.ManyToManyField(
        Team, verbose_name=_("所在队伍"), through="TeamMember", related_name="volunteers"
    )
    is_active = models.BooleanField(_("在册"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["region_id", "name", "pk"]
        indexes = [_prefix_index("volunteer_region_idx")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        constraints = [
            models.UniqueConstraint(fields=["team", "volunteer"], name="one_membership_per_team"),
        ]


# --- projects, activities, service records ------------------------------------------------


class Project(models.Model):
    """品牌项目: a named line of service that activities belong to."""

    name = models.CharField(_("项目名称"), max_length=100, unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("实施队伍"), on_delete=models.PROTECT, related_name="projects"
    )
    region = _region_fk()
    description = models.TextField(_("项目简介"), blank=True)
    is_brand = models.BooleanField(_("品牌项目"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["name"]
        indexes = [_prefix_index("project_region_idx")]

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
    region = _region_fk(_("活动地区划"))
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
    qr_token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
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
        indexes = [_prefix_index("activity_region_idx")]

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
    region = _region_fk(_("服务区划"))
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
            _prefix_index("record_region_idx"),
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
    code = models.CharField(max_length=32, unique=True, default=_token, editable=False)
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


# --- 群众吹哨、志愿报到 ------------------------------------------------------------------------


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

    code = models.CharField(_("查询码"), max_length=32, unique=True, default=_token, editable=False)
    category = models.CharField(_("需求类别"), max_length=12, choices=DemandCategory.choices)
    title = models.CharField(_("需求"), max_length=100)
    description = models.TextField(_("详细说明"), blank=True)
    region = _region_fk(_("所在社区/村"))
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
            _prefix_index("demand_region_idx"),
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


# --- resource libraries (人才、设备、服务项目) ---------------------------------------------------
# 人才库 is the volunteers' skills (Volunteer.skills); equipment and the service menu are here.


class Equipment(models.Model):
    """设备库: equipment a team or site lends, where it is, and how many."""

    name = models.CharField(_("设备名称"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("管理队伍"), on_delete=models.PROTECT, related_name="equipment"
    )
    region = _region_fk(_("存放地区划"))
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
        indexes = [_prefix_index("equipment_region_idx")]

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
    region = _region_fk(_("服务区划"))
    is_active = models.BooleanField(_("接受点单"), default=True)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["region_id", "title", "pk"]
        indexes = [_prefix_index("offer_region_idx")]

    def __str__(self) -> str:
        return self.title
