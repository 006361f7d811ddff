"""Findings as a spreadsheet (CSV) for boards and panels, safe to open in Excel.

The rows are the register's rows (tracking.register.rows), so a spreadsheet says what
the register and the board pack say.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from scrutiny.accounts.permissions import get_for_user
from scrutiny.inspections.models import Finding, Inspection
from scrutiny.inspections.status import Rag
from scrutiny.web.spreadsheet import Column, escape_formula
from scrutiny.web.templatetags.scrutiny import ukdate

from . import register
from .models import Action, Board

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
    """Every finding of the (filtered, sorted) register, a batch at a time."""
    ids = list(qs.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        order = {pk: i for i, pk in enumerate(chunk)}
        batch = sorted(qs.filter(pk__in=chunk).select_related("inspection"),
                       key=lambda f: order[f.pk])
        for row in register.rows(batch):
            f, latest = row.finding, row.latest
            yield [f.ref, f.text, f.get_type_display(), f.inspection.title, f.inspection.published,
                   f.area, f.get_status_display() + (" (contested)" if f.contested else ""),
                   Rag(row.rag).label.split(":")[0], "; ".join(row.owners),
                   "; ".join(b.name for b in row.boards), f.next_due, f.due_text,
                   latest.date if latest else None, latest.note if latest else ""]


def action_rows(qs: QuerySet[Action]) -> Iterable[list[object]]:
    for a in qs.select_related("finding__inspection", "board").iterator(chunk_size=BATCH):
        yield [str(a.finding), a.finding.inspection.title, a.description, a.owner,
               a.board.name if a.board else "", a.due, a.get_status_display(),
               a.carried_over_to]
