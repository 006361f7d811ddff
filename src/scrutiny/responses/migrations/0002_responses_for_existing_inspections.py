"""Give every inspection already held a response record with an answer slot per finding."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    Inspection = apps.get_model("inspections", "Inspection")
    Response = apps.get_model("responses", "Response")
    ResponseItem = apps.get_model("responses", "ResponseItem")
    for inspection in Inspection.objects.filter(response__isnull=True):
        forces = list(inspection.forces.values_list("pk", flat=True))
        if forces and inspection.force_id not in forces:
            continue
        response = Response.objects.create(inspection=inspection)
        ResponseItem.objects.bulk_create(
            ResponseItem(response=response, finding=f)
            for f in inspection.findings.filter(
                type__in=["recommendation", "area_for_improvement", "cause_of_concern"]))


class Migration(migrations.Migration):
    dependencies = [("responses", "0001_initial"), ("inspections", "0003_search_indexes")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
