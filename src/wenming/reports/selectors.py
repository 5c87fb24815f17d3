"""Reads of work reports, scoped: a unit's own reports; the office's every report in its scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from wenming.figures import providers
from wenming.regions.scope import scope_for
from wenming.reports import permissions
from wenming.reports.models import WorkReport


def reports_visible_to(actor) -> QuerySet[WorkReport]:
    scope = scope_for(actor)
    qs = WorkReport.objects.select_related("unit", "region")
    if permissions.can(actor, permissions.ANY):
        if scope.everything:
            return qs
        return qs.filter(
            scope.q(region="region", unit="unit")
            | Q(unit__isnull=True, region__pk__in=scope.home_region_codes)
        )
    if permissions.can(actor, permissions.OWN):
        return qs.filter(unit_id__in=sorted(scope.unit_ids))
    return qs.none()


def get_report_for(actor, pk) -> WorkReport:
    report = reports_visible_to(actor).filter(pk=pk).first() if pk else None
    if report is None:
        raise Http404
    return report


def placeholders() -> list[tuple[str, str, str, str]]:
    """Every figure a report's prose may name: (placeholder, label, unit, source)."""
    return [
        ("{" + p.key + "}", str(p.label), str(p.unit), str(p.source))
        for p in sorted(providers().values(), key=lambda p: p.key)
    ]
