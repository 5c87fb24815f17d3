"""The community standard's jobs (seed 003: "日考核、周通报、月总结 … 对达不到序时进度的社区,将下发
整改通知书").

- A plan behind 序时进度 gets its 整改通知书: at most one per (plan, late milestone), the
  PlanNotice row's unique key.
- 日考核: from 01:00 the day before is assessed on the community standard (scoring's engine);
  周通报: on Monday from 07:00 the past week, with its bulletin drafted; 月总结: on the 1st from
  07:00 the past month, with its bulletin. Each (job, period) runs once (ScheduledRun's key);
  the month's 面积达标 figures are recorded from the facilities first.
`wenming tick` calls :func:`enqueue_due` (any time, any number of times); `wenming worker` runs
the tasks; a second tick, a second worker or a re-run changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django_tasks import task

from wenming.community import assessment, plans, selectors
from wenming.community.models import PlanNotice, ScheduledRun
from wenming.periods import PeriodKind, parse_period, period_containing
from wenming.scoring.models import BulletinKind
from wenming.scoring.services import generate_bulletin
from wenming.scoring.tasks import Job, due_pairs

JOBS = [
    Job("community-daily", PeriodKind.DAY, 1),  # 日考核
    Job("community-weekly", PeriodKind.WEEK, 7, BulletinKind.WEEKLY),  # 周通报
    Job("community-monthly", PeriodKind.MONTH, 7, BulletinKind.MONTHLY),  # 月总结
]
JOBS_BY_NAME = {job.name: job for job in JOBS}


def due_runs(now: datetime | None = None) -> list[tuple[str, str]]:
    """(job, period key) pairs the clock says are due and that have not run (none without an
    active community standard)."""
    if assessment.community_framework() is None:
        return []
    return due_pairs(JOBS, ScheduledRun, now)


def run_job(job_name: str, period_key: str) -> dict | None:
    """Assess the communities for the period (and draft its bulletin) once; None when done already."""
    job = JOBS_BY_NAME[job_name]
    period = parse_period(period_key)
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job_name, period_key=period_key)
            month = period_containing(PeriodKind.MONTH, period.end)
            assessment.record_area_figures(actor=None, period=month)
            snapshot = assessment.assess(actor=None, period=period)
            result = {"assessment": snapshot.pk}
            if job.bulletin:
                bulletin, _created = generate_bulletin(
                    actor=None, assessment=snapshot, kind=job.bulletin
                )
                result["bulletin"] = bulletin.pk
            run.result = result
            run.save(update_fields=["result"])
    except IntegrityError:
        return None
    return result


@task()
def run_scheduled(job_name: str, period_key: str) -> dict | None:
    """The worker's side of a scheduled community assessment (see the module doc for the clock)."""
    return run_job(job_name, period_key)


@task()
def issue_plan_notice(plan_id: int) -> int | None:
    """整改通知书 for one plan behind schedule (idempotent by plan and late milestone)."""
    done = plans.issue_behind_notice(actor=None, plan_id=plan_id, system=True)
    return done.notice_id if done else None


def due_plans(today=None) -> list[int]:
    """Plans behind schedule whose first late milestone has no notice yet."""
    behind = selectors.plans_behind(today)
    taken = set(
        PlanNotice.objects.filter(plan_id__in=[p.pk for p, _ in behind]).values_list(
            "plan_id", "milestone_id"
        )
    )
    return [plan.pk for plan, progress in behind if (plan.pk, progress.late[0].pk) not in taken]


def enqueue_due(today=None) -> int:
    """Queue the notices of plans behind schedule and the due community assessments."""
    plan_ids = due_plans(today)
    for plan_id in plan_ids:
        issue_plan_notice.enqueue(plan_id)
    runs = due_runs()
    for job_name, period_key in runs:
        run_scheduled.enqueue(job_name, period_key)
    return len(plan_ids) + len(runs)
