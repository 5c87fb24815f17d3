"""Ship the default site types and their checklists (see wenming.inspections.defaults)."""

from django.db import migrations


def install(apps, schema_editor):
    from wenming.inspections.defaults import install_default_site_types

    install_default_site_types(apps.get_model("inspections", "SiteType"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
