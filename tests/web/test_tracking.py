"""Actions, updates, status changes, RAG and the history of every change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.services import NotAllowed, StaleEdit, edit_finding, set_finding_status
from scrutiny.inspections.status import Rag, RagRules, rag
from scrutiny.tracking.models import Action, Board, Update
from webtools import client_for


def test_rag_from_dates_and_progress() -> None:
    today = date(2025, 6, 1)
    rules = RagRules(amber_within_days=30, red_within_days_if_not_started=14, stale_after_days=90)
    assert rag("open", today - timedelta(days=1), today, started=True, rules=rules) == Rag.RED
    assert rag("in_progress", today + timedelta(days=10), today, started=True) == Rag.AMBER
    # Not started but not yet due is not amber: it is on track until its window opens.
    assert rag("open", None, today, started=False, last_activity=today) == Rag.GREEN
    assert rag("open", today + timedelta(days=90), today, started=False) == Rag.GREEN
    assert rag("open", today + timedelta(days=20), today, started=False) == Rag.AMBER
    # Not started and due within the red window is red: at risk.
    assert rag("open", today + timedelta(days=10), today, started=False) == Rag.RED
    # No update for longer than the office allows is amber.
    assert rag("in_progress", None, today, started=True,
               last_activity=today - timedelta(days=91)) == Rag.AMBER
    assert rag("in_progress", today + timedelta(days=90), today, started=True) == Rag.GREEN
    assert rag("proposed_closure", today + timedelta(days=5), today, started=True) == Rag.GREEN
    assert rag("closed", today - timedelta(days=100), today, started=True) == Rag.COMPLETE
    assert rag("open", today, today, started=True, tracked=False) == Rag.NOT_TRACKED
    # An office's own thresholds.
    strict = RagRules(amber_within_days=60, red_within_days_if_not_started=30, stale_after_days=0)
    assert rag("in_progress", today + timedelta(days=45), today, started=True, rules=strict) == Rag.AMBER
    assert rag("in_progress", None, today, started=True, last_activity=date(2020, 1, 1),
               rules=strict) == Rag.GREEN


def test_action_update_and_status_change_are_recorded(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.filter(type="area_for_improvement").first()
    board = Board.objects.create(force=alice.membership.force, name="Investigations board")
    c = client_for(alice)
    r = c.post(f"/findings/{finding.pk}/actions/", {
        "action-description": "Review stop and search supervision", "action-owner": "Supt Smith",
        "action-board": board.pk, "action-due": "2026-03-31", "action-status": "in_progress"})
    assert r.status_code == 302
    action = Action.objects.get()
    r = c.post(f"/findings/{finding.pk}/updates/", {
        "update-date": date.today().isoformat(), "update-note": "Audit completed; 92% compliant.",
        "update-action": action.pk, "update-new_status": "proposed_closure",
        "update-evidence": SimpleUploadedFile("audit.txt", b"audit results")})
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "proposed_closure"
    update = Update.objects.get()
    assert update.evidence and update.author == alice
    assert c.get(f"/updates/{update.pk}/evidence").status_code == 200
    summaries = list(AuditEvent.objects.filter(finding=finding).values_list("summary", flat=True))
    assert any("Action added" in s for s in summaries)
    assert any("In progress" in s or "Proposed for closure" in s for s in summaries)
    page = c.get(finding.get_absolute_url()).content.decode()
    assert "Audit completed" in page and "Review stop and search supervision" in page
    board_page = c.get(board.get_absolute_url()).content.decode()
    assert "Ready to close" in board_page and str(finding) in board_page


def test_future_dated_updates_and_bad_dates_are_refused(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    c = client_for(alice)
    future = (date.today() + timedelta(days=3)).isoformat()
    r = c.post(f"/findings/{finding.pk}/updates/", {"update-date": future, "update-note": "x"})
    assert r.status_code == 400 and "cannot be dated in the future" in r.content.decode()
    r = c.post(f"/findings/{finding.pk}/actions/", {"action-description": "x", "action-owner": "y",
                                                   "action-due": "2025-13-01",
                                                   "action-status": "not_started"})
    assert r.status_code == 400 and "Enter a valid date." in r.content.decode()
    assert not Update.objects.exists() and not Action.objects.exists()


def test_concurrent_edits_do_not_overwrite_each_other(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    opened_at = finding.version
    edit_finding(finding, {"area": "First editor's area"}, opened_at, alice)
    with pytest.raises(StaleEdit):
        edit_finding(finding, {"area": "Second editor's area"}, opened_at, alice)
    finding.refresh_from_db()
    assert finding.area == "First editor's area"


def test_status_rules_and_closure_basis(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.filter(type="area_for_improvement").first()
    with pytest.raises(NotAllowed, match="needs a reason"):
        set_finding_status(finding, "closed", alice, closure_basis="verified")
    set_finding_status(finding, "closed", alice, closure_basis="verified", note="HMICFRS revisited")
    assert finding.closure_basis == "verified"
    with pytest.raises(NotAllowed):
        set_finding_status(finding, "proposed_closure", alice)
    stale = finding.version
    set_finding_status(finding, "open", alice)
    assert finding.status == "open" and finding.closure_basis == ""
    # A page opened before the reopening cannot silently move it again.
    with pytest.raises(StaleEdit):
        set_finding_status(finding, "in_progress", alice, version=stale)
    assert AuditEvent.objects.filter(finding=finding, action="status").count() == 2


def test_spreadsheet_export_escapes_formulas(alice, bob, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from scrutiny.tracking.export import escape_formula

    assert escape_formula("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert escape_formula("-1+2") == "'-1+2" and escape_formula("Plain") == "Plain"
    finding = norfolk_peel.findings.first()
    edit_finding(finding, {"area": "=cmd|' /C calc'!A0"}, finding.version, alice)
    r = client_for(alice).get(f"/inspections/{norfolk_peel.pk}/findings.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Inspection", "Published", "Finding"]
    assert len(rows) == 1 + norfolk_peel.findings.count()
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert client_for(bob).get(f"/inspections/{norfolk_peel.pk}/findings.csv").status_code == 404


def test_contesting_a_finding_is_on_the_record(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    c = client_for(alice)
    r = c.post(f"/findings/{finding.pk}/status/", {"status-status": "open", "status-contested": "on",
                                                  "status-version": finding.version})
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.contested
    assert AuditEvent.objects.filter(finding=finding, summary__contains="contested by the force").exists()
