"""The regions honours are read for: a region-subtree filter, the region an actor's figures are
stated for, and the regions of the actor's territory offered in filters."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from wenming.regions.models import Region, RegionLevel, code_prefix
from wenming.regions.scope import scope_for


def in_region(region_code: str | None, field: str = "region") -> Q:
    if not region_code:
        return Q()
    return Q(**{f"{field}__pk__startswith": code_prefix(region_code)})


def scope_region(actor) -> Region | None:
    """The region the actor's figures are stated for: their scope's root (the city for the
    office, the district for a district government)."""
    scope = scope_for(actor)
    if scope.everything:
        return Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    code = scope.region_code
    return Region.objects.filter(code=code).first() if code else None


def registry_regions(actor) -> QuerySet[Region]:
    """Districts and streets in the actor's scope, for the registry's region filter."""
    return (
        Region.objects.filter(scope_for(actor).regions_q())
        .filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWN])
        .order_by("code")
    )


def region_in_scope(actor, code: str) -> Region:
    """A region of the actor's territory, or 404."""
    found = Region.objects.filter(scope_for(actor).regions_q(), code=code).first()
    if found is None or not scope_for(actor).covers_region(found.code):
        raise Http404
    return found
