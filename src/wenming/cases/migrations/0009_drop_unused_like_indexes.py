"""The case table's `_like` indexes (wenming.likeindexes): category is never filtered with a
prefix (its search is LIKE '%…%'), and region_code's duplicates case_region_prefix_idx, which
answers the region subtree (LIKE 'prefix%'). Every new case maintained both."""

from django.db import migrations

from wenming.likeindexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_board_category_index")]

    operations = [drop_like_indexes("cases", "case", "category", "region")]
