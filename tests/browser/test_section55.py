"""End to end in Chromium: the section 55 response from report to publication."""

from __future__ import annotations

import re

import pytest

from browsertools import assert_accessible, shoot, sign_in, upload_and_read
from scrutiny.accounts.models import Membership
from scrutiny.extraction.readers import read_bytes
from webtools import make_user

pytestmark = pytest.mark.browser

REPORT = """\
# PEEL 2025: An inspection of Norfolk Constabulary

Published on: 3 November 2025

## Cause of concern

The force isn't doing enough to safeguard vulnerable people who contact it

## Recommendations

Within three months, the force should:

- make sure call handlers complete structured risk assessments;
- review how it identifies repeat victims; and
- improve supervision of safeguarding decisions.

## Area for improvement 1

The force should improve how it records equality data.
"""

ANSWERS = [
    "Structured THRIVE assessments are now mandatory in the control room.",
    "Repeat victims are flagged automatically from January 2026.",
    "A safeguarding supervision audit runs monthly from December 2025.",
]


def test_response_from_report_to_publication(page, live_server, tmp_path, chromium) -> None:  # type: ignore[no-untyped-def]
    make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)
    base = live_server.url
    sign_in(page, base, "amy")
    report = tmp_path / "peel-2025-norfolk.md"
    report.write_text(REPORT)
    page.goto(f"{base}/ingest/")
    upload_and_read(page, report)
    page.click("button:has-text('Accept and record')")
    page.wait_for_url(re.compile(r".*/inspections/\d+/$"))
    page.click("a:has-text('Section 55 response')")
    page.wait_for_url(re.compile(r".*/response/$"))
    response_url = page.url
    assert "28 December 2025" in page.locator("section.card").inner_text()  # published + 55 days

    # Ask for and receive the chief constable's comments.
    page.fill("#id_cc-due", "2025-12-01")
    page.fill("#id_cc-asked_on", "2025-11-04")
    page.click("button:has-text('Record the request')")
    assert page.locator("text=Awaiting the chief constable's comments").count() >= 1
    page.fill("#id_rx-on", "2025-11-28")
    page.click("button:has-text('Record them as received')")

    # Draft everything but one recommendation's answer: approval is blocked.
    page.fill("#id_cc_comments", "The constabulary accepts the report and its recommendations.")
    page.fill("#id_pcc_comments", "I welcome the report and will monitor progress closely.")
    page.fill("#id_pcc_response_to_cc", "I am reassured by the chief constable's plans.")
    answers = page.locator("textarea[id^=id_answer_]")
    assert answers.count() == 5  # the cause of concern, three recommendations and the AFI
    recommendation_boxes = [page.locator(f"fieldset:has-text('{t}') textarea") for t in (
        "structured risk assessments", "repeat victims", "supervision of safeguarding")]
    for box, text in zip(recommendation_boxes[:2], ANSWERS[:2], strict=True):
        box.fill(text)
    page.click("button:has-text('Save the response')")
    page.wait_for_url(response_url)
    missing = page.locator(".error-summary li").all_inner_texts()
    assert len(missing) == 1 and "improve supervision of safeguarding decisions" in missing[0]
    assert_accessible(page)
    # Sending for approval saves what was typed, but sends nothing while a part is missing.
    page.fill("#id_key_findings", "Vulnerable callers are not always safeguarded.")
    page.click("button:has-text('Save and send for approval')")
    assert "saved, but not sent" in page.locator(".messages").inner_text()
    assert page.locator("#id_key_findings").input_value().startswith("Vulnerable callers")
    shoot(page, "11-response-blocked")

    # Answer the last recommendation, send, approve and publish, each confirmed.
    recommendation_boxes[2].fill(ANSWERS[2])
    page.click("button:has-text('Save and send for approval')")
    page.wait_for_url(response_url)
    assert page.locator("text=Every statutory part is present.").count() == 1
    assert page.locator(".lead").inner_text().startswith("Awaiting approval")
    page.click("button:has-text('Approve version')")
    assert page.locator("main > h1").inner_text() == "Approve version 1?"
    assert_accessible(page)
    page.click("button:has-text('Yes, approve it')")
    page.wait_for_url(response_url)
    page.click("button:has-text('Publish version')")
    assert page.locator("main > h1").inner_text() == "Publish version 1?"
    page.click("button:has-text('Yes, publish it')")
    page.wait_for_url(response_url)
    assert page.locator(".lead").inner_text().startswith("Published")
    assert page.locator("text=Copy sent to the Secretary of State (statutory)").count() >= 1  # outstanding
    shoot(page, "12-response-published")

    # The public area and the feed show it, without signing in.
    public = chromium.new_context()
    visitor = public.new_page()
    visitor.goto(f"{base}/public/")
    assert_accessible(visitor)
    visitor.click("a:has-text('PEEL 2025: An inspection of Norfolk Constabulary')")
    assert visitor.locator("text=I welcome the report and will monitor progress closely.").count() == 1
    assert_accessible(visitor)
    shoot(visitor, "13-public-response")
    feed = visitor.request.get(f"{base}/public/feed.atom").text()
    assert "PEEL 2025: An inspection of Norfolk Constabulary" in feed
    version_url = visitor.url
    for fmt in ("html", "docx", "pdf"):
        data = visitor.request.get(f"{version_url}response.{fmt}").body()
        text = " ".join(read_bytes(data, fmt).text.split())
        for recommendation, answer in zip(("structured risk assessments", "repeat victims",
                                           "supervision of safeguarding decisions"), ANSWERS,
                                          strict=True):
            assert recommendation in text, (fmt, recommendation)
            assert answer in text, (fmt, answer)
        assert "28 December 2025" in text and "3 November 2025" in text
    public.close()
