"""Reads of the civil-affairs registers, scoped to the caller, and their period figures.

A register is visible through the one scope helper (属地 subtree, 职能 units) and, for
civil-affairs staff, through their unit's region (市民政局 keeps the city's registers).
The figure functions take a region prefix (and a unit) instead of a user: the work report, the
metric leaves and the pages' summaries all count through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from wenming.hanzi import normalize
from wenming.periods import Period
from wenming.regions.models import Region, RegionLevel
from wenming.regions.scope import scope_for
from wenming.welfare import permissions
from wenming.welfare.models import (
    AT_STATION,
    BUILT_STATUSES,
    ActivityKind,
    CountKind,
    Frequency,
    MealCount,
    MealPoint,
    ReliefCampaign,
    ReliefCase,
    RetrofitHousehold,
    SafetyActivity,
    SafetyCheck,
    SafetySchedule,
)

URBAN = "urban"
RURAL = "rural"
URBAN_Q = Q(region__urban_rural__startswith="1")
RURAL_Q = Q(region__urban_rural__startswith="2")


def visible_q(actor, *, unit: str | None = "unit") -> Q:
    """The registers ``actor`` may see: the scope, plus a civil-affairs worker's region."""
    if not permissions.can(actor, permissions.VIEW):
        return Q(pk__in=[])
    parts = [scope_for(actor).q(region="region", unit=unit)]
    parts += [Q(region__pk__startswith=p) for p in permissions.civil_affairs_prefixes(actor)]
    return reduce(or_, parts)


# --- meal points ---------------------------------------------------------------------------------


def meal_points_visible_to(
    actor,
    *,
    search: str = "",
    area: str = "",
    status: str = "",
    region: str = "",
) -> QuerySet[MealPoint]:
    qs = MealPoint.objects.filter(visible_q(actor)).select_related("region", "region__parent")
    if search:
        term = normalize(search)
        qs = qs.filter(Q(name__contains=term) | Q(operator__contains=term))
    if area == URBAN:
        qs = qs.filter(URBAN_Q)
    elif area == RURAL:
        qs = qs.filter(RURAL_Q)
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region__pk__startswith=region)
    return qs.order_by("region_id", "name")


def get_meal_point_for(actor, pk: int | None) -> MealPoint:
    """The meal point, or 404 when it does not exist or lies outside the actor's scope."""
    point = meal_points_visible_to(actor).filter(pk=pk).first() if pk else None
    if point is None:
        raise Http404
    return point


def recent_counts(point: MealPoint, limit: int = 24) -> list[MealCount]:
    return list(point.counts.order_by("-day", "kind")[:limit])


@dataclass(frozen=True)
class MealFigures:
    total: int
    urban: int
    rural: int
    diners: int | None  # None: no counts reported in the period
    elderly_served: int | None  # None: no operator reported distinct elderly in the period
    registered: int  # meal points in the register at all (0: the register is empty)


def _built_by(end: date) -> Q:
    return Q(status__in=BUILT_STATUSES) & (Q(opened_on__isnull=True) | Q(opened_on__lte=end))


def _count_rows(points: QuerySet, period: Period) -> QuerySet[MealCount]:
    """Counts within the period: daily rows of its days, monthly rows of its months. A month
    with monthly rows is not counted again from its daily rows."""
    rows = MealCount.objects.filter(
        meal_point__in=points, day__gte=period.start, day__lte=period.end
    )
    monthly = MealCount.objects.filter(
        meal_point=OuterRef("meal_point"),
        kind=CountKind.MONTH,
        day__year=OuterRef("day__year"),
        day__month=OuterRef("day__month"),
    )
    return rows.filter(Q(kind=CountKind.MONTH) | ~Exists(monthly))


def meal_figures(*, prefix: str, period: Period) -> MealFigures:
    """全市共建成老年食堂(助餐点)N家, 其中城市 n 家, 农村 m 家: built by the period's end, urban or
    rural by the region's 城乡分类代码; diners and elderly served within the period."""
    return _meal_figures(MealPoint.objects.filter(region__pk__startswith=prefix), period)


def meal_figures_visible(actor, *, period: Period) -> MealFigures:
    """The same figures over the meal points the actor sees (the register's summary line)."""
    return _meal_figures(meal_points_visible_to(actor), period)


def _meal_figures(points: QuerySet, period: Period) -> MealFigures:
    built = points.filter(_built_by(period.end))
    counts = built.aggregate(
        total=Count("pk"), urban=Count("pk", filter=URBAN_Q), rural=Count("pk", filter=RURAL_Q)
    )
    rows = _count_rows(built, period)
    sums = rows.aggregate(rows=Count("pk"), diners=Sum("diners"))
    # Distinct elderly per point are reported per day or month; over a longer period the same
    # people come back, so a point's figure is its largest report: "不少于" N elderly.
    served = list(
        rows.filter(elderly_served__isnull=False)
        .values("meal_point")
        .annotate(most=Max("elderly_served"))
        .values_list("most", flat=True)
    )
    return MealFigures(
        total=counts["total"],
        urban=counts["urban"],
        rural=counts["rural"],
        diners=sums["diners"] if sums["rows"] else None,
        elderly_served=sum(served) if served else None,
        registered=points.count(),
    )


@dataclass(frozen=True)
class TownCoverage:
    code: str
    name: str
    county: str
    communities: int  # 社区/村 in the town
    covered: int  # of them with at least one built meal point
    points: int

    @property
    def rate(self) -> int:
        return round(100 * self.covered / self.communities) if self.communities else 0


def coverage_by_town(actor, *, on: date) -> list[TownCoverage]:
    """助餐服务覆盖: per town (街道/乡镇) in the actor's registers, how many of its communities
    and villages have a built meal point."""
    built = meal_points_visible_to(actor).filter(_built_by(on))
    per_village = dict(
        built.order_by().values("region_id").annotate(n=Count("pk")).values_list("region_id", "n")
    )
    # Every town of the actor's territory (so a town without any meal point shows as 0 %),
    # and the towns of the meal points they see through their unit.
    prefixes = scope_for(actor).prefixes + permissions.civil_affairs_prefixes(actor)
    territory = reduce(or_, [Q(code__startswith=p) for p in prefixes], Q(pk__in=[]))
    if scope_for(actor).everything:
        territory = Q()
    town_codes = sorted({code[:9] + "000" for code in per_village})
    towns = Region.objects.filter(level=RegionLevel.TOWN).filter(territory | Q(code__in=town_codes))
    villages = Region.objects.filter(level=RegionLevel.VILLAGE, parent__in=towns).values_list(
        "code", "parent_id"
    )
    by_town: dict[str, list[str]] = {}
    for code, parent in villages:
        by_town.setdefault(parent, []).append(code)
    result = []
    for town in towns.select_related("parent").order_by("code"):
        codes = by_town.get(town.code, [])
        result.append(
            TownCoverage(
                code=town.code,
                name=town.name,
                county=town.parent.name if town.parent else "",
                communities=len(codes),
                covered=sum(1 for c in codes if per_village.get(c)),
                points=sum(per_village.get(c, 0) for c in codes) + per_village.get(town.code, 0),
            )
        )
    return result


# --- safety --------------------------------------------------------------------------------------


def own_unit_ids(actor) -> frozenset[int]:
    """The units whose safety records the actor keeps (their unit and those under it)."""
    return scope_for(actor).unit_ids


def safety_visible_to(actor, model) -> QuerySet:
    """Safety records: a unit sees its own; SAFETY_ALL roles every unit's in their scope."""
    qs = model.objects.select_related("unit", "region")
    if permissions.can(actor, permissions.SAFETY_ALL):
        return qs.filter(visible_q(actor))
    if permissions.can(actor, permissions.RECORD_SAFETY):
        return qs.filter(unit_id__in=sorted(scope_for(actor).unit_ids))
    return qs.none()


def checks_visible_to(actor, *, unit_id: int | None = None) -> QuerySet[SafetyCheck]:
    qs = safety_visible_to(actor, SafetyCheck).prefetch_related("hazards")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-checked_on", "-pk")


def activities_visible_to(actor, *, unit_id: int | None = None) -> QuerySet[SafetyActivity]:
    qs = safety_visible_to(actor, SafetyActivity)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-held_on", "-pk")


def schedules_visible_to(actor, *, unit_id: int | None = None) -> QuerySet[SafetySchedule]:
    qs = safety_visible_to(actor, SafetySchedule).filter(is_active=True)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.annotate(last_check=Max("checks__checked_on")).order_by("unit_id", "frequency")


def next_due(schedule: SafetySchedule, last_check: date | None) -> date:
    """The day by which the next check is due: a week (or a month) after the last check, or
    after the schedule started when there has been none."""
    base = last_check or schedule.starts_on
    if schedule.frequency == Frequency.WEEKLY:
        return base + timedelta(days=7)
    month = base.month % 12 + 1
    year = base.year + (base.month == 12)
    day = min(base.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return date(year, month, day)


@dataclass(frozen=True)
class DueCheck:
    schedule: SafetySchedule
    due: date
    last_check: date | None

    def is_overdue(self, today: date) -> bool:
        return self.due < today


def has_safety_schedule(actor) -> bool:
    if not permissions.can(actor, permissions.RECORD_SAFETY):
        return False
    return SafetySchedule.objects.filter(
        is_active=True, unit_id__in=sorted(scope_for(actor).unit_ids)
    ).exists()


def overdue_checks_for(actor, *, today: date) -> list[DueCheck]:
    """Missed safety checks of the actor's own unit(s): the unit's to-do list shows them."""
    if not permissions.can(actor, permissions.RECORD_SAFETY):
        return []
    schedules = SafetySchedule.objects.filter(
        is_active=True, unit_id__in=sorted(scope_for(actor).unit_ids)
    ).annotate(last_check=Max("checks__checked_on"))
    due = [DueCheck(s, next_due(s, s.last_check), s.last_check) for s in schedules]
    return [d for d in due if d.is_overdue(today)]


@dataclass(frozen=True)
class SafetyFigures:
    checks: int | None
    hazards: int | None
    talks: int | None
    drills: int | None
    notices: int | None


def safety_figures(*, prefix: str, period: Period, unit_id: int | None = None) -> SafetyFigures:
    """开展检查N次、安全宣讲N场、事故应急演练N场、下发工作提示N次 in the period; None where the
    register holds nothing for it."""
    checks = SafetyCheck.objects.filter(region__pk__startswith=prefix)
    activities = SafetyActivity.objects.filter(region__pk__startswith=prefix)
    if unit_id is not None:
        checks, activities = checks.filter(unit_id=unit_id), activities.filter(unit_id=unit_id)
    return _safety_figures(checks, activities, period)


def safety_figures_visible(actor, *, period: Period) -> SafetyFigures:
    return _safety_figures(
        safety_visible_to(actor, SafetyCheck), safety_visible_to(actor, SafetyActivity), period
    )


def _safety_figures(checks: QuerySet, activities: QuerySet, period: Period) -> SafetyFigures:
    checks = checks.filter(checked_on__gte=period.start, checked_on__lte=period.end)
    activities = activities.filter(held_on__gte=period.start, held_on__lte=period.end)
    c = checks.aggregate(n=Count("pk", distinct=True), hazards=Count("hazards"))
    a = activities.aggregate(
        talks=Count("pk", filter=Q(kind=ActivityKind.TALK)),
        drills=Count("pk", filter=Q(kind=ActivityKind.DRILL)),
        notices=Count("pk", filter=Q(kind=ActivityKind.NOTICE)),
    )

    def shown(n):
        return n or None

    return SafetyFigures(
        checks=shown(c["n"]),
        hazards=c["hazards"] if c["n"] else None,
        talks=shown(a["talks"]),
        drills=shown(a["drills"]),
        notices=shown(a["notices"]),
    )


# --- 适老化改造 ----------------------------------------------------------------------------------


def retrofits_visible_to(actor, *, search: str = "") -> QuerySet[RetrofitHousehold]:
    qs = RetrofitHousehold.objects.filter(visible_q(actor, unit=None)).select_related("region")
    if search:
        qs = qs.filter(work__contains=normalize(search))
    return qs.order_by("-completed_on", "pk")


def retrofit_figures(*, prefix: str, period: Period) -> tuple[int | None, object]:
    rows = RetrofitHousehold.objects.filter(
        region__pk__startswith=prefix,
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    ).aggregate(n=Count("pk"), cost=Sum("cost"))
    return (rows["n"] or None, rows["cost"] if rows["n"] else None)


# --- 救助管理 ------------------------------------------------------------------------------------


def relief_cases_visible_to(
    actor, *, state: str = "", minors: bool = False, at_station: bool = False
) -> QuerySet[ReliefCase]:
    qs = ReliefCase.objects.filter(visible_q(actor, unit=None)).select_related("region", "campaign")
    if state:
        qs = qs.filter(state=state)
    if at_station:
        qs = qs.filter(state__in=AT_STATION)
    if minors:
        qs = qs.filter(is_minor=True)
    return qs.order_by("-found_at", "-pk")


def minors_at_station(actor) -> QuerySet[ReliefCase]:
    return relief_cases_visible_to(actor, minors=True, at_station=True)


def get_relief_case_for(actor, pk) -> ReliefCase:
    case = relief_cases_visible_to(actor).filter(pk=pk).first() if pk else None
    if case is None:
        raise Http404
    return case


def campaigns_visible_to(actor) -> QuerySet[ReliefCampaign]:
    return (
        ReliefCampaign.objects.filter(visible_q(actor, unit=None))
        .select_related("region")
        .annotate(case_count=Count("cases"))
        .order_by("-starts_on")
    )


@dataclass(frozen=True)
class ReliefFigures:
    cases: int | None
    minors: int | None
    settled: int | None
    campaigns: int | None
    patrols: int | None
    people_helped: int | None


def relief_figures(*, prefix: str, period: Period) -> ReliefFigures:
    start, end = period.bounds()
    cases = ReliefCase.objects.filter(
        region__pk__startswith=prefix, found_at__gte=start, found_at__lt=end
    ).aggregate(n=Count("pk"), minors=Count("pk", filter=Q(is_minor=True)))
    settled = ReliefCase.objects.filter(
        region__pk__startswith=prefix, settled_at__gte=start, settled_at__lt=end
    ).count()
    campaigns = ReliefCampaign.objects.filter(
        region__pk__startswith=prefix, starts_on__lte=period.end, ends_on__gte=period.start
    ).aggregate(n=Count("pk"), patrols=Sum("patrols"), helped=Sum("people_helped"))
    has_cases = bool(cases["n"])
    return ReliefFigures(
        cases=cases["n"] or None,
        minors=cases["minors"] if has_cases else None,
        settled=settled if has_cases or settled else None,
        campaigns=campaigns["n"] or None,
        patrols=campaigns["patrols"] if campaigns["n"] else None,
        people_helped=campaigns["helped"] if campaigns["n"] else None,
    )
