"""The REST API: the served OpenAPI description holds (schemathesis), and every endpoint
keeps the pages' permissions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings

from scrutiny.accounts.models import Membership
from scrutiny.api.models import ApiToken
from scrutiny.tracking import services as tracking
from scrutiny.tracking.models import Board
from webtools import ingest_file, make_user

EXAMPLES = 15


def bearer(user: Any, name: str = "tests") -> dict[str, str]:
    _, key = ApiToken.issue(user, name, user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def records(alice: Any) -> Any:
    inspection = ingest_file("001", alice).inspection
    finding = inspection.findings.order_by("position").first()
    board = Board.objects.create(force=alice.membership.force, name="Board")
    action = tracking.add_action(finding, alice, description="Audit", owner="Insp",
                                 board=board, due=date(2025, 11, 1))
    tracking.add_update(finding, alice, note="Begun", on=date(2025, 7, 1))
    return inspection, finding, action, board


def test_the_api_matches_its_description(records: Any, alice: Any) -> None:
    """Every operation of the served description, called with generated data as an editor:
    no server errors, and every answer (status, type, body) as the description says.

    All of schemathesis' checks run but "positive data accepted": rules the description
    cannot state (a board of your own office, an update not dated in the future) rightly
    refuse some requests the description's types allow.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import given
    from schemathesis.checks import positive_data_acceptance

    _, key = ApiToken.issue(alice, "schemathesis", alice)
    # The WSGI app is called directly here, not through Django's test client, so do what the
    # client does: keep the test's database connection (and its transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        api = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        failures, operations = [], 0
        for result in api.get_all_operations():
            operation = result.ok()
            operations += 1

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case: Any) -> None:
                case.call_and_validate(headers={"Authorization": f"Bearer {key}"},
                                       excluded_checks=[positive_data_acceptance])

            try:
                check()
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label}: {exc}")

    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert operations >= 15
    assert not failures, "\n\n".join(failures)


def test_the_description_is_served_and_the_docs_page_has_no_outside_assets(db: Any) -> None:
    c = Client()
    described = c.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert described.status_code == 200
    docs = c.get("/api/docs/").content.decode()
    assert "swagger" in docs.lower() and "cdn" not in docs.lower() and "https://" not in docs


def test_no_token_no_records(records: Any) -> None:
    r = Client().get("/api/v1/findings/")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_authenticated"
    r = Client().get("/api/v1/findings/", HTTP_AUTHORIZATION="Bearer scr_wrong")
    assert r.status_code == 401 and "not valid" in r.json()["error"]["message"]


def test_a_revoked_token_or_a_disabled_user_stops_working(records: Any, alice: Any) -> None:
    token, key = ApiToken.issue(alice, "bi", alice)
    header = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/v1/findings/", **header).status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert Client().get("/api/v1/findings/", **header).status_code == 401
    _, key = ApiToken.issue(alice, "bi2", alice)
    alice.is_active = False
    alice.save()
    assert Client().get("/api/v1/findings/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_other_forces_records_are_not_there(records: Any, bob: Any) -> None:
    inspection, finding, action, board = records
    header = bearer(bob)
    c = Client()
    for url in (f"/api/v1/findings/{finding.pk}/", f"/api/v1/inspections/{inspection.pk}/",
                f"/api/v1/actions/{action.pk}/", f"/api/v1/boards/{board.pk}/"):
        r = c.get(url, **header)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", url
    assert c.get("/api/v1/findings/", **header).json()["count"] == 0
    r = c.post(f"/api/v1/findings/{finding.pk}/updates/", {"note": "x", "date": "2025-07-02"},
               content_type="application/json", **header)
    assert r.status_code == 404


def test_readers_read_and_editors_write_with_versions(records: Any, alice: Any) -> None:
    inspection, finding, action, board = records
    rita = make_user("rita", "Norfolk Constabulary", Membership.Role.READER)
    c = Client()
    reader = bearer(rita)
    listed = c.get("/api/v1/findings/", {"type": "area_for_improvement", "page_size": 5}, **reader)
    assert listed.status_code == 200 and listed.json()["count"] == \
        inspection.findings.filter(type="area_for_improvement").count()
    assert len(listed.json()["results"]) == 5 and listed.json()["next"]
    r = c.post(f"/api/v1/findings/{finding.pk}/status/", {"status": "in_progress", "version": 1},
               content_type="application/json", **reader)
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"
    editor = bearer(alice)
    finding.refresh_from_db()
    r = c.post(f"/api/v1/findings/{finding.pk}/status/",
               {"status": "in_progress", "version": finding.version},
               content_type="application/json", **editor)
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    # The same version again is stale now: refused, saying so.
    r = c.post(f"/api/v1/findings/{finding.pk}/status/",
               {"status": "proposed_closure", "version": finding.version},
               content_type="application/json", **editor)
    assert r.status_code == 409 and r.json()["error"]["code"] == "stale"
    r = c.post(f"/api/v1/findings/{finding.pk}/status/", {"status": "closed", "version": 2},
               content_type="application/json", **editor)
    assert r.status_code == 400 and "status" in r.json()["error"]["fields"]
    r = c.post(f"/api/v1/findings/{finding.pk}/actions/",
               {"description": "Train staff", "owner": "Ch Insp", "board": board.pk,
                "due": "2026-01-31"}, content_type="application/json", **editor)
    assert r.status_code == 201 and r.json()["board"] == board.pk
    r = c.patch(f"/api/v1/actions/{action.pk}/", {"version": action.version, "status": "in_progress"},
                content_type="application/json", **editor)
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    r = c.patch(f"/api/v1/actions/{action.pk}/", {"version": action.version, "owner": "Someone"},
                content_type="application/json", **editor)
    assert r.status_code == 409
    r = c.post(f"/api/v1/findings/{finding.pk}/updates/", {"note": "Done", "date": "2099-01-01"},
               content_type="application/json", **editor)
    assert r.status_code == 400 and r.json()["error"]["fields"]["date"]


def test_filters_are_checked(records: Any, alice: Any) -> None:
    header = bearer(alice)
    r = Client().get("/api/v1/findings/", {"due_before": "31/12/2025"}, **header)
    assert r.status_code == 400 and r.json()["error"]["fields"]["due_before"]
    r = Client().get("/api/v1/findings/", {"status": "nonsense"}, **header)
    assert r.status_code == 400
    assert Client().get("/api/v1/findings/99999999999999999999/", **header).status_code == 404


def test_administrators_issue_and_revoke_tokens(alice: Any) -> None:
    amy = make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)
    c = Client()
    c.force_login(amy)
    page = c.post("/office/tokens/", {"member": alice.membership.pk, "name": "Power BI"})
    key = page.context["new_key"]
    assert key.startswith("scr_") and key in page.content.decode()
    token = ApiToken.objects.get()
    assert token.user == alice and token.key_hash != key  # only a fingerprint is kept
    assert Client().get("/api/v1/findings/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    c.post("/office/tokens/", {"revoke": token.pk})
    assert Client().get("/api/v1/findings/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    editor = Client()
    editor.force_login(alice)
    assert editor.get("/office/tokens/").status_code == 403


def test_a_nul_byte_is_refused_with_the_apis_error_body(records: Any, alice: Any) -> None:
    """Found by schemathesis: the pages' HTML 400 page was answered to the API."""
    r = Client().get("/api/v1/findings/", {"force": "\x00"}, **bearer(alice))
    assert r.status_code == 400 and r["Content-Type"] == "application/json"
    assert r.json()["error"]["code"] == "invalid"
