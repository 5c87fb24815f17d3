"""Queries planned without parallel workers (wenming.serialplans): inside only, on PostgreSQL."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wenming.serialplans import serial_plans

pytestmark = pytest.mark.django_db


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


@pytest.mark.postgresql
def test_the_setting_holds_inside_the_block_and_ends_with_it():
    before = _workers()
    assert before != "0"
    with serial_plans():
        assert _workers() == "0"
    assert _workers() == before


@pytest.mark.postgresql
def test_a_failing_query_inside_leaves_the_setting_as_it_was():
    before = _workers()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), serial_plans():
        raise ZeroDivisionError
    assert _workers() == before


@pytest.mark.sqlite
def test_elsewhere_it_sends_nothing():
    with CaptureQueriesContext(connection) as queries, serial_plans():
        pass
    assert queries.captured_queries == []
