"""Dropping `_like` indexes no query reads, in a migration.

On PostgreSQL Django adds a second index (``varchar_pattern_ops``, named ``…_like``) beside the
plain one for every CharField with ``db_index`` or ``unique``, for ``LIKE 'abc%'``. Where no
query of ours filters a column that way (exact lookups, ``icontains`` searches — ``UPPER(…)
LIKE '%…%'`` can use no b-tree) every INSERT maintains it for nothing. Elsewhere there is no
such index, so this does nothing.
"""

from __future__ import annotations

from django.db import migrations


def drop_like_indexes(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """The operation dropping ``model``'s ``_like`` indexes on ``fields`` (recreated backwards)."""

    def each(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        for name in fields:
            field = model._meta.get_field(name)
            index = schema_editor._create_index_name(
                model._meta.db_table, [field.column], suffix="_like"
            )
            yield model, field, index

    def drop(apps, schema_editor):
        for _model, _field, index in each(apps, schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")

    def restore(apps, schema_editor):
        for model, field, _index in each(apps, schema_editor):
            schema_editor.execute(schema_editor._create_like_index_sql(model, field))

    return migrations.RunPython(drop, restore, elidable=False)
