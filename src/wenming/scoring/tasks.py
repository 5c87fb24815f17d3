"""Scheduled assessments and bulletin drafts (django-tasks, database queue).

The clock (Asia/Shanghai):
- daily: the day before is assessed from 01:00 (日考核);
- weekly: on Monday from 07:00 the past ISO week is assessed and its 周通报 drafted;
- monthly: on the 1st from 07:00 the past month, with its 月总结;
- quarterly: on the first day of a quarter from 07:00 the past quarter, with its 季度点评.
`wenming tick` calls :func:`enqueue_due` (any time, any number of times); each (job, period)
runs once: the ScheduledRun row is inserted in the job's own transaction under a unique key,
so a second worker or a re-run finds it and does nothing. A job that fails leaves no row and
is queued again by the next tick. Only the latest period of each kind is due, never a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from wenming.framework.selectors import active_city_framework
from wenming.periods import PeriodKind, parse_period, period_containing
from wenming.scoring.models import BulletinKind, ScheduledRun
from wenming.scoring.services import assess, generate_bulletin


@dataclass(frozen=True)
class Job:
    name: str
    period_kind: str
    hour: int  # local hour of the day after the period's end from which the job is due
    bulletin: str | None = None


JOBS = [
    Job("assess-daily", PeriodKind.DAY, 1),
    Job("assess-weekly", PeriodKind.WEEK, 7, BulletinKind.WEEKLY),
    Job("assess-monthly", PeriodKind.MONTH, 7, BulletinKind.MONTHLY),
    Job("assess-quarterly", PeriodKind.QUARTER, 7, BulletinKind.QUARTERLY),
]
JOBS_BY_NAME = {job.name: job for job in JOBS}


def due_jobs(now: datetime | None = None) -> list[tuple[str, str]]:
    """(job, period key) pairs the clock says are due and that have not run yet."""
    return due_pairs(JOBS, ScheduledRun, now)


def due_pairs(jobs: list[Job], runs, now: datetime | None = None) -> list[tuple[str, str]]:
    """(job, period key) pairs of ``jobs`` the clock says are due (the latest period of each
    kind, from its hour on the day after) with no row yet in ``runs``, a model keyed on
    (job, period_key). The community standard's jobs are counted the same way."""
    local = timezone.localtime(now or timezone.now())
    due = []
    for job in jobs:
        period = period_containing(job.period_kind, local.date()).previous()
        ready = timezone.make_aware(
            datetime.combine(period.end + timedelta(days=1), time(job.hour))
        )
        if local >= ready:
            due.append((job.name, period.key))
    done = set(
        runs.objects.filter(
            job__in=[j for j, _ in due], period_key__in=[p for _, p in due]
        ).values_list("job", "period_key")
    )
    return [pair for pair in due if pair not in done]


def run_job(job_name: str, period_key: str) -> dict | None:
    """Run one scheduled job once; None when it had already run (or is running elsewhere)."""

    job = JOBS_BY_NAME[job_name]
    framework = active_city_framework()
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job_name, period_key=period_key)
            result: dict = {}
            if framework is None:
                result["skipped"] = "没有生效的测评体系"
            else:
                assessment = assess(
                    actor=None, framework=framework, period=parse_period(period_key)
                ).assessment
                result["assessment"] = assessment.pk
                if job.bulletin:
                    bulletin, _ = generate_bulletin(
                        actor=None, assessment=assessment, kind=job.bulletin
                    )
                    result["bulletin"] = bulletin.pk
            run.finished = timezone.now()
            run.result = result
            run.save(update_fields=["finished", "result"])
    except IntegrityError:
        return None
    return result


@task()
def run_scheduled(job_name: str, period_key: str) -> dict | None:
    """The worker's side of a scheduled assessment (see the module doc for the clock)."""
    return run_job(job_name, period_key)


def enqueue_due(now: datetime | None = None) -> int:
    """Queue every scheduled assessment the clock says is due; returns how many were queued."""
    pairs = due_jobs(now)
    for job_name, period_key in pairs:
        run_scheduled.enqueue(job_name, period_key)
    return len(pairs)
