"""Assessments through the API: totals per unit and the rankings, scoped like the pages."""

from ninja import Router, Schema

from wenming.apischema import Id
from wenming.scoring import selectors
from wenming.scoring.models import RANKED_KIND_TITLES

router = Router(tags=["考核通报"])


class UnitResultOut(Schema):
    unit_id: int
    unit_name: str
    kind: str
    region_code: str
    score: str
    max_points: str
    composite: str | None
    sample: int
    listed_apart: bool
    rank: int | None
    previous_rank: int | None
    movement: str
    honour: str
    components: dict


class RankingOut(Schema):
    kind: str
    title: str
    units: list[UnitResultOut]


class AssessmentOut(Schema):
    id: int
    framework_id: int
    period: str
    period_label: str
    period_start: str
    period_end: str
    revision: int
    is_current: bool
    region_code: str
    total: dict
    cases: dict
    units: list[UnitResultOut]
    rankings: list[RankingOut]


def _row(row) -> dict:
    return {
        "unit_id": row.unit_id,
        "unit_name": row.unit_name,
        "kind": row.kind,
        "region_code": row.region_id,
        "score": str(row.score),
        "max_points": str(row.max_points),
        "composite": None if row.composite is None else str(row.composite),
        "sample": row.sample,
        "listed_apart": row.listed_apart,
        "rank": row.rank,
        "previous_rank": row.previous_rank,
        "movement": row.movement,
        "honour": row.honour,
        "components": row.components,
    }


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request, assessment_id: Id):
    """A frozen assessment: the scope's totals, each visible unit's result, and the rankings by kind of unit."""
    assessment = selectors.get_assessment_for(request.user, assessment_id)
    rows = [_row(r) for r in selectors.rows_for(request.user, assessment)]
    figures = selectors.figures_for(request.user, assessment)
    rankings = [
        {
            "kind": kind,
            "title": str(title),
            "units": sorted(
                (r for r in rows if r["kind"] == kind and r["rank"] is not None),
                key=lambda r: r["rank"],
            ),
        }
        for kind, title in RANKED_KIND_TITLES.items()
    ]
    return {
        "id": assessment.pk,
        "framework_id": assessment.framework_id,
        "period": assessment.period_key,
        "period_label": assessment.period_label,
        "period_start": assessment.period_start.isoformat(),
        "period_end": assessment.period_end.isoformat(),
        "revision": assessment.revision,
        "is_current": assessment.is_current,
        "region_code": assessment.region_id,
        "total": figures["total"],
        "cases": figures["cases"],
        "units": rows,
        "rankings": rankings,
    }
