"""Findings as a spreadsheet (CSV) for boards and panels, safe to open in Excel.

The rows are the register's rows (tracking.register.rows), so a spreadsheet says what
the register and the board pack say.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from scrutiny.accounts.permissions import get_for_user
from scrutiny.inspections.models import Finding, FindingType, Inspection
from scrutiny.inspections.status import FindingStatus, Rag
from scrutiny.web.spreadsheet import Column, escape_formula
from scrutiny.web.templatetags.scrutiny import ukdate

from . import register
from .models import Action, Board, Update

COLUMNS = ["Inspection", "Published", "Finding", "Ref", "Text", "Area", "Addressed to",
           "Owner", "Board", "Next due", "Due as printed", "Status", "RAG", "Actions",
           "Latest update on", "Latest update"]


def findings_csv(rows: Iterable[register.Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        f = row.finding
        latest = row.latest
        writer.writerow([escape_formula(v) for v in (
            f.inspection.title, ukdate(f.inspection.published), f.get_type_display(), f.ref,
            f.text, f.area, f.addressee, "; ".join(row.owners),
            "; ".join(b.name for b in row.boards), ukdate(f.next_due), f.due_text,
            f.get_status_display(), Rag(row.rag).label.split(":")[0],
            "; ".join(a.description for a in f.actions.all()),
            ukdate(latest.date) if latest else "", latest.note if latest else "")])
    return out.getvalue()


def _response(request: HttpRequest, name: str, findings: QuerySet[Finding]) -> HttpResponse:
    qs = register.register_queryset(register.with_rag(findings, request.user,
                                                      timezone.localdate()))
    body = findings_csv(register.rows(qs.prefetch_related("actions")))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def inspection_csv(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user(request.user, Inspection.objects.all(), "force", pk)
    return _response(request, f"{slugify(inspection.title)[:60]}-findings",
                     inspection.findings.order_by("position", "id"))


@require_GET
def board_csv(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.all(), "force", pk)
    findings = Finding.objects.filter(register.board_q(board)).order_by(
        "inspection", "position", "id")
    return _response(request, f"{slugify(board.name)[:60]}-findings", findings)


# The registers as spreadsheets: the columns the screens show (a finding's reference and
# text, and an update's date and note, in columns of their own).
FINDING_COLUMNS = [
    Column("Ref", 8), Column("Finding", 60), Column("Type", 20), Column("Inspection", 40),
    Column("Published", 12, "date"), Column("Area", 24), Column("Status", 16),
    Column("RAG", 10), Column("Owner", 24), Column("Board", 24), Column("Next due", 12, "date"),
    Column("Due as printed", 16), Column("Latest update on", 14, "date"),
    Column("Latest update", 60),
]
ACTION_COLUMNS = [
    Column("Finding", 24), Column("Inspection", 40), Column("Action", 60), Column("Owner", 24),
    Column("Board", 24), Column("Due", 12, "date"), Column("Status", 16),
    Column("Carried over to", 30),
]
BATCH = 2000


def finding_rows(qs: QuerySet[Finding]) -> Iterable[list[object]]:
    """Every finding of the (filtered, sorted) register, a batch at a time.

    The same owners, boards and latest update as the register's rows (register.rows), read
    as plain values: building model objects for tens of thousands of findings, actions and
    updates would take most of the time of a download.
    """
    types = dict(FindingType.choices)
    statuses = dict(FindingStatus.choices)
    rags = {r.value: r.label.split(":")[0] for r in Rag}
    ids = list(qs.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        order = {pk: i for i, pk in enumerate(chunk)}
        found = sorted(qs.filter(pk__in=chunk).values(  # type: ignore[misc]
            "pk", "ref", "text", "type", "inspection__title", "inspection__published", "area",
            "status", "contested", "rag_value", "owner", "board__name", "next_due", "due_text"),
            key=lambda f: order[f["pk"]])
        owners: dict[int, list[str]] = {f["pk"]: [f["owner"]] for f in found}
        boards: dict[int, list[str]] = {f["pk"]: [f["board__name"]] for f in found}
        for finding_id, owner, board in (Action.objects.filter(finding_id__in=chunk)
                                         .order_by("id").values_list("finding_id", "owner",
                                                                     "board__name")):
            owners[finding_id].append(owner)
            boards[finding_id].append(board)
        latest: dict[int, tuple[Any, str]] = {}
        for finding_id, day, note in (Update.objects.filter(finding_id__in=chunk)
                                      .order_by("finding_id", "-date", "-created_at")
                                      .values_list("finding_id", "date", "note")):
            latest.setdefault(finding_id, (day, note))
        for f in found:
            day, note = latest.get(f["pk"], (None, ""))
            status = statuses.get(f["status"], f["status"])
            yield [f["ref"], f["text"], types.get(f["type"], f["type"]), f["inspection__title"],
                   f["inspection__published"], f["area"],
                   status + (" (contested)" if f["contested"] else ""),
                   rags.get(f["rag_value"], ""),
                   "; ".join(dict.fromkeys(o for o in owners[f["pk"]] if o)),
                   "; ".join(dict.fromkeys(b for b in boards[f["pk"]] if b)),
                   f["next_due"], f["due_text"], day, note]


def action_rows(qs: QuerySet[Action]) -> Iterable[list[object]]:
    for a in qs.select_related("finding__inspection", "board").iterator(chunk_size=BATCH):
        yield [str(a.finding), a.finding.inspection.title, a.description, a.owner,
               a.board.name if a.board else "", a.due, a.get_status_display(),
               a.carried_over_to]
