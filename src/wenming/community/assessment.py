"""Communities scored on the community standard through the one scoring engine.

Nothing is computed here: the evidence reaches the engine the way every unit's does — ledger
entries handed in as materials (graded by reviewers), inspections of community sites, and the
面积达标 leaf's ledger figure (a MetricValue), which this module records from the facilities —
and ``scoring.services.assess`` freezes the snapshot and ranks the communities among themselves
(社区/村) with the same fairness rules (minimum sample, dense rank, 红黑榜) as every other kind.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from wenming.community import selectors
from wenming.community.models import Community
from wenming.community.standards import required_area
from wenming.framework import selectors as framework_selectors
from wenming.framework import services as framework_services
from wenming.framework.models import Framework, FrameworkPurpose, Method
from wenming.periods import Period
from wenming.regions.models import UnitKind
from wenming.scoring import services as scoring_services
from wenming.scoring.models import Assessment

AREA_LEAF = "面积达标"


def community_framework() -> Framework | None:
    return (
        framework_selectors.active_frameworks()
        .filter(purpose=FrameworkPurpose.COMMUNITY)
        .order_by("pk")
        .first()
    )


def record_area_figures(*, actor, period: Period) -> int:
    """面积达标 is a metric leaf (points × min(1, figure / target)). Each community's figure for the
    month is its service centre's area measured against its own required area (by households),
    expressed on the leaf's scale — so the engine's score agrees with the 四达标 table."""
    framework = community_framework()
    if framework is None:
        return 0
    leaf = (
        framework_selectors.leaf_indicators([framework])
        .filter(name=AREA_LEAF, method=Method.METRIC)
        .first()
    )
    if leaf is None or not leaf.target:
        return 0
    communities = list(Community.objects.select_related("unit"))
    figures = selectors.month_figures([c.pk for c in communities], period)
    limits = selectors.thresholds()
    for community in communities:
        f = figures[community.pk]
        need = required_area(f.households, limits)
        area = Decimal(f.service_area or 0) if f.service_present else Decimal("0")
        value = (area / need * leaf.target).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        framework_services.record_metric_value(
            actor=actor,
            indicator=leaf,
            unit=community.unit_id,
            period=(period.start, period.end),
            value=value,
            note=_("服务中心 %(a)s 平方米，应达 %(n)s 平方米（社区创建台账）")
            % {"a": area, "n": need},
        )
    return len(communities)


def assess(*, actor, period: Period, revise: bool = False) -> Assessment:
    """The community standard's assessment of ``period`` (the existing snapshot unless ``revise``)."""
    framework = community_framework()
    if framework is None:
        raise scoring_services.ScoringError(_("尚未启用社区创建标准，无法考核社区。"))
    existing = current(period)
    if existing is not None and not revise:
        return existing
    record_area_figures(actor=actor, period=period)
    return scoring_services.assess(
        actor=actor,
        framework=framework,
        period=period,
        revise=existing is not None,
        reason=_("台账、设施数据更新后重新考核") if existing is not None else "",
    ).assessment


def current(period: Period) -> Assessment | None:
    framework = community_framework()
    if framework is None:
        return None
    return scoring_services.current_assessment(
        framework_id=framework.pk, region=scoring_services.home_region(), period=period
    )


def score_rates(period: Period) -> dict[int, Decimal]:
    """{community unit id: score / assessed points × 100} from the period's snapshot, if any."""
    assessment = current(period)
    if assessment is None:
        return {}
    # A community below the minimum sample is listed apart by the engine: too little evidence to
    # call it weak on its score (the four standards still speak for it).
    rows = assessment.rows.filter(
        kind=UnitKind.COMMUNITY, max_points__gt=0, listed_apart=False
    ).values_list("unit_id", "score", "max_points")
    return {
        unit_id: (Decimal(score) * 100 / Decimal(points)).quantize(Decimal("0.1"))
        for unit_id, score, points in rows
    }


def ranking(period: Period, unit_ids: set[int] | None = None) -> list:
    """The communities' frozen rows of the period's snapshot, ranked ones first."""
    assessment = current(period)
    if assessment is None:
        return []
    rows = assessment.rows.filter(kind=UnitKind.COMMUNITY).order_by("rank", "unit_name")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=sorted(unit_ids))
    return list(rows)
