"""Board packs: what a board's meeting needs, from the same rows as the register.

A pack is built once and kept (its rows as data), so the next pack can say what changed
since: new findings, status and RAG moves, due dates moved, updates recorded.  The
chart of open findings by RAG over the last year is reconstructed from the status
history; see ``rag_history`` for what it can and cannot know about the past.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.audit.history import record
from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Finding
from scrutiny.inspections.status import TRACKED, FindingStatus, Rag, RagRules, rag
from scrutiny.responses.documents import html_to_pdf, stylesheet

from . import register
from .models import Board, BoardPack, Update
from .rules import rules_for

RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN]


def _month_ends(today: date, months: int = 12) -> list[date]:
    """The last day of each of the previous ``months - 1`` months, then today."""
    ends = []
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    while first <= today.replace(day=1):
        nxt = (first + timedelta(days=32)).replace(day=1)
        ends.append(min(nxt - timedelta(days=1), today))
        first = nxt
    return ends


def rag_history(findings: list[Finding], today: date, rules: RagRules,
                ends: list[date] | None = None) -> dict[str, Any]:
    """Open findings by RAG at the end of each month of the last year (or at ``ends``).

    Status at each date comes from the recorded status changes, and "work started" and
    the latest activity from the updates dated by then.  What the history does not hold
    is taken as it is today: the board a finding belongs to and its due dates.
    """
    ends = ends or _month_ends(today)
    ids = [f.pk for f in findings]
    moves: dict[int, list[tuple[datetime, str]]] = {}
    for event in AuditEvent.objects.filter(finding_id__in=ids, action="status").order_by("at"):
        change = (event.changes or {}).get("status")
        if isinstance(change, list) and len(change) == 2:
            moves.setdefault(event.finding_id or 0, []).append((event.at, str(change[1])))
    update_days: dict[int, list[date]] = {}
    for finding_id, day in Update.objects.filter(finding_id__in=ids).values_list("finding_id",
                                                                                  "date"):
        update_days.setdefault(finding_id, []).append(day)
    series: dict[str, list[int]] = {r: [] for r in RAG_ORDER}
    for end in ends:
        counts: Counter[str] = Counter()
        for f in findings:
            created = timezone.localtime(f.created_at).date()
            if created > end:
                continue
            status: str = FindingStatus.OPEN
            for at, new in moves.get(f.pk, []):
                if timezone.localtime(at).date() <= end:
                    status = new
            if status == FindingStatus.CLOSED:
                continue
            days = [d for d in update_days.get(f.pk, []) if d <= end]
            value = rag(status, f.next_due, end, started=status != FindingStatus.OPEN or bool(days),
                        last_activity=max(days) if days else created, rules=rules)
            counts[value] += 1
        for r in RAG_ORDER:
            series[r].append(counts[r])
    return {"months": [f"{d:%b %Y}" for d in ends], "series": series}


def _row_data(row: register.Row) -> dict[str, Any]:
    f = row.finding
    return {
        "id": f.pk, "label": str(f), "text": f.text, "area": f.area,
        "owners": row.owners, "due": f.next_due.isoformat() if f.next_due else None,
        "due_text": f.due_text, "status": f.status, "status_label": f.get_status_display(),
        "rag": row.rag, "closure": f.get_closure_basis_display() if f.closure_basis else "",
        "raised_again": f.raised_again,
        "latest": {"date": row.latest.date.isoformat(), "note": row.latest.note[:600]}
        if row.latest else None,
    }


def _changes(row: dict[str, Any], before: dict[str, Any] | None, updates_since: int) -> list[str]:
    """What changed for one finding since the last pack, in words."""
    if before is None:
        return ["New in this pack"]
    out = []
    if before.get("status") != row["status"]:
        out.append(f"Status: {before.get('status_label')} → {row['status_label']}")
    if before.get("rag") != row["rag"]:
        out.append(f"RAG: {Rag(before['rag']).label.split(':')[0]} → "
                   f"{Rag(row['rag']).label.split(':')[0]}")
    if before.get("due") != row["due"]:
        out.append(f"Next due: {_day(before.get('due'))} → {_day(row['due'])}")
    if before.get("owners") != row["owners"]:
        out.append(f"Owner: {', '.join(before.get('owners') or []) or 'none'} → "
                   f"{', '.join(row['owners']) or 'none'}")
    if updates_since:
        out.append(f"{updates_since} update{'s' if updates_since != 1 else ''} recorded")
    return out


def _day(value: str | None) -> str:
    return f"{date.fromisoformat(value):%-d %B %Y}" if value else "none"


def build(board: Board, meeting_on: date, user: Any, today: date | None = None) -> dict[str, Any]:
    """The pack's content: cover, summary, chart data and a table per inspection."""
    today = today or timezone.localdate()
    rules = rules_for(board.force_id)
    previous = board.packs.order_by("-prepared_at", "-id").first()
    since = previous.prepared_at if previous else None
    qs = register.with_rag(Finding.objects.filter(TRACKED, inspection__force=board.force)
                           .filter(register.board_q(board)), user, today)
    keep = ~Q(status=FindingStatus.CLOSED)
    if since is not None:
        keep |= Q(status=FindingStatus.CLOSED, updated_at__gte=since)
    findings = list(register.register_queryset(qs.filter(keep)).order_by(
        "inspection__published", "inspection_id", "position", "id"))
    rows = register.rows(findings)
    before = {r["id"]: r for i in (previous.content.get("inspections", []) if previous else [])
              for r in i["rows"]}
    recent = Counter(Update.objects.filter(finding_id__in=[f.pk for f in findings],
                                           created_at__gte=since).values_list("finding_id", flat=True)
                     ) if since else Counter()
    inspections: dict[int, dict[str, Any]] = {}
    for row in rows:
        f = row.finding
        data = _row_data(row)
        data["changes"] = _changes(data, before.get(f.pk), recent[f.pk]) if previous else []
        group = inspections.setdefault(f.inspection_id, {
            "title": f.inspection.title, "type": f.inspection.get_inspection_type_display(),
            "published": f.inspection.published.isoformat() if f.inspection.published else None,
            "rows": []})
        group["rows"].append(data)
    live = [r for r in rows if r.finding.status != FindingStatus.CLOSED]
    by_rag = Counter(r.rag for r in live)
    return {
        "board": board.name, "chair": board.chair, "force": board.force.name,
        "meeting_on": meeting_on.isoformat(), "prepared_on": today.isoformat(),
        "prepared_by": (user.get_full_name() or user.get_username()) if user.is_authenticated
        else "",
        "previous": {"meeting_on": previous.meeting_on.isoformat(),
                     "prepared_on": timezone.localtime(previous.prepared_at).date().isoformat()}
        if previous else None,
        "summary": {
            "open": len(live), "overdue": sum(1 for r in live if r.finding.next_due
                                              and r.finding.next_due < today),
            "by_rag": {r: by_rag.get(r, 0) for r in RAG_ORDER},
            "by_status": {s: sum(1 for r in rows if r.finding.status == s)
                          for s in FindingStatus.values},
            "closed_since": sum(1 for r in rows if r.finding.status == FindingStatus.CLOSED),
            "new_since": sum(1 for r in rows if r.finding.pk not in before) if previous else None,
        },
        "rag_rules": [text for _, text in rules.describe()[:3]],
        "chart": rag_history(findings, today, rules),
        "inspections": list(inspections.values()),
    }


@transaction.atomic
def produce(board: Board, meeting_on: date, user: Any) -> BoardPack:
    pack = BoardPack.objects.create(board=board, meeting_on=meeting_on,
                                    prepared_by=user if user.is_authenticated else None,
                                    content=build(board, meeting_on, user))
    record(user, board, "created", f"Board pack produced for the meeting of "
                                   f"{meeting_on:%-d %B %Y}")
    return pack


def filename(pack: BoardPack, fmt: str) -> str:
    return f"{slugify(pack.board.name)[:60]}-pack-{pack.meeting_on:%Y-%m-%d}.{fmt}"


# Rendering --------------------------------------------------------------------------------

def to_html(content: dict[str, Any], *, standalone: bool = True) -> str:

    from .charts import rag_history_svg

    css = stylesheet("scrutiny/pack.css") if standalone else ""
    return render_to_string("tracking/pack_document.html", {
        "c": content, "css": css, "standalone": standalone,
        "chart": rag_history_svg(content["chart"]),
    })


def to_pdf(content: dict[str, Any]) -> bytes:
    return html_to_pdf(to_html(content))


def to_docx(content: dict[str, Any]) -> bytes:
    """A Word pack: cover, summary, the chart as a picture with its figures, a table per
    inspection."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from .charts import rag_history_png

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.8))
    d.styles["Normal"].font.size = Pt(10)
    d.core_properties.title = f"{content['board']}: board pack"
    d.core_properties.author = content["force"]
    d.add_heading(f"{content['board']}: inspection findings", level=0)
    d.add_paragraph(f"Board pack for the meeting of {_day(content['meeting_on'])}")
    d.add_paragraph(f"{content['force']}" + (f" · chaired by {content['chair']}"
                                              if content["chair"] else ""))
    d.add_paragraph(f"Prepared on {_day(content['prepared_on'])}"
                    + (f" by {content['prepared_by']}" if content["prepared_by"] else "")
                    + (f". Changes are since the pack for the meeting of "
                       f"{_day(content['previous']['meeting_on'])}." if content["previous"]
                       else ". This is the board's first pack: there is no earlier pack to "
                            "compare with."))
    s = content["summary"]
    d.add_heading("Summary", level=1)
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in summary_lines(content):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value)
    d.add_heading("Open findings by RAG over the last year", level=1)
    d.add_picture(io.BytesIO(rag_history_png(content["chart"])), width=Cm(22))
    chart_table = d.add_table(rows=1, cols=1 + len(content["chart"]["months"]))
    chart_table.style = "Table Grid"
    chart_table.rows[0].cells[0].text = "RAG"
    for i, month in enumerate(content["chart"]["months"], start=1):
        chart_table.rows[0].cells[i].text = month
    for r in RAG_ORDER:
        cells = chart_table.add_row().cells
        cells[0].text = Rag(r).label.split(":")[0]
        for i, n in enumerate(content["chart"]["series"][r], start=1):
            cells[i].text = str(n)
    d.add_paragraph("RAG: " + "; ".join(content["rag_rules"]) + ".")
    for group in content["inspections"]:
        d.add_heading(group["title"], level=1)
        d.add_paragraph(f"{group['type'] or 'Inspection'}"
                        + (f", published {_day(group['published'])}" if group["published"] else ""))
        headings = ["Finding", "Owner", "Next due", "Latest update", "Status and RAG",
                    "Since the last pack"]
        t = d.add_table(rows=1, cols=len(headings))
        t.style = "Table Grid"
        for i, h in enumerate(headings):
            t.rows[0].cells[i].text = h
        for row in group["rows"]:
            cells = t.add_row().cells
            again = " (raised again: an earlier finding like it was closed)" \
                if row.get("raised_again") else ""
            cells[0].text = f"{row['label']}{again}: {row['text'][:700]}"
            cells[1].text = ", ".join(row["owners"]) or "—"
            cells[2].text = _day(row["due"]) if row["due"] else (row["due_text"] or "—")
            cells[3].text = (f"{_day(row['latest']['date'])}: {row['latest']['note']}"
                             if row["latest"] else "None yet")
            cells[4].text = f"{row['status_label']} · {Rag(row['rag']).label.split(':')[0]}"
            cells[5].text = "; ".join(row["changes"]) or ("No change" if content["previous"]
                                                          else "—")
    if s["open"] == 0 and not content["inspections"]:
        d.add_paragraph("The board owns no open findings.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def summary_lines(content: dict[str, Any]) -> list[tuple[str, Any]]:
    s = content["summary"]
    lines: list[tuple[str, Any]] = [("Open findings", s["open"]), ("Overdue", s["overdue"])]
    lines += [(Rag(r).label.split(":")[0], s["by_rag"][r]) for r in RAG_ORDER]
    lines.append(("Proposed for closure", s["by_status"].get(FindingStatus.PROPOSED_CLOSURE, 0)))
    if content["previous"]:
        lines.append(("Closed since the last pack", s["closed_since"]))
        lines.append(("New since the last pack", s["new_since"]))
    return lines
