"""Load the canonical force list (contract/forces.txt, bundled with the extraction core)."""

from django.db import migrations


def load_forces(apps, schema_editor):  # type: ignore[no-untyped-def]
    from scrutiny.inspections.forcelist import load_forces as load

    load(apps.get_model("inspections", "Force"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(load_forces, migrations.RunPython.noop)]
