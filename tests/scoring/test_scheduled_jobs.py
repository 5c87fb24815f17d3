"""Scheduled assessments: due by the clock, run once per (job, period) however often they are queued."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from tests.scoring.factories import small_city
from wenming.scoring.models import Assessment, Bulletin, ScheduledRun
from wenming.scoring.tasks import due_jobs, run_job

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_the_clock_decides_what_is_due(db):
    # Tuesday 1 December 2026, 08:00: yesterday, last week, last month and (not yet run) last quarter.
    assert due_jobs(datetime(2026, 12, 1, 8, tzinfo=SH)) == [
        ("assess-daily", "2026-11-30"),
        ("assess-weekly", "2026-W48"),
        ("assess-monthly", "2026-11"),
        ("assess-quarterly", "2026-Q3"),
    ]
    # Monday morning: the past week is due from 07:00, not before; the past day from 01:00.
    assert ("assess-weekly", "2026-W48") not in due_jobs(datetime(2026, 11, 30, 6, 59, tzinfo=SH))
    assert ("assess-weekly", "2026-W48") in due_jobs(datetime(2026, 11, 30, 7, tzinfo=SH))
    assert ("assess-daily", "2026-11-29") in due_jobs(datetime(2026, 11, 30, 1, tzinfo=SH))
    assert ("assess-quarterly", "2026-Q4") in due_jobs(datetime(2027, 1, 1, 9, tzinfo=SH))


def test_a_job_runs_once_however_often_it_is_queued(units, admin_user, inspector):
    small_city(units, admin=admin_user, inspector=inspector)
    first = run_job("assess-weekly", "2026-W47")
    assert first["assessment"] and first["bulletin"]
    assert run_job("assess-weekly", "2026-W47") is None
    assert (Assessment.objects.count(), Bulletin.objects.count(), ScheduledRun.objects.count()) == (
        1,
        1,
        1,
    )
    assert ("assess-weekly", "2026-W47") not in due_jobs(datetime(2026, 11, 24, 8, tzinfo=SH))
    with pytest.raises(IntegrityError):
        ScheduledRun.objects.create(job="assess-weekly", period_key="2026-W47")


def test_tick_queues_the_due_assessments(db, time_machine):
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    time_machine.move_to(datetime(2026, 11, 30, 8, tzinfo=SH))
    call_command("tick", stdout=io.StringIO())
    queued = {
        tuple(r.args_kwargs["args"])
        for r in DBTaskResult.objects.filter(task_path__endswith="run_scheduled")
    }
    assert ("assess-weekly", "2026-W48") in queued
