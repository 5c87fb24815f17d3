"""Two people acting on one case at once: one success, one clear conflict (needs a real server)."""

import threading

import pytest
from django.db import connection, connections

from tests.cases.factories import report
from wenming.cases import services
from wenming.cases.errors import CaseTransitionError
from wenming.cases.models import CaseEvent, State
from wenming.regions.models import Region

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
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
    case = report(inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"])
    version = case.version
    results = run_in_threads(
        2, lambda i: services.transition(actor=community1, case_id=case.pk, action="sign", expected_version=version)
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, CaseTransitionError) and "已被他人处理" in error.message
    case.refresh_from_db()
    assert case.state == State.RECTIFYING
    assert CaseEvent.objects.filter(case=case, action="sign").count() == 1
