"""Every read of the case loop, already scoped to the caller; 督办 (notices, 挂牌督办) in ``supervision``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from wenming.cases import conf, deadlines, registry
from wenming.cases.metrics import LISTED_FIGURES, counted_q
from wenming.cases.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DeadlineRule,
    DispatchRule,
    ExtensionStatus,
    PhotoKind,
    ReplyTemplate,
    Resolution,
    Source,
    State,
)
from wenming.cases.selectors.supervision import exposed_case_summaries as exposed_case_summaries
from wenming.cases.selectors.supervision import exposed_cases as exposed_cases
from wenming.cases.selectors.supervision import get_notice_for as get_notice_for
from wenming.cases.selectors.supervision import notice_list_for as notice_list_for
from wenming.cases.selectors.supervision import notices_visible_to as notices_visible_to
from wenming.cases.transitions import (
    OFFICE_ROLES,
    VERIFIER_ROLES,
    effective_role,
)
from wenming.geo import bounding_box, distance_m
from wenming.hanzi import normalize
from wenming.inputs import parse_id
from wenming.kept import Kept
from wenming.periods import Period, PeriodError, parse_period
from wenming.regions.models import Unit, code_prefix
from wenming.regions.scope import scope_for
from wenming.regions.selectors import units_visible_to, with_paths
from wenming.serialplans import serial_plans


def overdue_q(now: datetime | None = None) -> Q:
    """Overdue is derived: open, and lateness has started counting (see Case.overdue_from)."""
    return ~Q(state=State.CLOSED) & Q(overdue_from__lte=now or timezone.now())


def cases_visible_to(actor) -> QuerySet[Case]:
    """Cases in the actor's scope (属地 region or 职能 unit).

    The office sees its intake queue; units see a case once it has been dispatched — a report
    waiting at intake (or an unpublished 暗访 finding held there) is not theirs yet.
    """
    scope = scope_for(actor)
    visible = scope.q(region="region", unit="unit")
    if effective_role(actor) not in VERIFIER_ROLES:
        visible &= Q(dispatched_at__isnull=False)
    if actor is not None and getattr(actor, "is_authenticated", False):
        visible |= Q(reported_by=actor)
    return Case.objects.filter(visible)


def get_case_for(actor, pk: int) -> Case:
    """The case, or 404 when it does not exist or lies outside the actor's scope."""
    case = (
        cases_visible_to(actor).select_related("region", "unit", "indicator").filter(pk=pk).first()
    )
    if case is None:
        raise Http404
    return case


def get_photo_for(actor, pk: int) -> CasePhoto:
    """A case photo, or 404 unless its case is in the actor's scope (the case page's rule)."""
    photo = CasePhoto.objects.filter(pk=pk, case__in=cases_visible_to(actor).values("pk")).first()
    if photo is None:
        raise Http404
    return photo


# --- Lists ---------------------------------------------------------------------------------------


def _region_prefix(value) -> str:
    """A region code or code prefix (ASCII digits only, at most 12), else no filter."""
    text = str(value or "").strip()
    return text if re.fullmatch(r"[0-9]{1,12}", text) else ""


@dataclass(frozen=True)
class CaseFilters:
    """The board's filters, as parsed from a query string (each optional)."""

    state: str = ""
    unit: int | None = None
    unit_name: str = ""  # 责任单位 as typed: its exact name or short name, else a part of names
    region: str = ""
    category: str = ""
    source: str = ""
    overdue: bool = False
    exposed: bool = False
    q: str = ""
    # Found (reported, not invalid or duplicate) or fixed within these local days, inclusive: the
    # dashboard's 发现问题 and 整改完成 cards link here with their period (as CaseMetrics counts).
    found_from: date | None = None
    found_to: date | None = None
    fixed_from: date | None = None
    fixed_to: date | None = None
    # The cases one figure of a period's case metrics counts (metrics.LISTED_FIGURES): the
    # dashboard's 按期整改率 and 逾期未整改 cards link here, e.g. counted=due&period=2026-W47.
    counted: str = ""
    period: Period | None = None

    @classmethod
    def from_query(cls, params) -> CaseFilters:
        unit = params.get("unit") or ""
        return cls(
            state=params.get("state", "") if params.get("state", "") in State.values else "",
            unit=parse_id(unit),
            unit_name=normalize(params.get("unit_name", "")).strip(),
            region=_region_prefix(params.get("region", "")),
            category=normalize(params.get("category", "")),
            source=params.get("source", "") if params.get("source", "") in Source.values else "",
            overdue=params.get("overdue") in ("1", "true", "on", True),
            exposed=params.get("exposed") in ("1", "true", "on", True),
            q=normalize(params.get("q", "")),
            found_from=_day(params.get("found_from")),
            found_to=_day(params.get("found_to")),
            fixed_from=_day(params.get("fixed_from")),
            fixed_to=_day(params.get("fixed_to")),
            **_counted(params),
        )

    @property
    def found_or_fixed(self) -> bool:
        return any((self.found_from, self.found_to, self.fixed_from, self.fixed_to))


def _counted(params) -> dict:
    figure = params.get("counted", "")
    try:
        period = parse_period(str(params.get("period", "")))
    except PeriodError:
        return {}
    return {"counted": figure, "period": period} if figure in LISTED_FIGURES else {}


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip()) if text else None
    except ValueError:
        return None


def _instant(day: date) -> datetime:
    """Local midnight starting ``day`` (periods are counted in Asia/Shanghai days)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _within(field: str, first: date | None, last: date | None) -> Q:
    q = Q()
    if first:
        q &= Q(**{f"{field}__gte": _instant(first)})
    if last:
        q &= Q(**{f"{field}__lt": _instant(last + timedelta(days=1))})
    return q


def case_list(
    actor, filters: CaseFilters | None = None, *, now: datetime | None = None
) -> QuerySet[Case]:
    """The coordinator's board and the API list: scoped, filtered, newest first, no N+1."""
    filters = filters or CaseFilters()
    qs = cases_visible_to(actor).select_related("region", "unit")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.unit_name:
        qs = qs.filter(unit__in=units_named(actor, filters.unit_name).values("pk"))
    if filters.region:
        qs = qs.filter(region__pk__startswith=code_prefix(filters.region.ljust(12, "0")))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.overdue:
        qs = qs.filter(overdue_q(now))
    if filters.exposed:
        qs = qs.filter(exposed_at__isnull=False, state__in=UNIT_STATES)
    if filters.found_from or filters.found_to:
        qs = qs.filter(_within("created", filters.found_from, filters.found_to)).exclude(
            resolution__in=[Resolution.INVALID, Resolution.DUPLICATE]
        )
    if filters.fixed_from or filters.fixed_to:
        qs = qs.filter(
            _within("closed_at", filters.fixed_from, filters.fixed_to),
            resolution=Resolution.FIXED,
        )
    if filters.counted and filters.period:
        qs = qs.filter(counted_q(filters.counted, *filters.period.bounds()))
    if filters.q:
        qs = qs.filter(
            Q(description__contains=filters.q)
            | Q(address__contains=filters.q)
            | Q(category__contains=filters.q)
        )
    return qs.order_by("-created", "-pk")


# A list expected to hold more cases than this is not counted exactly on every request (see board_summary).
EXACT_COUNT_LIMIT = 200_000


def planned_rows(qs: QuerySet) -> int | None:
    """The planner's estimate of a list's size (PostgreSQL; None elsewhere), costing a plan, not a scan."""

    if connection.vendor != "postgresql":
        return None
    plan = json.loads(qs.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


# The planner's estimate of a board list, kept a minute per list (who asks, with which filters):
# it only decides whether the list is counted exactly, and cost a round trip and a plan a request.
kept_plans = Kept(seconds=60, size=1024)


def _planned(cases: QuerySet[Case], actor, filters: CaseFilters) -> int | None:
    if actor is None:
        return planned_rows(cases)
    key = (actor.pk, effective_role(actor), scope_for(actor), filters)
    return kept_plans.get(*key, load=lambda: planned_rows(cases))


def board_summary(
    cases: QuerySet[Case],
    *,
    now: datetime | None = None,
    exact_limit: int = EXACT_COUNT_LIMIT,
    filters: CaseFilters | None = None,
    actor=None,
) -> dict:
    """The board's figures over a (filtered) list in one aggregate: total (also the pager's count), open,
    overdue, points at risk and 挂牌 on open cases, cases awaiting intake.

    COUNT over a NOT NULL column the covering indexes hold (state), never over the id, so that
    PostgreSQL answers from the index alone. A list the planner expects to exceed ``exact_limit``
    (an unfiltered province) is not counted exactly: every figure about open cases still is (they
    come from the small partial index of open cases), the total is the planner's estimate and
    ``estimated`` is set so that the page says 约 (rounded to thousands). Counted without parallel
    workers (wenming.serialplans). The ``filters`` the list
    was made with settle some figures without counting (a list of closed cases has no open one).
    Given the ``actor`` whose list it is (made from ``filters``), the estimate is kept a minute.
    """
    filters = filters or CaseFilters()
    figures, settled = _figures(now or timezone.now(), filters)
    planned = _planned(cases, actor, filters)
    if planned is not None and planned > exact_limit:
        if settled.get("open") is _ALL:  # a list of open cases: its open ones are counted
            figures = {"open": Count("state"), **figures}
        if figures:
            with serial_plans():
                counted = cases.filter(~Q(state=State.CLOSED)).aggregate(**figures)
            settled = _settle({**settled, **counted}, total=counted["open"])
        return {**settled, "total": max(round(planned, -3), settled["open"]), "estimated": True}
    with serial_plans():
        counted = cases.aggregate(total=Count("state"), **figures)
    return {**_settle(settled, total=counted["total"]), **counted, "estimated": False}


# A figure every case of the list counts in (the open ones of a list of open cases): the total.
_ALL = object()


def _settle(settled: dict, *, total: int) -> dict:
    return {name: total if value is _ALL else value for name, value in settled.items()}


def _figures(now: datetime, filters: CaseFilters) -> tuple[dict, dict]:
    """The aggregates behind the board's figures, or the figures themselves when the filters
    settle them: a list of closed cases holds no open case; in a list of open cases (an open
    state, 仅逾期, 挂牌) every case is open, and the filter that made it settles its own figure
    (one state: 待受理 are all or none; 仅逾期: all overdue; 挂牌: all exposed), so the aggregate
    computes only the others, without the condition "open" (each aggregate costs per row)."""
    if filters.state == State.CLOSED:
        return {}, {"open": 0, "overdue": 0, "at_risk": None, "exposed": 0, "reported": 0}
    if filters.state or filters.overdue or filters.exposed:
        figures = {
            "overdue": Count("state", filter=Q(overdue_from__lte=now)),
            "at_risk": Sum("points_at_risk"),
            "exposed": Count("exposed_at"),
            "reported": Count("state", filter=Q(state=State.REPORTED)),
        }
        settled = {"open": _ALL}
        if filters.state:
            settled["reported"] = _ALL if filters.state == State.REPORTED else 0
        if filters.overdue:  # made with an earlier ``now``: overdue then, overdue now
            settled["overdue"] = _ALL
        if filters.exposed:
            settled["exposed"] = _ALL
        return {name: f for name, f in figures.items() if name not in settled}, settled
    open_q = ~Q(state=State.CLOSED)
    return {
        "open": Count("state", filter=open_q),
        "overdue": Count("state", filter=overdue_q(now)),
        "at_risk": Sum("points_at_risk", filter=open_q),
        "exposed": Count("state", filter=open_q & Q(exposed_at__isnull=False)),
        "reported": Count("state", filter=Q(state=State.REPORTED)),
    }, {}


def _configured_categories() -> list[str]:
    configured = (
        DeadlineRule.objects.order_by()
        .values_list("category", flat=True)
        .union(
            DispatchRule.objects.order_by().values_list("category", flat=True),
            ReplyTemplate.objects.order_by().values_list("category", flat=True),
            *registry.category_sources(),
        )
    )
    return sorted(name for name in configured if name)


# The board shows them on every request and they are edited seldom: each process keeps them a
# minute; saving or deleting one of their rows empties this process's copy (CasesConfig.ready,
# and InspectionsConfig.ready for the checklist).
kept_categories = Kept(_configured_categories, seconds=60)


def known_categories() -> list[str]:
    """The case categories configured as reference data (checklist items, deadline and dispatch
    rules, reply templates) for the board's category filter (the checklist's come from
    cases.registry): a few small tables, never a scan of the cases. A category typed by hand at
    report time is still found by typing it in the filter."""
    return list(kept_categories.get())


def units_named(actor, text: str) -> QuerySet[Unit]:
    """Visible units called ``text`` (full or short name); when none is, those whose names contain it."""

    term = normalize(text).strip()
    exact = units_visible_to(actor).filter(Q(name=term) | Q(short_name=term))
    return exact if exact.exists() else units_visible_to(actor, search=term)


def unit_suggestions(actor, text: str, *, limit: int = 20) -> list[dict[str, str]]:
    """Visible units whose full or short name contains ``text``, for the unit field's
    suggestions as one types: each with its full name (what the field is filled with) and
    where it sits (田家庵区 · 田东街道 · 光明社区), so two 光明社区 can be told apart."""

    if not normalize(text).strip():
        return []
    units = with_paths(units_visible_to(actor, search=text).order_by("name")[:limit])
    return [{"name": u.name, "label": u.path_label} for u in units]


UNIT_STATES = (State.DISPATCHED, State.RECTIFYING)


def with_rework_reasons(cases) -> list[Case]:
    """The cases with ``rework_reason`` set: the verifier's note of the latest 复核不通过 for a
    case sent back to rectification (返工), else "". One query for the whole list."""
    cases = list(cases)
    reworked = [case.pk for case in cases if case.is_rework]
    reasons: dict[int, str] = {}
    if reworked:
        events = CaseEvent.objects.filter(case_id__in=reworked, action="fail").order_by("at", "pk")
        reasons = dict(events.values_list("case_id", "note"))  # the latest wins
    for case in cases:
        case.rework_reason = reasons.get(case.pk, "")
    return cases


def case_detail(actor, pk: int) -> Case:
    """One case with its timeline and photos, for the case page and the API."""
    case = get_case_for(actor, pk)
    case.timeline = list(
        case.events.select_related("actor").prefetch_related("photos").order_by("at", "pk")
    )
    case.all_photos = list(case.photos.all())
    case.pending_extension = case.extensions.filter(status=ExtensionStatus.PENDING).first()
    with_rework_reasons([case])
    return case


def possible_duplicates(actor, case: Case, *, limit: int = 5) -> list[tuple[Case, int]]:
    """Open cases of the same category within the duplicate radius, nearest first (for intake)."""
    if case.latitude is None:
        return []
    radius = conf.duplicate_radius_m()
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(case.latitude, case.longitude, radius)
    nearby = (
        cases_visible_to(actor)
        .exclude(pk=case.pk)
        .exclude(state=State.CLOSED)
        .filter(
            category=case.category,
            latitude__range=(lat_lo, lat_hi),
            longitude__range=(lon_lo, lon_hi),
        )
        .select_related("unit")[:50]
    )
    found = []
    for other in nearby:
        d = distance_m(case.latitude, case.longitude, other.latitude, other.longitude)
        if d is not None and d <= radius:
            found.append((other, round(d)))
    return sorted(found, key=lambda pair: pair[1])[:limit]


def after_photo_required(category: str) -> bool:
    """Whether submitting a fix of this category needs an after-photo: yes, unless the
    category's settings (CaseCategory) say otherwise."""
    setting = CaseCategory.objects.filter(name=category).values_list(
        "after_photo_required", flat=True
    )
    return next(iter(setting), True)


def has_waiting_after_photo(case: Case) -> bool:
    """An after-photo uploaded on its own (the API) that the next submit will carry."""
    return CasePhoto.objects.filter(case=case, kind=PhotoKind.AFTER, event__isnull=True).exists()


def reply_templates_for(category: str) -> dict[str, list[ReplyTemplate]]:
    """Common answers by action: the category's own first, then the general ones."""
    by_action: dict[str, list[ReplyTemplate]] = {}
    for template in ReplyTemplate.objects.filter(Q(category=category) | Q(category="")).order_by(
        "action", "-category", "position"
    ):
        by_action.setdefault(template.action, []).append(template)
    return by_action


def calendar_warning(*moments: datetime | None) -> list[int]:
    """Years among the deadlines shown whose 调休 is not known yet (statutory holidays and weekends only)."""
    return deadlines.unknown_years(
        *(timezone.localtime(m).date() for m in moments if m is not None)
    )


def calendar_notice_missing_for(actor) -> int | None:
    """For the office's first screen (coordinator, admin): the year whose holiday notice is due and missing."""
    if effective_role(actor) not in OFFICE_ROLES:
        return None
    return deadlines.calendar_notice_missing(timezone.localdate())


def rebounds_by_site(actor) -> QuerySet:
    """反弹 counted per site: cases that came back at the same site within the rebound window."""
    return (
        cases_visible_to(actor)
        .filter(rebound_of__isnull=False, site__isnull=False)
        .values("site_id", "site__name")
        .annotate(rebounds=Count("pk"))
        .order_by("-rebounds")
    )
