"""Each fault an office reported in the tracker and the section 55 pages, proved fixed."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scrutiny.accounts.models import Membership
from scrutiny.extraction.readers import read_bytes
from scrutiny.inspections.jobs import run_queued
from scrutiny.inspections.models import Finding, SourceDocument
from scrutiny.responses import services
from scrutiny.responses.models import DistributionEntry, Response
from scrutiny.tracking.models import Action, Board, BoardPack, Update
from webtools import client_for, corpus_file, ingest_file, make_user, upload

ISO_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")

REPORT = """\
Norfolk Constabulary: An inspection of vetting

Published on: 27 March 2025

Section 55 Response Deadline: 22 May 2025

Recommendations

Recommendation 1

By 30 September 2025, chief constables should make sure their force has a clear vetting policy. As a minimum, this policy should cover: - when to re-vet officers - who decides appeals - how to record decisions

Recommendation 2

By 31 December 2025, the force should review every vetting decision made since 2020.
"""


@pytest.fixture
def amy(db):  # type: ignore[no-untyped-def]
    return make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)


@pytest.fixture
def vetting(alice):  # type: ignore[no-untyped-def]
    from scrutiny.inspections.ingest import ingest
    from scrutiny.web.commands import accept_as_extracted

    outcome = ingest(REPORT.encode(), "vetting.txt", alice.membership.force, alice)
    return accept_as_extracted(outcome.document, alice)


def _fill(response: Response, user, answer: bool = True) -> None:  # type: ignore[no-untyped-def]
    answers = {i.pk: (True, "We will act.") for i in response.items.all()} if answer else {}
    services.save_content(response, user, values={
        "key_findings": "Key.", "cc_comments": "CC.", "pcc_comments": "PCC.",
        "pcc_response_to_cc": "Reply.", "extra_sections": [], "not_subject": False,
        "not_subject_reason": ""}, answers=answers, lock=response.lock)
    response.refresh_from_db()


def test_an_action_added_in_progress_is_stored_in_progress(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    client_for(alice).post(f"/findings/{finding.pk}/actions/", {
        "action-description": "Review", "action-owner": "Supt Smith",
        "action-status": "in_progress"})
    assert Action.objects.get().status == "in_progress"


def test_every_screen_and_document_shows_the_same_deadline(alice, amy, vetting) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    response = vetting.response
    assert vetting.section55_due == date(2025, 5, 21)  # published 27 March + 55 days
    screens = {
        "response page": c.get(f"/inspections/{vetting.pk}/response/").content.decode(),
        "inspection page": c.get(vetting.get_absolute_url()).content.decode(),
        "inspection list": c.get("/inspections/").content.decode(),
        "dashboard": c.get("/").content.decode(),
    }
    _fill(response, alice)
    services.submit_for_approval(response, alice)
    services.approve(response, amy)
    version = services.publish(response, amy)
    content = version.content
    screens["HTML document"] = c.get(f"/inspections/{vetting.pk}/response/document.html"
                                     ).content.decode()
    screens["PDF"] = read_bytes(c.get(f"/inspections/{vetting.pk}/response/document.pdf").content,
                                "pdf").text
    screens["Word"] = read_bytes(c.get(f"/inspections/{vetting.pk}/response/document.docx"
                                       ).content, "docx").text
    screens["public page"] = Client().get(f"/public/responses/{version.pk}/").content.decode()
    assert content["inspection"]["section55_deadline"] == "2025-05-21"
    for name, text in screens.items():
        text = " ".join(text.split())
        assert "21 May 2025" in text, name
        # 22 May appears only where the printed date is explained beside the law's.
        assert text.count("22 May 2025") == text.count("The document gave 22 May 2025"), name


def test_comparing_versions_marks_the_words_that_changed(alice, amy, vetting) -> None:  # type: ignore[no-untyped-def]
    response = vetting.response
    _fill(response, alice)
    services.submit_for_approval(response, alice)
    services.approve(response, amy)
    services.save_content(response, alice, values={
        **{k: getattr(response, k) for k in services.CONTENT_FIELDS},
        "pcc_comments": "PCC. I will review progress in June."}, answers={}, lock=response.lock)
    page = client_for(alice).get(f"/inspections/{vetting.pk}/response/compare/?from=1")
    body = page.content.decode()
    assert page.status_code == 200
    assert "The commissioner&#x27;s comments" in body or "The commissioner's comments" in body
    assert "<ins>I will review progress in June.</ins>" in body.replace("<ins> ", "<ins>")
    assert '{"' not in body and "&quot;title&quot;" not in body
    assert "Unchanged parts" in body


def test_typed_text_is_saved_when_sending_for_approval(alice, vetting) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    response = vetting.response
    r = c.post(f"/inspections/{vetting.pk}/response/", {
        "action": "save_submit", "lock": response.lock, "pcc_comments": "My careful comments."})
    # Saved, but not sent: the statutory check still fails.
    response.refresh_from_db()
    assert response.pcc_comments == "My careful comments."
    assert response.status != Response.Status.AWAITING_APPROVAL
    assert "cannot be sent for approval until it has" in r.content.decode()
    items = {f"answer_{i.pk}": "We will act." for i in response.items.all()}
    r = c.post(f"/inspections/{vetting.pk}/response/", {
        "action": "save_submit", "lock": response.lock, "pcc_comments": "My careful comments.",
        "cc_comments": "CC.", "pcc_response_to_cc": "Reply.",
        **{f"applies_{i.pk}": "on" for i in response.items.all()}, **items})
    assert r.status_code == 302
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_APPROVAL
    with pytest.raises(services.NotAllowed, match="cannot be sent for approval"):
        other = ingest_file("001", alice).inspection.response
        services.submit_for_approval(other, alice)


def test_approval_and_publication_each_ask_for_confirmation(alice, amy, vetting) -> None:  # type: ignore[no-untyped-def]
    response = vetting.response
    _fill(response, alice)
    services.submit_for_approval(response, alice)
    c = client_for(amy)
    url = f"/inspections/{vetting.pk}/response/"
    page = c.post(url, {"action": "approve"})
    assert "Approve version 1?" in page.content.decode()
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_APPROVAL
    seen = page.context["fields"][1][1]
    # An editor changes the text while the approver reads it: the approval is refused.
    _fill(response, alice)
    services.save_content(response, alice, values={
        **{k: getattr(response, k) for k in services.CONTENT_FIELDS},
        "pcc_comments": "Changed behind the approver's back."}, answers={}, lock=response.lock)
    r = c.post(url, {"action": "approve", "seen": seen, "confirmed": "1"})
    assert "changed after you opened it" in r.content.decode()
    assert "The commissioner's comments" in r.content.decode() or \
        "The commissioner&#x27;s comments" in r.content.decode()
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_APPROVAL
    page = c.post(url, {"action": "approve"})
    c.post(url, {"action": "approve", "seen": page.context["fields"][1][1], "confirmed": "1"})
    response.refresh_from_db()
    assert response.status == Response.Status.APPROVED
    assert "Publish version 1?" in c.post(url, {"action": "publish"}).content.decode()
    response.refresh_from_db()
    assert response.status == Response.Status.APPROVED
    c.post(url, {"action": "publish", "version": "1", "confirmed": "1"})
    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED


def test_double_submission_creates_nothing_twice(alice, vetting) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    finding = vetting.findings.first()
    page = c.get(finding.get_absolute_url()).content.decode()
    keys = re.findall(r'name="submission_key" value="([^"]+)"', page)
    assert len(keys) == 2  # add action, record update
    action = {"action-description": "Review", "action-owner": "Supt Smith",
              "action-status": "not_started", "submission_key": keys[0]}
    assert c.post(f"/findings/{finding.pk}/actions/", action).status_code == 302
    again = c.post(f"/findings/{finding.pk}/actions/", action, follow=True)
    assert "already sent" in again.content.decode()
    update = {"update-date": date.today().isoformat(), "update-note": "Done",
              "submission_key": keys[1]}
    c.post(f"/findings/{finding.pk}/updates/", update)
    c.post(f"/findings/{finding.pk}/updates/", update)
    assert Action.objects.count() == 1 and Update.objects.count() == 1
    dist = {"action": "distribution", "dist-recipient": "hmicfrs",
            "dist-done_on": date.today().isoformat(), "submission_key": "dist-key-1"}
    c.post(f"/inspections/{vetting.pk}/response/", dist)
    c.post(f"/inspections/{vetting.pk}/response/", dist)
    assert DistributionEntry.objects.filter(recipient="hmicfrs").count() == 1
    board = {"name": "Vetting board", "chair": "", "submission_key": "board-key-1"}
    c.post("/boards/", board)
    c.post("/boards/", board)
    assert Board.objects.count() == 1
    pack = {"meeting_on": "2026-12-10", "submission_key": "pack-key-1"}
    c.post(f"/boards/{Board.objects.get().pk}/packs/", pack)
    c.post(f"/boards/{Board.objects.get().pk}/packs/", pack)
    assert BoardPack.objects.count() == 1
    # A refused form does not use its key up: corrected, it goes through.
    bad = {**action, "action-owner": "", "submission_key": "fresh"}
    assert c.post(f"/findings/{finding.pk}/actions/", bad).status_code == 400
    assert c.post(f"/findings/{finding.pk}/actions/", {**bad, "action-owner": "x"}).status_code == 302
    assert Action.objects.count() == 2


def test_an_empty_file_in_a_batch_is_named_and_the_rest_are_read(alice) -> None:  # type: ignore[no-untyped-def]
    path = corpus_file("004")
    c = client_for(alice)
    r = c.post("/ingest/", {"documents": [
        SimpleUploadedFile("blank.pdf", b""), SimpleUploadedFile(path.name, path.read_bytes())]})
    body = r.content.decode()
    assert "blank.pdf: the file is empty." in body
    assert f"{path.name}: queued to be read." in body
    run_queued()
    assert "Read" in c.get("/ingest/").content.decode()
    assert SourceDocument.objects.count() == 1


def test_no_deadline_is_announced_for_a_report_about_another_force(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    text = ("Kent Police: PEEL 2023–25\n\nAn inspection of Kent Police\n\n"
            "Published on: 3 March 2024\n\nArea for improvement\n\n"
            "The force should improve how it answers 101 calls.\n")
    upload(c, ("kent.txt", text.encode()))
    document = SourceDocument.objects.get()
    page = c.get(f"/ingest/{document.pk}/review/")
    body = " ".join(page.content.decode().split())
    assert "This report is about Kent Police, not Norfolk Constabulary." in body
    assert "no section 55 response is due from this office" in body
    assert "27 April 2024" not in body
    assert page.context["meta_form"].initial.get("section55_due") is None


def test_readers_see_the_response_but_no_fields_to_edit(rita, alice, vetting) -> None:  # type: ignore[no-untyped-def]
    body = client_for(rita).get(f"/inspections/{vetting.pk}/response/").content.decode()
    assert "<textarea" not in body and "Save the response" not in body
    assert "Your role lets you read the response" in body
    assert "Recommendation 1" in body


def test_an_answered_recommendation_no_longer_says_an_answer_is_required(alice, vetting) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    url = f"/inspections/{vetting.pk}/response/"
    assert c.get(url).content.decode().count("an answer is required") == 2
    response = vetting.response
    first = response.items.order_by("finding__position").first()
    services.save_content(response, alice, values={
        k: getattr(response, k) for k in services.CONTENT_FIELDS},
        answers={first.pk: (True, "Policy in place.")}, lock=response.lock)
    body = c.get(url).content.decode()
    assert body.count("an answer is required") == 1 and "answered" in body


def test_bullet_lists_in_findings_stay_lists_in_documents(alice, vetting) -> None:  # type: ignore[no-untyped-def]
    import docx

    c = client_for(alice)
    html = c.get(f"/inspections/{vetting.pk}/response/document.html").content.decode()
    assert "<li>when to re-vet officers</li>" in html and "<li>who decides appeals</li>" in html
    d = docx.Document(io.BytesIO(c.get(f"/inspections/{vetting.pk}/response/document.docx").content))
    bullets = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    assert "when to re-vet officers" in bullets and "how to record decisions" in bullets


def test_documents_are_named_after_the_force_and_the_report(alice, amy, vetting) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = c.get(f"/inspections/{vetting.pk}/response/document.docx")
    name = r["Content-Disposition"]
    assert "section-55-response-1" not in name
    assert name.startswith('attachment; filename="norfolk-constabulary-section-55-response-')
    assert "vetting" in name and name.endswith('-draft.docx"')


def test_dates_read_the_uk_way_in_documents_and_public_pages(alice, amy, vetting) -> None:  # type: ignore[no-untyped-def]
    response = vetting.response
    _fill(response, alice)
    services.record_distribution(response, alice, recipient="hmicfrs", done_on=date(2025, 5, 1))
    services.submit_for_approval(response, alice)
    services.approve(response, amy)
    version = services.publish(response, amy)
    anonymous = Client()
    pages = [anonymous.get("/public/").content.decode(),
             anonymous.get(f"/public/forces/{vetting.force.slug}/").content.decode(),
             anonymous.get(f"/public/responses/{version.pk}/").content.decode(),
             anonymous.get(f"/public/responses/{version.pk}/response.html").content.decode()]
    for page in pages:
        visible = re.sub(r"<[^>]+>", " ", page)
        assert not ISO_DATE.search(visible), ISO_DATE.search(visible)
    assert "1 May 2025" in pages[3] and "30 September 2025" in pages[3]
    assert "27 March 2025" in pages[1]


def test_findings_have_their_bullets_on_the_finding_page(alice, vetting) -> None:  # type: ignore[no-untyped-def]
    finding = Finding.objects.get(inspection=vetting, ref="1")
    body = client_for(alice).get(finding.get_absolute_url()).content.decode()
    assert "<li>who decides appeals</li>" in body
