"""Findings as a spreadsheet (CSV) for boards and panels, safe to open in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from scrutiny.accounts.permissions import get_for_user
from scrutiny.inspections.models import Finding, Inspection

from .models import Board

COLUMNS = ["Inspection", "Published", "Finding", "Ref", "Text", "Area", "Addressed to",
           "Due", "Status", "RAG", "Actions", "Latest update"]


def escape_formula(value: object) -> str:
    """A cell never starts as a live formula: =, +, -, @ (and tab/CR tricks) are quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def findings_csv(findings: Iterable[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for f in findings:
        latest = f.updates.all()[0] if f.updates.all() else None
        writer.writerow([escape_formula(v) for v in (
            f.inspection.title, f.inspection.published or "", f.get_type_display(), f.ref,
            f.text, f.area, f.addressee, f.due or f.due_text, f.get_status_display(), f.rag,
            "; ".join(a.description for a in f.actions.all()),
            f"{latest.date}: {latest.note}" if latest else "")])
    return out.getvalue()


def _response(name: str, findings: QuerySet[Finding]) -> HttpResponse:
    body = findings_csv(findings.select_related("inspection").prefetch_related("actions", "updates"))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def inspection_csv(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user(request.user, Inspection.objects.all(), "force", pk)
    return _response(f"inspection-{inspection.pk}-findings", inspection.findings.order_by("position"))


@require_GET
def board_csv(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.all(), "force", pk)
    findings = Finding.objects.filter(actions__board=board).distinct().order_by("inspection", "position")
    return _response(f"board-{board.pk}-findings", findings)
