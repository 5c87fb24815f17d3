"""Reads of assessments and bulletins, scoped to the caller.

An assessment or bulletin covers a region (the city). It is visible to whoever's scope covers that
region and — for its published results — to every unit inside it (the bulletin is addressed to
them). Per-unit rows are filtered by the caller's scope; ranks stay the ranks of the whole list.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from wenming.periods import PeriodKind
from wenming.regions.models import ancestor_codes
from wenming.regions.scope import scope_for
from wenming.regions.selectors import membership_of
from wenming.scoring import permissions
from wenming.scoring.models import Assessment, AssessmentUnit, Bulletin, BulletinStatus


def _in_scope(actor) -> Q:
    """Objects whose region lies in the actor's territory."""
    return scope_for(actor).q(region="region", unit=None)


def _addressed_to(actor) -> Q:
    """Objects whose region contains the actor's home region: addressed to the actor's unit."""
    scope = scope_for(actor)
    codes = sorted({c for home in scope.home_region_codes for c in ancestor_codes(home)})
    return Q(region__pk__in=codes) if codes else Q(pk__in=[])


def assessments_visible_to(actor) -> QuerySet[Assessment]:
    if not permissions.can(actor, permissions.VIEW_RESULTS):
        return Assessment.objects.none()
    return Assessment.objects.filter(_in_scope(actor) | _addressed_to(actor))


def get_assessment_for(actor, pk: int) -> Assessment:
    assessment = (
        assessments_visible_to(actor).select_related("framework", "region").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return assessment


def rows_for(actor, assessment: Assessment, *, kind: str | None = None) -> QuerySet[AssessmentUnit]:
    """The unit rows of an assessment the actor may see, ranked units first."""
    qs = scope_for(actor).filter(assessment.rows.all(), region="region", unit="unit")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by(*ROW_ORDER)


# The order of a ranking's rows: ranked units first, by rank, then by score (pk only breaks a tie).
ROW_ORDER = ("kind", "listed_apart", "rank", "-composite", "unit_name", "pk")


def heads_by_kind(rows: QuerySet[AssessmentUnit], limit: int) -> dict[str, tuple[int, list]]:
    """Per kind of unit among ``rows``: how many rows it has and its first ``limit`` rows in
    ranking order — one query for every kind (a window per kind), not a count and a slice each."""
    order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in ROW_ORDER]
    per_kind = {"partition_by": [F("kind")]}
    head = (
        rows.annotate(
            position=Window(RowNumber(), order_by=order, **per_kind),
            kind_total=Window(Count("pk"), **per_kind),
        )
        .filter(position__lte=limit)
        .order_by(*ROW_ORDER)
    )
    found: dict[str, tuple[int, list]] = {}
    for row in head:
        found.setdefault(row.kind, (row.kind_total, []))[1].append(row)
    return found


def figures_for(actor, assessment: Assessment) -> dict:
    """The assessment's totals as far as the actor may see them, scoped like its rows: the whole
    region's for a scope that covers it; otherwise the actor's own unit's (a community liaison
    sees its community's score, not the city's)."""
    summary = assessment.summary or {}
    if scope_for(actor).covers_region(assessment.region_id):
        return {"total": summary.get("total", {}), "cases": summary.get("cases", {})}
    membership = membership_of(actor)
    row = (
        rows_for(actor, assessment).filter(unit_id=membership.unit_id).first()
        if membership
        else None
    )
    if row is None:
        return {"total": {}, "cases": {}}
    rate = str((row.score * 100 / row.max_points).quantize(row.score)) if row.max_points else None
    district = next(
        (d for d in summary.get("districts", []) if d.get("unit_id") == row.unit_id), None
    )
    cases = {k: v for k, v in (district or {}).items() if k not in ("unit_id", "name", "region")}
    return {
        "total": {
            "score": str(row.score),
            "max_points": str(row.max_points),
            "rate": rate,
            "sample": row.sample,
        },
        "cases": cases,
    }


def latest_assessment_for(
    actor, *, period_kind: str | None = None, purpose: str = "city"
) -> Assessment | None:
    """The newest current assessment the actor may see (of a kind of period when given) of the
    city framework — the dashboard's; the community standard's snapshots have their own page."""
    qs = assessments_visible_to(actor).filter(is_current=True, framework__purpose=purpose)
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    return (
        qs.select_related("framework", "region")
        .order_by("-period_end", "period_start", "-created")
        .first()
    )


def trend_for(actor, assessment: Assessment, *, length: int = 8) -> list[Assessment]:
    """The current assessments of the same framework and kind of period up to this one, oldest first."""
    qs = (
        assessments_visible_to(actor)
        .filter(
            is_current=True,
            framework_id=assessment.framework_id,
            region_id=assessment.region_id,
            period_kind=assessment.period_kind,
            period_start__lte=assessment.period_start,
        )
        .order_by("-period_start")[:length]
    )
    return list(reversed(list(qs)))


def bulletins_visible_to(actor) -> QuerySet[Bulletin]:
    """Drafts to those who draft and approve bulletins in their scope; published bulletins to
    every unit inside the bulletin's region."""
    if permissions.can(actor, permissions.DRAFT_BULLETIN) or permissions.can(
        actor, permissions.APPROVE_BULLETIN
    ):
        visible = _in_scope(actor) | (Q(status=BulletinStatus.PUBLISHED) & _addressed_to(actor))
    else:
        visible = Q(status=BulletinStatus.PUBLISHED) & (_in_scope(actor) | _addressed_to(actor))
    return (
        Bulletin.objects.filter(visible)
        .select_related("assessment", "region")
        .order_by("-created", "-pk")
    )


def unfinished_bulletins(actor) -> QuerySet[Bulletin]:
    """Bulletins not yet published (草稿, 已审定) that the actor drafts or approves."""
    if not (
        permissions.can(actor, permissions.DRAFT_BULLETIN)
        or permissions.can(actor, permissions.APPROVE_BULLETIN)
    ):
        return Bulletin.objects.none()
    return bulletins_visible_to(actor).exclude(status=BulletinStatus.PUBLISHED)


def get_bulletin_for(actor, pk: int) -> Bulletin:
    bulletin = bulletins_visible_to(actor).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


def issue_number(bulletin: Bulletin) -> int | None:
    """第N期: the bulletin's place among the published bulletins of its kind and region in the
    (local) year it was published; None while it is not published."""
    if bulletin.status != BulletinStatus.PUBLISHED or bulletin.published_at is None:
        return None
    year = timezone.localtime(bulletin.published_at).year
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    earlier = Q(published_at__lt=bulletin.published_at) | Q(
        published_at=bulletin.published_at, pk__lte=bulletin.pk
    )
    # Each series counts its own issues: the community standard's bulletins are another one.
    series = Q(assessment__framework__purpose="community")
    if (bulletin.figures or {}).get("framework_purpose") != "community":
        series = ~series
    return Bulletin.objects.filter(
        series,
        earlier,
        kind=bulletin.kind,
        region_id=bulletin.region_id,
        status=BulletinStatus.PUBLISHED,
        published_at__gte=start,
    ).count()


def black_list_rows(*, since: datetime.datetime | None = None) -> QuerySet[AssessmentUnit]:
    """黑榜 placings of the current weekly, monthly and quarterly assessments (created since a
    moment): what puts a unit's 文明单位 title up for review. Not scoped: a job reads it."""

    rows = AssessmentUnit.objects.filter(
        honour="black",
        assessment__is_current=True,
        assessment__period_kind__in=[PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER],
    ).select_related("assessment")
    if since is not None:
        rows = rows.filter(assessment__created__gte=since)
    return rows.order_by("assessment__period_start", "pk")
