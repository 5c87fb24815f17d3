"""Coverage of the practice network (全覆盖): the share of towns with an active 实践所 and of
communities and villages with an active 实践站, with the centres and points, for a region and
each region one level below it — county → town → community, in two grouped queries.

Read through ``selectors`` (which re-exports these names); scoped to the actor like every read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import Substr
from django.http import Http404

from wenming.regions.models import PREFIX_LENGTH, Region, RegionLevel
from wenming.regions.scope import scope_for
from wenming.volunteers.models import PracticeSite, SiteLevel

CHILD_LEVEL = {
    RegionLevel.PROVINCE: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWN,
    RegionLevel.TOWN: RegionLevel.VILLAGE,
}


@dataclass
class CoverageRow:
    region: Region
    towns: int = 0
    towns_covered: int = 0  # towns with an active 实践所
    villages: int = 0
    villages_covered: int = 0  # communities / villages with an active 实践站
    centres: int = 0
    points: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        return (Decimal(part * 100) / whole).quantize(Decimal("0.1")) if whole else None

    @property
    def town_share(self) -> Decimal | None:
        return self._share(self.towns_covered, self.towns)

    @property
    def village_share(self) -> Decimal | None:
        return self._share(self.villages_covered, self.villages)

    @property
    def full(self) -> bool:
        """全覆盖: every town has its 所 and every community or village its 站."""
        return self.towns_covered == self.towns and self.villages_covered == self.villages


REGION_COUNTS = ("towns", "towns_covered", "villages", "villages_covered")
SITE_COUNTS = ("centres", "points")


def _has_site(level: str) -> Q:
    """The region holds an active site of ``level`` (PostgreSQL hashes the subquery once)."""
    return Q(pk__in=PracticeSite.objects.filter(level=level, is_active=True).values("region_id"))


def _region_counts(region: Region, child_length: int) -> list[dict]:
    """One row per code prefix of ``child_length`` below ``region``: the towns and communities
    and those with their site, and
    the code, name and level of the child region whose subtree it is (None in ``region``'s own
    row)."""
    town, village = Q(level=RegionLevel.TOWN), Q(level=RegionLevel.VILLAGE)
    child = Q(parent_id=region.code)
    return list(
        Region.objects.filter(code__startswith=region.prefix)
        .annotate(group=Substr("code", 1, child_length))
        .values("group")
        .annotate(
            child_code=Max("code", filter=child),
            child_name=Max("name", filter=child),
            child_level=Max("level", filter=child),
            towns=Count("pk", filter=town),
            towns_covered=Count("pk", filter=town & _has_site(SiteLevel.INSTITUTE)),
            villages=Count("pk", filter=village),
            villages_covered=Count("pk", filter=village & _has_site(SiteLevel.STATION)),
        )
        .order_by("group")
    )


def _site_counts(region: Region, child_length: int) -> dict[str, dict]:
    """{code prefix of ``child_length``: its active centres and points}. Counted apart from the
    regions: as per-region subqueries they would cost the planner's estimate past PostgreSQL's
    JIT threshold, and compiling takes longer than the whole count."""
    rows = (
        PracticeSite.objects.filter(
            region__pk__startswith=region.prefix,
            level__in=[SiteLevel.CENTRE, SiteLevel.POINT],
            is_active=True,
        )
        .annotate(group=Substr("region_id", 1, child_length))
        .values("group")
        .annotate(
            centres=Count("pk", filter=Q(level=SiteLevel.CENTRE)),
            points=Count("pk", filter=Q(level=SiteLevel.POINT)),
        )
        .order_by()
    )
    return {row["group"]: row for row in rows}


def _may_see_region(actor, region: Region) -> bool:
    scope = scope_for(actor)
    return scope.covers_region(region.code) or region.code in scope.home_region_codes


def coverage(actor, region: Region) -> tuple[CoverageRow, list[CoverageRow]]:
    """Coverage of ``region`` (in the actor's scope) and of each region one level below it:
    county → town → community. Two grouped queries whatever the size of the tree: the regions
    of the subtree by their child's code prefix (each group carrying its child's name), and
    the centres and points by the same prefix."""
    if not _may_see_region(actor, region):
        raise Http404
    return _counted(region)


def coverage_total(region: Region) -> CoverageRow:
    """Coverage of ``region``'s whole subtree, unscoped (the figures: the caller has checked
    the region)."""
    return _counted(region)[0]


def _counted(region: Region) -> tuple[CoverageRow, list[CoverageRow]]:
    child_level = CHILD_LEVEL.get(RegionLevel(region.level))
    child_length = PREFIX_LENGTH[RegionLevel(child_level)] if child_level else len(region.prefix)
    groups = _region_counts(region, child_length)
    sites = _site_counts(region, child_length)
    none = dict.fromkeys(SITE_COUNTS, 0)

    def counts(group: dict) -> list[int]:
        site_row = sites.get(group["group"], none)
        return [group[name] for name in REGION_COUNTS] + [site_row[name] for name in SITE_COUNTS]

    rows = [
        CoverageRow(
            Region(
                code=group["child_code"],
                name=group["child_name"],
                level=group["child_level"],
                parent_id=region.code,
            ),
            *counts(group),
        )
        for group in groups
        if child_level and group["child_code"]
    ]
    total = CoverageRow(
        region,
        *(sum(group[name] for group in groups) for name in REGION_COUNTS),
        *(sum(row[name] for row in sites.values()) for name in SITE_COUNTS),
    )
    return total, rows


def coverage_root(actor) -> Region | None:
    """The widest region of the actor's territory, where the coverage table starts."""
    scope = scope_for(actor)
    if scope.everything:
        return Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    return Region.objects.filter(pk=scope.region_code).first() if scope.region_code else None
