"""Inserting many new rows at once: COPY on PostgreSQL, bulk_create elsewhere.

An INSERT of thousands of rows spends its time in Python — Django compiling and preparing every
value, psycopg quoting the arrays it sends them in — where COPY streams the values as they are
(a 100,000-volunteer import: minutes against seconds). The objects are plain unsaved model
instances, so field defaults apply as usual; auto_now(_add) fields are filled as save() would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    models,
    transaction,
)

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


def several_statements_per_call() -> bool:
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


class IdOf:
    """A value naming a row written earlier in the same insert_together call, whose id the
    database gives there: ``IdOf(case)`` is its id, ``IdOf(case, "上报问题 #", " 占道经营")`` a
    text around it (an audit row's summary). A foreign key to such a row needs none: the
    related instance is enough. On PostgreSQL the statement reads the id where it was made
    (its sequence's current value in this session), so no round trip asks for it first; the
    instances hold the values afterwards."""

    __slots__ = ("obj", "prefix", "suffix")

    def __init__(self, obj: models.Model, prefix: str | None = None, suffix: str = ""):
        self.obj, self.prefix, self.suffix = obj, prefix, suffix

    def value(self):
        pk = self.obj.pk
        return pk if self.prefix is None else f"{self.prefix}{pk}{self.suffix}"


def _named(obj: models.Model, field: models.Field, value) -> IdOf | None:
    """The earlier row ``field`` of ``obj`` (holding ``value``) names: an IdOf, or a foreign key
    to an instance whose id was not known when it was set; else None."""
    if type(value) is IdOf:
        return value
    if value is None and field.many_to_one and field.is_cached(obj):
        related = field.get_cached_value(obj)
        if related is not None:
            return IdOf(related)
    return None


def _resolve(obj: models.Model, fields) -> None:
    """Fill in what ``obj`` names from the rows written before it (they hold their ids now)."""
    for field in fields:
        named = _named(obj, field, getattr(obj, field.attname))
        if named is not None and named.obj.pk is not None:
            setattr(obj, field.attname, named.value())
            if field.many_to_one:  # setting the id forgets the instance; it is the same row
                field.set_cached_value(obj, named.obj)


# Values of these types that fields of these kinds store as they are (what get_db_prep_save
# would return unchanged), so preparing them can be skipped; None is stored as it is by all.
_AS_THEY_ARE = {
    **dict.fromkeys(("CharField", "TextField", "SlugField"), (str,)),
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        (int,),
    ),
    "BooleanField": (bool,),
}
# Values these fields store as they are once a check passes: an aware moment (a naive one is
# made aware, with Django's warning), a finite number (Django refuses NaN and infinities).
_AS_THEY_ARE_IF = {
    "DateTimeField": (datetime, lambda value: value.tzinfo is not None),
    "DecimalField": (Decimal, Decimal.is_finite),
}


def _as_they_are(field: models.Field) -> tuple:
    """The types ``field`` stores as they are, and (type, check) for one stored so if it passes."""
    target = field.target_field if field.many_to_one else field
    kind = target.get_internal_type()
    return (*_AS_THEY_ARE.get(kind, ()), type(None)), _AS_THEY_ARE_IF.get(kind, (None, None))


@lru_cache(maxsize=64)
def _insert_template(model: type[models.Model], with_pk: bool) -> tuple:
    """The INSERT of one row of ``model`` (head, the usual placeholders, tail) and its columns
    (field, attname, whether its pre_save computes the value, the types stored as they are), the
    primary key given or returned: built once, where Django's compiler would build it for
    every row."""
    meta, qn = model._meta, connection.ops.quote_name
    fields = tuple(f for f in meta.local_concrete_fields if with_pk or not f.primary_key)
    head = "INSERT INTO {} ({}) VALUES (".format(
        qn(meta.db_table), ", ".join(qn(f.column) for f in fields)
    )
    tail = ")" if with_pk else f") RETURNING {qn(meta.pk.column)}"
    columns = tuple(
        (
            f,
            f.attname,
            type(f).pre_save is not models.Field.pre_save,  # auto_now, files, …
            _as_they_are(f),
        )
        for f in fields
    )
    return head, ", ".join(["%s"] * len(fields)), tail, columns


def _current_id(named: IdOf, waiting: dict) -> tuple[str, list]:
    """SQL for the id of the row ``named`` stands for, made earlier in this message."""
    model = type(named.obj)
    meta = model._meta
    if waiting.get(meta.db_table) is not named.obj:
        raise TypeError(f"insert_together: the {model.__name__} named is not the last written")
    sql, params = "currval(pg_get_serial_sequence(%s, %s))", [meta.db_table, meta.pk.column]
    if named.prefix is None:
        return sql, params
    return f"(%s || {sql}::text || %s)", [named.prefix, *params, named.suffix]


def _insert_sql(obj: models.Model, waiting: dict, naming: list, db) -> tuple[str, list]:
    """The INSERT of ``obj`` (plain values only: a row to write, not an expression to compile);
    ``waiting`` holds, per table, the last row of this message whose id the database gives;
    the fields that name another row are added to ``naming`` as (obj, field)."""
    head, placeholders, tail, columns = _insert_template(type(obj), obj.pk is not None)
    marks: list[str] | None = None
    values: list = []
    for index, (field, attname, computed, (plain, (checked, check))) in enumerate(columns):
        value = field.pre_save(obj, True) if computed else getattr(obj, attname)
        named = _named(obj, field, value)
        if named is not None:
            naming.append((obj, field))
            if named.obj.pk is None:
                marks = marks or ["%s"] * len(columns)
                marks[index], params = _current_id(named, waiting)
                values.extend(params)
                continue
            value = named.value()
        if type(value) not in plain and not (type(value) is checked and check(value)):
            value = field.get_db_prep_save(value, db)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"insert_together takes plain values ({type(obj).__name__})")
        values.append(value)
    return head + (placeholders if marks is None else ", ".join(marks)) + tail, values


def one_transaction(*, simple: bool):
    """The block a few related rows are written in: none when ``simple`` (nothing but
    take_id and insert_together inside) and insert_together's one message is a transaction by
    itself (PostgreSQL, outside any transaction); else transaction.atomic()."""
    if simple and several_statements_per_call() and connection.get_autocommit():
        return nullcontext()
    return transaction.atomic()


@dataclass(frozen=True)
class Guard:
    """A statement that must pass before rows are written, sent in their round trip (a rate
    limit's count, an API key's check): failing with a SQLSTATE of ``refusals`` it raises that
    one's exception and nothing of the call is written."""

    sql: str
    params: tuple
    refusals: dict[str, Callable[[], Exception]]


@contextmanager
def _guarded(guards: Sequence[Guard]):
    """Turns the database error of a failing guard into its refusal."""
    try:
        yield
    except DatabaseError as exc:
        state = getattr(exc.__cause__, "sqlstate", None)
        for guard in guards:
            refused = guard.refusals.get(state)
            if refused is not None:
                raise refused() from exc
        raise


def insert_together(objs: Sequence[models.Model], guards: Sequence[Guard] = ()) -> None:
    """Insert the new instances ``objs`` (any models, in order) as one transaction; each holds
    its primary key afterwards. A row may name one written before it in the same call (a
    foreign key to it, or IdOf), or one already holding its key (see take_id). ``guards`` run
    first, in order: one that fails stops the call (its refusal is raised, nothing is written);
    outside a transaction each that passes is committed at once, as if sent on its own. On
    PostgreSQL that is one round trip: the guards and every INSERT in one message, which the
    server runs as one transaction by itself (or as part of the caller's). Elsewhere each is run in turn in one atomic block. An instance already saved
    (take_id off PostgreSQL) is skipped. No model signals are sent: only for models without
    receivers."""
    new = [obj for obj in objs if obj._state.adding]
    if not several_statements_per_call():
        with _guarded(guards), transaction.atomic():
            if guards:
                with connection.cursor() as cursor:
                    for guard in guards:
                        cursor.execute(guard.sql, guard.params)
            for obj in new:
                _resolve(obj, obj._meta.local_concrete_fields)
                obj.save(force_insert=True)
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each use of the proxy costs
    waiting: dict[str, models.Model] = {}
    naming: list[tuple[models.Model, models.Field]] = []
    with _guarded(guards), connection.cursor() as cursor:
        # Each statement bound on its own (psycopg keeps the parse of a short one; the joined
        # text, long and with many parameters, would be parsed again on every call).
        results = cursor.cursor  # the client-side binding cursor, then one result per statement
        statements = []
        apart = db.get_autocommit()
        for guard in guards:
            statements.append(results.mogrify(guard.sql, guard.params))
            if apart:
                # Outside a transaction each guard commits at once, before the rows: a guard's
                # row (a counter every report shares) is not held while the rows' commit waits
                # for the disk, and a count stands when a later guard refuses, as it would
                # counted on its own; one that fails still stops the rest of the message.
                statements.append("COMMIT")
        for obj in new:
            statements.append(results.mogrify(*_insert_sql(obj, waiting, naming, db)))
            if obj.pk is None:
                waiting[obj._meta.db_table] = obj
        cursor.execute("; ".join(statements))
        for _result in statements[: len(statements) - len(new)]:  # guards (and COMMIT), then ids
            results.nextset()
        for index, obj in enumerate(new):
            if index:
                results.nextset()
            if obj.pk is None:
                obj.pk = results.fetchone()[0]
            obj._state.adding, obj._state.db = False, connection.alias
    for obj, field in naming:
        _resolve(obj, [field])
