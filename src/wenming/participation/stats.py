"""随手拍 figures for the office: one query over the period's reports, the arithmetic here.

Acceptance = accepted / decided (a report is decided once accepted or found invalid); time to
close = report to 办结 of the fixed ones; satisfaction = 满意 + 基本满意 over rated; a repeat
location = a ~100 m cell (three decimals of a degree) with two or more reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from wenming.cases.models import Resolution
from wenming.participation import selectors
from wenming.participation.models import Rating, Score
from wenming.regions.models import Region


@dataclass
class Figures:
    since: object
    total: int = 0
    per_day: list = field(default_factory=list)
    per_category: list = field(default_factory=list)
    per_district: list = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    acceptance_rate: float | None = None
    closed: int = 0
    avg_days_to_close: float | None = None
    rated: int = 0
    satisfied: int = 0
    satisfaction_rate: float | None = None
    repeat_locations: list = field(default_factory=list)


def figures_for(actor, *, days: int = 30, now=None) -> Figures:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    rows = list(
        selectors.reports_visible_to(actor)
        .filter(is_follower=False, created__gte=since)
        .values_list(
            "created",
            "case__category",
            "case__region_id",
            "case__dispatched_at",
            "case__resolution",
            "case__closed_at",
            "case__latitude",
            "case__longitude",
        )
    )
    figures = Figures(since=since, total=len(rows))
    per_day, per_category, per_county, cells = Counter(), Counter(), Counter(), Counter()
    durations = []
    for created, category, region, dispatched, resolution, closed_at, lat, lon in rows:
        per_day[timezone.localtime(created).date()] += 1
        per_category[category] += 1
        per_county[region[:6] + "000000"] += 1
        if resolution == Resolution.INVALID:
            figures.rejected += 1
        elif dispatched is not None:
            figures.accepted += 1
        if resolution == Resolution.FIXED and closed_at is not None:
            durations.append((closed_at - created).total_seconds() / 86400)
        if lat is not None:
            cells[(round(float(lat), 3), round(float(lon), 3))] += 1
    names = dict(Region.objects.filter(code__in=list(per_county)).values_list("code", "name"))
    figures.per_day = sorted(per_day.items())
    figures.per_category = per_category.most_common()
    figures.per_district = [(names.get(code, code), n) for code, n in per_county.most_common()]
    decided = figures.accepted + figures.rejected
    figures.acceptance_rate = figures.accepted / decided if decided else None
    figures.closed = len(durations)
    figures.avg_days_to_close = sum(durations) / len(durations) if durations else None
    scores = Counter(
        Rating.objects.filter(
            report__in=selectors.reports_visible_to(actor).values("pk"), created__gte=since
        ).values_list("score", flat=True)
    )
    figures.rated = sum(scores.values())
    figures.satisfied = scores[Score.SATISFIED] + scores[Score.BASIC]
    figures.satisfaction_rate = figures.satisfied / figures.rated if figures.rated else None
    figures.repeat_locations = [
        {"latitude": cell[0], "longitude": cell[1], "count": n}
        for cell, n in cells.most_common(10)
        if n >= 2
    ]
    return figures
