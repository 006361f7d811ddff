"""Every section 55 response of the office, filtered by status, on screen or as a spreadsheet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from scrutiny.accounts.permissions import scoped
from scrutiny.inspections.deadlines import section55_deadline
from scrutiny.web import spreadsheet

from .models import Response

COLUMNS = [
    spreadsheet.Column("Inspection", 60), spreadsheet.Column("Published", 12, "date"),
    spreadsheet.Column("Response status", 24), spreadsheet.Column("Due", 12, "date"),
    spreadsheet.Column("Response published", 14, "date"), spreadsheet.Column("On time", 10),
]


def _row(response: Response, today: date) -> dict[str, Any]:
    due = section55_deadline(response.inspection).day
    published = timezone.localtime(response.published_at).date() if response.published_at else None
    if published:
        on_time = "Yes" if due is None or published <= due else "No"
    else:
        on_time = "Overdue" if due and due < today else ""
    return {"response": response, "due": due, "published": published, "on_time": on_time}


@require_GET
def response_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = (scoped(request.user, Response.objects.filter(not_subject=False), "inspection__force")
          .select_related("inspection").order_by("-inspection__published", "-id"))
    status = request.GET.get("status", "")
    if status in Response.Status.values:
        qs = qs.filter(status=status)
    fmt = request.GET.get("format", "")
    if fmt in spreadsheet.FORMATS:
        return spreadsheet.response(fmt, "section-55-responses", COLUMNS, (
            [r.inspection.title, r.inspection.published, r.get_status_display(), row["due"],
             row["published"], row["on_time"]]
            for r in qs.iterator(chunk_size=500) for row in [_row(r, today)]), "Responses")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "responses/list.html", {
        "page": page, "rows": [_row(r, today) for r in page.object_list],
        "statuses": Response.Status.choices, "status": status})
