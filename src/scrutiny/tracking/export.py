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
from scrutiny.web.templatetags.scrutiny import ukdate

from . import register
from .models import Board

COLUMNS = ["Inspection", "Published", "Finding", "Ref", "Text", "Area", "Addressed to",
           "Owner", "Board", "Next due", "Due as printed", "Status", "RAG", "Actions",
           "Latest update on", "Latest update"]


def escape_formula(value: object) -> str:
    """A cell never starts as a live formula: =, +, -, @ (and tab/CR tricks) are quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


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
