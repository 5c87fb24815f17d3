"""Emptying the PostgreSQL test database after a transactional test with DELETE, not TRUNCATE.

After every test that commits (``django_db(transaction=True)``, ``transactional_db``,
``live_server``) Django's ``flush`` empties every table with one ``TRUNCATE`` of all of them.
On PostgreSQL that gives each of the ~150 tables and their indexes new files and drops the old
ones at commit: 6-16 s a test on the shared development machine, against 0.2 s for a ``DELETE``
of each table (they hold a few hundred rows at most). Every foreign key Django creates on
PostgreSQL is ``DEFERRABLE INITIALLY DEFERRED``, so the tables can be emptied in any order in
one transaction. Sequences are left as ``TRUNCATE`` without ``RESTART IDENTITY`` leaves them.

Only the flush of a test's teardown is changed: a ``flush`` the code under test runs (the
backup's restore) still truncates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections
from django.test import TransactionTestCase


@contextlib.contextmanager
def _deleting(connection) -> Iterator[None]:
    truncating = connection.ops.sql_flush

    def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncating(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = connection.ops.quote_name
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {quote(t)}" for t in tables)]

    connection.ops.sql_flush = sql_flush
    try:
        yield
    finally:
        del connection.ops.sql_flush


def _fixture_teardown(self):
    with contextlib.ExitStack() as stack:
        for name in self._databases_names(include_mirrors=False):
            if connections[name].vendor == "postgresql":
                stack.enter_context(_deleting(connections[name]))
        _truncating_teardown(self)


_truncating_teardown = TransactionTestCase._fixture_teardown


def install() -> None:
    """Make test teardowns empty PostgreSQL tables with DELETE (for the rest of the process)."""
    TransactionTestCase._fixture_teardown = _fixture_teardown
