"""The case loop's cards: the office's intake and verification, the inspector's rounds, the
units' rectification, 群众反映 to review, and the 督办 and monthly rates a unit's leader answers for."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.cases import selectors as case_selectors
from wenming.cases import todo as case_todo
from wenming.cases.models import NoticeKind
from wenming.cases.transitions import OFFICE_ROLES, UNIT_ROLES, effective_role
from wenming.inspections import permissions as inspection_permissions
from wenming.inspections import selectors as inspection_selectors
from wenming.participation import permissions as participation_permissions
from wenming.participation import selectors as participation_selectors
from wenming.periods import PeriodKind, period_containing
from wenming.regions.models import Role
from wenming.web.workbench.cards import Card, Section, link

OVERDUE_UNITS_SHOWN = 5

CASE_CARDS = {
    "intake": (gettext_lazy("待受理"), "primary"),
    "awaiting": (gettext_lazy("待复核"), "success"),
    "extension": (gettext_lazy("延期申请待审批"), "primary"),
    "to_sign": (gettext_lazy("待签收"), "primary"),
    "rectifying": (gettext_lazy("整改中"), "secondary"),
    "due_soon": (gettext_lazy("即将到期"), "warning"),
    "overdue": (gettext_lazy("已逾期"), "danger"),
    "rework": (gettext_lazy("返工"), "warning"),
}


def case_section(user) -> Section | None:
    shown = case_todo.todo_buckets_for(user)
    if not shown:
        return None
    _unit, buckets = case_todo.todo_for(user)
    order = ["intake", "awaiting", "extension", "overdue", "due_soon", "to_sign", "rectifying"]
    cards = [_case_card(key, len(buckets[key])) for key in order if key in shown]
    if {"to_sign", "rectifying"} & set(shown):
        reworked = sum(1 for cases in buckets.values() for case in cases if case.is_rework)
        cards.append(_case_card("rework", reworked))
    section = Section("cases", _("问题整改"), cards)
    if effective_role(user) in OFFICE_ROLES:
        section.rows_title = _("逾期未整改（按责任单位）")
        overdue = (
            case_selectors.case_list(user, case_selectors.CaseFilters(overdue=True))
            .exclude(unit__isnull=True)
            .order_by()
            .values("unit_id", "unit__short_name", "unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "unit__name")[:OVERDUE_UNITS_SHOWN]
        )
        section.rows = [
            Card(
                f"overdue-unit-{row['unit_id']}",
                row["unit__short_name"] or row["unit__name"],
                row["n"],
                link("cases:board", overdue=1, unit=row["unit_id"]),
                "danger",
            )
            for row in overdue
        ]
    return section


def _case_card(key: str, count: int) -> Card:
    label, tone = CASE_CARDS[key]
    return Card(key, str(label), count, link("cases:todo", bucket=key), tone)


def inspection_section(user) -> Section | None:
    """督查任务: the open rounds the user is one of the inspectors of — an inspector's day.
    Always shown to an inspector (0 says there is none); to others only when they have one."""
    if not inspection_permissions.can(user, inspection_permissions.INSPECT):
        return None
    count = inspection_selectors.open_rounds_assigned_to(user).count()
    if not count and effective_role(user) != Role.INSPECTOR:
        return None
    card = Card(
        "rounds-assigned",
        _("进行中的督查任务"),
        count,
        link("inspections:index"),
        "primary",
    )
    return Section("inspections", _("督查检查"), [card])


def citizen_section(user) -> Section | None:
    """群众反映 the office answers for: 不满意 ratings waiting for review (new reports wait in
    the cases' 待受理 with every other report)."""
    if not participation_permissions.can(user, participation_permissions.REVIEW):
        return None
    count = participation_selectors.pending_reviews_for(user).count()
    return Section(
        "citizens",
        _("群众反映"),
        [
            Card(
                "citizen-reviews",
                _("不满意待复查"),
                count,
                link("participation:reviews"),
                "danger",
            )
        ],
    )


def supervision_section(user) -> Section | None:
    """督办单 addressed to the user's unit: what a unit's leader answers for."""
    if effective_role(user) not in UNIT_ROLES:
        return None
    counted = case_selectors.notices_visible_to(user).aggregate(
        supervision=Count("pk", filter=Q(kind=NoticeKind.SUPERVISION)),
        exposure=Count("pk", filter=Q(kind=NoticeKind.EXPOSURE)),
    )
    count, exposure = counted["supervision"], counted["exposure"]
    return Section(
        "notices",
        _("督办"),
        [
            Card(
                "notices-supervision",
                _("收到的督办单"),
                count,
                link("cases:notice_list", kind=NoticeKind.SUPERVISION),
                "danger",
            ),
            Card(
                "notices-exposure",
                _("挂牌督办通知"),
                exposure,
                link("cases:notice_list", kind=NoticeKind.EXPOSURE),
                "danger",
            ),
        ],
    )


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def unit_rate_section(user) -> Section | None:
    """A unit leader's figures of the last complete month, as rates with their counts: 按期整改率
    (按期 of 应按期整改) and the share left overdue at the month's end. Each count is the length
    of the case list its card links to (the metrics' own conditions, cases.metrics.counted_q)."""
    if effective_role(user) != Role.LEADER:
        return None
    month = period_containing(PeriodKind.MONTH, timezone.localdate()).previous()

    def listed(figure: str) -> int:
        filters = case_selectors.CaseFilters(counted=figure, period=month)
        return case_selectors.case_list(user, filters).count()

    due, on_time, overdue = listed("due"), listed("closed_on_time"), listed("overdue_open")
    board = "cases:board"
    return Section(
        "rates",
        _("本单位指标（%(period)s）") % {"period": month.label},
        [
            Card(
                "rate-on-time",
                _("按期整改率"),
                due,
                link(board, counted="due", period=month.key),
                "success" if on_time == due else "warning",
                rate=_percent(on_time, due),
                part=on_time,
            ),
            Card(
                "rate-overdue",
                _("月末逾期未整改"),
                overdue,
                link(board, counted="overdue_open", period=month.key),
                "danger",
                rate=_percent(overdue, due),
                part=overdue,
            ),
        ],
    )
