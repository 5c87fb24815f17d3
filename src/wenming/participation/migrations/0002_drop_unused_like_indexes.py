"""The citizen report's `_like` indexes (wenming.likeindexes): tracking code, token and phone are
only ever looked up whole (the admin's search is LIKE '%…%'). Every report maintained three."""

from django.db import migrations

from wenming.likeindexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [
        drop_like_indexes("participation", "citizenreport", "tracking_code", "token", "phone"),
        drop_like_indexes("participation", "phonecode", "phone"),
    ]
