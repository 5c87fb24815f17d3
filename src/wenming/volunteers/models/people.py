"""Teams (总队 → 分队) and volunteers, with their memberships. The ID number is stored whole and
found for duplicates by its keyed hash (``id_key``, :mod:`wenming.volunteers.identity`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.regions.models import Unit
from wenming.volunteers.models.base import prefix_index, region_fk
from wenming.volunteers.models.network import PracticeSite


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
    region = region_fk()
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
    # Where the team is based, for 群众点单 near it; empty: its practice site's position.
    latitude = latitude_field()
    longitude = longitude_field()
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
            *position_constraints("team"),
        ]
        indexes = [prefix_index("team_region_idx")]

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
    region = region_fk(_("注册地区划"))
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
        indexes = [prefix_index("volunteer_region_idx")]

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
