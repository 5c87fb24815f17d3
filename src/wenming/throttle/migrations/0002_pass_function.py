from django.db import migrations

# One hit counted and checked inside the statement that writes what it guards (a citizen's
# report): past the window's limit it fails with SQLSTATE WM429, so the writes sent with it in
# the same message are not made (wenming.throttle.guard).
PASS_FUNCTION = """
CREATE OR REPLACE FUNCTION wenming_throttle_pass(window_id bigint, window_expires bigint,
                                                 hit_limit bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    counted bigint;
BEGIN
    INSERT INTO throttle_window (id, hits, expires) VALUES (window_id, 1, window_expires)
    ON CONFLICT (id) DO UPDATE SET hits = throttle_window.hits + 1
    RETURNING hits INTO counted;
    IF counted > hit_limit THEN
        RAISE EXCEPTION 'rate limit passed' USING ERRCODE = 'WM429';
    END IF;
    RETURN counted;
END
$$
"""


def create_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PASS_FUNCTION)


def drop_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS wenming_throttle_pass(bigint, bigint, bigint)")


class Migration(migrations.Migration):
    dependencies = [("throttle", "0001_initial")]

    operations = [migrations.RunPython(create_on_postgresql, drop_on_postgresql)]
