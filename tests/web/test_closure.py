"""Closing a finding: a reason, evidence where the office requires it, every open action
settled, a confirmation, and a second person where the office requires one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.accounts.models import Membership
from scrutiny.inspections.models import Finding
from scrutiny.tracking.models import Action, ClosureRequest, TrackingRules, Update
from scrutiny.tracking.services import add_action, add_update
from webtools import client_for, make_user


@pytest.fixture
def finding(norfolk_peel):  # type: ignore[no-untyped-def]
    return norfolk_peel.findings.filter(type="area_for_improvement").first()


@pytest.fixture
def amy(db):  # type: ignore[no-untyped-def]
    return make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)


def _close(client, finding, **fields):  # type: ignore[no-untyped-def]
    finding.refresh_from_db()
    data = {"reason": "Audit shows the new process in use.", "basis": "self_assessed",
            "confirm": "on", "version": finding.version, **fields}
    return client.post(f"/findings/{finding.pk}/close/", {k: v for k, v in data.items()
                                                          if v is not None})


def test_closing_needs_a_reason_and_a_confirmation(alice, finding) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    assert c.get(f"/findings/{finding.pk}/close/").status_code == 200
    r = _close(c, finding, reason="", confirm=None)
    assert r.status_code == 400
    body = r.content.decode()
    assert "This field is required." in body
    finding.refresh_from_db()
    assert finding.status == "open"
    r = _close(c, finding)
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closure_basis == "self_assessed"
    update = Update.objects.get(finding=finding)
    assert update.note.startswith("Closure: Audit shows") and update.new_status == "closed"


def test_open_actions_are_named_and_must_be_settled(alice, finding) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    done = add_action(finding, alice, description="Train supervisors", owner="Ch Insp Moss",
                      board=None, due=None, status="in_progress")
    later = add_action(finding, alice, description="Refresh the policy", owner="DCI Hart",
                       board=None, due=None)
    r = _close(c, finding)
    assert r.status_code == 400
    finding.refresh_from_db()
    assert finding.status == "open"
    r = _close(c, finding, **{f"action_{done.pk}": "complete", f"action_{later.pk}": "carry_over"})
    assert r.status_code == 400 and "Say where the work carries on." in r.content.decode()
    r = _close(c, finding, **{f"action_{done.pk}": "complete", f"action_{later.pk}": "carry_over",
                              f"carry_{later.pk}": "Business plan 2026/27"})
    assert r.status_code == 302
    done.refresh_from_db()
    later.refresh_from_db()
    assert done.status == "complete" and later.status == "carried_over"
    assert later.carried_over_to == "Business plan 2026/27"
    finding.refresh_from_db()
    assert finding.status == "closed"


def test_the_service_names_each_open_action(alice, finding) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.services import NotAllowed
    from scrutiny.tracking.closure import close_finding

    add_action(finding, alice, description="Train supervisors", owner="Ch Insp Moss", board=None,
               due=None, status="in_progress")
    with pytest.raises(NotAllowed, match="“Train supervisors” \\(owner Ch Insp Moss\\) is still in progress"):
        close_finding(finding, alice, reason="Done", basis="self_assessed", version=finding.version)


def test_an_office_can_require_evidence(alice, finding, settings) -> None:  # type: ignore[no-untyped-def]
    TrackingRules.objects.create(force=alice.membership.force, closure_needs_evidence=True)
    c = client_for(alice)
    r = _close(c, finding)
    assert r.status_code == 400 and "requires evidence" in r.content.decode()
    r = _close(c, finding, evidence=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit results"))
    assert r.status_code == 302
    update = Update.objects.get(finding=finding)
    assert update.evidence and Path(update.evidence.path).exists()


def test_evidence_already_recorded_can_be_relied_on(alice, finding) -> None:  # type: ignore[no-untyped-def]
    TrackingRules.objects.create(force=alice.membership.force, closure_needs_evidence=True)
    earlier = add_update(finding, alice, note="Audit", on=finding.inspection.created_at.date(),
                         evidence=SimpleUploadedFile("audit.xlsx", b"numbers"))
    r = _close(client_for(alice), finding, evidence_from=earlier.pk)
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "closed"


def test_a_refused_closure_leaves_no_file_behind(alice, finding, settings) -> None:  # type: ignore[no-untyped-def]
    add_action(finding, alice, description="Open work", owner="x", board=None, due=None)
    r = _close(client_for(alice), finding, evidence=SimpleUploadedFile("e.pdf", b"%PDF-1.4 x"))
    assert r.status_code == 400
    media = Path(settings.MEDIA_ROOT)
    assert not list(media.rglob("e*.pdf"))


def test_a_second_person_approves_where_the_office_requires_it(alice, amy, finding) -> None:  # type: ignore[no-untyped-def]
    TrackingRules.objects.create(force=alice.membership.force, closure_needs_second_approver=True)
    r = _close(client_for(alice), finding)
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "proposed_closure"
    request = ClosureRequest.objects.get(finding=finding)
    # The person who asked cannot approve it themselves.
    r = client_for(alice).post(f"/closures/{request.pk}/decide/", {"decision": "approve"},
                               follow=True)
    assert "someone other than the person who asked" in r.content.decode()
    finding.refresh_from_db()
    assert finding.status == "proposed_closure"
    page = client_for(amy).get(finding.get_absolute_url()).content.decode()
    assert "Closure awaiting a second approver" in page and "Record the decision" in page
    r = client_for(amy).post(f"/closures/{request.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 302
    finding.refresh_from_db()
    request.refresh_from_db()
    assert finding.status == "closed" and request.decision == "approved"
    assert request.decided_by == amy


def test_a_refused_closure_goes_back_in_progress(alice, amy, finding) -> None:  # type: ignore[no-untyped-def]
    TrackingRules.objects.create(force=alice.membership.force, closure_needs_second_approver=True)
    _close(client_for(alice), finding)
    request = ClosureRequest.objects.get(finding=finding)
    r = client_for(amy).post(f"/closures/{request.pk}/decide/", {"decision": "refuse"}, follow=True)
    assert "Say why the closure is refused." in r.content.decode()
    client_for(amy).post(f"/closures/{request.pk}/decide/", {"decision": "refuse",
                                                             "note": "No evidence of audit"})
    finding.refresh_from_db()
    assert finding.status == "in_progress"


def test_closed_is_not_offered_by_the_plain_status_forms(alice, finding) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = c.post(f"/findings/{finding.pk}/status/", {"status-status": "closed",
                                                   "status-version": finding.version})
    assert r.status_code == 400
    r = c.post(f"/findings/{finding.pk}/updates/", {"update-date": "2025-01-01",
                                                    "update-note": "done",
                                                    "update-new_status": "closed"})
    assert r.status_code == 400
    assert Finding.objects.get(pk=finding.pk).status == "open"


def test_practice_is_recorded_not_tracked(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.models import Finding as F

    practice = F.objects.filter(inspection=norfolk_peel, type__in=[
        "innovative_practice", "promising_practice"]).first()
    if practice is None:  # the example report has none: record one
        practice = F.objects.create(inspection=norfolk_peel, type="innovative_practice",
                                    text="Use of drones in searches", force_to_act=False)
    page = client_for(alice).get(practice.get_absolute_url()).content.decode()
    assert "not tracked to closure" in page
    assert f"/findings/{practice.pk}/close/" not in page and "Add an action" not in page
    assert practice.rag == "none"
    assert practice.pk not in [r.finding.pk for r in client_for(alice).get("/findings/").context["rows"]]
    assert not Action.objects.exists()
