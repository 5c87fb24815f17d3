from django.db import migrations, models


def unlogged_on_postgresql(apps, schema_editor):
    """Counters need no crash safety: on PostgreSQL their writes skip the write-ahead log."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE throttle_window SET UNLOGGED")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Window",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("hits", models.PositiveIntegerField(default=0)),
                ("expires", models.BigIntegerField()),
            ],
            options={"db_table": "throttle_window"},
        ),
        migrations.RunPython(unlogged_on_postgresql, migrations.RunPython.noop),
    ]
