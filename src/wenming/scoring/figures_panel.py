"""The registers' figures on 一张图: numbers other apps keep (the volunteer service today), read
through the figure registry (wenming.figures) so scoring imports none of those apps.

Scoped like the rest of the dashboard: a territorial user sees their own region's figures (a
district coordinator their district), the city office the assessment's city; a department has
no territory of its own and sees the city's, as it does the city's cards."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wenming.figures import Figure, Subject, compute
from wenming.regions.models import Region
from wenming.regions.scope import scope_for

CACHE_SECONDS = 600
# (title, figure keys): a key whose app is not installed is left out.
PANELS = [
    (
        _("志愿服务"),
        [
            "volunteers.registered",
            "volunteers.share",
            "volunteers.active",
            "volunteers.hours",
            "volunteers.services",
            "volunteers.demands_met",
            "volunteers.rating",
            "volunteers.town_coverage",
            "volunteers.village_coverage",
        ],
    ),
]


@dataclass(frozen=True)
class Panel:
    title: str
    region_name: str
    period_label: str
    figures: list[Figure]


def _region_for(actor, assessment) -> Region | None:
    scope = scope_for(actor)
    if scope.prefixes and not scope.everything:
        return Region.objects.filter(pk=scope.region_code).first()
    return assessment.region


def figure_panels(actor, assessment) -> list[Panel]:
    """The panels for the assessment's period, over the actor's region; empty when no figure
    of a panel's app is installed. Kept CACHE_SECONDS per region, period and language: the
    registers' counts over a province are not free, and a dashboard is read far more often."""
    region = _region_for(actor, assessment)
    if region is None:
        return []
    key = f"scoring:figure-panels:{region.code}:{assessment.period_key}:{get_language()}"
    panels = cache.get(key)
    if panels is None:
        panels = _panels(region, assessment)
        cache.set(key, panels, timeout=CACHE_SECONDS)
    return panels


def _panels(region: Region, assessment) -> list[Panel]:
    subject = Subject(region_code=region.code, period=assessment.period)
    panels = []
    for title, keys in PANELS:
        figures = compute(subject, keys)
        if figures:
            panels.append(
                Panel(
                    title=str(title),
                    region_name=region.name,
                    period_label=assessment.period.label,
                    figures=[figures[k] for k in keys if k in figures],
                )
            )
    return panels
