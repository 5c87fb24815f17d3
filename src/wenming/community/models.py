"""The community standard (seed 003): 六个一 facilities, 四达标 thresholds, the 创建工作台账,
weak communities with their 一居一策 plans, and 结对共建 pairings (seed 000).

A Community is a community committee (a Unit of kind community) enrolled in the standard
(创建范围: the city's urban communities); everything else hangs off it and stores its
``region_code`` so that one scope filter reads every list.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Indicator
from wenming.media import random_name
from wenming.regions.models import Region, Unit


def _region_index(name: str) -> models.Index:
    return models.Index(fields=["region"], name=name, opclasses=["varchar_pattern_ops"])


class WeakOverride(models.TextChoices):
    COMPUTED = "", _("按达标情况计算")
    WEAK = "weak", _("列为薄弱社区")
    NOT_WEAK = "not_weak", _("不列为薄弱社区")


class Community(models.Model):
    """A community under the standard: its households and population, and the coordinator's
    adjustment of the computed weak list (with the reason)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="community_profile"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("常住人口"), default=0)
    weak_override = models.CharField(
        _("薄弱社区认定"),
        max_length=10,
        choices=WeakOverride.choices,
        blank=True,
        default=WeakOverride.COMPUTED,
    )
    weak_reason = models.TextField(_("调整理由"), blank=True)
    weak_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weak_set_at = models.DateTimeField(_("调整时间"), null=True, blank=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("创建社区")
        verbose_name_plural = _("创建社区")
        ordering = ["region_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weak_override="") | ~Q(weak_reason=""),
                name="community_weak_override_has_reason",
            ),
        ]
        indexes = [_region_index("community_region_prefix_idx")]

    def __str__(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def name(self) -> str:
        return str(self)


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
            _region_index("ledger_region_prefix_idx"),
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


# --- 一居一策 ---------------------------------------------------------------------------------


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    ACTIVE = "active", _("推进中")
    DONE = "done", _("已达标")


class Plan(models.Model):
    """一居一策: a weak community's plan to meet the standard by a date."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="plans"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    title = models.CharField(_("计划名称"), max_length=200)
    start = models.DateField(_("开始日期"))
    target = models.DateField(_("计划达标日期"))
    state = models.CharField(
        _("状态"), max_length=8, choices=PlanState.choices, default=PlanState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("制订时间"), default=timezone.now)

    class Meta:
        verbose_name = _("一居一策计划")
        verbose_name_plural = _("一居一策计划")
        ordering = ["target", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=~Q(state="done"),
                name="one_open_plan_per_community",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=models.F("start")), name="plan_target_after_start"
            ),
        ]
        indexes = [_region_index("plan_region_prefix_idx")]

    def __str__(self) -> str:
        return self.title


class MeasureKind(models.TextChoices):
    NEW = "new", _("新建")
    REBUILD = "rebuild", _("改建")
    BUY = "buy", _("购买")
    RENT = "rent", _("租借")
    SERVICE = "service", _("服务提升")


class Measure(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("措施"), max_length=8, choices=MeasureKind.choices)
    description = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = _("达标措施")
        verbose_name_plural = _("达标措施")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"


class Milestone(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("完成时限"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class Fund(models.Model):
    """Money for a plan: amount and source (e.g. 市级奖补, 区级配套)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="funds"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    source = models.CharField(_("资金来源"), max_length=100)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("计划资金")
        verbose_name_plural = _("计划资金")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_fund_positive"),
        ]


class PlanEvent(models.Model):
    """One step of a plan's life; written once, never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=8, blank=True)
    to_state = models.CharField(_("新状态"), max_length=8, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("计划记录")
        verbose_name_plural = _("计划记录")
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("计划记录不可修改。"))
        super().save(*args, **kwargs)


class PlanNotice(models.Model):
    """A 整改通知书 issued because a plan fell behind schedule. One per (plan, late milestone):
    the unique key is what keeps a re-run of the daily job, or a second click, from issuing twice."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="notices")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey("cases.Notice", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("下发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进度整改通知")
        verbose_name_plural = _("进度整改通知")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "milestone"], name="one_notice_per_late_milestone"
            ),
        ]


# --- 结对共建 ---------------------------------------------------------------------------------


class Pairing(models.Model):
    """结对共建: a unit (e.g. 市民政局) helps a community for a period."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("结对单位"), on_delete=models.PROTECT, related_name="pairings"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="pairings"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("共建内容"), max_length=300, blank=True)
    created = models.DateTimeField(_("建立时间"), default=timezone.now)

    class Meta:
        verbose_name = _("结对共建")
        verbose_name_plural = _("结对共建")
        ordering = ["-start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "community", "start"], name="one_pairing_per_start"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="pairing_end_after_start",
            ),
        ]
        indexes = [_region_index("pairing_region_prefix_idx")]

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} ⇄ {self.community}"


class FundPurpose(models.TextChoices):
    CLEANING = "cleaning", _("卫生清理")
    ENVIRONMENT = "environment", _("环境整治")
    FACILITIES = "facilities", _("设施更新")
    SERVICES = "services", _("为民服务")
    OTHER = "other", _("其他")


def pairing_file_path(instance, filename: str) -> str:
    return random_name("community/pairings", filename)


class Disbursement(models.Model):
    """帮扶资金 paid to the paired community."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("拨付日期"))
    purpose = models.CharField(_("用途"), max_length=12, choices=FundPurpose.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    attachment = models.FileField(
        _("凭证"), upload_to=pairing_file_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("凭证文件名"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("帮扶资金")
        verbose_name_plural = _("帮扶资金")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive"),
        ]


class JointActivity(models.Model):
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="activities"
    )
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("活动"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("情况"), blank=True)

    class Meta:
        verbose_name = _("共建活动")
        verbose_name_plural = _("共建活动")
        ordering = ["-held_on", "-pk"]


class PartyReport(models.Model):
    """党员报到 (社区吹哨、党员报到): a party member of the paired unit serves in the community."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="party_reports"
    )
    member_name = models.CharField(_("党员姓名"), max_length=50)
    served_on = models.DateField(_("报到日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1)
    service = models.CharField(_("服务内容"), max_length=200)

    class Meta:
        verbose_name = _("党员报到")
        verbose_name_plural = _("党员报到")
        ordering = ["-served_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="party_report_hours_in_a_day"
            ),
        ]


class ScheduledRun(models.Model):
    """A scheduled community job done for a period (日考核、周通报、月总结): the unique key makes a
    re-run, or a second worker, a no-op."""

    job = models.CharField(_("任务"), max_length=30)
    period_key = models.CharField(_("考核期"), max_length=12)
    started = models.DateTimeField(_("开始时间"), default=timezone.now)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("社区考核定时任务")
        verbose_name_plural = _("社区考核定时任务")
        ordering = ["-started"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_key"], name="community_run_once_per_period"
            )
        ]
