"""Reads of the honours area, scoped to the caller (regions.scope), and the public 公示 list.

``honor_counts(region, period)`` is the figure a report states ("各级各类好人N名，其中中国好人榜
M人"); other apps (the work report) call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.hanzi import normalize
from wenming.honors import transitions
from wenming.honors.models import (
    SELECTION_LEVELS,
    AssistanceBudget,
    Category,
    CheckState,
    CivilizedUnit,
    ExternalHonor,
    Grant,
    GrantState,
    HealthCheck,
    Honor,
    HonorSite,
    Level,
    Nomination,
    NominationEvent,
    NominationFile,
    Objection,
    ObjectionStatus,
    Person,
    Review,
    SiteVisit,
    State,
    TitleFlag,
    TitleKind,
    TitleLevel,
    TitleReview,
    TitleReviewItem,
    TitleStatus,
)
from wenming.inputs import parse_id
from wenming.regions.models import Region, RegionLevel, ancestor_codes, code_prefix
from wenming.regions.scope import scope_for


def _nomination_scope(actor) -> Q:
    """属地: nominations of people living in the actor's territory (a county reviewer sees its
    streets' candidates); 职能: those the actor's unit put forward."""
    scope = scope_for(actor)
    return scope.q(region="region", unit="nominating_unit")


def nominations_visible_to(actor) -> QuerySet[Nomination]:
    return Nomination.objects.filter(_nomination_scope(actor))


def nomination_list(
    actor, *, state: str = "", level: str = "", category: str = "", q: str = ""
) -> QuerySet[Nomination]:
    qs = nominations_visible_to(actor).select_related("person", "region", "level_region")
    if state in State.values:
        qs = qs.filter(state=state)
    if level in Level.values:
        qs = qs.filter(level=level)
    if category in Category.values:
        qs = qs.filter(category=category)
    key = normalize(q)[:50]
    if key:
        qs = qs.filter(person__name_key__contains=key)
    return qs.order_by("-updated", "-pk")


def waiting_for(actor) -> QuerySet[Nomination]:
    """待评议: nominations waiting for the actor (review, an open objection, 公示 ended)."""
    return (
        nominations_visible_to(actor)
        .filter(transitions.waiting_q(actor))
        .select_related("person", "region", "level_region")
        .distinct()
        .order_by("publicity_due", "created")
    )


def get_nomination_for(actor, pk) -> Nomination:
    """The nomination, or 404 when it does not exist or lies outside the actor's scope."""
    pk = parse_id(pk)
    found = (
        nominations_visible_to(actor)
        .select_related("person", "person__unit", "region", "level_region", "nominating_unit")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def nomination_detail(actor, pk) -> Nomination:
    return get_nomination_for(actor, pk)


def events_of(nomination: Nomination) -> QuerySet[NominationEvent]:
    return nomination.events.order_by("at", "pk")


def reviews_of(nomination: Nomination) -> QuerySet[Review]:
    return nomination.reviews.select_related("reviewer", "reviewer_unit").order_by("at", "pk")


def objections_of(nomination: Nomination) -> QuerySet[Objection]:
    return nomination.objections.select_related("resolved_by").order_by("created", "pk")


def files_of(nomination: Nomination) -> QuerySet[NominationFile]:
    return nomination.files.order_by("created", "pk")


def get_file_for(actor, pk) -> NominationFile:
    pk = parse_id(pk)
    found = (
        NominationFile.objects.filter(
            pk=pk, nomination__in=nominations_visible_to(actor).values("pk")
        ).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def honors_of(nomination: Nomination) -> QuerySet[Honor]:
    return nomination.honors.order_by("conferred_on", "pk")


# ---------------------------------------------------------------- public 公示


def in_publicity() -> QuerySet[Nomination]:
    """Candidates on public notice now (no login): name, place, category and deeds; nobody's
    contact details."""
    return (
        Nomination.objects.filter(state=State.PUBLICITY)
        .select_related("person", "region", "region__parent", "level_region")
        .prefetch_related(
            Prefetch("files", queryset=NominationFile.objects.filter(is_image=True).order_by("pk"))
        )
        .order_by("publicity_due", "pk")
    )


def publicity_ended(now=None) -> list[int]:
    """Nominations whose 公示 ended without an open objection: ready to be promoted."""
    return list(
        Nomination.objects.filter(state=State.PUBLICITY, publicity_due__lt=now or timezone.now())
        .exclude(objections__status=ObjectionStatus.OPEN)
        .values_list("pk", flat=True)
    )


def get_public_nomination(pk) -> Nomination:
    pk = parse_id(pk)
    found = in_publicity().filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def get_public_photo(pk) -> NominationFile:
    """A photo of a candidate on 公示 (the public page shows them); nothing else is public."""
    pk = parse_id(pk)
    found = (
        NominationFile.objects.filter(
            pk=pk, is_image=True, nomination__state=State.PUBLICITY
        ).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def nomination_region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The public form's place: communities and villages grouped by "区 · 街道"."""
    towns = {
        row["code"]: f"{row['parent__name']} · {row['name']}"
        for row in Region.objects.filter(level=RegionLevel.TOWN).values(
            "code", "name", "parent__name"
        )
    }
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in (
        Region.objects.filter(level=RegionLevel.VILLAGE)
        .order_by("code")
        .values_list("code", "name", "parent_id")
    ):
        if parent in towns:
            groups.setdefault(parent, []).append((code, name))
    return [(towns[parent], items) for parent, items in sorted(groups.items())]


# ---------------------------------------------------------------- registry


def _in_region(region_code: str | None, field: str = "region") -> Q:
    if not region_code:
        return Q()
    return Q(**{f"{field}__pk__startswith": code_prefix(region_code)})


def people_visible_to(actor) -> QuerySet[Person]:
    scope = scope_for(actor)
    return Person.objects.filter(scope.q(region="region", unit=None))


def get_person_for(actor, pk) -> Person:
    pk = parse_id(pk)
    found = people_visible_to(actor).select_related("region").filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def registry(
    actor,
    *,
    q: str = "",
    level: str = "",
    category: str = "",
    region: str = "",
    year: int | None = None,
) -> QuerySet[Person]:
    """People with at least one honour, filtered by their honours' level, category and year,
    their region, and a name typed in 繁 or 简."""
    honors = Honor.objects.all()
    if level in Level.values:
        honors = honors.filter(level=level)
    if category in Category.values:
        honors = honors.filter(category=category)
    if year:
        honors = honors.filter(year=year)
    people = people_visible_to(actor).filter(pk__in=honors.values("person_id"))
    if region and region.isascii() and region.isdigit() and len(region) == 12:
        people = people.filter(_in_region(region))
    key = normalize(q)[:50]
    if key:
        people = people.filter(name_key__contains=key)
    return people.select_related("region").prefetch_related(
        Prefetch("honors", queryset=Honor.objects.order_by("-conferred_on", "-pk"))
    )


def honors_of_person(person: Person) -> QuerySet[Honor]:
    return person.honors.order_by("-conferred_on", "-pk")


@dataclass
class HonorCounts:
    """Honoured people in a region (and period): distinct persons, overall and by level,
    category and external honour. A person honoured at several levels counts once overall
    and once at each of their levels."""

    region_name: str
    people: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_external: dict[str, int] = field(default_factory=dict)

    @property
    def china_list(self) -> int:
        return self.by_external.get(ExternalHonor.CHINA_GOOD, 0)

    def sentence(self) -> str:
        """As the seed states it: "涌现出各级各类好人13023名，其中，176人荣登中国好人榜"."""
        return _("%(region)s涌现出各级各类好人%(n)d名，其中%(m)d人荣登中国好人榜") % {
            "region": self.region_name,
            "n": self.people,
            "m": self.china_list,
        }


def honor_counts(region: Region | str | None, period=None) -> HonorCounts:
    """The registry's counts under ``region`` (a Region or its code; None = everywhere).

    ``period`` (a wenming.periods Period, or a (first, last) pair of dates) limits them to the
    honours conferred within it; without it they count every honour up to today (累计).
    This is a figure for reports, not a page: it is not scoped to a user.
    """
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
    honors = Honor.objects.filter(_in_region(region.code if region else None))
    if period is not None:
        first, last = (
            (period.start, period.end) if hasattr(period, "start") else (period[0], period[1])
        )
        honors = honors.filter(conferred_on__gte=first, conferred_on__lte=last)
    counts = HonorCounts(region_name=region.name if region else "")
    counts.people = honors.values("person_id").distinct().count()
    for key, column in (
        ("by_level", "level"),
        ("by_category", "category"),
        ("by_external", "external"),
    ):
        rows = (
            honors.exclude(**{column: ""})
            .values(column)
            .annotate(n=Count("person_id", distinct=True))
            .values_list(column, "n")
        )
        setattr(counts, key, dict(rows))
    return counts


def level_rows(counts: HonorCounts) -> list[tuple[str, int]]:
    """(label, people) per level, lowest first, for a table."""
    return [(str(level.label), counts.by_level.get(level, 0)) for level in Level]


def selection_levels() -> list[Level]:
    return list(SELECTION_LEVELS)


def open_objection_count(nomination: Nomination) -> int:
    return nomination.objections.filter(status=ObjectionStatus.OPEN).count()


def today() -> date:
    return timezone.localdate()


def scope_region(actor) -> Region | None:
    """The region the actor's figures are stated for: their scope's root (the city for the
    office, the district for a district government)."""
    scope = scope_for(actor)
    if scope.everything:
        return Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    code = scope.region_code
    return Region.objects.filter(code=code).first() if code else None


# ---------------------------------------------------------------- 礼遇帮扶


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
    visits = SiteVisit.objects.filter(_in_region(region_code, "site__region"))
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


# ---------------------------------------------------------------- 文明单位/村镇/校园/家庭


def titles_visible_to(actor) -> QuerySet[CivilizedUnit]:
    return CivilizedUnit.objects.filter(scope_for(actor).q(region="region", unit="unit"))


def _open_flags() -> QuerySet[TitleFlag]:
    return TitleFlag.objects.filter(review__isnull=True)


def title_list(
    actor,
    *,
    kind: str = "",
    level: str = "",
    status: str = "",
    q: str = "",
    due: int | None = None,
) -> QuerySet[CivilizedUnit]:
    """Titles in scope; ``due`` (a year): only those due for 复查 that year."""
    qs = titles_visible_to(actor).select_related("region", "unit")
    if kind in TitleKind.values:
        qs = qs.filter(kind=kind)
    if level in TitleLevel.values:
        qs = qs.filter(level=level)
    if status in TitleStatus.values:
        qs = qs.filter(status=status)
    key = normalize(q)[:100]
    if key:
        qs = qs.filter(holder_key__contains=key)
    if due:
        qs = qs.filter(due_for_review_q(due))
    flagged = Exists(_open_flags().filter(title=OuterRef("pk")))
    return qs.annotate(flagged=flagged).order_by("kind", "level", "holder_key", "pk")


def due_for_review_q(year: int) -> Q:
    """复查 is due in ``year`` for a title that is not revoked and has no review of that year:
    every title conferred before that year (annual 复查), and any title flagged by a serious case."""
    reviewed = TitleReview.objects.filter(title=OuterRef("pk"), year=year)
    flagged = _open_flags().filter(title=OuterRef("pk"))
    return ~Q(status=TitleStatus.REVOKED) & ~Exists(reviewed) & (Q(year__lt=year) | Exists(flagged))


def get_title_for(actor, pk) -> CivilizedUnit:
    pk = parse_id(pk)
    found = (
        titles_visible_to(actor).select_related("region", "unit").filter(pk=pk).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def reviews_of_title(title: CivilizedUnit) -> QuerySet[TitleReview]:
    return title.reviews.select_related("reviewed_by").prefetch_related(
        Prefetch("items", queryset=TitleReviewItem.objects.select_related("item"))
    )


def flags_of(title: CivilizedUnit) -> QuerySet[TitleFlag]:
    return title.flags.select_related("review").order_by("-created", "-pk")


@dataclass
class TitleCounts:
    """Titles held (not revoked) by kind and level, and how many are due for 复查 this year."""

    by_kind_level: dict[tuple[str, str], int] = field(default_factory=dict)
    due: int = 0
    flagged: int = 0

    def count(self, kind: str = "", level: str = "") -> int:
        return sum(
            n
            for (k, lv), n in self.by_kind_level.items()
            if (not kind or k == kind) and (not level or lv == level)
        )

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(kind label, [count per level], total) for a table."""
        return [
            (
                str(kind.label),
                [self.by_kind_level.get((kind, level), 0) for level in TitleLevel],
                self.count(kind=kind),
            )
            for kind in TitleKind
        ]


def title_counts(region: Region | str | None, *, year: int | None = None) -> TitleCounts:
    """The counts a report states (not scoped to a user): titles held under ``region`` by kind
    and level, those due for 复查 in ``year`` (default: this year) and those flagged."""
    code = region.code if isinstance(region, Region) else region
    year = year or timezone.localdate().year
    held = CivilizedUnit.objects.filter(_in_region(code)).exclude(status=TitleStatus.REVOKED)
    counts = TitleCounts()
    for row in held.values("kind", "level").annotate(n=Count("pk")).order_by():
        counts.by_kind_level[(row["kind"], row["level"])] = row["n"]
    counts.due = held.filter(due_for_review_q(year)).count()
    counts.flagged = held.filter(Exists(_open_flags().filter(title=OuterRef("pk")))).count()
    return counts


def grants_to_decide(actor) -> QuerySet[Grant]:
    """帮扶申请 waiting for a decision, of the budgets the actor's office holds."""
    scope = scope_for(actor)
    return (
        Grant.objects.filter(scope.q(region="budget__region", unit=None), state=GrantState.APPLIED)
        .select_related("person", "person__region", "budget", "budget__region")
        .order_by("applied_at", "pk")
    )


def titles_due(actor, year: int | None = None) -> QuerySet[CivilizedUnit]:
    return title_list(actor, due=year or timezone.localdate().year)


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
