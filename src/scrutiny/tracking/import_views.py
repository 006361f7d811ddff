"""Importing a tracker spreadsheet: upload, map the columns and values, see every row's
outcome, then import in one go (tracking.importer does the work)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from scrutiny.accounts.permissions import get_for_user, office_or_refuse
from scrutiny.inspections.models import FindingType
from scrutiny.inspections.status import FindingStatus

from . import importer
from .models import ImportRun
from .sheets import Sheet, SheetError, read_sheets

PREVIEW_ROWS = 300


def _json_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _stored(sheet: Sheet) -> dict[str, Any]:
    return {"name": sheet.name, "header": sheet.header, "notes": sheet.notes,
            "rows": [[n, [_json_cell(v) for v in cells]] for n, cells in sheet.rows]}


def _sheet(run: ImportRun) -> Sheet:
    data = run.sheets[run.sheet]
    return Sheet(data["name"], data["header"], [(n, cells) for n, cells in data["rows"]],
                 data["notes"])


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    force = office_or_refuse(request.user, "Importing a tracker needs an office")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("sheet")
        if upload is None:
            error = "Choose a spreadsheet (.xlsx or .csv) to import."
        else:
            try:
                sheets = read_sheets(upload.read(), upload.name or "")
            except SheetError as exc:
                error = f"{upload.name}: the file {exc}."
            else:
                run = ImportRun.objects.create(force=force, user=request.user,  # type: ignore[misc]
                                               filename=(upload.name or "sheet")[:255],
                                               sheets=[_stored(s) for s in sheets])
                first = _sheet(run)
                run.mapping = importer.suggest_mapping(first.header)
                run.save(update_fields=["mapping"])
                return redirect("findings_import_run", run.pk)
    return render(request, "tracking/import_start.html", {
        "error": error, "recent": ImportRun.objects.filter(force=force)[:10]},
        status=400 if error else 200)


def _column(raw: str, width: int) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < width else None


def _read_choices(request: HttpRequest, run: ImportRun, sheet: Sheet) -> None:
    """The mapping the user chose on the page (anything out of range is ignored)."""
    chosen = _column(request.POST.get("sheet", ""), len(run.sheets))
    if chosen is not None and chosen != run.sheet:
        run.sheet = chosen
        run.mapping = importer.suggest_mapping(_sheet(run).header)
        run.types, run.statuses = {}, {}
        return
    run.mapping = {name: _column(request.POST.get(f"col-{name}", ""), len(sheet.header))
                   for name, _, _ in importer.FIELDS}
    for kind, allowed in (("type", FindingType.values), ("status", FindingStatus.values)):
        values = importer.distinct(sheet, run.mapping.get(kind))
        picked = {}
        for i, value in enumerate(values):
            answer = request.POST.get(f"{kind}-{i}", "")
            if answer in allowed:
                picked[value] = answer
        if kind == "type":
            run.types = picked
        else:
            run.statuses = picked


@require_http_methods(["GET", "POST"])
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    run: ImportRun = get_for_user(request.user, ImportRun.objects.select_related("force"),
                                  "force", pk)
    sheet = _sheet(run)
    planned = None
    if request.method == "POST" and run.committed_at is None:
        _read_choices(request, run, sheet)
        run.save(update_fields=["sheet", "mapping", "types", "statuses"])
        sheet = _sheet(run)
        missing = [label for name, label, required in importer.FIELDS
                   if required and run.mapping.get(name) is None]
        if missing:
            messages.error(request, "Choose the column that holds: " + ", ".join(missing) + ".")
        else:
            planned = importer.plan(sheet, run.force, run.mapping, run.types, run.statuses)
            if request.POST.get("action") == "commit":
                counts = importer.summary(planned)
                outcome = importer.commit(planned, run.force, request.user, run.filename)
                run.committed_at = timezone.now()
                run.outcome = {**counts, **outcome}
                run.save(update_fields=["committed_at", "outcome"])
                messages.success(request, (
                    f"Imported {run.filename}: {outcome['findings']} new finding"
                    f"{'s' if outcome['findings'] != 1 else ''} ({outcome['inspections']} new "
                    f"inspection{'s' if outcome['inspections'] != 1 else ''}), "
                    f"{outcome['changed']} changed, {counts['unchanged']} unchanged, "
                    f"{counts['invalid']} left out as invalid."))
                return redirect("findings_import_run", run.pk)
    elif request.method == "POST":
        messages.info(request, "This sheet has been imported already; upload it again to "
                               "import it again (what is unchanged will stay unchanged).")
    elif run.committed_at is None and all(run.mapping.get(n) is not None
                                          for n, _, req in importer.FIELDS if req):
        planned = importer.plan(sheet, run.force, run.mapping, run.types, run.statuses)
    types = importer.distinct(sheet, run.mapping.get("type"))
    statuses = importer.distinct(sheet, run.mapping.get("status"))
    type_choice = {**importer.suggest_types(types), **run.types}
    status_choice = {**importer.suggest_statuses(statuses), **run.statuses}
    shown = []
    if planned:
        invalid = [r for r in planned if r.outcome == "invalid"]
        others = [r for r in planned if r.outcome != "invalid"]
        shown = invalid + others[:max(0, PREVIEW_ROWS - len(invalid))]
        shown.sort(key=lambda r: r.number)
    return render(request, "tracking/import_run.html", {
        "run": run, "sheet": sheet, "fields": importer.FIELDS,
        "samples": [cells for _, cells in sheet.rows[:3]],
        "types": [(i, v, type_choice.get(v, "")) for i, v in enumerate(types)],
        "statuses": [(i, v, status_choice.get(v, "")) for i, v in enumerate(statuses)],
        "type_choices": FindingType.choices, "status_choices": FindingStatus.choices,
        "planned": planned, "shown": shown,
        "counts": importer.summary(planned) if planned else None,
    })
