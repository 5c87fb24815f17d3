"""The case loop (交办整改): cases, their immutable events and photos, deadlines, notices."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Indicator
from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.regions.models import Region, Unit


class Source(models.TextChoices):
    INSPECTION = "inspection", _("督查检查")
    CITIZEN = "citizen", _("群众随手拍")
    VOLUNTEER = "volunteer", _("志愿者上报")
    SAFETY_CHECK = "safety_check", _("安全检查")
    DEPARTMENT = "department", _("部门移交")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    MAJOR = "major", _("较大")
    URGENT = "urgent", _("紧急")


class State(models.TextChoices):
    REPORTED = "reported", _("待受理")
    DISPATCHED = "dispatched", _("待签收")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING_VERIFICATION = "awaiting_verification", _("待复核")
    CLOSED = "closed", _("已办结")


class Resolution(models.TextChoices):
    FIXED = "fixed", _("整改完成")
    INVALID = "invalid", _("无效问题")
    DUPLICATE = "duplicate", _("重复问题")


# What the board's scope and figures read besides state and region: kept in its indexes (INCLUDE).
BOARD_COLUMNS = [
    "overdue_from",
    "unit",
    "reported_by",
    "dispatched_at",
    "points_at_risk",
    "exposed_at",
]


class Case(models.Model):
    """A problem found, from report to verified fix. State changes only through services.transition."""

    source = models.CharField(_("来源"), max_length=14, choices=Source.choices)
    category = models.CharField(_("问题类别"), max_length=50, db_index=True)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    description = models.TextField(_("问题描述"))
    address = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    site = models.ForeignKey(
        "inspections.Site",
        verbose_name=_("点位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("影响指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points_at_risk = models.DecimalField(
        _("可能失分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("状态"), max_length=24, choices=State.choices, default=State.REPORTED
    )
    resolution = models.CharField(
        _("办结方式"), max_length=10, choices=Resolution.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    rebound_of = models.ForeignKey(
        "self",
        verbose_name=_("反弹自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rebounds",
    )
    # Deadline: `due` is what the unit is told; `overdue_from` is when lateness starts counting —
    # the first working-day moment after `due` (nobody is late on a Sunday or during 国庆).
    due = models.DateTimeField(_("整改期限"), null=True, blank=True)
    overdue_from = models.DateTimeField(_("逾期起算"), null=True, blank=True, db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_name = models.CharField(_("上报人姓名"), max_length=50, blank=True)
    created = models.DateTimeField(_("上报时间"), default=timezone.now, db_index=True)
    # Facts written by the transitions, so that metrics are plain aggregates in the database.
    dispatched_at = models.DateTimeField(_("交办时间"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    fail_count = models.PositiveSmallIntegerField(_("返工次数"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    on_time = models.BooleanField(_("按期整改"), null=True, blank=True)
    working_hours = models.DecimalField(
        _("整改时长（工作小时）"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    exposed_at = models.DateTimeField(_("挂牌督办时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("问题案件")
        verbose_name_plural = _("问题案件")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=State.CLOSED, resolution__gt="")
                | (~Q(state=State.CLOSED) & Q(resolution="")),
                name="case_closed_iff_resolved",
            ),
            models.CheckConstraint(
                condition=Q(state=State.REPORTED) | Q(state=State.CLOSED) | Q(unit__isnull=False),
                name="case_in_work_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(resolution=Resolution.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(resolution=Resolution.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="case_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=Q(due__isnull=True) | Q(overdue_from__gte=F("due")),
                name="case_overdue_after_due",
            ),
            models.CheckConstraint(
                condition=Q(points_at_risk__isnull=True) | Q(points_at_risk__gte=0),
                name="case_points_not_negative",
            ),
            *position_constraints("case"),
        ]
        indexes = [
            models.Index(
                fields=["region"], name="case_region_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["unit", "state"], name="case_unit_state_idx"),
            models.Index(fields=["state", "overdue_from"], name="case_state_overdue_idx"),
            models.Index(fields=["site", "category", "closed_at"], name="case_site_rebound_idx"),
            # 一张图: open cases inside a box (web/maps.py, mapgrid); closed ones are asked for rarely.
            models.Index(
                fields=["latitude", "longitude"],
                name="case_open_position_idx",
                condition=Q(latitude__isnull=False) & ~Q(state=State.CLOSED),
                include=["state", "region", *BOARD_COLUMNS, "category", "created", "id"],
            ),
            # The board (selectors.case_list / board_summary) at province scale, answered from the
            # index alone: open cases (a small share) newest first, with every column the scope,
            # the filters and the figures read; and a state within a region subtree (LIKE 'prefix%').
            models.Index(
                fields=["created", "id"],
                name="case_open_board_idx",
                condition=~Q(state=State.CLOSED),
                include=["state", "region", *BOARD_COLUMNS, "category", "source"],
            ),
            models.Index(
                fields=["state", "region"],
                name="case_state_region_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                include=BOARD_COLUMNS,
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def is_rework(self) -> bool:
        """Sent back by the verifier (复核不通过) and being rectified again: 返工."""
        return self.state == State.RECTIFYING and self.fail_count > 0

    @property
    def is_overdue(self) -> bool:
        return (
            self.is_open and self.overdue_from is not None and self.overdue_from <= timezone.now()
        )


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("案件流转记录不可修改。"))

    def delete(self):
        raise ValidationError(_("案件流转记录不可删除。"))


class CaseEvent(models.Model):
    """One transition of a case: who, when, from → to, note, photos. Written once, never edited or deleted."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=24)
    from_state = models.CharField(_("原状态"), max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, choices=State.choices)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件流转记录")
        verbose_name_plural = _("案件流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("案件流转记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("案件流转记录不可删除。"))


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("整改前")
    AFTER = "after", _("整改后")


def photo_path(instance: CasePhoto, filename: str) -> str:
    # Unguessable: photos are served only through the case's scope (wenming.media).
    return random_name("cases", filename)


class CasePhoto(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="photos"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("流转记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    kind = models.CharField(
        _("类型"), max_length=6, choices=PhotoKind.choices, default=PhotoKind.BEFORE
    )
    image = models.FileField(_("照片"), upload_to=photo_path, max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    # For after-photos: metres from the case's position, to flag a photo taken elsewhere.
    distance_m = models.PositiveIntegerField(_("距问题位置（米）"), null=True, blank=True)
    created = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案件照片")
        verbose_name_plural = _("案件照片")
        ordering = ["created", "pk"]
        constraints = position_constraints("casephoto")

    def __str__(self) -> str:
        return f"#{self.case_id} {self.get_kind_display()}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ExtensionRequest(models.Model):
    """申请延期: `due` moves only when the coordinator approves."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    requested_due = models.DateTimeField(_("申请延至"))
    reason = models.TextField(_("理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_per_case",
            ),
        ]


class DeadlineRule(models.Model):
    """整改时限 by category × severity; a blank category applies to every category."""

    category = models.CharField(
        _("问题类别"), max_length=50, blank=True, help_text=_("留空表示适用于所有类别")
    )
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    hours = models.PositiveIntegerField(_("时限（小时）"), null=True, blank=True)
    working_days = models.PositiveIntegerField(_("时限（工作日）"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改时限规则")
        verbose_name_plural = _("整改时限规则")
        ordering = ["category", "severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "severity"], name="one_deadline_rule_per_category_severity"
            ),
            models.CheckConstraint(
                condition=(Q(hours__isnull=False, working_days__isnull=True) & Q(hours__gt=0))
                | (Q(hours__isnull=True, working_days__isnull=False) & Q(working_days__gt=0)),
                name="deadline_rule_hours_xor_days",
            ),
        ]

    def __str__(self) -> str:
        span = (
            _("%(n)d 小时") % {"n": self.hours}
            if self.hours
            else _("%(n)d 个工作日") % {"n": self.working_days}
        )
        return f"{self.category or _('所有类别')} · {self.get_severity_display()} · {span}"


class CaseCategory(models.Model):
    """问题类别设置: what a category of problem asks of the loop. A category without a row asks
    what every category does: an after-photo (整改后照片) when the unit submits its fix."""

    name = models.CharField(_("问题类别"), max_length=50, unique=True)
    after_photo_required = models.BooleanField(
        _("提交整改须附整改后照片"),
        default=True,
        help_text=_("取消勾选表示此类问题可只填写整改情况（如证照、制度类问题，现场无可拍照）"),
    )

    class Meta:
        verbose_name = _("问题类别设置")
        verbose_name_plural = _("问题类别设置")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DispatchRule(models.Model):
    """派单规则: a category in a region (and everything under it) goes to a unit; the deepest region wins."""

    category = models.CharField(_("问题类别"), max_length=50)
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.CASCADE,
        db_column="region_code",
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        ordering = ["category", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"], name="one_dispatch_rule_per_category_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.region} → {self.unit}"


class CalendarDay(models.Model):
    """A holiday or 调休 workday entered by an admin, for years the calendar package does not know yet.

    An entry also overrides the package for its date.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选表示调休上班日；不勾选表示放假"))
    name = models.CharField(
        _("说明"), max_length=50, blank=True, help_text=_("如：春节、国庆节调休")
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"


class ReplyTemplate(models.Model):
    """常用回复: per-category text for common answers (reject, return, submit, fail…)."""

    category = models.CharField(
        _("问题类别"), max_length=50, blank=True, help_text=_("留空表示适用于所有类别")
    )
    action = models.CharField(_("适用操作"), max_length=24)
    title = models.CharField(_("标题"), max_length=50)
    text = models.TextField(_("内容"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("常用回复")
        verbose_name_plural = _("常用回复")
        ordering = ["action", "category", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class NoticeKind(models.TextChoices):
    RECTIFICATION = "rectification", _("整改通知书")
    SUPERVISION = "supervision", _("督办单")
    REMINDER = "reminder", _("到期提醒")
    EXPOSURE = "exposure", _("挂牌督办通知")


class Notice(models.Model):
    """A generated document tied to a unit (and a case): its content is frozen when it is issued."""

    kind = models.CharField(_("类型"), max_length=14, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    # 发文字号 from the documents app's counters (淮创城整〔2026〕15号); reminders carry none.
    number = models.CharField(_("文号"), max_length=50, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("主送单位"), on_delete=models.PROTECT, related_name="notices"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("涉及案件"), blank=True, related_name="listed_in_notices"
    )
    recipient_name = models.CharField(_("接收人"), max_length=50, blank=True)
    content = models.JSONField(_("内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("通知书")
        verbose_name_plural = _("通知书")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="notice_number_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="notice_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class EscalationJob(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    SUPERVISION = "supervision", _("逾期督办")
    EXPOSURE = "exposure", _("挂牌督办")


class EscalationStep(models.Model):
    """A step of the escalation ladder taken for a case; the unique key makes every job idempotent."""

    job = models.CharField(_("步骤"), max_length=12, choices=EscalationJob.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="escalations"
    )
    step = models.CharField(_("期次"), max_length=40, help_text=_("对应的整改期限；延期后重新计算"))
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "case", "step"], name="escalation_once_per_step")
        ]
