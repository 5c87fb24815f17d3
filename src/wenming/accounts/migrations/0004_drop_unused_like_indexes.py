"""The audit log's `_like` indexes (wenming.likeindexes): action and outcome are filtered by
value, username by value or UPPER(…) LIKE '%…%'. Every audited change maintained three."""

from django.db import migrations

from wenming.likeindexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_audit_view_action")]

    operations = [drop_like_indexes("accounts", "auditevent", "action", "outcome", "username")]
