from django.db import migrations


def install(apps, schema_editor):
    from wenming.honors.defaults import install_title_checklists

    install_title_checklists(
        apps.get_model("inspections", "SiteType"), apps.get_model("inspections", "ChecklistItem")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("honors", "0002_title_flags"),
        ("inspections", "0004_map_site_result_and_position"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
