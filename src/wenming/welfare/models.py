"""Civil-affairs registers (民生台账): meal points, safety checks, 适老化改造, relief, children.

Everything that lives somewhere stores its ``region_code`` (scoping is a code prefix). Whether a
meal point is 城市 or 农村 is never typed: it is its region's 城乡分类代码 (1xx 城镇, 2xx 乡村).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.media import random_name
from wenming.regions.models import Region, Unit


def _region_field(**kwargs):
    return models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
        **kwargs,
    )


def _region_index(name: str) -> models.Index:
    # Subtree queries are LIKE 'prefix%'; on PostgreSQL that needs pattern ops.
    return models.Index(fields=["region"], name=name, opclasses=["varchar_pattern_ops"])


# --- 老年食堂 / 助餐点 ---------------------------------------------------------------------------


class MealPointStatus(models.TextChoices):
    PLANNED = "planned", _("筹建中")
    OPERATING = "operating", _("运营中")
    SUSPENDED = "suspended", _("暂停运营")
    CLOSED = "closed", _("已停办")


# Built (建成) means open for meals, now or paused: what "全市共建成老年食堂551家" counts.
BUILT_STATUSES = (MealPointStatus.OPERATING, MealPointStatus.SUSPENDED)


class MealPoint(models.Model):
    """老年食堂 / 助餐点."""

    name = models.CharField(_("名称"), max_length=100)
    operator = models.CharField(_("运营主体"), max_length=100, blank=True)
    region = _region_field()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("就餐座位（人）"), default=0)
    opened_on = models.DateField(_("开办日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=MealPointStatus.choices, default=MealPointStatus.OPERATING
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("老年食堂（助餐点）")
        verbose_name_plural = _("老年食堂（助餐点）")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="one_meal_point_name_per_region"
            )
        ]
        indexes = [_region_index("mealpoint_region_prefix_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def area_label(self) -> str:
        """城市 / 农村 from the region's 城乡分类代码 (never typed)."""
        urban = self.region.is_urban
        return "" if urban is None else str(_("城市") if urban else _("农村"))


class CountKind(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")


class MealCount(models.Model):
    """就餐人次 of a day or a month; ``elderly_served`` is the distinct elderly people served
    in that day or month where the operator reports it."""

    meal_point = models.ForeignKey(
        MealPoint, verbose_name=_("助餐点"), on_delete=models.CASCADE, related_name="counts"
    )
    kind = models.CharField(_("统计口径"), max_length=5, choices=CountKind.choices)
    day = models.DateField(_("日期（按月为当月1日）"))
    diners = models.PositiveIntegerField(_("就餐人次"))
    elderly_served = models.PositiveIntegerField(_("服务老年人数"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        verbose_name = _("就餐人次")
        verbose_name_plural = _("就餐人次")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["meal_point", "kind", "day"], name="one_meal_count_per_point_day"
            ),
            models.CheckConstraint(
                condition=Q(kind="day") | Q(day__day=1), name="monthly_meal_count_on_first_day"
            ),
        ]


# --- 安全检查 ---------------------------------------------------------------------------------


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")


class SafetySchedule(models.Model):
    """Who in a unit checks how often: 主要领导、班子成员每月一次, 分管安全工作负责人每周一次 (seed 004)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    region = _region_field()
    duty = models.CharField(_("检查人职务"), max_length=50)
    checker = models.CharField(_("检查人"), max_length=50, blank=True)
    frequency = models.CharField(_("频次"), max_length=8, choices=Frequency.choices)
    starts_on = models.DateField(_("起始日期"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("安全检查计划")
        verbose_name_plural = _("安全检查计划")
        ordering = ["unit_id", "frequency", "duty"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "duty"], name="one_safety_schedule_per_duty")
        ]
        indexes = [_region_index("safetyschedule_region_idx")]

    def __str__(self) -> str:
        return f"{self.duty}（{self.get_frequency_display()}）"


class SafetyCheck(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    region = _region_field()
    schedule = models.ForeignKey(
        SafetySchedule,
        verbose_name=_("检查计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checks",
    )
    checked_on = models.DateField(_("检查日期"))
    checker = models.CharField(_("检查人"), max_length=50)
    place = models.CharField(_("检查场所"), max_length=100)
    note = models.TextField(_("检查情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("安全检查")
        verbose_name_plural = _("安全检查")
        ordering = ["-checked_on", "-pk"]
        indexes = [_region_index("safetycheck_region_idx")]


class SafetyHazard(models.Model):
    """A hazard found by a check; each one opens a case (source 安全检查)."""

    check_record = models.ForeignKey(
        SafetyCheck, verbose_name=_("安全检查"), on_delete=models.CASCADE, related_name="hazards"
    )
    description = models.CharField(_("隐患描述"), max_length=300)
    severity = models.CharField(_("严重程度"), max_length=10, default="general")
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("问题案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("安全隐患")
        verbose_name_plural = _("安全隐患")
        ordering = ["pk"]


class ActivityKind(models.TextChoices):
    TALK = "talk", _("安全宣讲")
    DRILL = "drill", _("应急演练")
    NOTICE = "notice", _("工作提示")


class SafetyActivity(models.Model):
    """安全宣讲, 事故应急演练, 下发工作提示: counted per period."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    region = _region_field()
    kind = models.CharField(_("类型"), max_length=8, choices=ActivityKind.choices)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("主题"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("安全宣讲/演练/工作提示")
        verbose_name_plural = _("安全宣讲/演练/工作提示")
        ordering = ["-held_on", "-pk"]
        indexes = [_region_index("safetyactivity_region_idx")]


# --- 适老化改造 -------------------------------------------------------------------------------


class RetrofitHousehold(models.Model):
    """特殊困难老年人家庭适老化改造: one household's work. The address is personal data (masked)."""

    region = _region_field()
    householder = models.CharField(_("户主"), max_length=50)
    address = models.CharField(_("住址"), max_length=200)
    work = models.CharField(_("改造内容"), max_length=300)
    completed_on = models.DateField(_("完成日期"))
    cost = models.DecimalField(_("费用（元）"), max_digits=10, decimal_places=2, default=0)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("适老化改造")
        verbose_name_plural = _("适老化改造")
        ordering = ["-completed_on", "pk"]
        indexes = [_region_index("retrofit_region_idx")]


# --- 救助管理 ------------------------------------------------------------------------------------


class CampaignKind(models.TextChoices):
    SUMMER = "summer", _("夏季送清凉")
    WINTER = "winter", _("寒冬送温暖")
    OTHER = "other", _("其他专项行动")


class ReliefCampaign(models.Model):
    """专项救助行动 (夏季送清凉, 寒冬送温暖): its patrols and the people it helped."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=CampaignKind.choices)
    region = _region_field()
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    patrols = models.PositiveIntegerField(_("街面巡查（次）"), default=0)
    people_helped = models.PositiveIntegerField(_("救助（人次）"), default=0)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("专项救助行动")
        verbose_name_plural = _("专项救助行动")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="relief_campaign_ordered"
            )
        ]
        indexes = [_region_index("reliefcampaign_region_idx")]

    def __str__(self) -> str:
        return self.name


def relief_photo_path(instance, filename: str) -> str:
    # Unguessable: served only through the relief case's scope (wenming.media).
    return random_name("relief", filename)


class ReliefState(models.TextChoices):
    FOUND = "found", _("街面发现")
    IN_CARE = "in_care", _("站内照料")
    TRACING = "tracing", _("寻亲中")
    RETURNED = "returned", _("已返乡")
    PLACED = "placed", _("已安置")
    ESCORTED = "escorted", _("已护送返乡")


AT_STATION = (ReliefState.IN_CARE, ReliefState.TRACING)
SETTLED = (ReliefState.RETURNED, ReliefState.PLACED, ReliefState.ESCORTED)


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    UNKNOWN = "unknown", _("不详")


class ReliefCase(models.Model):
    """A person found on patrol (流浪乞讨人员) and what became of them: 先救治、后救助 — patrol,
    station care, family tracing, then home, placement or escort (seed 000, 002)."""

    state = models.CharField(
        _("状态"), max_length=10, choices=ReliefState.choices, default=ReliefState.FOUND
    )
    region = _region_field()
    place = models.CharField(_("发现地点"), max_length=200)
    found_at = models.DateTimeField(_("发现时间"))
    condition = models.CharField(_("身体状况"), max_length=300, blank=True)
    photo = models.FileField(_("现场照片"), upload_to=relief_photo_path, max_length=200, blank=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True, help_text=_("不详可不填"))
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(_("年龄（估计）"), null=True, blank=True)
    is_minor = models.BooleanField(_("未成年人"), default=False)
    station = models.CharField(_("救助管理站"), max_length=100, blank=True)
    admitted_at = models.DateTimeField(_("入站时间"), null=True, blank=True)
    settled_at = models.DateTimeField(_("离站时间"), null=True, blank=True)
    destination = models.CharField(_("去向"), max_length=200, blank=True)
    campaign = models.ForeignKey(
        ReliefCampaign,
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    minor_alerted_at = models.DateTimeField(_("滞留提醒时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("救助对象")
        verbose_name_plural = _("救助对象")
        ordering = ["-found_at", "-pk"]
        indexes = [
            _region_index("reliefcase_region_idx"),
            models.Index(fields=["state", "is_minor", "admitted_at"], name="relief_minor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.place}"


class ReliefEvent(models.Model):
    """One step of a relief case: who, when, from → to. Never changed once written."""

    relief_case = models.ForeignKey(
        ReliefCase, verbose_name=_("救助对象"), on_delete=models.CASCADE, related_name="events"
    )
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
    actor_name = models.CharField(_("操作人姓名"), max_length=50, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("救助记录")
        verbose_name_plural = _("救助记录")
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("relief events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("relief events cannot be deleted")


# --- 儿童关爱 (sensitive: 个人信息保护法 art. 28) -----------------------------------------------


class ChildKind(models.TextChoices):
    LEFT_BEHIND = "left_behind", _("农村留守儿童")
    HARDSHIP = "hardship", _("困境儿童")


class Child(models.Model):
    """A child in the care register. Only civil-affairs staff of the child's region see it;
    every view is audited; exports are masked."""

    kind = models.CharField(_("类别"), max_length=12, choices=ChildKind.choices)
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("出生日期"))
    region = _region_field()
    address = models.CharField(_("住址"), max_length=200, blank=True)
    guardian_name = models.CharField(_("监护人"), max_length=50, blank=True)
    guardian_phone = models.CharField(_("监护人电话"), max_length=20, blank=True)
    situation = models.TextField(_("基本情况"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关爱儿童")
        verbose_name_plural = _("关爱儿童")
        ordering = ["region_id", "pk"]
        indexes = [_region_index("child_region_idx")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CareKind(models.TextChoices):
    VISIT = "visit", _("走访")
    SUPPORT = "support", _("帮扶")


class CareRecord(models.Model):
    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="care_records"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=CareKind.choices)
    day = models.DateField(_("日期"))
    content = models.CharField(_("内容"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("关爱记录")
        verbose_name_plural = _("关爱记录")
        ordering = ["-day", "-pk"]
