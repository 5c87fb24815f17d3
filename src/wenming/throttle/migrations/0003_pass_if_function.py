from django.db import migrations

# wenming_throttle_pass, for a hit that counts only where a query found a row (its EXISTS is the
# first argument): where it found none, SQLSTATE WM404 and nothing counted, so the writes sent
# with it are not made (wenming.throttle.guard_if: an Open311 key's check and its limit).
PASS_IF_FUNCTION = """
CREATE OR REPLACE FUNCTION wenming_throttle_pass_if(row_found boolean, window_id bigint,
                                                    window_expires bigint, hit_limit bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT row_found THEN
        RAISE EXCEPTION 'nothing found to count' USING ERRCODE = 'WM404';
    END IF;
    RETURN wenming_throttle_pass(window_id, window_expires, hit_limit);
END
$$
"""


def create_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PASS_IF_FUNCTION)


def drop_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS wenming_throttle_pass_if(boolean, bigint, bigint, bigint)"
        )


class Migration(migrations.Migration):
    dependencies = [("throttle", "0002_pass_function")]

    operations = [migrations.RunPython(create_on_postgresql, drop_on_postgresql)]
