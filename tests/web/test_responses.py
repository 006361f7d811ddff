"""The section 55 workflow: deadlines, statutory check, approval, versions, publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client

from scrutiny.accounts.models import Membership
from scrutiny.extraction.readers import read_bytes
from scrutiny.inspections.services import NotAllowed
from scrutiny.responses import documents, services
from scrutiny.responses.calendar import send_reminders
from scrutiny.responses.models import DistributionEntry, Response
from webtools import client_for, ingest_file, make_user


@pytest.fixture
def amy(db):  # type: ignore[no-untyped-def]
    """The Norfolk office's administrator, who approves."""
    return make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)


REPORT = """\
Norfolk Constabulary Crime Data Integrity inspection 2019

An inspection of Norfolk Constabulary

Published on: 7 January 2020

Cause of concern

Norfolk Constabulary is failing to make sure it correctly records all violent crimes reported to it.

Recommendations

The force should immediately:

- identify and address gaps in its systems for recording violent crime;
- provide further crime recording training for supervisors; and
- make sure that it adequately supervises all crime recording decisions.

Areas for improvement

The force should make sure that it:

- reviews its backlog of crime records waiting for validation; and
- records more crimes within 24 hours.
"""


@pytest.fixture
def thematic(alice):  # type: ignore[no-untyped-def]
    """A crime data integrity report held by Norfolk's office."""
    from scrutiny.inspections.ingest import ingest
    from scrutiny.web.commands import accept_as_extracted

    outcome = ingest(REPORT.encode(), "cdi-2019.txt", alice.membership.force, alice)
    return accept_as_extracted(outcome.document, alice)


def complete(response: Response, user) -> None:  # type: ignore[no-untyped-def]
    answers = {i.pk: (True, f"We will act on {i.finding}.") for i in response.items.all()}
    services.save_content(response, user, values={
        "key_findings": "The force records 87.5% of crime.", "cc_comments": "We accept the report.",
        "pcc_comments": "I note the findings with concern.",
        "pcc_response_to_cc": "I will hold the chief constable to account.",
        "not_subject": False, "not_subject_reason": ""}, answers=answers, lock=response.lock)


def test_a_response_record_is_created_with_the_statutory_deadline(thematic) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    assert response.status == Response.Status.NOT_STARTED
    assert services.last_day(response) == date(2020, 3, 2)
    text = services.deadline_explained(response)
    assert "7 January 2020" in text and "2 March 2020" in text and "s55(5A)" in text
    assert response.items.count() == 6  # 1 cause of concern, 3 recommendations, 2 AFIs


def test_statutory_check_lists_exactly_what_is_missing(thematic, amy) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    missing = services.missing_parts(response)
    assert "the chief constable's comments" in missing
    assert sum("explanation of the action taken" in m for m in missing) == 3
    with pytest.raises(NotAllowed, match="cannot be approved until"):
        services.approve(response, amy)
    # Areas for improvement need no answer; recommendations do.
    answers = {i.pk: (True, "Done.") for i in response.items.filter(finding__type="recommendation")}
    services.save_content(response, amy, values={k: "Text." for k in ("key_findings", "cc_comments",
                          "pcc_comments", "pcc_response_to_cc")} | {"not_subject": False,
                          "not_subject_reason": ""}, answers=answers, lock=response.lock)
    assert services.missing_parts(response) == []


def test_approval_versions_publication_and_documents(thematic, amy, alice) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    services.request_cc_comments(response, alice, due=date(2020, 2, 7), asked_on=date(2020, 1, 8))
    assert response.status == Response.Status.AWAITING_CC
    services.record_cc_received(response, alice, on=date(2020, 2, 5))
    complete(response, alice)
    services.submit_for_approval(response, alice)
    v1 = services.approve(response, amy)
    assert v1.number == 1 and response.status == Response.Status.APPROVED
    # An edit after approval makes version 2, back to awaiting approval.
    services.save_content(response, alice, values={**{k: getattr(response, k) for k in services.CONTENT_FIELDS},
                                                   "pcc_comments": "Revised comments."},
                          answers={}, lock=response.lock)
    assert response.status == Response.Status.AWAITING_APPROVAL and response.version == 2
    services.approve(response, amy)
    published = services.publish(response, amy)
    assert published.number == 2 and response.status == Response.Status.PUBLISHED
    with pytest.raises(NotAllowed, match="Start a new version"):
        services.save_content(response, alice, values={}, answers={}, lock=response.lock)
    assert response.versions.get(number=1).content["pcc_comments"] == "I note the findings with concern."
    # Documents hold every recommendation and every answer, read back with our own readers.
    content = published.content
    for fmt, data in (("html", documents.to_html(content).encode()), ("docx", documents.to_docx(content)),
                      ("pdf", documents.to_pdf(content))):
        text = " ".join(read_bytes(data, fmt).text.split())
        for rec in content["recommendations"]:
            assert " ".join(rec["text"].split()) in text, (fmt, rec["ref"])
            assert rec["cc_response"] in text, fmt
        assert "Revised comments." in text and "2 March 2020" in text


def test_pdf_is_tagged_and_fetches_nothing(thematic, alice) -> None:  # type: ignore[no-untyped-def]
    content = services.content_of(thematic.response)
    content["key_findings"] = '<img src="file:///etc/passwd"> <link rel=stylesheet href="http://example.com/x.css">'
    pdf = documents.to_pdf(content)
    import io

    from pypdf import PdfReader

    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    with pytest.raises(ValueError):
        documents.static_only_fetcher("file:///etc/passwd")
    with pytest.raises(ValueError):
        documents.static_only_fetcher("http://example.com/x.css")


def test_dates_before_publication_are_refused(thematic, alice) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    c = client_for(alice)
    r = c.post(f"/inspections/{thematic.pk}/response/", {
        "action": "request_cc", "cc-due": "2019-12-01", "cc-asked_on": "2019-11-01"})
    assert r.status_code == 400
    assert "cannot be before the report was published (7 January 2020)" in r.content.decode()
    response.refresh_from_db()
    assert response.cc_comments_due is None


def test_distribution_log_and_outstanding_statutory_steps(thematic, alice) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    assert len(services.outstanding_distribution(response)) == 2
    services.record_distribution(response, alice, recipient="hmicfrs", done_on=date(2020, 3, 1))
    assert services.outstanding_distribution(response) == [
        DistributionEntry.Recipient.HOME_SECRETARY.label]
    with pytest.raises(NotAllowed):
        services.record_distribution(response, alice, recipient="home_secretary",
                                     done_on=date.today() + timedelta(days=2))


def test_public_area_and_feed_show_only_published(thematic, amy, alice) -> None:  # type: ignore[no-untyped-def]
    response = thematic.response
    complete(response, alice)
    anonymous = Client()
    assert "Crime Data Integrity" not in anonymous.get("/public/").content.decode()
    services.submit_for_approval(response, alice)
    services.approve(response, amy)
    assert "Crime Data Integrity" not in anonymous.get("/public/feed.atom").content.decode()
    version = services.publish(response, amy)
    index = anonymous.get("/public/").content.decode()
    assert thematic.title in index
    feed = anonymous.get("/public/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert f"/public/responses/{version.pk}/" in feed.content.decode()
    page = anonymous.get(f"/public/responses/{version.pk}/").content.decode()
    assert "We accept the report." in page
    assert anonymous.get(f"/public/responses/{version.pk}/response.pdf").status_code == 200
    # A new draft is never shown: the public page keeps the published version.
    services.start_new_version(response, alice)
    services.save_content(response, alice, values={**{k: getattr(response, k) for k in services.CONTENT_FIELDS},
                                                   "cc_comments": "Secret draft."}, answers={}, lock=response.lock)
    assert "Secret draft." not in anonymous.get(f"/public/responses/{version.pk}/").content.decode()
    assert anonymous.get(f"/inspections/{thematic.pk}/response/").status_code == 302  # to sign in


def test_no_response_for_a_report_about_another_force(alice) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.ingest import ingest
    from scrutiny.web.commands import accept_as_extracted

    text = "PEEL 2023–25\n\nAn inspection of Kent Police\n\nPublished on: 3 March 2024\n"
    outcome = ingest(text.encode(), "kent.txt", alice.membership.force, alice)
    inspection = accept_as_extracted(outcome.document, alice)
    assert not Response.objects.filter(inspection=inspection).exists()
    assert client_for(alice).get(f"/inspections/{inspection.pk}/response/").status_code == 404


def test_round_trip_attaches_a_published_responses_texts(alice) -> None:  # type: ignore[no-untyped-def]
    document = ingest_file("000", alice)
    response = document.inspection.response
    assert response.pcc_comments.startswith("This report entitled")
    assert response.cc_comments.startswith("This report entitled")
    answered = {i.finding.ref: i.cc_response for i in response.items.select_related("finding")}
    assert answered["3"].startswith("There are a number of online options")
    assert all(answered[ref] for ref in ("3", "4", "5", "6", "7", "9", "10", "11"))


def test_calendar_feed_and_reminders(thematic, alice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    c = client_for(alice)
    page = c.get("/calendar/")
    url = page.context["url"]
    feed = Client().get(url[url.index("/calendar/"):])
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART;VALUE=DATE:20200302" in body
    assert Client().get("/calendar/not-a-token.ics").status_code == 404
    sent = send_reminders(date(2020, 2, 17), "http://example.invalid")  # 14 days before 2 March
    assert sent == 1 and "Section 55 response due" in mail.outbox[0].body
    assert mail.outbox[0].to == ["alice@example.invalid"]


def test_static_export_and_remind_commands(thematic, amy, alice, tmp_path, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.cli import main

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = thematic.response
    complete(response, alice)
    services.submit_for_approval(response, alice)
    services.approve(response, amy)
    version = services.publish(response, amy)
    out = tmp_path / "site"
    assert main(["publish", "--out", str(out), "--base-url", "https://opcc.example/responses"]) == 0
    index = (out / "index.html").read_text()
    assert f'href="responses/{version.pk}/"' in index and 'href="static/scrutiny/app.css"' in index
    page = (out / "responses" / str(version.pk) / "index.html").read_text()
    assert "We accept the report." in page and 'href="../../static/scrutiny/app.css"' in page
    assert (out / "responses" / str(version.pk) / "response.pdf").read_bytes().startswith(b"%PDF")
    assert "https://opcc.example/responses/responses/" in (out / "feed.atom").read_text()
    assert main(["remind", "--date", "2020-02-17"]) == 0
    assert "Sent 0 reminder e-mails" in capsys.readouterr().out  # published: nothing is due
    assert main(["remind", "--date", "17/02/2020"]) == 2


def test_other_sections_are_edited_as_headed_text(thematic, alice) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.responses.forms import text_to_sections

    assert text_to_sections("## Next steps\nWe will report in May.\n\n## Contact\nopcc@example") == [
        {"heading": "Next steps", "text": "We will report in May."},
        {"heading": "Contact", "text": "opcc@example"}]
    assert text_to_sections("No heading here") == []
    c = client_for(alice)
    response = thematic.response
    data = {"action": "content", "lock": response.lock, "other_sections": "## Next steps\nIn May.",
            "pcc_comments": "Comments."}
    assert c.post(f"/inspections/{thematic.pk}/response/", data).status_code == 302
    response.refresh_from_db()
    assert response.extra_sections == [{"heading": "Next steps", "text": "In May."}]
    assert "Next steps" in documents.to_html(services.content_of(response))
    data["other_sections"] = "text without a heading"
    r = c.post(f"/inspections/{thematic.pk}/response/", data)
    assert r.status_code == 400 and "Start each section with a heading line" in r.content.decode()
