"""Two people acting on one case at once: one success, one clear conflict (needs a real server)."""

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from tests.cases.factories import report
from wenming.cases import escalation, services
from wenming.cases.errors import CaseTransitionError
from wenming.cases.models import CaseEvent, EscalationStep, Notice, NoticeKind, State
from wenming.regions.models import Region

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="row locks need PostgreSQL"),
]


def run_in_threads(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(i):
        try:
            barrier.wait()
            results[i] = ("ok", work(i))
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test checks
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_people_signing_at_once_get_one_success_and_one_conflict(inspector, community1, units):
    case = report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )
    version = case.version
    results = run_in_threads(
        2,
        lambda i: services.transition(
            actor=community1, case_id=case.pk, action="sign", expected_version=version
        ),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, CaseTransitionError) and "已被他人处理" in error.message
    case.refresh_from_db()
    assert case.state == State.RECTIFYING
    assert CaseEvent.objects.filter(case=case, action="sign").count() == 1


def _overdue_case(inspector, units):
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        return report(
            inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
        )


def test_two_threads_escalating_at_once_issue_one_supervision_notice(inspector, units):
    case = _overdue_case(inspector, units)
    step = escalation.step_key(case)
    results = run_in_threads(
        2, lambda i: escalation.escalate(job="supervision", case_id=case.pk, step=step)
    )
    assert sorted(kind for kind, _ in results) == ["ok", "ok"], results
    assert sum(1 for _, notice in results if notice is not None) == 1
    assert Notice.objects.filter(kind=NoticeKind.SUPERVISION).count() == 1


def test_two_worker_processes_on_one_database_issue_one_supervision_notice(inspector, units):
    case = _overdue_case(inspector, units)
    for _ in range(2):  # tick twice: the same step is queued twice
        call_command("tick", stdout=open(os.devnull, "w"))
    db = connection.settings_dict
    env = dict(
        os.environ, DATABASE_URL=f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    workers = [
        subprocess.Popen([sys.executable, "-m", "wenming", "worker", "--once", "-v", "0"], env=env)
        for _ in range(2)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    assert Notice.objects.filter(kind=NoticeKind.SUPERVISION, case=case).count() == 1
    assert EscalationStep.objects.filter(case=case, job="supervision").count() == 1


def test_notice_numbers_are_unique_when_issued_concurrently(inspector, coordinator, units):
    from wenming.cases import notices

    for unit in ("guangming", "xiangyang"):
        report(inspector, region=Region.objects.get(code="340403001001"), unit=units[unit])
    results = run_in_threads(
        6,
        lambda i: (
            notices.issue_rectification_notice(
                actor=coordinator, unit_id=units["guangming" if i % 2 else "xiangyang"].pk
            ).number
        ),
    )
    assert [kind for kind, _ in results] == ["ok"] * 6, results
    numbers = sorted(number for _, number in results)
    assert len(set(numbers)) == 6
    year = timezone.localdate().year
    assert set(numbers) == {f"淮创城整〔{year}〕{n}号" for n in range(1, 7)}
