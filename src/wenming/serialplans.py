"""Queries planned without parallel workers, for a page's short aggregates.

PostgreSQL plans a count over tens of thousands of index entries (the case board's figures over
a province's open cases) with two parallel workers. Started per query, they cost more than they
save on a server that is busy with other requests: on the 2-core benchmark machine under load
the board's figures took 31 ms with workers and 12 ms without (issue 11). A page's request is
one of many running at once; the throughput of the server, not one query's latency at idle, is
what the workers would take. Parallel plans stay for the rest (the assessment's scans).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def serial_plans() -> Iterator[None]:
    """The queries inside are planned with ``max_parallel_workers_per_gather = 0`` (PostgreSQL;
    elsewhere this does nothing). ``SET LOCAL`` in a transaction of its own, so that the setting
    ends with the block even if a query fails; inside a caller's transaction it is reset."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        if nested:  # SET LOCAL lasts until the outer transaction ends, not this block
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
