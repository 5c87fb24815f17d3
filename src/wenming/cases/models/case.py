"""The case (问题案件) and the choices its states and sources are drawn from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Indicator
from wenming.geo import latitude_field, longitude_field, position_constraints
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


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What get_FOO_display prints for ``value``: its label, or the value itself when it is not
    one of the choices."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


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
            # 挂牌督办 still open, most overdue first (selectors.exposed_case_summaries: the
            # assessment's snapshot and the bulletin cite the first ten).
            models.Index(
                fields=["overdue_from", "id"],
                name="case_exposed_open_idx",
                condition=Q(exposed_at__isnull=False) & ~Q(state=State.CLOSED),
            ),
            models.Index(
                fields=["state", "region"],
                name="case_state_region_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                include=BOARD_COLUMNS,
            ),
            # The board filtered by category, within a region subtree or not: its figures counted
            # from the index alone (a category is ~10 % of a province's cases, mostly closed, which
            # the open-cases index does not hold; read from the table they cost a page per case).
            models.Index(
                fields=["category", "region"],
                name="case_category_region_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                include=["state", *BOARD_COLUMNS],
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    # The labels lists print on every row. Django's get_FOO_display builds a dict of every
    # choice, translating each label, on each call (a board page of 30 cases paid ~8 ms for it).
    def get_state_display(self) -> str:
        return choice_label(State, self.state)

    def get_severity_display(self) -> str:
        return choice_label(Severity, self.severity)

    def get_source_display(self) -> str:
        return choice_label(Source, self.source)

    def get_resolution_display(self) -> str:
        return choice_label(Resolution, self.resolution)

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
