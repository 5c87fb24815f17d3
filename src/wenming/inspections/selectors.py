"""Reads of sites, rounds, visits and findings, already scoped to the caller.

Two rules apply on top of the region/unit scope: an undercover (暗访) round, its visits
and its findings stay invisible to everyone but the inspecting side until the round is
published; and an inspector assigned to a round reaches that round's sites through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.utils.translation import gettext as _

from wenming import mapgrid
from wenming.framework.models import Method
from wenming.geo import distance_m
from wenming.hanzi import normalize
from wenming.inspections import permissions
from wenming.inspections.models import (
    ChecklistItem,
    ChecklistResult,
    Finding,
    Inspection,
    Outcome,
    Photo,
    Round,
    RoundKind,
    RoundSite,
    RoundStatus,
    Site,
    SiteResult,
    SiteType,
)
from wenming.regions.models import Region, RegionLevel, Role, code_prefix
from wenming.regions.scope import scope_for
from wenming.regions.selectors import people_visible_to, regions_visible_to, units_visible_to


def site_types(*, active_only: bool = True) -> QuerySet[SiteType]:
    """Site types with their checklists (reference data, the same for everyone)."""
    items = ChecklistItem.objects.select_related("indicator").order_by("position", "pk")
    qs = SiteType.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
        items = items.filter(is_active=True)
    return qs.prefetch_related(Prefetch("items", queryset=items)).order_by("position", "name")


def checklist_for(site_type: SiteType) -> list[ChecklistItem]:
    """The active checklist of a site type, in the order an inspector walks it."""
    return list(
        site_type.items.filter(is_active=True)
        .select_related("indicator")
        .order_by("position", "pk")
    )


# --- sites -------------------------------------------------------------------------------


def sites_visible_to(
    actor,
    *,
    search: str = "",
    site_type: int | str | None = None,
    region: str | None = None,
    active_only: bool = True,
) -> QuerySet[Site]:
    qs = scope_for(actor).filter(Site.objects.all(), region="region", unit="unit")
    if active_only:
        qs = qs.filter(is_active=True)
    if search:
        term = normalize(search)
        qs = qs.filter(Q(name__contains=term) | Q(address__contains=term))
    if site_type:
        qs = qs.filter(site_type_id=site_type)
    if region:
        qs = qs.filter(region__pk__startswith=code_prefix(region))
    return qs.select_related("site_type", "region", "unit").order_by(
        "region_id", "site_type__position", "name"
    )


def get_site_for(actor, pk: int) -> Site:
    """The site, or 404 when it does not exist or lies outside the actor's scope."""
    site = sites_visible_to(actor, active_only=False).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def site_regions(actor) -> QuerySet[Region]:
    """Streets/towns and communities/villages a site may be placed in."""
    return regions_visible_to(actor).filter(
        level__in=[RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE]
    )


def responsible_units(actor) -> QuerySet:
    return units_visible_to(actor).filter(is_active=True)


def sampling_regions(actor) -> QuerySet[Region]:
    """Districts and streets/towns a planner may sample within."""
    return regions_visible_to(actor).filter(
        level__in=[RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWN]
    )


def inspectors_for(actor) -> QuerySet:
    """People the actor may assign to a round: inspectors and coordinators they can see."""
    people = people_visible_to(actor).filter(role__in=[Role.INSPECTOR, Role.COORDINATOR])
    return (
        get_user_model().objects.filter(is_active=True, membership__in=people).order_by("username")
    )


# --- rounds ------------------------------------------------------------------------------


def _hide_unpublished_undercover(actor, qs: QuerySet, round_path: str) -> QuerySet:
    """The inspected side never sees a 暗访 round, nor what it found, before publication."""
    if permissions.can(actor, permissions.SEE_UNDERCOVER):
        return qs
    prefix = f"{round_path}__" if round_path else ""
    return qs.exclude(
        Q(**{f"{prefix}kind": RoundKind.UNDERCOVER, f"{prefix}published_at__isnull": True})
    )


def rounds_visible_to(
    actor, *, status: str | None = None, kind: str | None = None
) -> QuerySet[Round]:
    """Rounds with a site in the actor's scope, plus those the actor planned or is assigned to."""
    scope = scope_for(actor)
    qs = Round.objects.all()
    if not scope.everything:
        sites_in_scope = RoundSite.objects.filter(round=OuterRef("pk")).filter(
            scope.q(region="site__region", unit="site__unit")
        )
        assigned = Round.inspectors.through.objects.filter(
            round_id=OuterRef("pk"), user_id=actor.pk
        )
        qs = qs.filter(Exists(sites_in_scope) | Exists(assigned) | Q(created_by_id=actor.pk))
    qs = _hide_unpublished_undercover(actor, qs, "")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(site_count=Count("round_sites", distinct=True)).order_by(
        "-period_start", "-pk"
    )


def get_round_for(actor, pk: int) -> Round:
    round = rounds_visible_to(actor).filter(pk=pk).first()
    if round is None:
        raise Http404
    return round


def open_rounds_assigned_to(actor) -> QuerySet[Round]:
    """The inspector's to-do: open rounds they are one of the inspectors of."""
    return rounds_visible_to(actor, status=RoundStatus.OPEN).filter(
        Exists(Round.inspectors.through.objects.filter(round_id=OuterRef("pk"), user_id=actor.pk))
    )


@dataclass(frozen=True)
class Stop:
    """A site of a round as the inspector's picker shows it."""

    site: Site
    distance_m: float | None
    visited: bool

    @property
    def distance_text(self) -> str:
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return _("%(m)d 米") % {"m": round(self.distance_m)}
        return _("%(km).1f 公里") % {"km": self.distance_m / 1000}


def _round_sites_for(actor, round: Round) -> QuerySet[Site]:
    """The sites of a round: all of them for whoever may inspect it, else those in scope."""
    qs = Site.objects.filter(round_sites_membership(round))
    if not permissions.can_inspect_round(actor, round):
        qs = scope_for(actor).filter(qs, region="region", unit="unit")
    return qs.select_related("site_type", "region", "unit")


def round_sites_membership(round: Round) -> Q:
    return Q(pk__in=RoundSite.objects.filter(round=round).values("site_id"))


def round_stops(
    actor, round: Round, *, latitude: float | None = None, longitude: float | None = None
) -> list[Stop]:
    """The round's sites: unvisited first, then nearest first from the given position.

    Without a position the round's own order (the sample order) is kept.
    """
    visited = set(Inspection.objects.filter(round=round).values_list("site_id", flat=True))
    order = dict(RoundSite.objects.filter(round=round).values_list("site_id", "position"))
    stops = []
    for site in _round_sites_for(actor, round):
        distance = distance_m(latitude, longitude, site.latitude, site.longitude)
        stops.append(Stop(site=site, distance_m=distance, visited=site.pk in visited))
    stops.sort(
        key=lambda s: (
            s.visited,
            s.distance_m is None,
            s.distance_m if s.distance_m is not None else 0,
            order.get(s.site.pk, 0),
        )
    )
    return stops


def next_stop(actor, round: Round) -> Site | None:
    """下一个点位: the first site of the round nobody has visited yet, in the round's order;
    None when every site is done or the round is closed."""
    if not round.is_open or not permissions.can_inspect_round(actor, round):
        return None
    stop = next((s for s in round_stops(actor, round) if not s.visited), None)
    return stop.site if stop else None


def get_round_site_for(actor, round: Round, site_pk: int) -> Site:
    """A site of the round the actor may reach through it, else 404."""
    site = _round_sites_for(actor, round).filter(pk=site_pk).first()
    if site is None:
        raise Http404
    return site


# --- visits and findings ---------------------------------------------------------------


def inspections_visible_to(
    actor, *, round: Round | None = None, site: Site | None = None
) -> QuerySet[Inspection]:
    qs = scope_for(actor).filter(Inspection.objects.all(), region="region", unit="unit")
    qs = _hide_unpublished_undercover(actor, qs, "round")
    if round is not None:
        qs = qs.filter(round=round)
    if site is not None:
        qs = qs.filter(site=site)
    return (
        qs.select_related("round", "site__site_type", "region", "unit", "inspector")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("-visited_at", "-pk")
    )


def get_inspection_for(actor, pk: int) -> Inspection:
    """The visit with its results, findings and photos, or 404 when outside the actor's scope."""
    inspection = (
        inspections_visible_to(actor)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("results", queryset=_results()),
            Prefetch("findings", queryset=_findings()),
            "photos",
        )
        .first()
    )
    if inspection is None:
        raise Http404
    return inspection


def _results() -> QuerySet[ChecklistResult]:
    return ChecklistResult.objects.select_related("item").order_by("item__position", "item_id")


def _findings() -> QuerySet[Finding]:
    return (
        Finding.objects.select_related("item", "indicator", "region", "unit", "case")
        .prefetch_related("photos")
        .order_by("pk")
    )


def get_photo_for(actor, pk: int) -> Photo:
    """A visit photo, reachable only by those who may see its visit (undercover ones included)."""
    photo = Photo.objects.filter(
        pk=pk, inspection__in=inspections_visible_to(actor).values("pk")
    ).first()
    if photo is None:
        raise Http404
    return photo


def findings_visible_to(actor) -> QuerySet[Finding]:
    qs = scope_for(actor).filter(Finding.objects.all(), region="region", unit="unit")
    return _hide_unpublished_undercover(actor, qs, "inspection__round")


def findings_for_round(actor, round: Round) -> QuerySet[Finding]:
    """Every finding of the round that the actor may see (for bulk dispatch and the round page)."""
    return (
        findings_visible_to(actor)
        .filter(inspection__round=round)
        .select_related(
            "inspection__site__site_type",
            "inspection__inspector",
            "item",
            "indicator",
            "region",
            "unit",
            "case",
        )
        .prefetch_related("photos")
        .order_by("inspection__site__name", "pk")
    )


@dataclass(frozen=True)
class RoundProgress:
    sites: int
    visited: int
    findings: int
    points: Decimal


def round_progress(actor, round: Round) -> RoundProgress:
    """How far the round has got, counted within what the actor may see."""
    sites = _round_sites_for(actor, round).count()
    visited = inspections_visible_to(actor, round=round).values("site_id").distinct().count()
    findings = findings_visible_to(actor).filter(inspection__round=round)
    totals = findings.aggregate(n=Count("pk"), points=Sum("points"))
    return RoundProgress(
        sites=sites, visited=visited, findings=totals["n"], points=totals["points"] or Decimal("0")
    )


# --- Figures the assessment reads (not scoped: the assessment is the city's) ----------------------


def _checklist_result_rows(*, framework_id: int, start, end) -> QuerySet:
    return (
        ChecklistResult.objects.filter(
            item__indicator__framework_id=framework_id,
            item__indicator__method=Method.INSPECTION,
            inspection__visited_at__gte=start,
            inspection__visited_at__lt=end,
            outcome__in=[Outcome.PASS, Outcome.FAIL],
        )
        .filter(
            Q(inspection__round__kind=RoundKind.OVERT)
            | Q(inspection__round__published_at__isnull=False)
        )
        .order_by()
        .values("inspection__region_id", "inspection__unit_id", "item__indicator_id")
        .annotate(
            passed=Count("pk", filter=Q(outcome=Outcome.PASS)),
            failed=Count("pk", filter=Q(outcome=Outcome.FAIL)),
            deducted=Sum("item__points", filter=Q(outcome=Outcome.FAIL)),
            visits=Count("inspection_id", distinct=True),
        )
    )


def checklist_result_cells(*, framework_id: int, start, end) -> list[dict]:
    """Checklist results (pass/fail; not-applicable left out) of items mapped to inspection leaves
    at visits in [start, end) — 暗访 rounds only once published — per (region, unit, indicator) of
    the visit, in one grouped query: ``passed``, ``failed``, ``deducted`` (Σ points of the failed
    items) and ``visits``."""
    rows = _checklist_result_rows(framework_id=framework_id, start=start, end=end)
    return [
        {
            "region": r["inspection__region_id"],
            "unit_id": r["inspection__unit_id"],
            "indicator_id": r["item__indicator_id"],
            "passed": r["passed"],
            "failed": r["failed"],
            "deducted": r["deducted"] or 0,
            "visits": r["visits"],
        }
        for r in rows
    ]


def checklist_result_cells_sql(*, framework_id: int, start, end) -> tuple[str, tuple]:
    """checklist_result_cells as a statement and its parameters, for a caller that sums the cells
    further in the database; columns: region, unit, indicator, passed, failed, deducted (NULL
    when nothing failed), visits."""
    rows = _checklist_result_rows(framework_id=framework_id, start=start, end=end)
    return rows.values_list(
        "inspection__region_id",
        "inspection__unit_id",
        "item__indicator_id",
        "passed",
        "failed",
        "deducted",
        "visits",
    ).query.sql_with_params()


# --- the map (一张图): sites by their latest result, clustered by viewport ------------------------

# A site's latest counted visit, classed by its pass rate; worst first (the map's colours).
RESULT_CLASSES = dict(SiteResult.choices)


def sites_for_map(actor, *, result: str = "", **filters) -> QuerySet[Site]:
    """Positioned sites in scope with the site list's filters, each with ``map_class``."""
    qs = (
        sites_visible_to(actor, **filters)
        .filter(latitude__isnull=False)
        .annotate(map_class=F("latest_result"))
    )
    if result in RESULT_CLASSES:
        qs = qs.filter(latest_result=result)
    return qs


def site_clusters(actor, *, box, zoom: int, **filters) -> tuple[list, list[dict]]:
    """The map's answer for sites: grid cells over the box and the sites shown one by one."""
    cells, items = mapgrid.answer(
        sites_for_map(actor, **filters),
        box=box,
        zoom=zoom,
        order=list(RESULT_CLASSES),
        fields=["name", "site_type__name"],
    )
    for item in items:
        item["type"] = item.pop("site_type__name")
    return cells, items


def positioned_sites_under(prefix: str) -> list[tuple[str, Decimal, Decimal]]:
    """(region code, latitude, longitude) of every active positioned site in the subtree: the
    finest places a position can be given without boundaries (citizen reports, Open311)."""
    return list(
        Site.objects.filter(
            is_active=True,
            region__code__startswith=prefix,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .order_by()
        .values_list("region_id", "latitude", "longitude")
    )
