"""工作台: what is waiting for the user, by what their role may do, each count with the link to
the list that shows exactly those items.

Every count comes from the selector its list page uses, with the same filter the link carries,
so a card and its list cannot disagree (tests/web/test_workbench.py checks every link).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts import selectors as account_selectors
from wenming.cases import selectors as case_selectors
from wenming.cases import todo as case_todo
from wenming.cases.models import NoticeKind
from wenming.cases.transitions import OFFICE_ROLES, UNIT_ROLES, effective_role
from wenming.community import permissions as community_permissions
from wenming.community import selectors as community_selectors
from wenming.framework import permissions as framework_permissions
from wenming.framework import selectors as framework_selectors
from wenming.honors import permissions as honor_permissions
from wenming.honors import selectors as honor_selectors
from wenming.inspections import permissions as inspection_permissions
from wenming.inspections import selectors as inspection_selectors
from wenming.materials import permissions as material_permissions
from wenming.materials import selectors as material_selectors
from wenming.materials.models import SubmissionStatus
from wenming.participation import permissions as participation_permissions
from wenming.participation import selectors as participation_selectors
from wenming.periods import PeriodKind, period_containing
from wenming.regions import permissions as region_permissions
from wenming.regions import selectors as region_selectors
from wenming.regions.models import Role
from wenming.scoring import permissions as scoring_permissions
from wenming.scoring import selectors as scoring_selectors
from wenming.volunteers import selectors as volunteer_selectors
from wenming.volunteers.services import demands as volunteer_demands
from wenming.welfare import permissions as welfare_permissions
from wenming.welfare import selectors as welfare_selectors

OVERDUE_UNITS_SHOWN = 5


@dataclass
class Card:
    key: str
    label: str
    count: int
    url: str
    tone: str = "primary"  # danger / warning / success / secondary: how urgent it reads
    # A rate card shows ``part`` of ``count`` as a percentage ("—" without a base); ``count``
    # is still what its list holds.
    rate: str | None = None
    part: int | None = None


@dataclass
class Section:
    key: str
    title: str
    cards: list[Card] = field(default_factory=list)
    rows: list[Card] = field(default_factory=list)  # a short list, e.g. 逾期 by unit
    rows_title: str = ""


@dataclass
class Workbench:
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(card.count for s in self.sections for card in s.cards)


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


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


def _cases(user) -> Section | None:
    shown = case_todo.todo_buckets_for(user)
    if not shown:
        return None
    _unit, buckets = case_todo.todo_for(user)
    order = ["intake", "awaiting", "extension", "overdue", "due_soon", "to_sign", "rectifying"]
    cards = [
        Card(key, str(CASE_CARDS[key][0]), len(buckets[key]), _url("cases:todo", bucket=key))
        for key in order
        if key in shown
    ]
    for card in cards:
        card.tone = CASE_CARDS[card.key][1] if card.count else "secondary"
    if {"to_sign", "rectifying"} & set(shown):
        reworked = sum(1 for cases in buckets.values() for case in cases if case.is_rework)
        cards.append(
            Card(
                "rework",
                str(CASE_CARDS["rework"][0]),
                reworked,
                _url("cases:todo", bucket="rework"),
                "warning" if reworked else "secondary",
            )
        )
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
                _url("cases:board", overdue=1, unit=row["unit_id"]),
                "danger",
            )
            for row in overdue
        ]
    return section


def _inspections(user) -> Section | None:
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
        _url("inspections:index"),
        "primary" if count else "secondary",
    )
    return Section("inspections", _("督查检查"), [card])


def _tasks(user) -> Section | None:
    if getattr(user, "membership", None) is None or not framework_permissions.can(
        user, framework_permissions.ACT_ON_OWN_TASK
    ):
        return None
    cards = []
    for key, label, tone in (
        (framework_selectors.OVERDUE, _("已逾期"), "danger"),
        (framework_selectors.DUE_SOON, _("7日内到期"), "warning"),
    ):
        count = framework_selectors.my_tasks(user, status=key).count()
        cards.append(
            Card(
                f"tasks-{key}",
                str(label),
                count,
                _url("framework:my_tasks", status=key),
                tone if count else "secondary",
            )
        )
    return Section("tasks", _("我的任务"), cards)


def _materials(user) -> Section | None:
    cards = []
    if material_permissions.can(user, material_permissions.SUBMIT):
        returned = material_selectors.my_submissions(user, status=SubmissionStatus.RETURNED)
        count = returned.count()
        cards.append(
            Card(
                "materials-returned",
                _("被退回的材料"),
                count,
                _url("materials:index", status=SubmissionStatus.RETURNED),
                "danger" if count else "secondary",
            )
        )
    if material_permissions.can(user, material_permissions.REVIEW):
        count = material_selectors.review_queue(user).count()
        cards.append(
            Card(
                "materials-review",
                _("待审核的材料"),
                count,
                _url("materials:queue"),
                "primary" if count else "secondary",
            )
        )
    return Section("materials", _("网上申报"), cards) if cards else None


def _office(user) -> Section | None:
    cards = []
    if scoring_permissions.can(user, scoring_permissions.DRAFT_BULLETIN) or scoring_permissions.can(
        user, scoring_permissions.APPROVE_BULLETIN
    ):
        count = scoring_selectors.unfinished_bulletins(user).count()
        cards.append(
            Card(
                "bulletins-unfinished",
                _("待完成的通报"),
                count,
                _url("scoring:bulletin_list", status="unfinished"),
                "primary" if count else "secondary",
            )
        )
    return Section("bulletins", _("考核通报"), cards) if cards else None


def _citizens(user) -> Section | None:
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
                _url("participation:reviews"),
                "danger" if count else "secondary",
            )
        ],
    )


def _supervision(user) -> Section | None:
    """督办单 addressed to the user's unit: what a unit's leader answers for."""
    if effective_role(user) not in UNIT_ROLES:
        return None
    count = case_selectors.notices_visible_to(user).filter(kind=NoticeKind.SUPERVISION).count()
    exposure = case_selectors.notices_visible_to(user).filter(kind=NoticeKind.EXPOSURE).count()
    return Section(
        "notices",
        _("督办"),
        [
            Card(
                "notices-supervision",
                _("收到的督办单"),
                count,
                _url("cases:notice_list", kind=NoticeKind.SUPERVISION),
                "danger" if count else "secondary",
            ),
            Card(
                "notices-exposure",
                _("挂牌督办通知"),
                exposure,
                _url("cases:notice_list", kind=NoticeKind.EXPOSURE),
                "danger" if exposure else "secondary",
            ),
        ],
    )


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _unit_rates(user) -> Section | None:
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
                _url(board, counted="due", period=month.key),
                "success" if due and on_time == due else "warning" if due else "secondary",
                rate=_percent(on_time, due),
                part=on_time,
            ),
            Card(
                "rate-overdue",
                _("月末逾期未整改"),
                overdue,
                _url(board, counted="overdue_open", period=month.key),
                "danger" if overdue else "secondary",
                rate=_percent(overdue, due),
                part=overdue,
            ),
        ],
    )


def _honors(user) -> Section | None:
    """好人评选: nominations waiting for the user's review or objection finding, grants to
    decide and titles due for 复查. Shown only when something waits (most days nothing does)."""
    if not honor_permissions.can(user, honor_permissions.VIEW):
        return None
    cards = []
    waiting = honor_selectors.waiting_for(user).count()
    if waiting:
        cards.append(Card("honors-waiting", _("待评议的好人推荐"), waiting, _url("honors:waiting")))
    if honor_permissions.can(user, honor_permissions.MANAGE):
        grants = honor_selectors.grants_to_decide(user).count()
        if grants:
            cards.append(
                Card("honors-grants", _("待审批的帮扶申请"), grants, _url("honors:grants_pending"))
            )
        due = honor_selectors.titles_due(user).count()
        if due:
            cards.append(
                Card(
                    "honors-titles-due",
                    _("今年应复查的文明称号"),
                    due,
                    _url("honors:titles", due=1),
                    "warning",
                )
            )
    return Section("honors", _("好人评选"), cards) if cards else None


def _accounts(user) -> Section | None:
    """账号安全: for the security admin the accounts locked after failed logins (to unlock); for
    the audit admin today's failed logins and exports, each opening the log filtered to them."""
    if region_permissions.can(user, region_permissions.MANAGE_SECURITY):
        count = account_selectors.accounts_for_security_admin(user, locked_only=True).count()
        rows = [("accounts-locked", _("被锁定的账号"), count, _url("accounts:manage", locked=1))]
    elif account_selectors.can_read_audit_log(user):
        today = timezone.localdate()
        rows = [
            (
                f"audit-{action}",
                label,
                account_selectors.audit_events_on(user, today, action=action).count(),
                _url("accounts:audit_log", action=action, since=today, until=today),
            )
            for action, label in (("login_failed", _("今日登录失败")), ("export", _("今日导出")))
        ]
    else:
        return None
    cards = [
        Card(key, str(label), n, url, "danger" if n else "secondary") for key, label, n, url in rows
    ]
    return Section("accounts", _("账号安全"), cards)


def _system(user) -> Section | None:
    if not region_permissions.can(user, region_permissions.MANAGE_ORGANISATION):
        return None
    counts = region_selectors.organisation_counts(user)
    return Section(
        "system",
        _("系统维护"),
        [
            Card("system-units", _("责任单位"), counts.units, _url("web:unit_list"), "secondary"),
        ],
    )


def _welfare(user) -> Section | None:
    """Missed safety checks of the user's unit (its schedule says who checks how often), and for
    civil-affairs staff the minors still at a relief station."""
    cards = []
    if welfare_selectors.has_safety_schedule(user):
        today = timezone.localdate()
        count = len(welfare_selectors.overdue_checks_for(user, today=today))
        cards.append(
            Card(
                "safety-overdue",
                _("逾期未做的安全检查"),
                count,
                _url("welfare:safety"),
                "danger" if count else "secondary",
            )
        )
    if welfare_permissions.civil_affairs_prefixes(user):
        count = welfare_selectors.minors_at_station(user).count()
        cards.append(
            Card(
                "relief-minors",
                _("在站未成年受助人员"),
                count,
                _url("welfare:relief", at_station=1, minors=1),
                "warning" if count else "secondary",
            )
        )
    return Section("welfare", _("民生台账"), cards) if cards else None


def _community(user) -> Section | None:
    """社区达标: for the office, the 一居一策 plans behind 序时进度; for a community's own worker,
    this month's ledger against the monthly requirement."""
    cards = []
    if community_permissions.can(user, community_permissions.MANAGE):
        count = community_selectors.plans_behind_for(user).count()
        cards.append(
            Card(
                "community-plans-behind",
                _("一居一策滞后"),
                count,
                _url("community:plans", behind=1),
                "danger" if count else "secondary",
            )
        )
    elif community_permissions.can(user, community_permissions.RECORD):
        own = list(community_selectors.own_communities(user)[:2])
        if len(own) == 1:
            month = period_containing(PeriodKind.MONTH, timezone.localdate())
            count = community_selectors.ledger_of(own[0], month).count()
            need = community_selectors.thresholds().activities_per_month
            cards.append(
                Card(
                    "community-ledger",
                    _("本月台账（每月不少于 %(n)s 次）") % {"n": need},
                    count,
                    reverse("community:ledger", args=[own[0].pk]),
                    "success" if count >= need else "warning",
                )
            )
    return Section("community", _("社区达标"), cards) if cards else None


def _volunteers(user) -> Section | None:
    """群众吹哨: demands waiting for the user's station (accept or decline), for a team they
    manage to report for, or to complete. Shown only when something waits."""
    waiting = (
        volunteer_selectors.demands_visible_to(user)
        .filter(volunteer_demands.waiting_q(user))
        .count()
    )
    if not waiting:
        return None
    card = Card(
        "volunteers-demands",
        _("待处理的群众点单"),
        waiting,
        _url("volunteers:demand_list", waiting=1),
    )
    return Section("volunteers", _("志愿服务"), [card])


def workbench_for(user) -> Workbench:
    """The user's 工作台: sections in the order a day's work goes (the calendar warning beside it
    comes from cases.selectors.calendar_notice_missing_for)."""
    sections = [
        section
        for section in (
            _inspections(user),
            _cases(user),
            _citizens(user),
            _tasks(user),
            _materials(user),
            _supervision(user),
            _unit_rates(user),
            _office(user),
            _welfare(user),
            _community(user),
            _volunteers(user),
            _honors(user),
            _accounts(user),
            _system(user),
        )
        if section is not None
    ]
    return Workbench(sections=sections)
