"""Every read of the community standard, scoped to the caller (regions.scope).

A community is visible to whoever's territory holds it, to its own unit (and the units above
it), and to the units paired with it (结对共建: "visible to both sides").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from wenming.community.models import (
    Community,
    Disbursement,
    Facility,
    FacilityKind,
    FacilityPhoto,
    JointActivity,
    LedgerEntry,
    LedgerFile,
    Milestone,
    Pairing,
    PartyReport,
    Plan,
    PlanState,
    Room,
    Thresholds,
)
from wenming.community.standards import STANDARDS, Evaluation, Figures, evaluate
from wenming.hanzi import normalize
from wenming.periods import Period
from wenming.regions.scope import scope_for


def thresholds() -> Thresholds:
    """The configured thresholds, or the defaults while nobody has saved any."""
    return Thresholds.objects.filter(pk=1).first() or Thresholds(pk=1)


# --- communities -------------------------------------------------------------------------------


def _visible_q(actor) -> Q:
    scope = scope_for(actor)
    q = scope.q(region="region", unit="unit")
    if scope.unit_ids:
        paired = Pairing.objects.filter(unit_id__in=sorted(scope.unit_ids)).values("community_id")
        q |= Q(pk__in=paired)
    return q


def communities_visible_to(actor, *, search: str = "", district: str = "") -> QuerySet[Community]:
    qs = Community.objects.filter(_visible_q(actor)).select_related("unit", "region__parent")
    if search:
        term = normalize(search)
        qs = qs.filter(Q(unit__name__contains=term) | Q(unit__short_name__contains=term))
    if district:
        qs = qs.filter(region__pk__startswith=district[:6])
    return qs.order_by("region_id")


def get_community_for(actor, pk: int) -> Community:
    community = communities_visible_to(actor).filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def get_room_for(actor, pk: int) -> Room:
    """A room of a community the actor sees; 404 otherwise (absent and foreign alike)."""
    room = Room.objects.filter(pk=pk, community__in=communities_visible_to(actor)).first()
    if room is None:
        raise Http404
    return room


def own_communities(actor) -> QuerySet[Community]:
    """The communities whose ledger the actor keeps (their unit or a unit under it)."""
    ids = scope_for(actor).unit_ids
    return communities_visible_to(actor).filter(unit_id__in=sorted(ids))


def facilities_of(community: Community) -> list[Facility]:
    """All six 六个一 in their order, unsaved placeholders for those never entered."""
    saved = {f.kind: f for f in community.facilities.prefetch_related("photos")}
    return [saved.get(kind) or Facility(community=community, kind=kind) for kind in FacilityKind]


def rooms_of(community: Community) -> QuerySet[Room]:
    return community.rooms.all()


def _complete_q() -> Q:
    return Q(attendance__gt=0, has_file=True)


def _entries_in(period: Period) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(held_on__gte=period.start, held_on__lte=period.end).annotate(
        has_file=Exists(LedgerFile.objects.filter(entry=OuterRef("pk")))
    )


def month_figures(community_ids: list[int], period: Period) -> dict[int, Figures]:
    """The four standards' inputs for many communities in four grouped queries."""
    communities = dict(
        Community.objects.filter(pk__in=community_ids).values_list("pk", "households")
    )
    service = {
        row["community_id"]: row
        for row in Facility.objects.filter(
            community_id__in=community_ids, kind=FacilityKind.SERVICE
        ).values("community_id", "present", "area_m2")
    }
    present = dict(
        Facility.objects.filter(community_id__in=community_ids, present=True)
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    rooms: dict[int, set[str]] = {}
    for community_id, function in (
        Room.objects.filter(community_id__in=community_ids)
        .values_list("community_id", "function")
        .distinct()
    ):
        rooms.setdefault(community_id, set()).add(function)
    ledger = {
        row["community_id"]: row
        for row in _entries_in(period)
        .filter(community_id__in=community_ids)
        .values("community_id")
        .annotate(total=Count("pk"), complete=Count("pk", filter=_complete_q()))
    }
    out = {}
    for pk, households in communities.items():
        s = service.get(pk) or {}
        entries = ledger.get(pk) or {}
        out[pk] = Figures(
            households=households,
            service_present=bool(s.get("present")),
            service_area=s.get("area_m2"),
            rooms=frozenset(rooms.get(pk, ())),
            entries=entries.get("total", 0),
            complete_entries=entries.get("complete", 0),
            facilities_present=present.get(pk, 0),
        )
    return out


@dataclass
class Row:
    community: Community
    evaluation: Evaluation
    plan: Plan | None = None


def evaluate_communities(
    communities, period: Period, *, score_rates: dict[int, Decimal] | None = None
) -> list[Row]:
    communities = list(communities)
    figures = month_figures([c.pk for c in communities], period)
    limits = thresholds()
    score_rates = score_rates or {}
    plans = {
        p.community_id: p
        for p in Plan.objects.filter(
            community__in=communities, state__in=[PlanState.DRAFT, PlanState.ACTIVE]
        )
    }
    return [
        Row(
            community=c,
            evaluation=evaluate(
                figures[c.pk],
                limits,
                score_rate=score_rates.get(c.unit_id),
                weak_override=c.weak_override,
            ),
            plan=plans.get(c.pk),
        )
        for c in communities
    ]


def communities_failing(actor, standard: str, period: Period) -> list[Row]:
    """The communities the actor sees that do not meet one of the four standards in the month:
    the city table's 未达标 link (``?failing=``) lists the same ones."""
    rows = evaluate_communities(communities_visible_to(actor), period)
    return [row for row in rows if not row.evaluation.met(standard)]


@dataclass
class CityTable:
    """How many communities meet each standard and all four; how many are weak."""

    rows: list[Row]
    total: int = 0
    met: dict[str, int] = field(default_factory=dict)
    all_four: int = 0
    weak: int = 0
    computed_weak: int = 0
    overridden: int = 0

    @property
    def standards(self) -> list[dict]:
        """Per standard: its key and label, how many meet it and how many do not."""
        return [
            {"key": key, "label": label, "met": self.met[key], "failed": self.total - self.met[key]}
            for key, label in STANDARDS
        ]


def city_table(rows: list[Row]) -> CityTable:
    table = CityTable(rows=rows, total=len(rows))
    for key, _label in STANDARDS:
        table.met[key] = sum(1 for r in rows if r.evaluation.met(key))
    table.all_four = sum(1 for r in rows if r.evaluation.all_met)
    table.weak = sum(1 for r in rows if r.evaluation.is_weak)
    table.computed_weak = sum(1 for r in rows if r.evaluation.computed_weak)
    table.overridden = sum(1 for r in rows if r.evaluation.weak_override)
    return table


# --- ledger ------------------------------------------------------------------------------------


def ledger_visible_to(actor) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(community__in=Community.objects.filter(_visible_q(actor)))


def ledger_of(community: Community, period: Period | None = None) -> QuerySet[LedgerEntry]:
    qs = community.ledger.select_related("indicator", "submission", "recorded_by").prefetch_related(
        Prefetch("files", queryset=LedgerFile.objects.order_by("pk"))
    )
    if period is not None:
        qs = qs.filter(held_on__gte=period.start, held_on__lte=period.end)
    return qs.order_by("-held_on", "-pk")


def get_entry_for(actor, pk: int) -> LedgerEntry:
    entry = (
        ledger_visible_to(actor)
        .filter(pk=pk)
        .select_related("community__unit", "indicator", "submission")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def get_ledger_file_for(actor, pk: int) -> LedgerFile:
    item = LedgerFile.objects.filter(pk=pk, entry__in=ledger_visible_to(actor)).first()
    if item is None:
        raise Http404
    return item


def get_facility_photo_for(actor, pk: int) -> FacilityPhoto:
    photo = (
        FacilityPhoto.objects.filter(
            pk=pk, facility__community__in=Community.objects.filter(_visible_q(actor))
        )
        .select_related("facility")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


# --- plans -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """序时进度 of a plan by its milestones: done vs. due by today."""

    total: int
    done: int
    due: int
    late: list

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0

    @property
    def expected_percent(self) -> int:
        return self.due * 100 // self.total if self.total else 0

    @property
    def behind(self) -> bool:
        """达不到序时进度: fewer milestones done than have fallen due."""
        return bool(self.late)


def plan_progress(plan: Plan, today: date | None = None) -> Progress:
    today = today or timezone.localdate()
    milestones = list(plan.milestones.all())
    late = [m for m in milestones if m.done_on is None and m.due < today]
    return Progress(
        total=len(milestones),
        done=sum(1 for m in milestones if m.done_on is not None),
        due=sum(1 for m in milestones if m.due < today),
        late=late,
    )


def plans_visible_to(actor) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(community__in=Community.objects.filter(_visible_q(actor)))
        .select_related("community__unit")
        .prefetch_related("milestones__unit", "funds", "measures")
    )


def plans_behind_for(actor, today: date | None = None) -> QuerySet[Plan]:
    """Active plans in scope with a milestone past its date and not done (达不到序时进度)."""
    today = today or timezone.localdate()
    return plans_visible_to(actor).filter(
        state=PlanState.ACTIVE,
        pk__in=Plan.objects.filter(
            milestones__done_on__isnull=True, milestones__due__lt=today
        ).values("pk"),
    )


def get_plan_for(actor, pk: int) -> Plan:
    plan = plans_visible_to(actor).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_milestone_for(actor, pk: int) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk, plan__in=plans_visible_to(actor)).first()
    if milestone is None:
        raise Http404
    return milestone


def plans_behind(today: date | None = None) -> list[tuple[Plan, Progress]]:
    """Every active plan with a milestone past its date and not done (the daily job reads this)."""
    today = today or timezone.localdate()
    late = Plan.objects.filter(
        state=PlanState.ACTIVE, milestones__done_on__isnull=True, milestones__due__lt=today
    ).values("pk")
    plans = (
        Plan.objects.filter(pk__in=late)
        .select_related("community__unit")
        .prefetch_related("milestones")
    )
    return [(plan, plan_progress(plan, today)) for plan in plans]


# --- pairings ----------------------------------------------------------------------------------


def pairings_visible_to(actor) -> QuerySet[Pairing]:
    scope = scope_for(actor)
    q = scope.q(region="region", unit="unit")
    return (
        Pairing.objects.filter(q).select_related("unit", "community__unit").order_by("-start", "pk")
    )


def get_pairing_for(actor, pk: int) -> Pairing:
    pairing = pairings_visible_to(actor).filter(pk=pk).first()
    if pairing is None:
        raise Http404
    return pairing


def get_disbursement_file_for(actor, pk: int) -> Disbursement:
    """A disbursement with a voucher, of a pairing the actor sees; 404 otherwise."""
    item = (
        Disbursement.objects.filter(pk=pk, pairing__in=pairings_visible_to(actor))
        .exclude(attachment="")
        .first()
    )
    if item is None:
        raise Http404
    return item


@dataclass
class PairingSummary:
    pairing: Pairing
    spent: Decimal
    activities: int
    party_reports: int
    party_hours: Decimal


def pairing_summaries(pairings) -> list[PairingSummary]:
    pairings = list(pairings)
    ids = [p.pk for p in pairings]
    spent = dict(
        Disbursement.objects.filter(pairing_id__in=ids)
        .values("pairing_id")
        .annotate(s=Sum("amount"))
        .values_list("pairing_id", "s")
    )
    activities = dict(
        JointActivity.objects.filter(pairing_id__in=ids)
        .values("pairing_id")
        .annotate(n=Count("pk"))
        .values_list("pairing_id", "n")
    )
    reports = {
        row["pairing_id"]: row
        for row in PartyReport.objects.filter(pairing_id__in=ids)
        .values("pairing_id")
        .annotate(n=Count("pk"), h=Sum("hours"))
    }
    return [
        PairingSummary(
            pairing=p,
            spent=spent.get(p.pk) or Decimal("0"),
            activities=activities.get(p.pk, 0),
            party_reports=(reports.get(p.pk) or {}).get("n", 0),
            party_hours=(reports.get(p.pk) or {}).get("h") or Decimal("0"),
        )
        for p in pairings
    ]
