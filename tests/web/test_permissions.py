"""A user sees only their force's records; readers read; admin is for administrators."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutiny.tracking.models import Board
from webtools import client_for, ingest_file


@pytest.fixture
def norfolk_records(alice):  # type: ignore[no-untyped-def]
    document = ingest_file("004", alice)
    finding = document.inspection.findings.first()
    board = Board.objects.create(force=alice.membership.force, name="Norfolk board")
    return document, finding, board


def test_another_forces_user_cannot_open_the_pages(bob, norfolk_records) -> None:  # type: ignore[no-untyped-def]
    document, finding, board = norfolk_records
    c = client_for(bob)
    for url in [document.inspection.get_absolute_url(), finding.get_absolute_url(),
                f"/documents/{document.pk}/", f"/documents/{document.pk}/file",
                board.get_absolute_url(), "/forces/norfolk-constabulary/"]:
        assert c.get(url).status_code == 404, url
    assert c.post(f"/findings/{finding.pk}/updates/", {"update-note": "x",
                                                     "update-date": "2025-01-01"}).status_code == 404
    listing = c.get("/inspections/").content.decode()
    assert document.inspection.title not in listing
    search = c.get("/search/", {"q": "violent crimes"}).content.decode()
    assert "Cause of concern" not in search


def test_a_reader_cannot_change_anything(rita, norfolk_records) -> None:  # type: ignore[no-untyped-def]
    _, finding, _ = norfolk_records
    c = client_for(rita)
    assert c.get(finding.get_absolute_url()).status_code == 200
    r = c.post(f"/findings/{finding.pk}/status/", {"status-status": "closed"})
    assert r.status_code == 403
    assert "read but not change" in r.content.decode()
    assert c.get("/ingest/").status_code == 403
    finding.refresh_from_db()
    assert finding.status == "open"


def test_anonymous_users_are_sent_to_sign_in(db) -> None:  # type: ignore[no-untyped-def]
    r = Client().get("/inspections/")
    assert r.status_code == 302 and r.url.startswith("/login/")


def test_admin_is_for_administrators_only(alice, django_user_model) -> None:  # type: ignore[no-untyped-def]
    alice.is_staff = True
    alice.save()
    assert client_for(alice).get("/admin/").status_code == 302
    root = django_user_model.objects.create_superuser("root", "r@example.invalid", "pw-long-enough")
    assert client_for(root).get("/admin/").status_code == 200


def test_unknown_urls_get_a_styled_404(alice) -> None:  # type: ignore[no-untyped-def]
    r = client_for(alice).get("/no/such/page/")
    assert r.status_code == 404
    body = r.content.decode()
    assert "Page not found" in body and "app.css" in body and "Traceback" not in body
