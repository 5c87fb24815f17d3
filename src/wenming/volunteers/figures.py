"""The volunteer figures of a region's subtree — registered and active volunteers, their share
of the resident population, hours and 服务人次 by region and month, demands met and their rating,
teams and stations — for the pages, the API and the framework's metric leaves (report_figures).

Not scoped: callers pass a region already checked against the actor. Read through ``selectors``
(which re-exports these names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr, TruncMonth

from wenming.regions.models import PREFIX_LENGTH, Region, RegionLevel
from wenming.volunteers import conf
from wenming.volunteers.coverage import CHILD_LEVEL
from wenming.volunteers.models import (
    Demand,
    DemandState,
    PracticeSite,
    RegionPopulation,
    ServiceRecord,
    Team,
    Volunteer,
)


@dataclass
class Figures:
    region: Region
    registered: int
    active: int
    population: int | None
    hours: Decimal
    services: int  # 服务人次: service records
    demands: int
    demands_met: int
    rating: Decimal | None

    @property
    def share(self) -> Decimal | None:
        """Registered volunteers as a share of the resident population, in per cent."""
        if not self.population:
            return None
        return (Decimal(self.registered * 100) / self.population).quantize(Decimal("0.01"))


def population_of(region: Region, year: int) -> int | None:
    """常住人口: the region's own latest figure up to ``year``, else the sum of its children's."""
    own = (
        RegionPopulation.objects.filter(region=region, year__lte=year)
        .order_by("-year")
        .values_list("population", flat=True)
        .first()
    )
    if own is not None:
        return own
    children = RegionPopulation.objects.filter(region__parent=region, year__lte=year)
    latest = {}
    for code, y, n in children.order_by("region_id", "-year").values_list(
        "region_id", "year", "population"
    ):
        latest.setdefault(code, n)
    return sum(latest.values()) or None


def figures(region: Region, *, start: date, end: date) -> Figures:
    """The volunteer figures of ``region``'s subtree over [start, end] (registered and active as
    at ``end``). Not scoped: callers pass a region already checked against the actor."""
    prefix = region.prefix
    registered = Volunteer.objects.filter(
        region__pk__startswith=prefix, is_active=True, registered_on__lte=end
    )
    since = end - timedelta(days=round(conf.active_months() * 30.44))
    active = registered.filter(
        Exists(
            ServiceRecord.objects.filter(
                volunteer=OuterRef("pk"), service_date__gt=since, service_date__lte=end
            )
        )
    )
    served = ServiceRecord.objects.filter(
        region__pk__startswith=prefix, service_date__gte=start, service_date__lte=end
    ).aggregate(hours=Sum("hours"), services=Count("pk"))
    demands = Demand.objects.filter(
        region__pk__startswith=prefix, created__date__gte=start, created__date__lte=end
    ).aggregate(
        total=Count("pk"),
        met=Count("pk", filter=Q(state=DemandState.COMPLETED)),
        rating=Avg("rating"),
    )
    rating = demands["rating"]
    return Figures(
        region=region,
        registered=registered.count(),
        active=active.count(),
        population=population_of(region, end.year),
        hours=served["hours"] or Decimal("0"),
        services=served["services"] or 0,
        demands=demands["total"] or 0,
        demands_met=demands["met"] or 0,
        rating=Decimal(str(rating)).quantize(Decimal("0.1")) if rating is not None else None,
    )


def hours_by_region_month(region: Region, *, start: date, end: date) -> list[dict]:
    """Hours and 服务人次 per child region and month over [start, end] — one grouped query."""
    child_level = CHILD_LEVEL.get(RegionLevel(region.level))
    length = PREFIX_LENGTH[RegionLevel(child_level)] if child_level else len(region.prefix)
    rows = (
        ServiceRecord.objects.filter(
            region__pk__startswith=region.prefix, service_date__gte=start, service_date__lte=end
        )
        .annotate(child=Substr("region_id", 1, length), month=TruncMonth("service_date"))
        .values("child", "month")
        .annotate(hours=Sum("hours"), services=Count("pk"))
        .order_by("child", "month")
    )
    names = (
        {r.prefix: r.name for r in Region.objects.filter(parent=region)}
        if child_level
        else {region.prefix: region.name}
    )
    return [
        {
            "code": row["child"],
            "name": names.get(row["child"], row["child"]),
            "month": row["month"],
            "hours": row["hours"],
            "services": row["services"],
        }
        for row in rows
    ]


def team_count(prefix: str) -> int:
    return Team.objects.filter(region__pk__startswith=prefix, is_active=True).count()


def site_count(prefix: str, level: str) -> int:
    return PracticeSite.objects.filter(
        region__pk__startswith=prefix, level=level, is_active=True
    ).count()
