"""The evidence an assessment counts, read from the domain apps' tables — one aggregate query
per kind of evidence, grouped by (region, unit, indicator), whatever the number of rows.

Read only: scoring never writes a domain table (DESIGN.md §3). Each function returns plain
"cells"; :mod:`wenming.scoring.engine` attributes them to units and scores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case as When_, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.utils import timezone

from wenming.framework.models import MetricValue, Method, Task, TaskStatus
from wenming.inspections.models import ChecklistResult, Outcome, RoundKind
from wenming.materials.models import Submission, SubmissionStatus
from wenming.scoring.periods import Period
from wenming.surveys.models import Answer, QuestionKind

ZERO = Decimal("0")


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [start, end) instants: local (Asia/Shanghai) midnights."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), tz)
    return start, end


@dataclass(frozen=True)
class Cell:
    region: str
    unit_id: int | None
    indicator_id: int
    num: Decimal
    den: Decimal
    sample: int


def _grade_percent(field: str):
    return When_(
        When(**{field: "A"}, then=100), When(**{field: "B"}, then=80), When(**{field: "C"}, then=60),
        default=0, output_field=IntegerField(),
    )


def material_cells(framework_id: int, period: Period) -> list[Cell]:
    """Tasks of material leaves running in the period: the latest grade approved by its end
    (num = Σ percent, den = tasks counted); a task due in the period with nothing handed in counts 0 %."""
    start, end = bounds(period)
    latest = (
        Submission.objects.filter(task=OuterRef("pk"), status=SubmissionStatus.APPROVED, approved_at__lt=end)
        .order_by("-approved_at", "-pk")
        .values("grade")[:1]
    )
    handed = Submission.objects.filter(task=OuterRef("pk"), submitted_at__isnull=False, submitted_at__lt=end)
    rows = (
        Task.objects.filter(
            indicator__framework_id=framework_id, indicator__method=Method.MATERIAL,
            period_start__lte=period.end, due__gte=period.start,
        )
        .annotate(grade=Subquery(latest), handed=Exists(handed))
        .annotate(percent=_grade_percent("grade"))
        .filter(Q(grade__isnull=False) | Q(handed=False, due__lte=period.end))
        .order_by()
        .values("region_id", "unit_id", "indicator_id")
        .annotate(n=Count("pk"), total=Sum("percent"))
    )
    return [Cell(r["region_id"], r["unit_id"], r["indicator_id"], Decimal(r["total"] or 0), Decimal(r["n"]), r["n"])
            for r in rows]


def metric_cells(framework_id: int, period: Period) -> list[Cell]:
    """Ledger figures of metric leaves whose period overlaps the assessment's: num = Σ value,
    den = figures (the leaf scores their mean against the target)."""
    rows = (
        MetricValue.objects.filter(
            indicator__framework_id=framework_id, indicator__method=Method.METRIC,
            period_start__lte=period.end, period_end__gte=period.start,
        )
        .order_by()
        .values("region_id", "unit_id", "indicator_id")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    return [Cell(r["region_id"], r["unit_id"], r["indicator_id"], Decimal(r["total"]), Decimal(r["n"]), r["n"])
            for r in rows]


def inspection_cells(framework_id: int, period: Period, rules: dict[int, str]) -> list[Cell]:
    """Checklist results of items mapped to inspection leaves at visits in the period (暗访 rounds
    count once published). ``rate``: num = passed, den = passed + failed; ``deduct``: num = points
    deducted for failed items, den = visits."""
    start, end = bounds(period)
    rows = (
        ChecklistResult.objects.filter(
            item__indicator__framework_id=framework_id, item__indicator__method=Method.INSPECTION,
            inspection__visited_at__gte=start, inspection__visited_at__lt=end,
            outcome__in=[Outcome.PASS, Outcome.FAIL],
        )
        .filter(Q(inspection__round__kind=RoundKind.OVERT) | Q(inspection__round__published_at__isnull=False))
        .order_by()
        .values("inspection__region_id", "inspection__unit_id", "item__indicator_id")
        .annotate(
            passed=Count("pk", filter=Q(outcome=Outcome.PASS)),
            failed=Count("pk", filter=Q(outcome=Outcome.FAIL)),
            deducted=Sum("item__points", filter=Q(outcome=Outcome.FAIL)),
            visits=Count("inspection_id", distinct=True),
        )
    )
    cells = []
    for r in rows:
        indicator = r["item__indicator_id"]
        if rules.get(indicator) == "deduct":
            num, den = Decimal(r["deducted"] or 0), Decimal(r["visits"])
        else:
            num, den = Decimal(r["passed"]), Decimal(r["passed"] + r["failed"])
        cells.append(Cell(r["inspection__region_id"], r["inspection__unit_id"], indicator, num, den, r["visits"]))
    return cells


def survey_cells(framework_id: int, period: Period) -> list[Cell]:
    """Scored answers (知晓 1/0 counted as 100/0, 满意度 100…0) to questions mapped to leaves,
    from responses in the period: num = Σ value, den = answers. The unit is the survey's organiser."""
    start, end = bounds(period)
    rows = (
        Answer.objects.filter(
            question__indicator__framework_id=framework_id, question__indicator__method=Method.SURVEY,
            question__kind__in=[QuestionKind.AWARENESS, QuestionKind.SATISFACTION],
            value__isnull=False, response__submitted_at__gte=start, response__submitted_at__lt=end,
        )
        .order_by()
        .values("response__region_id", "question__survey__unit_id", "question__indicator_id")
        .annotate(
            total=Sum(When_(When(question__kind=QuestionKind.AWARENESS, then=F("value") * 100), default=F("value"),
                             output_field=IntegerField())),
            n=Count("pk"),
        )
    )
    return [
        Cell(r["response__region_id"], r["question__survey__unit_id"], r["question__indicator_id"],
             Decimal(r["total"] or 0), Decimal(r["n"]), r["n"])
        for r in rows
    ]


def task_cells(framework_id: int, period: Period) -> list[dict]:
    """Tasks due in the period per unit: done (任务完成率) and, for material leaves, handed in by
    the due date (材料按时报送率)."""
    on_time = Submission.objects.filter(
        task=OuterRef("pk"), submitted_at__isnull=False, submitted_at__date__lte=OuterRef("due")
    )
    material = Q(indicator__method=Method.MATERIAL)
    rows = (
        Task.objects.filter(indicator__framework_id=framework_id, due__gte=period.start, due__lte=period.end)
        .annotate(handed_on_time=Exists(on_time))
        .order_by()
        .values("unit_id")
        .annotate(
            due=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            material_due=Count("pk", filter=material),
            material_on_time=Count("pk", filter=material & Q(handed_on_time=True)),
        )
    )
    return [dict(r) for r in rows]


def exposed_cases(region_prefix: str, period: Period, *, limit: int = 10) -> list[dict]:
    """挂牌督办 (cases.selectors.exposed_cases) in the scope and still open, most overdue first, with
    the stored paths of their before-photos."""
    from django.db.models import Prefetch

    from wenming.cases.models import CasePhoto, PhotoKind
    from wenming.cases.selectors import exposed_cases as flagged

    _start, end = bounds(period)
    photos = CasePhoto.objects.filter(kind=PhotoKind.BEFORE).order_by("created", "pk")
    rows = (
        flagged().filter(region__pk__startswith=region_prefix, exposed_at__lt=end)
        .prefetch_related(Prefetch("photos", queryset=photos))
        .order_by("overdue_from", "pk")[:limit]
    )
    return [
        {
            "case_id": c.pk, "category": c.category, "description": c.description[:200],
            "address": c.address or c.region.name, "unit": (c.unit.short_name or c.unit.name) if c.unit else "",
            "overdue_from": c.overdue_from.isoformat() if c.overdue_from else None,
            "overdue_days": (end - c.overdue_from).days if c.overdue_from else None,
            "photos": [p.image.name for p in c.photos.all()][:2],
        }
        for c in rows
    ]
