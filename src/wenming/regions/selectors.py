"""Reads of regions, units and people, already scoped to the caller."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from wenming.hanzi import normalize
from wenming.kept import Kept
from wenming.regions.models import Membership, Region, Unit, UnitKind, code_prefix
from wenming.regions.scope import Scope, scope_for
from wenming.regions.scope import membership_of as membership_of  # the pages' name for it


def regions_visible_to(
    actor, *, search: str = "", parent: str | None = None, level: str | None = None
) -> QuerySet[Region]:
    qs = Region.objects.filter(scope_for(actor).regions_q()).select_related("parent")
    if search:
        qs = qs.filter(name__contains=normalize(search))
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def _region_rows(everything: bool, prefixes: tuple, homes: frozenset, levels: tuple) -> list:
    scope = Scope(everything=everything, prefixes=prefixes, home_region_codes=homes)
    qs = Region.objects.filter(scope.regions_q(), level__in=levels).order_by("code")
    return list(qs.values("code", "name", "level"))


# Filters on every list page show them and regions change seldom: each process keeps them a
# minute per scope; saving or deleting a region empties this process's copy (RegionsConfig.ready).
kept_region_rows = Kept(_region_rows, seconds=60, size=256)


def region_choices(actor, *, levels) -> list[dict]:
    """Code, name and level of the visible regions at ``levels`` in code order, for a filter's
    list: plain values, neither Region objects nor their parents (a province lists hundreds)."""
    return region_choices_in(scope_for(actor), levels=levels)


def region_choices_in(scope: Scope, *, levels) -> list[dict]:
    """:func:`region_choices` of whoever has ``scope`` (for a page that keeps what it makes of
    them per scope)."""
    rows = kept_region_rows.get(
        scope.everything, scope.prefixes, scope.home_region_codes, tuple(levels)
    )
    return [dict(row) for row in rows]  # a page may change its copy


def get_region_for(actor, code: str) -> Region:
    """The region, or 404 when it does not exist or lies outside the actor's scope."""
    region = regions_visible_to(actor).filter(code=code).first()
    if region is None:
        raise Http404
    return region


def child_regions(actor, region: Region) -> QuerySet[Region]:
    return regions_visible_to(actor).filter(parent=region).annotate(unit_count=Count("units"))


def units_visible_to(
    actor, *, search: str = "", kind: str | None = None, region: str | None = None
) -> QuerySet[Unit]:
    qs = Unit.objects.filter(scope_for(actor).units_q()).select_related("region", "parent")
    if search:
        term = normalize(search)
        qs = qs.filter(Q(name__contains=term) | Q(short_name__contains=term))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__pk__startswith=code_prefix(region))
    return qs.order_by("region_id", "kind", "name")


def get_unit_for(actor, pk: int) -> Unit:
    unit = units_visible_to(actor).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def people_visible_to(actor, *, unit: Unit | None = None, search: str = "") -> QuerySet[Membership]:
    """People whose unit the actor can see; ``search`` matches the name or the login name
    (繁/简 alike)."""
    visible_units = units_visible_to(actor)
    qs = Membership.objects.filter(unit__in=visible_units).select_related("user", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if search:
        term = normalize(search)
        qs = qs.filter(
            Q(user__first_name__contains=term)
            | Q(user__last_name__contains=term)
            | Q(user__username__icontains=term)
        )
    return qs.order_by("unit__name", "user__username")


@dataclass(frozen=True)
class OrganisationCounts:
    regions: int
    towns: int
    communities: int
    units: int
    people: int


def organisation_counts(actor) -> OrganisationCounts:
    """The dashboard's counts, each within the actor's scope."""
    regions = Region.objects.filter(scope_for(actor).regions_q()).aggregate(
        total=Count("pk"),
        towns=Count("pk", filter=Q(level="town")),
        communities=Count("pk", filter=Q(level="village")),
    )
    units = units_visible_to(actor)
    people = get_user_model().objects.filter(is_active=True, membership__unit__in=units).count()
    return OrganisationCounts(
        regions=regions["total"],
        towns=regions["towns"],
        communities=regions["communities"],
        units=units.count(),
        people=people,
    )


def with_paths(units) -> list[Unit]:
    """The units, each with ``path_label`` — where it sits, read from its region's ancestors
    below the city: 田家庵区 · 田东街道 · 光明社区 rather than a bare 光明社区 among 90 others.
    One query for all the ancestors."""
    units = list(units)
    wanted = set()
    for unit in units:
        code = unit.region_id
        for length in (6, 9):  # county, town
            if code[length:].strip("0"):
                wanted.add(code[:length].ljust(12, "0"))
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    for unit in units:
        code = unit.region_id
        parts = [
            names[code[:length].ljust(12, "0")]
            for length in (6, 9)
            if code[length:].strip("0") and code[:length].ljust(12, "0") in names
        ]
        own = unit.short_name or unit.name
        unit.path_label = " · ".join(parts + [own])
    return units


def issuer_name(region_code: str | None = None) -> str:
    """落款 of the documents a region issues (整改通知单, 督办单, 通报): its active civilization
    office (文明办) as registered among the units, else the office's formal name by the region's
    name. ``region_code`` defaults to the configured city."""
    code = region_code or settings.WENMING_CITY_CODE
    office = (
        Unit.objects.filter(kind=UnitKind.OFFICE, region_id=code, is_active=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    if office:
        return office
    region = Region.objects.filter(code=code).values_list("name", flat=True).first() or ""
    return _("%(region)s精神文明建设委员会办公室") % {"region": region}


def home_region() -> Region | None:
    """The region a deployment serves: its city (WENMING_CITY_CODE), else the topmost region."""
    region = Region.objects.filter(pk=settings.WENMING_CITY_CODE).first()
    return region or Region.objects.filter(parent__isnull=True).order_by("code").first()
