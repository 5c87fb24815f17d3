"""Coverage of the practice network (全覆盖): the share of towns with an active 实践所 and of
communities and villages with an active 实践站, with the centres and points, for a region and
each region one level below it — county → town → community, in one statement.

Read through ``selectors`` (which re-exports these names); scoped to the actor like every read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import CharField, Count, Max, Q, QuerySet, Value
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


CHILD = ("child_code", "child_name", "child_level")
COUNTS = ("towns", "towns_covered", "villages", "villages_covered", "centres", "points")


def _has_site(level: str) -> Q:
    """The region holds an active site of ``level`` (PostgreSQL hashes the subquery once)."""
    return Q(pk__in=PracticeSite.objects.filter(level=level, is_active=True).values("region_id"))


def _nothing(names, output_field) -> dict:
    return {name: Value(None if output_field else 0, output_field=output_field) for name in names}


def _region_counts(prefix: str, code: str, child_length: int) -> QuerySet:
    """Per code prefix of ``child_length`` below the region ``code``: the towns and communities
    and those with their site, and the code, name and level of the child region whose subtree
    it is (None in the region's own row)."""
    town, village = Q(level=RegionLevel.TOWN), Q(level=RegionLevel.VILLAGE)
    child = Q(parent_id=code)
    return (
        Region.objects.filter(code__startswith=prefix)
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
            **_nothing(("centres", "points"), None),
        )
        .values_list("group", *CHILD, *COUNTS)
        .order_by()
    )


def _site_counts(prefix: str, child_length: int) -> QuerySet:
    """Per code prefix of ``child_length`` below ``prefix``: its active centres and points."""
    return (
        PracticeSite.objects.filter(
            region__pk__startswith=prefix,
            level__in=[SiteLevel.CENTRE, SiteLevel.POINT],
            is_active=True,
        )
        .annotate(group=Substr("region_id", 1, child_length))
        .values("group")
        .annotate(
            **_nothing(CHILD, CharField()),
            **_nothing(COUNTS[:4], None),
            centres=Count("pk", filter=Q(level=SiteLevel.CENTRE)),
            points=Count("pk", filter=Q(level=SiteLevel.POINT)),
        )
        .values_list("group", *CHILD, *COUNTS)
        .order_by()
    )


@functools.lru_cache(maxsize=1024)
def _statement(prefix: str, code: str, child_length: int) -> tuple[str, tuple]:
    """The SQL of both counts, compiled once per region: building the ORM expressions costs
    the client several times the round trip, and on a busy server that CPU is what waits."""
    statement = _region_counts(prefix, code, child_length).union(
        _site_counts(prefix, child_length), all=True
    )
    return statement.query.sql_with_params()


def _may_see_region(actor, region: Region) -> bool:
    scope = scope_for(actor)
    return scope.covers_region(region.code) or region.code in scope.home_region_codes


def coverage(actor, region: Region) -> tuple[CoverageRow, list[CoverageRow]]:
    """Coverage of ``region`` (in the actor's scope) and of each region one level below it:
    county → town → community. One statement whatever the size of the tree (a round trip
    costs more than the counting on a busy server): the regions of the subtree grouped by
    their child's code prefix, each group carrying its child's name, UNION ALL the centres
    and points grouped by the same prefix. (The sites as per-region subqueries of the first
    would push the planner's estimate past PostgreSQL's JIT threshold.)"""
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
    children: dict[str, tuple] = {}
    counts: dict[str, list[int]] = {}
    sql, params = _statement(region.prefix, region.code, child_length)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    for row in fetched:
        group, child, numbers = row[0], row[1 : 1 + len(CHILD)], row[1 + len(CHILD) :]
        if child[0]:
            children[group] = child
        added = counts.setdefault(group, [0] * len(COUNTS))
        for index, number in enumerate(numbers):
            added[index] += number
    rows = [
        CoverageRow(
            Region(code=code, name=name, level=level, parent_id=region.code), *counts[group]
        )
        for group, (code, name, level) in sorted(children.items())
        if child_level
    ]
    total = CoverageRow(region, *(sum(column) for column in zip(*counts.values(), strict=True)))
    return total, rows


def coverage_root(actor) -> Region | None:
    """The widest region of the actor's territory, where the coverage table starts."""
    scope = scope_for(actor)
    if scope.everything:
        return Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    return Region.objects.filter(pk=scope.region_code).first() if scope.region_code else None
