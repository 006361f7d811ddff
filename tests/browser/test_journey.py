"""End to end in Chromium: upload, review, accept, act, update, dashboard, and isolation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from browsertools import assert_accessible, shoot, sign_in, upload_and_read
from webtools import corpus_file

pytestmark = pytest.mark.browser


def test_office_journey_and_another_force_is_kept_out(page, live_server, alice, bob) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_in(page, base, "alice")
    shoot(page, "01-dashboard-empty")

    # Upload a report; the review screen shows the extraction beside its source.
    page.click("text=Upload")
    assert_accessible(page)
    upload_and_read(page, corpus_file("004"), shot="01b-being-read")
    assert page.locator("mark.source-mark").count() == 10
    assert page.locator("fieldset.finding-card").count() == 12  # 10 found + 2 blank
    assert_accessible(page)
    shoot(page, "02-review")

    # Correct one finding, drop another, accept.
    page.fill("#id_findings-1-text", "Take steps to close the gaps in recording violent crime.")
    page.uncheck("#id_findings-2-keep")
    page.click("button:has-text('Accept and record')")
    page.wait_for_url(re.compile(r".*/inspections/\d+/$"))
    assert page.locator("h1").inner_text() == "Norfolk Constabulary Crime Data Integrity inspection 2019"
    assert page.locator("tbody tr", has_text="Take steps to close the gaps").count() == 1
    assert page.locator("tbody tr", has_text="provide further crime recording training").count() == 0
    assert_accessible(page)
    shoot(page, "03-inspection")
    inspection_url = page.url

    # Open a finding, add an action and a progress update that proposes closure.
    page.click("a:has-text('Recommendation: Take steps')")
    finding_url = page.url
    page.click("summary:has-text('Add an action')")
    page.fill("#id_action-description", "Audit violent crime recording every month")
    page.fill("#id_action-owner", "Force crime registrar")
    page.fill("#id_action-due", "2026-03-31")
    page.click("button:has-text('Add action')")
    page.wait_for_url(finding_url)
    assert page.locator("td:has-text('Audit violent crime recording every month')").count() == 1
    page.click("summary:has-text('Record an update')")
    page.fill("#id_update-date", date.today().isoformat())
    page.fill("#id_update-note", "First monthly audit done: 94% of violent crimes recorded.")
    page.select_option("#id_update-new_status", "proposed_closure")
    page.click("button:has-text('Record update')")
    page.wait_for_url(finding_url)
    assert page.locator("strong:has-text('Proposed for closure')").count() >= 1
    assert_accessible(page)
    shoot(page, "04-finding")

    # The dashboard has changed.
    page.goto(f"{base}/")
    card = page.locator(".card", has_text="Proposed for closure")
    assert card.locator(".big").inner_text() == "1"
    assert page.locator("text=First monthly audit done").count() == 1
    assert_accessible(page)
    shoot(page, "05-dashboard")

    for url, name in [(f"{base}/inspections/", "06-inspections"), (f"{base}/boards/", "07-boards"),
                      (f"{base}/forces/norfolk-constabulary/", "08-force"),
                      (f"{base}/search/?q=violent", "09-search")]:
        page.goto(url)
        assert_accessible(page)
        shoot(page, name)

    # Another force's user cannot open any of it.
    page.click("button:has-text('Sign out')")
    sign_in(page, base, "bob")
    for url in (inspection_url, finding_url):
        response = page.goto(url)
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)
    shoot(page, "10-not-found")
