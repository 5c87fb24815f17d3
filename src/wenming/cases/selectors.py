"""Every read of the case loop, already scoped to the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.cases import conf, deadlines
from wenming.cases.geo import bounding_box, distance_m
from wenming.cases.models import Case, ExtensionStatus, Notice, ReplyTemplate, Resolution, Source, State
from wenming.hanzi import normalize
from wenming.regions.models import Unit, code_prefix
from wenming.cases.transitions import VERIFIER_ROLES, effective_role
from wenming.regions.scope import scope_for


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
    case = cases_visible_to(actor).select_related("region", "unit", "indicator").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


# --- Lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    """The board's filters, as parsed from a query string (each optional)."""

    state: str = ""
    unit: int | None = None
    region: str = ""
    category: str = ""
    source: str = ""
    overdue: bool = False
    exposed: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> CaseFilters:
        unit = params.get("unit") or ""
        return cls(
            state=params.get("state", "") if params.get("state", "") in State.values else "",
            unit=int(unit) if str(unit).isdigit() else None,
            region=params.get("region", "") if str(params.get("region", "")).isdigit() else "",
            category=normalize(params.get("category", "")),
            source=params.get("source", "") if params.get("source", "") in Source.values else "",
            overdue=params.get("overdue") in ("1", "true", "on", True),
            exposed=params.get("exposed") in ("1", "true", "on", True),
            q=normalize(params.get("q", "")),
        )


def case_list(actor, filters: CaseFilters | None = None, *, now: datetime | None = None) -> QuerySet[Case]:
    """The coordinator's board and the API list: scoped, filtered, newest first, no N+1."""
    filters = filters or CaseFilters()
    qs = cases_visible_to(actor).select_related("region", "unit")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
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
    if filters.q:
        qs = qs.filter(Q(description__contains=filters.q) | Q(address__contains=filters.q) | Q(category__contains=filters.q))
    return qs.order_by("-created", "-pk")


def board_summary(cases: QuerySet[Case], *, now: datetime | None = None) -> dict:
    """Counts over a (filtered) list in one query: open, overdue, points at risk on open cases."""
    now = now or timezone.now()
    open_q = ~Q(state=State.CLOSED)
    return cases.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=overdue_q(now)),
        at_risk=Sum("points_at_risk", filter=open_q),
        exposed=Count("pk", filter=open_q & Q(exposed_at__isnull=False)),
        reported=Count("pk", filter=Q(state=State.REPORTED)),
    )


def categories_in_use(actor) -> list[str]:
    return list(cases_visible_to(actor).order_by("category").values_list("category", flat=True).distinct()[:200])


UNIT_STATES = (State.DISPATCHED, State.RECTIFYING)
TODO_BUCKETS = ("to_sign", "rectifying", "due_soon", "overdue", "awaiting")


def todo_for(actor, *, unit_id: int | None = None, now: datetime | None = None) -> tuple[Unit | None, dict[str, list[Case]]]:
    """A unit's to-do list in buckets: 待签收, 整改中, 即将到期 (within a day), 已逾期, 待复核.

    Unit people see their own unit (and units under it); the office picks a unit with ``unit_id``.
    """
    from wenming.regions.selectors import get_unit_for, membership_of

    now = now or timezone.now()
    if unit_id:
        unit = get_unit_for(actor, unit_id)
        unit_ids = [unit.pk]
    else:
        membership = membership_of(actor)
        unit = membership.unit if membership else None
        unit_ids = sorted(scope_for(actor).unit_ids)
    cases = list(
        cases_visible_to(actor)
        .filter(unit_id__in=unit_ids, state__in=(*UNIT_STATES, State.AWAITING_VERIFICATION))
        .select_related("region", "unit").order_by("due", "pk")
    )
    soon = now + timedelta(days=1)
    buckets: dict[str, list[Case]] = {key: [] for key in TODO_BUCKETS}
    for case in cases:
        if case.state == State.AWAITING_VERIFICATION:
            buckets["awaiting"].append(case)
        elif case.overdue_from and case.overdue_from <= now:
            buckets["overdue"].append(case)
        elif case.state == State.DISPATCHED:
            buckets["to_sign"].append(case)
        elif case.due and case.due <= soon:
            buckets["due_soon"].append(case)
        else:
            buckets["rectifying"].append(case)
    return unit, buckets


def case_detail(actor, pk: int) -> Case:
    """One case with its timeline and photos, for the case page and the API."""
    case = get_case_for(actor, pk)
    case.timeline = list(case.events.select_related("actor").prefetch_related("photos").order_by("at", "pk"))
    case.all_photos = list(case.photos.all())
    case.pending_extension = case.extensions.filter(status=ExtensionStatus.PENDING).first()
    return case


def possible_duplicates(actor, case: Case, *, limit: int = 5) -> list[tuple[Case, int]]:
    """Open cases of the same category within the duplicate radius, nearest first (for intake)."""
    if case.latitude is None:
        return []
    radius = conf.duplicate_radius_m()
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(case.latitude, case.longitude, radius)
    nearby = (
        cases_visible_to(actor).exclude(pk=case.pk).exclude(state=State.CLOSED)
        .filter(category=case.category, latitude__range=(lat_lo, lat_hi), longitude__range=(lon_lo, lon_hi))
        .select_related("unit")[:50]
    )
    found = []
    for other in nearby:
        d = distance_m(case.latitude, case.longitude, other.latitude, other.longitude)
        if d is not None and d <= radius:
            found.append((other, round(d)))
    return sorted(found, key=lambda pair: pair[1])[:limit]


def reply_templates_for(category: str) -> dict[str, list[ReplyTemplate]]:
    """Common answers by action: the category's own first, then the general ones."""
    by_action: dict[str, list[ReplyTemplate]] = {}
    for template in ReplyTemplate.objects.filter(Q(category=category) | Q(category="")).order_by("action", "-category", "position"):
        by_action.setdefault(template.action, []).append(template)
    return by_action


def map_points(actor, filters: CaseFilters | None = None, *, limit: int = 3000) -> list[dict]:
    """Open cases with a position, as the map shows them."""
    now = timezone.now()
    qs = case_list(actor, filters).exclude(state=State.CLOSED).filter(latitude__isnull=False)
    rows = qs.values("pk", "category", "state", "latitude", "longitude", "overdue_from", "unit__short_name", "unit__name")[:limit]
    return [
        {
            "id": r["pk"], "category": r["category"], "state": State(r["state"]).label,
            "lat": float(r["latitude"]), "lon": float(r["longitude"]),
            "overdue": bool(r["overdue_from"] and r["overdue_from"] <= now),
            "unit": r["unit__short_name"] or r["unit__name"] or "",
        }
        for r in rows
    ]


def notices_visible_to(actor) -> QuerySet[Notice]:
    return scope_for(actor).filter(Notice.objects.all(), region="region", unit="unit").select_related("unit")


def get_notice_for(actor, pk: int) -> Notice:
    notice = notices_visible_to(actor).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def calendar_warning(*moments: datetime | None) -> list[int]:
    """Years among the deadlines shown that the working calendar does not know (weekends only)."""
    return deadlines.unknown_years(*(timezone.localtime(m).date() for m in moments if m is not None))


# --- Metrics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseMetrics:
    """数字城管-style figures for one unit over one period (cases dispatched in the period)."""

    unit_id: int
    cases: int
    fixed: int
    on_time: int
    due_cases: int  # cases whose punctuality is known: fixed, or open and already late
    verified: int
    first_pass: int
    reworked: int
    extended: int
    overdue: int  # late: closed late, or open past the deadline
    open_overdue: int
    avg_working_hours: Decimal | None

    @staticmethod
    def _rate(part: int, whole: int) -> Decimal | None:
        return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None

    @property
    def on_time_rate(self) -> Decimal | None:
        """按期整改率"""
        return self._rate(self.on_time, self.due_cases)

    @property
    def first_pass_rate(self) -> Decimal | None:
        """一次复核通过率"""
        return self._rate(self.first_pass, self.verified)

    @property
    def rework_rate(self) -> Decimal | None:
        """返工率"""
        return self._rate(self.reworked, self.verified)

    @property
    def extension_rate(self) -> Decimal | None:
        """延期率"""
        return self._rate(self.extended, self.cases)


def case_metrics(*, start: datetime, end: datetime, unit_ids: list[int] | None = None,
                 now: datetime | None = None) -> dict[int, CaseMetrics]:
    """Case metrics per unit for cases dispatched in [start, end), one grouped query.

    Not scoped: the scoring engine computes every unit's figures; pages use case_metrics_for.
    """
    now = now or timezone.now()
    qs = Case.objects.filter(dispatched_at__gte=start, dispatched_at__lt=end, unit__isnull=False).exclude(
        resolution__in=(Resolution.INVALID, Resolution.DUPLICATE)
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    fixed = Q(resolution=Resolution.FIXED)
    open_late = overdue_q(now)
    verified = fixed | Q(fail_count__gt=0)
    # Annotation names carry a prefix: a bare "on_time" would shadow the field of that name.
    rows = qs.values("unit_id").annotate(
        n_cases=Count("pk"),
        n_fixed=Count("pk", filter=fixed),
        n_on_time=Count("pk", filter=fixed & Q(on_time=True)),
        n_due=Count("pk", filter=fixed | open_late),
        n_verified=Count("pk", filter=verified),
        n_first_pass=Count("pk", filter=fixed & Q(fail_count=0)),
        n_reworked=Count("pk", filter=Q(fail_count__gt=0)),
        n_extended=Count("pk", filter=Q(extension_count__gt=0)),
        n_overdue=Count("pk", filter=(fixed & Q(on_time=False)) | open_late),
        n_open_overdue=Count("pk", filter=open_late),
        avg_hours=Avg("working_hours", filter=fixed),
    ).order_by("unit_id")
    return {
        r["unit_id"]: CaseMetrics(
            unit_id=r["unit_id"], cases=r["n_cases"], fixed=r["n_fixed"], on_time=r["n_on_time"], due_cases=r["n_due"],
            verified=r["n_verified"], first_pass=r["n_first_pass"], reworked=r["n_reworked"],
            extended=r["n_extended"], overdue=r["n_overdue"], open_overdue=r["n_open_overdue"],
            avg_working_hours=Decimal(r["avg_hours"]).quantize(Decimal("0.1")) if r["avg_hours"] is not None else None,
        )
        for r in rows
    }


def case_metrics_for(actor, *, start: datetime, end: datetime) -> list[tuple[Unit, CaseMetrics]]:
    """The metrics of the units the actor can see, for the board's statistics table."""
    from wenming.regions.selectors import units_visible_to

    metrics = case_metrics(start=start, end=end)
    units = {u.pk: u for u in units_visible_to(actor).filter(pk__in=list(metrics))}
    return [(units[pk], m) for pk, m in metrics.items() if pk in units]


def rebounds_by_site(actor) -> QuerySet:
    """反弹 counted per site: cases that came back at the same site within the rebound window."""
    return (
        cases_visible_to(actor).filter(rebound_of__isnull=False, site__isnull=False)
        .values("site_id", "site__name").annotate(rebounds=Count("pk")).order_by("-rebounds")
    )


def region_for_report(actor, code: str):
    """The region a new report names: anywhere for the office and departments, else within the territory."""
    from wenming.cases.errors import CaseInputError
    from wenming.regions.models import Region

    region = Region.objects.filter(code=normalize(code)).first()
    scope = scope_for(actor)
    if region is None or (scope.prefixes and effective_role(actor) not in VERIFIER_ROLES
                          and not scope.covers_region(region.code)):
        raise CaseInputError(_("区划代码“%(code)s”不存在或不在您的辖区内。") % {"code": code})
    return region


def exposed_cases(*, since: datetime | None = None) -> QuerySet[Case]:
    """挂牌督办: open cases flagged for exposure (since a date), for the next bulletin. Not scoped:
    the bulletin is the city's; it cites what it lists."""
    qs = Case.objects.filter(exposed_at__isnull=False).exclude(state=State.CLOSED).select_related("unit", "region")
    if since is not None:
        qs = qs.filter(exposed_at__gte=since)
    return qs.order_by("exposed_at", "pk")
