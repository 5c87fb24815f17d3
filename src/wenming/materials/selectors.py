"""Reads of materials, scoped to the caller, and the figures other apps read (grades, rates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from wenming.framework.models import Method, Task
from wenming.materials import permissions
from wenming.materials.models import GRADE_PERCENT, Submission, SubmissionFile, SubmissionStatus
from wenming.materials.workflow import AWAITING_REVIEW, HANDED_IN
from wenming.regions.scope import scope_for


def submissions_visible_to(
    actor, *, status: str | None = None, task_id: int | None = None
) -> QuerySet[Submission]:
    qs = scope_for(actor).filter(Submission.objects.all(), region="region", unit="unit")
    if status:
        qs = qs.filter(status=status)
    if task_id:
        qs = qs.filter(task_id=task_id)
    return qs.select_related("task__indicator", "unit", "created_by").order_by("-updated", "-pk")


def get_submission_for(actor, pk: int) -> Submission:
    """The submission, or 404 when it does not exist or lies outside the actor's scope."""
    submission = (
        submissions_visible_to(actor).select_related("reviewed_by", "region").filter(pk=pk).first()
    )
    if submission is None:
        raise Http404
    return submission


def my_submissions(actor, *, status: str | None = None) -> QuerySet[Submission]:
    """What the actor's own unit (and its sub-units) handed in or is drafting."""
    return submissions_visible_to(actor, status=status).filter(
        unit_id__in=sorted(scope_for(actor).unit_ids)
    )


def review_queue(actor) -> QuerySet[Submission]:
    """Materials waiting for review that the actor may review: never their own unit's."""
    if not permissions.can(actor, permissions.REVIEW):
        return Submission.objects.none()
    return (
        submissions_visible_to(actor)
        .filter(status__in=sorted(AWAITING_REVIEW))
        .exclude(unit_id__in=sorted(scope_for(actor).unit_ids))
        .order_by("updated", "pk")
    )


def files_of(submission: Submission) -> QuerySet[SubmissionFile]:
    return submission.files.select_related("uploaded_by")


def events_of(submission: Submission):
    return submission.events.select_related("actor")


def get_file_for(actor, pk: int) -> SubmissionFile:
    visible = submissions_visible_to(actor)
    found = (
        SubmissionFile.objects.filter(pk=pk, submission__in=visible)
        .select_related("submission")
        .first()
    )
    if found is None:
        raise Http404
    return found


def tasks_for_submission(actor) -> QuerySet[Task]:
    """Tasks the actor's unit answers for (its own and its sub-units'), soonest due first."""
    if not permissions.can(actor, permissions.SUBMIT):
        return Task.objects.none()
    scope = scope_for(actor)
    return (
        scope.filter(Task.objects.all(), region="region", unit="unit")
        .filter(unit_id__in=sorted(scope.unit_ids))
        .select_related("indicator", "unit")
        .order_by("due", "indicator__code", "pk")
    )


def my_tasks_with_latest(actor) -> QuerySet[Task]:
    """The actor's tasks, each annotated with its latest material's id and status."""
    latest = Submission.objects.filter(task=OuterRef("pk")).order_by("-updated", "-pk")
    return tasks_for_submission(actor).annotate(
        latest_id=Subquery(latest.values("pk")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )


def get_task_for_submission(actor, task_id: int) -> Task:
    task = tasks_for_submission(actor).filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


@dataclass(frozen=True)
class TaskGrade:
    """The approved grade of a task's latest approved material and the points it earns."""

    task_id: int
    submission_id: int
    grade: str
    percent: int
    points: Decimal
    approved_at: datetime


def latest_grade_for_tasks(task_ids) -> dict[int, TaskGrade]:
    """{task id: TaskGrade} for the tasks that have an approved material.

    Not scoped: the caller (task pages, scoring) already holds tasks it may see.
    """
    ids = list(task_ids)
    if not ids:
        return {}
    approved = (
        Submission.objects.filter(task_id__in=ids, status=SubmissionStatus.APPROVED)
        .order_by("task_id", "-approved_at", "-pk")
        .values("pk", "task_id", "grade", "approved_at", "task__indicator__points")
    )
    found: dict[int, TaskGrade] = {}
    for row in approved:
        if row["task_id"] in found:
            continue
        percent = GRADE_PERCENT[row["grade"]]
        found[row["task_id"]] = TaskGrade(
            task_id=row["task_id"],
            submission_id=row["pk"],
            grade=row["grade"],
            percent=percent,
            points=(Decimal(row["task__indicator__points"]) * percent / 100).quantize(
                Decimal("0.01")
            ),
            approved_at=row["approved_at"],
        )
    return found


@dataclass(frozen=True)
class RateRow:
    key: int
    name: str
    total: int
    handed_in: int
    approved: int
    overdue: int

    @property
    def completion_rate(self) -> float | None:
        """申报率: tasks handed in at least once / tasks."""
        return self.handed_in / self.total if self.total else None

    @property
    def approval_rate(self) -> float | None:
        """通过率: tasks with an approved material / tasks handed in."""
        return self.approved / self.handed_in if self.handed_in else None


@dataclass(frozen=True)
class MaterialStats:
    by_unit: list[RateRow]
    by_indicator: list[RateRow]
    total: RateRow
    today: date


def material_tasks_visible_to(actor) -> QuerySet[Task]:
    """Tasks that call for materials: the leaf says so, or someone has submitted for it."""
    has_any = Submission.objects.filter(task=OuterRef("pk"))
    return (
        scope_for(actor)
        .filter(Task.objects.all(), region="region", unit="unit")
        .filter(Q(indicator__method=Method.MATERIAL) | Exists(has_any))
    )


def material_stats(
    actor, *, today: date | None = None, unit_id: int | None = None
) -> MaterialStats:
    """申报率, 通过率 and 逾期 per unit and per indicator, counted by the database.

    A task is overdue when its due date has passed and nothing has been handed in for it.
    """
    if not permissions.can(actor, permissions.VIEW_STATS):
        return MaterialStats([], [], RateRow(0, "", 0, 0, 0, 0), today or timezone.localdate())
    today = today or timezone.localdate()
    handed = Submission.objects.filter(task=OuterRef("pk"), status__in=sorted(HANDED_IN))
    approved = Submission.objects.filter(task=OuterRef("pk"), status=SubmissionStatus.APPROVED)
    tasks = material_tasks_visible_to(actor).annotate(
        is_handed=Exists(handed), is_approved=Exists(approved)
    )
    if unit_id:
        tasks = tasks.filter(unit_id=unit_id)
    counts = {
        "total": Count("pk"),
        "handed_in": Count("pk", filter=Q(is_handed=True)),
        "approved": Count("pk", filter=Q(is_approved=True)),
        "overdue": Count("pk", filter=Q(is_handed=False, due__lt=today)),
    }

    def rows(key: str, *names: str) -> list[RateRow]:
        grouped = tasks.order_by().values(key, *names).annotate(**counts).order_by(*names, key)
        return [
            RateRow(
                key=row[key],
                name=" ".join(str(row[n]) for n in names if row[n]),
                **{k: row[k] for k in counts},
            )
            for row in grouped
        ]

    total = tasks.order_by().aggregate(**counts)
    return MaterialStats(
        by_unit=rows("unit_id", "unit__name"),
        by_indicator=rows("indicator_id", "indicator__code", "indicator__name"),
        total=RateRow(key=0, name="", **total),
        today=today,
    )


# --- Figures the assessment reads (not scoped: the assessment is the city's) ----------------------


def graded_task_cells_sql(
    *, framework_id: int, first_day: date, last_day: date, end: datetime
) -> tuple[str, tuple]:
    """Tasks of material leaves running in [first_day, last_day], per (region, unit, indicator),
    in one grouped query: ``tasks`` counted and ``percent`` = Σ the grade percent (GRADE_PERCENT)
    of each task's latest submission approved before ``end``; a task due in the period with
    nothing handed in by ``end`` counts with 0 %. Tasks still under review are left out.
    The statement and its parameters; columns: region, unit, indicator, tasks, Σ percent.

    Each task's latest grade is looked up once: the tasks with their grade form a derived table
    that the database may not flatten (a fence, ``OFFSET 0``), so the filter and the sum read the
    looked-up column instead of repeating the lookup in each place (five times, when the ORM
    groups over the annotation)."""
    latest = (
        Submission.objects.filter(
            task=OuterRef("pk"), status=SubmissionStatus.APPROVED, approved_at__lt=end
        )
        .order_by("-approved_at", "-pk")
        .values("grade")[:1]
    )
    handed = Submission.objects.filter(
        task=OuterRef("pk"), submitted_at__isnull=False, submitted_at__lt=end
    )
    tasks = (
        Task.objects.filter(
            indicator__framework_id=framework_id,
            indicator__method=Method.MATERIAL,
            period_start__lte=last_day,
            due__gte=first_day,
        )
        .annotate(grade=Subquery(latest), handed=Exists(handed))
        .order_by()
        .values("region_id", "unit_id", "indicator_id", "due", "grade", "handed")
    )
    inner, params = tasks.query.sql_with_params()
    fence = " OFFSET 0" if connection.vendor == "postgresql" else " LIMIT -1 OFFSET 0"
    percent = " ".join("WHEN %s THEN %s" for _ in GRADE_PERCENT)
    sql = (
        "SELECT region_id, unit_id, indicator_id, COUNT(*), "
        f"SUM(CASE grade {percent} ELSE 0 END) FROM ({inner}{fence}) AS tasks "
        "WHERE grade IS NOT NULL OR (NOT handed AND due <= %s) "
        "GROUP BY region_id, unit_id, indicator_id"
    )
    params = (
        *(value for pair in GRADE_PERCENT.items() for value in pair),
        *params,
        connection.ops.adapt_datefield_value(last_day),
    )
    return sql, params


def graded_task_cells(
    *, framework_id: int, first_day: date, last_day: date, end: datetime
) -> list[dict]:
    """The rows of graded_task_cells_sql as dicts (``tasks``, ``percent``)."""
    sql, params = graded_task_cells_sql(
        framework_id=framework_id, first_day=first_day, last_day=last_day, end=end
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {"region": r, "unit_id": u, "indicator_id": i, "tasks": n, "percent": total or 0}
        for r, u, i, n, total in rows
    ]


def handed_in_by_due() -> Exists:
    """材料按时报送, as a condition on a Task: a submission handed in by the task's due date (the
    local day) — counted per unit by framework.selectors.task_completion_counts in its scan."""
    return Exists(
        Submission.objects.filter(
            task=OuterRef("pk"), submitted_at__isnull=False, submitted_at__date__lte=OuterRef("due")
        )
    )
