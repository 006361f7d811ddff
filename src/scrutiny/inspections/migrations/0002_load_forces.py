"""Load the canonical force list (contract/forces.txt, bundled with the extraction core)."""

from django.db import migrations
from django.utils.text import slugify


def load_forces(apps, schema_editor):  # type: ignore[no-untyped-def]
    from importlib import resources

    Force = apps.get_model("inspections", "Force")
    text = resources.files("scrutiny.extraction").joinpath("data/forces.txt").read_text("utf-8")
    territorial = True
    for line in text.splitlines():
        if line.startswith("# Other forces"):
            territorial = False
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        Force.objects.update_or_create(
            name=names[0],
            defaults={"slug": slugify(names[0]), "aliases": "|".join(names[1:]),
                      "territorial": territorial},
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(load_forces, migrations.RunPython.noop)]
