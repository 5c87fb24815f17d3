"""On PostgreSQL an assessment reads its case, task and exposed-case figures on a second
connection while its own rolls the framework up (scoring.alongside): the same figures as one
connection reading one after the other, and only when the assessment's transaction is the
outermost — another connection cannot see rows written in a transaction around it."""

import threading
from unittest import mock

import pytest
from django.db import transaction

from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.scoring import engine
from wenming.scoring.services import assess, home_region

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="the second connection reads what the first committed"),
]

NOVEMBER = parse_period("2026-11")


@pytest.fixture
def framework(units, admin_user, inspector):
    return small_city(units, admin=admin_user, inspector=inspector)["framework"]


def test_figures_read_alongside_equal_those_read_one_after_the_other(framework):
    arguments = {
        "framework_id": framework.pk,
        "root": home_region(),
        "period": NOVEMBER,
        "parameters": engine.Parameters(),
    }
    readers = []
    real = engine._figures_beside_the_framework

    def recorded(*args):
        readers.append(threading.current_thread())
        return real(*args)

    with mock.patch.object(engine, "_figures_beside_the_framework", recorded):
        alongside = engine.compute(**arguments, alongside=True)
        one_after_the_other = engine.compute(**arguments)
    assert readers[0] is not threading.current_thread()
    assert readers[1] is threading.current_thread()
    assert alongside.units == one_after_the_other.units
    assert alongside.summary == one_after_the_other.summary
    assert any(any(result.figures["cases"].values()) for result in alongside.units)
    assert any(any(result.figures["tasks"].values()) for result in alongside.units)


def test_only_an_assessment_in_its_own_transaction_reads_alongside(framework, admin_user):
    with mock.patch.object(engine, "compute", wraps=engine.compute) as compute:
        assess(actor=admin_user, framework=framework, period=NOVEMBER, region=home_region())
        with transaction.atomic():
            assess(
                actor=admin_user,
                framework=framework,
                period=NOVEMBER,
                region=home_region(),
                revise=True,
                reason="更正",
            )
    assert [call.kwargs["alongside"] for call in compute.call_args_list] == [True, False]
