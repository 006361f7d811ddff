"""Fill the fields the register reads, and work out every stored deadline the one way."""

from django.db import migrations
from django.db.models import Max, Min
from django.utils import timezone


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from scrutiny.inspections.deadlines import work_out

    Inspection = apps.get_model("inspections", "Inspection")
    Finding = apps.get_model("inspections", "Finding")
    Action = apps.get_model("tracking", "Action")
    Update = apps.get_model("tracking", "Update")
    for inspection in Inspection.objects.all().iterator():
        if inspection.section55_basis not in ("statutory", "") and inspection.section55_due:
            inspection.section55_printed = inspection.section55_due
        forces = list(inspection.forces.values_list("pk", flat=True))
        deadline = work_out(inspection.published, inspection.section55_printed,
                            not forces or inspection.force_id in forces)
        inspection.section55_due, inspection.section55_basis = deadline.day, deadline.basis
        inspection.save(update_fields=["section55_printed", "section55_due", "section55_basis"])
    for finding in Finding.objects.select_related("inspection").iterator():
        actions = Action.objects.filter(finding=finding, withdrawn_at__isnull=True)
        updates = Update.objects.filter(finding=finding, withdrawn_at__isnull=True)
        action_due = actions.filter(status__in=["not_started", "in_progress"]).aggregate(
            d=Min("due"))["d"]
        dues = [d for d in (finding.due, action_due) if d is not None]
        latest = updates.aggregate(d=Max("date"))["d"]
        created = finding.inspection.created_at
        Finding.objects.filter(pk=finding.pk).update(
            created_at=created, next_due=min(dues) if dues else None,
            last_activity=latest or timezone.localtime(created).date(),
            has_progress=finding.status != "open" or updates.exists()
            or actions.exclude(status="not_started").exists())


class Migration(migrations.Migration):

    dependencies = [
        ("tracking", "0002_withdrawal_rules_closures_packs"),
        ("inspections", "0004_tracking_fields"),
        ("responses", "0003_published_from_and_withdrawal"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
