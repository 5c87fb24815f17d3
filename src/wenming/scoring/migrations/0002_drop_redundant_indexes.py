"""Two indexes on the assessment's unit rows that no query needs, which every assessment's 2,280
inserts maintained: the assessment's own (the unique (assessment, unit) constraint leads with
it) and region_code's `_like` (the same varchar_pattern_ops index as assessmentunit_region_idx)."""

import django.db.models.deletion
from django.db import migrations, models

from wenming.likeindexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="assessmentunit",
            name="assessment",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rows",
                to="scoring.assessment",
                verbose_name="考核",
            ),
        ),
        drop_like_indexes("scoring", "assessmentunit", "region"),
    ]
