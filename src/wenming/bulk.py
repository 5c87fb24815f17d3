"""Inserting many new rows at once: COPY on PostgreSQL, bulk_create elsewhere.

An INSERT of thousands of rows spends its time in Python — Django compiling and preparing every
value, psycopg quoting the arrays it sends them in — where COPY streams the values as they are
(a 100,000-volunteer import: minutes against seconds). The objects are plain unsaved model
instances, so field defaults apply as usual; auto_now(_add) fields are filled as save() would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from operator import attrgetter

from django.db import connection, models

BATCH_SIZE = 2000  # rows per INSERT where there is no COPY


def _reader(field: models.Field) -> Callable[[models.Model], object]:
    """How the value COPY sends for ``field`` is read from an object."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if field.get_internal_type() == "JSONField":
        return lambda obj: json.dumps(getattr(obj, field.attname), ensure_ascii=False)
    return attrgetter(field.attname)


def _take_ids(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Give each object the next value of the table's own sequence (COPY returns no ids)."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk


def insert_rows(
    model: type[models.Model], objs: Sequence[models.Model], *, with_ids: bool = False
) -> None:
    """Insert ``objs`` (new instances of ``model``) in the current transaction. ``with_ids``:
    each object holds its primary key afterwards (bulk_create gives them on the backends we
    run on; on PostgreSQL they are taken from the sequence before the COPY)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    if with_ids:
        _take_ids(model, objs)
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    readers = [_reader(f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objs:
            copy.write_row([read(obj) for read in readers])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
