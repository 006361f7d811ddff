"""Attacks and careless input that used to end in a 500 or a wrong result, now refused or
handled: each test failed before its fix."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.test import Client

from scrutiny.accounts.models import Membership
from scrutiny.inspections.models import Finding, Force, Inspection, SourceDocument
from scrutiny.responses.calendar import Deadline, ical
from webtools import CUSTODY_REPORT, client_for, make_user, publish_response, record_report


def test_the_feed_escapes_text_it_puts_in_html(alice) -> None:  # type: ignore[no-untyped-def]
    amy = make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)
    publish_response(record_report(CUSTODY_REPORT, alice), alice, amy,
                     pcc_comments='<script>alert(1)</script> & <b>bold</b>')
    feed = Client().get("/public/feed.atom").content
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summary = ET.fromstring(feed).find("a:entry/a:summary", ns)
    assert summary is not None and summary.get("type") == "html"
    html = summary.text or ""
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_a_host_not_allowed_gets_400_not_500(db) -> None:  # type: ignore[no-untyped-def]
    r = Client(HTTP_HOST="evil.example").get("/login/")
    assert r.status_code == 400 and "could not be understood" in r.content.decode()


def test_nul_bytes_are_refused_everywhere(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    for url in ("/search/?q=a%00b", "/inspections/?force=no%00rfolk", "/findings/?q=%00",
                "/calendar/abc%00def.ics"):
        r = c.get(url) if "calendar" not in url else Client().get(url)
        assert r.status_code == 400, url


def test_silly_years_and_huge_numbers_are_not_errors(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    for year in ("0", "99999", "-1", "2025x"):
        assert c.get("/inspections/", {"year": year}).status_code == 200, year
    huge = "9" * 40
    assert c.get(f"/findings/{huge}/").status_code == 404
    assert c.get(f"/inspections/{huge}/").status_code == 404
    finding = norfolk_peel.findings.first()
    r = c.post(f"/findings/{finding.pk}/status/", {"status-status": "in_progress",
                                                   "status-version": huge})
    assert r.status_code == 400
    r = c.post("/findings/bulk/", {"selected": [f"{huge}:{huge}"], "bulk-operation": "owner",
                                   "bulk-owner": "x"}, follow=True)
    assert r.status_code == 200 and "Tick at least one finding" in r.content.decode()
    assert Finding.objects.get(pk=finding.pk).status == "open"


def test_a_date_at_the_end_of_time_does_not_break_calendars(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    body = ical([Deadline(date.max, "Due", "/x/", "u1")], "http://localhost")
    assert "DTSTART;VALUE=DATE:99991231" in body
    # Forms refuse such dates in the first place.
    finding = norfolk_peel.findings.first()
    r = client_for(alice).post(f"/findings/{finding.pk}/actions/", {
        "action-description": "x", "action-owner": "y", "action-due": "9999-12-31",
        "action-status": "not_started"})
    assert r.status_code == 400 and "Enter a date between" in r.content.decode()
    from scrutiny.extraction.statute import section55_last_day

    assert section55_last_day(date(9999, 12, 31)) is None


def test_an_update_refused_leaves_no_evidence_file(alice, norfolk_peel, settings) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from scrutiny.inspections.services import NotAllowed
    from scrutiny.tracking.services import add_update

    finding = norfolk_peel.findings.first()
    with pytest.raises(NotAllowed):
        add_update(finding, alice, note="x", on=date.today(), new_status="no-such-status",
                   evidence=SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof"))
    assert not list(Path(settings.MEDIA_ROOT).rglob("proof*"))


def test_a_duplicate_upload_that_loses_the_race_keeps_no_file(alice, settings) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from scrutiny.inspections import ingest as ingest_module

    data = b"An inspection of Norfolk Constabulary\n\nArea for improvement\n\nThe force should act.\n"
    first = ingest_module.ingest(data, "a.txt", alice.membership.force, alice)
    assert first.ok
    # The second copy arrives as if the duplicate check had run before the first was stored.
    work = ingest_module._Work(data=data, filename="b.txt", force=alice.membership.force,
                               user=alice)
    for step in (ingest_module._preflight, ingest_module._extract):
        assert step(work) is None
    work.sha256 = first.document.sha256
    outcome = ingest_module._store(work)
    assert outcome is not None and outcome.code == "duplicate"
    assert SourceDocument.objects.count() == 1
    stored = list(Path(settings.MEDIA_ROOT).rglob("*.txt"))
    assert len(stored) == 1


def test_another_forces_inspection_cannot_be_edited(bob, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    r = client_for(bob).post(f"/inspections/{norfolk_peel.pk}/edit/", {"title": "Mine now"})
    assert r.status_code == 404
    assert Inspection.objects.get(pk=norfolk_peel.pk).title != "Mine now"
    assert Force.objects.count() > 40


def _published_response(alice, amy_name: str = ""):  # type: ignore[no-untyped-def]
    amy = make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)
    amy.first_name, amy.last_name = amy_name.partition(" ")[::2]
    amy.save()
    # The published version: public pages go by it.
    return publish_response(record_report(CUSTODY_REPORT, alice), alice, amy, pcc_comments="PCC.")


def test_public_documents_are_rendered_once_per_published_version(alice, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.responses.models import RenderedDocument

    version = _published_response(alice)
    url = f"/public/responses/{version.pk}/response.pdf"
    first = Client().get(url)
    assert first.status_code == 200 and RenderedDocument.objects.count() == 1
    with django_assert_max_num_queries(3):  # the version, the kept rendering: no rendering
        again = Client().get(url)
    assert again.content == first.content
    assert Client().get(f"/public/responses/{version.pk}/response.exe").status_code == 404
    assert RenderedDocument.objects.count() == 1


def test_published_documents_name_the_approver_not_their_login(alice) -> None:  # type: ignore[no-untyped-def]
    version = _published_response(alice, "Amy Adams")
    page = Client().get(f"/public/responses/{version.pk}/").content.decode()
    assert ("approved by Amy Adams (administrator, the Office of the Police and Crime "
            "Commissioner)") in page
    assert "approved by amy" not in page


def test_an_approver_without_a_name_is_named_by_role(alice) -> None:  # type: ignore[no-untyped-def]
    version = _published_response(alice)
    page = Client().get(f"/public/responses/{version.pk}/").content.decode()
    assert "approved by an administrator of the Office of the Police and Crime Commissioner" in page
