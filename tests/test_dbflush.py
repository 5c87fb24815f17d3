"""The teardown of a transactional test empties every PostgreSQL table (tests/dbflush.py), and a
``flush`` outside a test's teardown still truncates."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from tests import dbflush
from tests.conftest import build_city, build_units
from tests.regions.factories import person
from wenming.regions.models import Role


def _counts() -> dict[str, int]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_teardown_flush_deletes_every_row_and_other_flushes_truncate():
    units = build_units(build_city())
    person(username="admin", unit=units["office"], role=Role.ADMIN)  # rows that refer to rows
    assert sum(_counts().values()) > 10
    assert connection.ops.sql_flush(no_style(), ["a", "b"])[0].startswith("TRUNCATE")
    with dbflush._deleting(connection):
        statements = connection.ops.sql_flush(no_style(), ["a", "b"])
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    assert statements == ["SET CONSTRAINTS ALL DEFERRED", 'DELETE FROM "a"', 'DELETE FROM "b"']
    assert not {table: n for table, n in _counts().items() if n}
    assert connection.ops.sql_flush(no_style(), ["a"])[0].startswith("TRUNCATE")
