"""Ship the civil-affairs site types (应急避难场所, 地名标志, 老年助餐点) and their checklists."""

from django.db import migrations


def install(apps, schema_editor):
    from wenming.inspections.defaults import CIVIL_AFFAIRS_SITE_TYPES, install_default_site_types

    install_default_site_types(
        apps.get_model("inspections", "SiteType"),
        apps.get_model("inspections", "ChecklistItem"),
        CIVIL_AFFAIRS_SITE_TYPES,
    )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_map_site_result_and_position")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
