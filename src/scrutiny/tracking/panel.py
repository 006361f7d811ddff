"""The quarterly report to the Police and Crime Panel: what the inspectorate said in the
period, how the office answered (section 55, on time or not), and how the findings moved.

One content dictionary (``build``) gives the page and the PDF, so they always agree.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.deadlines import section55_deadline
from scrutiny.inspections.models import Finding, Force, Inspection
from scrutiny.inspections.status import TRACKED, FindingStatus, Rag
from scrutiny.responses.documents import html_to_pdf, stylesheet

from . import register
from .models import Board
from .packs import rag_history
from .rules import rules_for


def default_period(today: date) -> tuple[date, date]:
    """The last full quarter (April–June, July–September, …) before today."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def _month_ends(start: date, end: date) -> list[date]:
    ends, first = [], start.replace(day=1)
    while first <= end:
        nxt = (first + timedelta(days=32)).replace(day=1)
        ends.append(min(nxt - timedelta(days=1), end))
        first = nxt
    return ends[-24:]


def _closed_in(findings: list[Finding], start: date, end: date) -> set[int]:
    """Findings whose move to closed was recorded within the period."""
    closed = set()
    for event in AuditEvent.objects.filter(finding_id__in=[f.pk for f in findings],
                                           action="status", at__date__gte=start,
                                           at__date__lte=end):
        change = (event.changes or {}).get("status")
        if isinstance(change, list) and len(change) == 2 and change[1] == FindingStatus.CLOSED:
            closed.add(event.finding_id or 0)
    return closed


def build(force: Force, start: date, end: date, board: Board | None, user: Any,
          today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    rules = rules_for(force.pk)
    inspections = list(Inspection.objects.filter(force=force, published__gte=start,
                                                 published__lte=end)
                       .prefetch_related("grades").order_by("published", "id"))
    # Section 55: responses published in the period, and those due in it or overdue.
    published: list[dict[str, Any]] = []
    due: list[dict[str, Any]] = []
    for inspection in (Inspection.objects.filter(force=force, response__isnull=False,
                                                 response__not_subject=False)
                       .select_related("response").order_by("published")):
        response = inspection.response
        last = section55_deadline(inspection).day
        if response.published_at:
            day = timezone.localtime(response.published_at).date()
            if start <= day <= end:
                published.append({"title": inspection.title, "published": day, "due": last,
                                  "on_time": last is None or day <= last})
        elif last is not None and last <= end:
            due.append({"title": inspection.title, "due": last, "overdue": last < today})
    findings_qs = Finding.objects.filter(TRACKED, inspection__force=force)
    if board is not None:
        findings_qs = findings_qs.filter(Q(board=board) | Q(actions__board=board)).distinct()
    findings = list(register.with_rag(findings_qs.select_related("inspection"), user, today))
    closed_now = _closed_in(findings, start, end)
    open_now = [f for f in findings if f.status != FindingStatus.CLOSED]
    opened = [f for f in findings if start <= timezone.localtime(f.created_at).date() <= end]
    overdue = [f for f in open_now if f.next_due and f.next_due < today]
    overdue_ids = {f.pk for f in overdue}
    at_risk = [f for f in open_now if f.rag in (Rag.RED, Rag.AMBER)]
    areas = Counter((f.area or "No area given") for f in open_now)
    chart = rag_history(findings, min(end, today), rules, ends=_month_ends(start, min(end, today)))
    boards = []
    for b in Board.objects.filter(force=force).order_by("name"):
        if board is not None and b.pk != board.pk:
            continue
        mine = [f for f in findings if f.board_id == b.pk]
        boards.append({"name": b.name, "open": sum(f.status != FindingStatus.CLOSED for f in mine),
                       "overdue": sum(f.pk in overdue_ids for f in mine),
                       "closed": sum(f.pk in closed_now for f in mine)})
    return {
        "force": force.name, "start": start.isoformat(), "end": end.isoformat(),
        "board": board.name if board else "", "made_on": today.isoformat(),
        "inspections": [{"title": i.title, "published": i.published.isoformat() if i.published
                         else "", "type": i.get_inspection_type_display(),
                         "grades": [{"area": g.area, "grade": g.get_grade_display()}
                                    for g in i.grades.all()]} for i in inspections],
        "s55_published": [{**p, "published": p["published"].isoformat(),
                           "due": p["due"].isoformat() if p["due"] else ""} for p in published],
        "s55_on_time": sum(p["on_time"] for p in published),
        "s55_due": [{**d, "due": d["due"].isoformat()} for d in due],
        "counts": {"open": len(open_now), "opened": len(opened), "closed": len(closed_now),
                   "overdue": len(overdue), "at_risk": len(at_risk)},
        "overdue": [{"label": str(f), "inspection": f.inspection.title,
                     "due": f.next_due.isoformat() if f.next_due else "", "owner": f.owner}
                    for f in sorted(overdue, key=lambda f: f.next_due or today)[:50]],
        "areas": sorted(areas.items(), key=lambda kv: (-kv[1], kv[0]))[:12],
        "chart": chart, "boards": boards,
    }


def to_html(content: dict[str, Any], *, standalone: bool = True) -> str:

    from .charts import area_bars_svg, rag_history_svg

    css = stylesheet("scrutiny/pack.css") if standalone else ""
    return render_to_string("tracking/panel_document.html", {
        "c": content, "css": css, "standalone": standalone,
        "chart": rag_history_svg(content["chart"]), "area_chart": area_bars_svg(content["areas"]),
    })


def to_pdf(content: dict[str, Any]) -> bytes:
    return html_to_pdf(to_html(content))
