"""The report to the Police and Crime Panel: page and PDF, from the same figures."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from scrutiny.tracking import panel
from scrutiny.tracking.models import Board
from scrutiny.tracking.services import add_update
from webtools import CUSTODY_REPORT, client_for, record_report


def _drawing(obj: Any) -> bytes:
    """A page's drawing instructions, with those of the forms (SVG pictures) it places."""
    out = b""
    contents = obj.get_contents() if hasattr(obj, "get_contents") else obj
    if contents is not None and hasattr(contents, "get_data"):
        out += contents.get_data()
    resources = obj.get("/Resources") or {}
    for form in (resources.get("/XObject") or {}).values():
        out += _drawing(form.get_object())
    return out


def test_the_default_period_is_the_last_full_quarter() -> None:
    assert panel.default_period(date(2026, 12, 1)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert panel.default_period(date(2026, 1, 5)) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_panel_report_shows_the_period_and_its_pdf_has_the_chart(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    start = today - timedelta(days=90)
    norfolk_peel.published = today - timedelta(days=30)
    norfolk_peel.save()
    findings = list(norfolk_peel.findings.order_by("position"))
    board = Board.objects.create(force=norfolk_peel.force, name="Performance board")
    findings[0].board, findings[0].due = board, today - timedelta(days=3)
    findings[0].save()
    findings[0].next_due = findings[0].due
    findings[0].save()
    add_update(findings[1], alice, note="Work begun", on=today)
    c = client_for(alice)
    r = c.get("/reports/panel/", {"start": start.isoformat(), "end": today.isoformat()})
    assert r.status_code == 200
    body = r.content.decode()
    assert norfolk_peel.title[:40] in body
    assert "Section 55 responses" in body and "Open findings by area" in body
    assert 'aria-labelledby="rag-chart-title"' in body and 'aria-labelledby="area-chart-title"' in body
    assert "Performance board" in body
    content = panel.build(norfolk_peel.force, start, today, None, alice)
    assert content["counts"]["overdue"] == 1
    assert content["counts"]["open"] == norfolk_peel.findings.exclude(type__endswith="practice").count()
    pdf = c.get("/reports/panel/", {"start": start.isoformat(), "end": today.isoformat(),
                                    "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "report to the Police and Crime Panel" in text
    assert "Open findings by area" in text and "Performance board" in text
    # The charts are drawn in the PDF (filled in their colours), not only printed as figures.
    drawn = b"".join(_drawing(p) for p in reader.pages)
    assert re.search(rb"0\.8313\d* 0\.2078\d* 0\.1098\d* rg", drawn), "the RAG chart's red"
    assert re.search(rb"0\.1137\d* 0\.4392\d* 0\.7215\d* rg", drawn), "the area chart's bars"


def test_a_board_report_covers_only_that_board(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    board = Board.objects.create(force=norfolk_peel.force, name="Custody board")
    f = norfolk_peel.findings.first()
    f.board = board
    f.save()
    today = timezone.localdate()
    content = panel.build(norfolk_peel.force, today - timedelta(days=30), today, board, alice)
    assert content["counts"]["open"] == 1 and [b["name"] for b in content["boards"]] == ["Custody board"]


def test_a_backwards_period_is_refused_beside_the_field(alice) -> None:  # type: ignore[no-untyped-def]
    r = client_for(alice).get("/reports/panel/", {"start": "2025-06-30", "end": "2025-04-01"})
    assert r.status_code == 400 and "The period must end after it starts." in r.content.decode()


def test_another_forces_board_is_not_found(alice, bob) -> None:  # type: ignore[no-untyped-def]
    theirs = Board.objects.create(force=bob.membership.force, name="Theirs")
    r = client_for(alice).get("/reports/panel/", {"start": "2025-04-01", "end": "2025-06-30",
                                                  "board": theirs.pk})
    assert r.status_code == 400  # not one of the choices the user may pick


def test_the_responses_list_shows_on_time_and_overdue_and_downloads(alice) -> None:  # type: ignore[no-untyped-def]
    import csv as csvmod

    inspection = record_report(CUSTODY_REPORT, alice)
    c = client_for(alice)
    page = c.get("/responses/").content.decode()
    assert inspection.title in page and "Overdue" in page  # due 27 July 2025, not published
    rows = list(csvmod.reader(io.StringIO(c.get("/responses/", {"format": "csv"}).content
                                          .decode("utf-8-sig"))))
    assert rows[0] == ["Inspection", "Published", "Response status", "Due", "Response published",
                       "On time"]
    assert rows[1][0] == inspection.title and rows[1][3] == "27 July 2025" and rows[1][5] == "Overdue"
    assert c.get("/responses/", {"status": "published"}).context["page"].paginator.count == 0
