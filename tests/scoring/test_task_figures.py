"""The assessment's task figures (任务完成率, 材料按时报送率) in one scan of the tasks: a material
task counts as on time when a submission was handed in by its due date, a local (Asia/Shanghai)
day — on SQLite and PostgreSQL alike."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.scoring.factories import small_city, submission, task
from wenming.framework.models import TaskStatus
from wenming.periods import parse_period
from wenming.scoring import evidence

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
NOV = parse_period("2026-11")


def test_a_submission_late_by_the_local_day_is_not_on_time(units, admin_user, inspector):
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    on_time, late, done = units["police"], units["traffic"], units["tiandong"]
    a1 = fixture["A1"]
    # Due 2026-11-30: handed in at 23:30 that day (15:30 UTC) is on time; at 00:30 the next day
    # (16:30 UTC on the 30th) is late; a task done without a submission is done, not on time.
    submission(task(a1, on_time), admin_user, submitted=datetime(2026, 11, 30, 23, 30, tzinfo=TZ))
    submission(task(a1, late), admin_user, submitted=datetime(2026, 12, 1, 0, 30, tzinfo=TZ))
    task(a1, done, status=TaskStatus.DONE)
    figures = {row.pop("unit_id"): row for row in evidence.task_cells(fixture["framework"].pk, NOV)}
    assert figures[on_time.pk] == {"due": 1, "done": 0, "material_due": 1, "material_on_time": 1}
    assert figures[late.pk] == {"due": 1, "done": 0, "material_due": 1, "material_on_time": 0}
    assert figures[done.pk] == {"due": 1, "done": 1, "material_due": 1, "material_on_time": 0}
    # small_city's own tasks: all five handed in by the 28th.
    assert sum(row["material_on_time"] for row in figures.values()) == 5 + 1
