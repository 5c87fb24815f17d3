"""日考核、周通报、月总结 for communities: the clock queues them, each (job, period) runs once through
the scoring engine, and the weekly and monthly ones draft a bulletin of the community series."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.documents import pdfcheck
from wenming.community import tasks
from wenming.community.models import ScheduledRun
from wenming.documents.render import render_pdf
from wenming.scoring.bulletins import document_for
from wenming.scoring.models import Assessment, Bulletin

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_the_clock_decides_and_each_job_runs_once(communities, time_machine, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monday = datetime(2026, 11, 30, 8, tzinfo=SH)
    assert tasks.due_runs(monday) == [
        ("community-daily", "2026-11-29"),
        ("community-weekly", "2026-W48"),
        ("community-monthly", "2026-10"),
    ]
    time_machine.move_to(monday)
    call_command("tick", stdout=io.StringIO())
    call_command("tick", stdout=io.StringIO())
    assert ScheduledRun.objects.count() == 3
    assert tasks.due_runs(monday) == []
    assert Assessment.objects.filter(framework__purpose="community").count() == 3
    weekly = Bulletin.objects.get(kind="weekly")
    assert weekly.title == "关于2026年第48周（11月23日—11月29日）社区创建达标工作情况的周通报"
    assert set(weekly.figures["rankings"]) == {"community"}
    text = pdfcheck.text(render_pdf(document_for(figures=weekly.figures, requirements="")))
    assert "社区创建达标工作通报" in text and "光明社区" in text
    assert Bulletin.objects.get(kind="monthly").title.endswith("社区创建达标工作情况的月总结")


def test_the_city_dashboard_keeps_the_city_assessment(communities, coordinator, login, units):
    from tests.scoring.factories import small_city
    from wenming.community import assessment
    from wenming.periods import parse_period
    from wenming.scoring.selectors import latest_assessment_for
    from wenming.scoring.services import assess

    data = small_city(units, admin=coordinator, inspector=coordinator)
    city = assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment
    assessment.assess(actor=None, period=parse_period("2026-W47"))  # a later community snapshot
    assert latest_assessment_for(coordinator) == city
