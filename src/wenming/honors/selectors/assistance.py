"""礼遇帮扶: budgets and grants, health checks, 四有 sites and their visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from wenming.honors.models import (
    AssistanceBudget,
    CheckState,
    Grant,
    GrantState,
    HealthCheck,
    Honor,
    HonorSite,
    Person,
    SiteVisit,
)
from wenming.honors.selectors.regions import in_region
from wenming.honors.selectors.registry import people_visible_to
from wenming.inputs import parse_id
from wenming.regions.models import Region, RegionLevel, ancestor_codes
from wenming.regions.scope import scope_for


@dataclass(frozen=True)
class BudgetSummary:
    """A year's fund and what the grants recorded did with it: spent = paid grants; committed =
    approved, not yet paid; remaining = amount − spent − committed."""

    budget: AssistanceBudget
    spent: Decimal
    committed: Decimal
    pending: Decimal
    paid_count: int

    @property
    def remaining(self) -> Decimal:
        return self.budget.amount - self.spent - self.committed


def budgets_visible_to(actor) -> QuerySet[AssistanceBudget]:
    """Budgets of the actor's territory and of the regions above it (the city's fund is the
    fund a community applies to)."""
    scope = scope_for(actor)
    if scope.everything:
        return AssistanceBudget.objects.all()
    above = {code for home in scope.home_region_codes for code in ancestor_codes(home)}
    return AssistanceBudget.objects.filter(
        scope.q(region="region", unit=None) | Q(region_id__in=sorted(above))
    )


def budget_summaries(actor, year: int) -> list[BudgetSummary]:
    budgets = (
        budgets_visible_to(actor)
        .filter(year=year)
        .select_related("region")
        .annotate(
            spent=Sum("grants__amount", filter=Q(grants__state=GrantState.PAID)),
            committed=Sum("grants__amount", filter=Q(grants__state=GrantState.APPROVED)),
            pending=Sum("grants__amount", filter=Q(grants__state=GrantState.APPLIED)),
            paid_count=Count("grants", filter=Q(grants__state=GrantState.PAID)),
        )
        .order_by("region_id")
    )
    zero = Decimal("0")
    return [
        BudgetSummary(b, b.spent or zero, b.committed or zero, b.pending or zero, b.paid_count)
        for b in budgets
    ]


def grants_visible_to(actor) -> QuerySet[Grant]:
    scope = scope_for(actor)
    return Grant.objects.filter(
        scope.q(region="person__region", unit=None) | scope.q(region="budget__region", unit=None)
    )


def grant_list(actor, year: int) -> QuerySet[Grant]:
    return (
        grants_visible_to(actor)
        .filter(budget__year=year)
        .select_related("person", "person__region", "budget", "budget__region")
        .order_by("-applied_at", "-pk")
    )


def get_grant_for(actor, pk) -> Grant:
    pk = parse_id(pk)
    found = grants_visible_to(actor).select_related("budget").filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def health_checks(actor, year: int) -> QuerySet[HealthCheck]:
    scope = scope_for(actor)
    return (
        HealthCheck.objects.filter(scope.q(region="person__region", unit=None), year=year)
        .select_related("person", "person__region")
        .order_by("state", "scheduled_on", "person__name_key")
    )


def health_check_counts(actor, year: int) -> dict[str, int]:
    rows = health_checks(actor, year).order_by().values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in CheckState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def get_health_check_for(actor, pk) -> HealthCheck:
    pk = parse_id(pk)
    scope = scope_for(actor)
    found = (
        HealthCheck.objects.filter(scope.q(region="person__region", unit=None), pk=pk)
        .select_related("person")
        .first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def honor_sites(actor) -> QuerySet[HonorSite]:
    """四有 sites in scope with their visitors (累计)."""
    scope = scope_for(actor)
    return (
        HonorSite.objects.filter(scope.q(region="region", unit=None))
        .select_related("region")
        .annotate(visitors=Coalesce(Sum("visits__visitors"), 0))
        .order_by("region_id", "kind", "name")
    )


def get_site_for(actor, pk) -> HonorSite:
    pk = parse_id(pk)
    found = honor_sites(actor).filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def site_visitors(region_code: str | None, *, kind: str = "", until: date | None = None) -> int:
    """Visitors received by the 四有 sites under a region (a report's "已接待参观人群达10.6万人次")."""
    visits = SiteVisit.objects.filter(in_region(region_code, "site__region"))
    if kind:
        visits = visits.filter(site__kind=kind)
    if until:
        visits = visits.filter(day__lte=until)
    return visits.aggregate(n=Sum("visitors"))["n"] or 0


def people_for_grants(actor) -> QuerySet[Person]:
    """Honoured people in scope (who may receive a grant)."""
    return (
        people_visible_to(actor)
        .filter(pk__in=Honor.objects.values("person_id"))
        .select_related("region")
        .order_by("name_key")
    )


def grants_to_decide(actor) -> QuerySet[Grant]:
    """帮扶申请 waiting for a decision, of the budgets the actor's office holds."""
    scope = scope_for(actor)
    return (
        Grant.objects.filter(scope.q(region="budget__region", unit=None), state=GrantState.APPLIED)
        .select_related("person", "person__region", "budget", "budget__region")
        .order_by("applied_at", "pk")
    )


def site_region_choices(actor) -> list[tuple[str, list[tuple[str, str]]]]:
    """Where a 四有 site may stand, grouped: the city and districts, then each street with its
    communities (the site's kind decides which level is right; the service says so)."""
    regions = list(
        Region.objects.filter(scope_for(actor).regions_q())
        .filter(
            level__in=[RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE]
        )
        .order_by("code")
        .values_list("code", "name", "level", "parent_id")
    )
    top = [(code, name) for code, name, level, _p in regions if level in ("city", "county")]
    groups: dict[str, list[tuple[str, str]]] = {}
    names = {code: name for code, name, _l, _p in regions}
    for code, name, level, parent in regions:
        if level == RegionLevel.TOWN:
            groups.setdefault(code, []).insert(0, (code, name))
        elif level == RegionLevel.VILLAGE:
            groups.setdefault(parent, []).append((code, f"　{name}"))
    return [(str(_("市、县区")), top)] + [
        (names.get(town, town), items) for town, items in sorted(groups.items())
    ]
