"""Inserting many new rows at once: COPY on PostgreSQL, bulk_create elsewhere.

An INSERT of thousands of rows spends its time in Python — Django compiling and preparing every
value, psycopg quoting the arrays it sends them in — where COPY streams the values as they are
(a 100,000-volunteer import: minutes against seconds). The objects are plain unsaved model
instances, so field defaults apply as usual; auto_now(_add) fields are filled as save() would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from functools import lru_cache
from operator import attrgetter

from django.db import connection, models, transaction

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


# --- a few rows of different tables, written together ------------------------------------------


def _one_statement_per_call() -> bool:
    """Whether one execute may carry several statements: psycopg's client-side binding sends
    them in one simple-protocol message (Django's default); server-side binding cannot."""
    options = connection.settings_dict.get("OPTIONS") or {}
    return connection.vendor == "postgresql" and not options.get("server_side_binding")


def take_id(obj: models.Model) -> None:
    """Give the new instance ``obj`` its primary key before it is written (rows written with it
    name it): the next value of its table's sequence on PostgreSQL; elsewhere it is saved now."""
    if connection.vendor == "postgresql":
        _take_ids(type(obj), [obj])
    else:
        obj.save(force_insert=True)


@lru_cache(maxsize=64)
def _insert_template(model: type[models.Model], with_pk: bool) -> tuple[str, tuple]:
    """The INSERT of one row of ``model`` and its fields, the primary key given or returned:
    built once, where Django's compiler would build it for every row."""
    meta, qn = model._meta, connection.ops.quote_name
    fields = tuple(f for f in meta.local_concrete_fields if with_pk or not f.primary_key)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if not with_pk:
        sql += f" RETURNING {qn(meta.pk.column)}"
    return sql, fields


def _insert_sql(obj: models.Model) -> tuple[str, list]:
    """The INSERT of ``obj`` (plain values only: a row to write, not an expression to compile)."""
    sql, fields = _insert_template(type(obj), obj.pk is not None)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        raise TypeError(f"insert_together takes plain values ({type(obj).__name__})")
    return sql, values


def one_transaction(*, simple: bool):
    """The block a few related rows are written in: none when ``simple`` (nothing but
    take_id and insert_together inside) and insert_together's one message is a transaction by
    itself (PostgreSQL, outside any transaction); else transaction.atomic()."""
    if simple and _one_statement_per_call() and connection.get_autocommit():
        return nullcontext()
    return transaction.atomic()


def insert_together(objs: Sequence[models.Model]) -> None:
    """Insert the new instances ``objs`` (any models, in order; those the others name already
    hold their primary keys, see take_id) as one transaction; each holds its primary key
    afterwards. On PostgreSQL that is one round trip: every INSERT in one message, which the
    server runs as one transaction by itself (or as part of the caller's). Elsewhere each is
    saved in turn in one atomic block. An instance already saved (take_id off PostgreSQL) is
    skipped. No model signals are sent: only for models without receivers."""
    new = [obj for obj in objs if obj._state.adding]
    if not _one_statement_per_call():
        with transaction.atomic():
            for obj in new:
                obj.save(force_insert=True)
        return
    with connection.cursor() as cursor:
        # Each statement bound on its own (psycopg keeps the parse of a short one; the joined
        # text, long and with many parameters, would be parsed again on every call).
        results = cursor.cursor  # the client-side binding cursor, then one result per statement
        cursor.execute("; ".join(results.mogrify(*_insert_sql(obj)) for obj in new))
        for index, obj in enumerate(new):
            if index:
                results.nextset()
            if obj.pk is None:
                obj.pk = results.fetchone()[0]
            obj._state.adding, obj._state.db = False, connection.alias
