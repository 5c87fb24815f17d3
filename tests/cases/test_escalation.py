"""The escalation ladder: reminder, 督办单, 挂牌督办 — each once, however often and wherever the jobs run."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.cases.factories import move, report
from wenming.cases import escalation
from wenming.cases.models import CaseEvent, EscalationStep, Notice, NoticeKind
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def case(inspector, units):
    # Tuesday 3 Nov 2026 + 3 working days: due Friday 6 Nov, late from Monday 9 Nov.
    with time_machine.travel(at(2026, 11, 3, 9, 0), tick=False):
        return report(
            inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
        )


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Jobs run as `tick` queues them (the real queue and workers: test_concurrency, and below)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_jobs(moment):
    with time_machine.travel(moment, tick=False):
        call_command("tick", stdout=io.StringIO())


def test_reminder_comes_one_working_day_before_the_deadline(case):
    run_jobs(at(2026, 11, 4, 12, 0))
    assert not Notice.objects.exists()
    run_jobs(at(2026, 11, 5, 9, 0))
    run_jobs(at(2026, 11, 5, 10, 0))
    reminder = Notice.objects.get()
    assert (
        reminder.kind == NoticeKind.REMINDER
        and reminder.unit == case.unit
        and reminder.number == ""
    )


def test_running_the_escalation_twice_produces_one_supervision_notice(case):
    run_jobs(at(2026, 11, 9, 9, 0))
    run_jobs(at(2026, 11, 9, 9, 5))
    notices = Notice.objects.filter(kind=NoticeKind.SUPERVISION)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.number.startswith("淮创城督〔2026〕") and notice.case == case
    assert CaseEvent.objects.filter(case=case, action="supervision").count() == 1
    # The same step called directly again does nothing.
    step = EscalationStep.objects.get(job="supervision")
    assert (
        escalation.escalate(
            job="supervision", case_id=case.pk, step=step.step, now=at(2026, 11, 9, 10)
        )
        is None
    )


def test_exposure_follows_after_n_working_days_and_an_extension_starts_afresh(
    case, community1, coordinator, settings
):
    settings.CASE_EXPOSURE_AFTER_WORKDAYS = 2
    run_jobs(at(2026, 11, 10, 9, 0))  # 2 working days late: 督办 only
    case.refresh_from_db()
    assert case.exposed_at is None
    run_jobs(at(2026, 11, 11, 9, 0))  # 3 > 2: 挂牌督办
    case.refresh_from_db()
    assert case.exposed_at is not None
    assert Notice.objects.filter(kind=NoticeKind.EXPOSURE).count() == 1
    with time_machine.travel(at(2026, 11, 11, 10, 0), tick=False):
        case = move(
            community1, case, "request_extension", note="材料未到", requested_due="2026-11-20"
        )
        case = move(coordinator, case, "approve_extension")
    run_jobs(at(2026, 11, 12, 9, 0))
    assert Notice.objects.filter(kind=NoticeKind.SUPERVISION).count() == 1  # no longer overdue


def test_closed_cases_are_never_chased(case, community1, coordinator):
    with time_machine.travel(at(2026, 11, 4, 9, 0), tick=False):
        case = move(community1, case, "sign")
        case = move(community1, case, "submit", note="已整改")
    run_jobs(at(2026, 11, 20, 9, 0))
    assert not Notice.objects.exists()


@pytest.mark.sqlite(reason="on PostgreSQL the worker runs as real processes (test_concurrency)")
def test_tick_queues_and_worker_once_drains_the_queue(case, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with time_machine.travel(at(2026, 11, 9, 9, 0), tick=False):
        call_command("tick", stdout=io.StringIO())
        call_command("tick", stdout=io.StringIO())
        assert not Notice.objects.exists()
        call_command("worker", "--once", verbosity=0)
    assert Notice.objects.filter(kind=NoticeKind.SUPERVISION).count() == 1


def test_a_supervision_notice_sets_a_new_deadline_for_the_late_problem(case):
    """A late problem is never listed without a deadline to meet: the 督办单 sets the new one."""
    from wenming.cases.notices import build_document

    run_jobs(at(2026, 11, 9, 9, 0))  # Monday; two working days later: Wednesday 11 Nov
    notice = Notice.objects.get(kind=NoticeKind.SUPERVISION)
    assert "于 2026年11月11日 前整改到位" in notice.content["paragraphs"][0]
    table = next(b for b in build_document(notice).blocks if hasattr(b, "rows"))
    assert table.rows[0][3] == "原定2026年11月6日（已逾期）\n限2026年11月11日前"


def test_the_leaders_supervision_list_links_each_row_to_its_case(case, units, client):
    """A leader opens 收到的督办单 from the 工作台 and goes from the row to the late problem."""
    from tests.regions.factories import person
    from wenming.regions.models import Role

    run_jobs(at(2026, 11, 9, 9, 0))
    leader = person(username="gm-leader", unit=units["guangming"], role=Role.LEADER)
    client.force_login(leader)
    page = client.get("/cases/notices/?kind=supervision").content.decode()
    assert page.count('data-testid="notice-row"') == 1
    link = f'href="/cases/{case.pk}/" data-testid="notice-case" title="{case.category}">'
    assert f"{link}#{case.pk} {case.category}<" in page
    assert client.get(f"/cases/{case.pk}/").status_code == 200
