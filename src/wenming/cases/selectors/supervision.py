"""Reads of 督办: the notices sent to units (整改通知书, 督办单, 挂牌督办通知), scoped to the caller
by the unit they are addressed to and its region, and the open cases 挂牌督办 that a bulletin
exposes (the city's, not scoped)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from wenming.cases.models import Case, CasePhoto, Notice, PhotoKind, State
from wenming.regions.scope import scope_for


def notices_visible_to(actor) -> QuerySet[Notice]:
    return (
        scope_for(actor)
        .filter(Notice.objects.all(), region="region", unit="unit")
        .select_related("unit")
    )


def notice_list_for(actor, *, kind: str = "") -> QuerySet[Notice]:
    """The 通知书 list (of one kind when asked), each with the cases it names, for the links."""
    listed = notices_visible_to(actor).prefetch_related(
        Prefetch("cases", queryset=Case.objects.only("pk", "category").order_by("pk"))
    )
    return listed.filter(kind=kind) if kind else listed


def get_notice_for(actor, pk: int) -> Notice:
    notice = notices_visible_to(actor).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def exposed_cases(*, since: datetime | None = None) -> QuerySet[Case]:
    """挂牌督办: open cases flagged for exposure (since a date), for the next bulletin. Not scoped:
    the bulletin is the city's; it cites what it lists."""
    qs = (
        Case.objects.filter(exposed_at__isnull=False)
        .exclude(state=State.CLOSED)
        .select_related("unit", "region")
    )
    if since is not None:
        qs = qs.filter(exposed_at__gte=since)
    return qs.order_by("exposed_at", "pk")


def exposed_case_summaries(*, region_prefix: str, end: datetime, limit: int = 10) -> list[dict]:
    """挂牌督办 cases of a region's subtree flagged before ``end`` and still open, most overdue
    first, with the stored paths of (at most two of) their before-photos — what a bulletin prints."""
    photos = CasePhoto.objects.filter(kind=PhotoKind.BEFORE).order_by("created", "pk")
    rows = (
        exposed_cases()
        .filter(region__pk__startswith=region_prefix, exposed_at__lt=end)
        .prefetch_related(Prefetch("photos", queryset=photos))
        .order_by("overdue_from", "pk")[:limit]
    )
    return [
        {
            "case_id": c.pk,
            "category": c.category,
            "description": c.description[:200],
            "address": c.address or c.region.name,
            "unit": (c.unit.short_name or c.unit.name) if c.unit else "",
            "overdue_from": c.overdue_from.isoformat() if c.overdue_from else None,
            "overdue_days": (end - c.overdue_from).days if c.overdue_from else None,
            "photos": [p.image.name for p in c.photos.all()][:2],
        }
        for c in rows
    ]
