"""Across inspections and forces, in Chromium: a finding the inspectorate has made before is
flagged "raised again" when its report is recorded; a national recommendation's page sets
three forces' answers side by side; the register filters by theme."""

from __future__ import annotations

import re

import pytest

from browsertools import assert_accessible, assert_fits, shoot, sign_in, upload_and_read
from scrutiny.inspections.models import Finding, NationalRecommendation
from webtools import office_with_report, publish_response

pytestmark = pytest.mark.browser

OLD = """Norfolk Constabulary: crime data integrity inspection 2019

Published on: 7 January 2020

Areas for improvement

The force should make sure it records reported crimes of violence accurately and within 24 hours of the report.
"""
NEW = """Norfolk Constabulary: PEEL inspection 2023

Published on: 12 May 2023

Areas for improvement

The force should make sure it records crimes of violence accurately, within 24 hours of their being reported.

The force should improve how it answers non-emergency calls from the public.
"""
NATIONAL = """Stalking and harassment: a national thematic inspection

Published on: 3 March 2025

Recommendations

Recommendation 1

By 30 September 2025, chief constables should make sure their forces record stalking crimes correctly.
"""


def _record(page, base: str, path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/ingest/")
    upload_and_read(page, path)
    page.click("button:has-text('Accept and record')")
    page.wait_for_url(re.compile(r".*/inspections/\d+/$"))


def test_raised_again_national_answers_and_the_theme_filter(page, live_server, alice, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_in(page, base, "alice")
    old, new = tmp_path / "cdi-2019.txt", tmp_path / "peel-2023.txt"
    old.write_text(OLD)
    new.write_text(NEW)
    _record(page, base, old)
    Finding.objects.filter(text__contains="violence").update(status="closed",
                                                             closure_basis="self_assessed")
    _record(page, base, new)
    # The new report's recording finding is flagged where the office looks.
    row = page.locator("tr", has_text="records crimes of violence")
    assert row.locator("text=Raised again").count() == 1
    assert page.locator("tr", has_text="non-emergency calls").locator("text=Raised again").count() == 0
    row.locator("a").first.click()
    assert page.locator("#similar-h").inner_text() == "Said before?"
    assert page.locator(".similar mark", has_text="violence").count() >= 1
    assert_accessible(page)
    shoot(page, "40-said-before")

    # The theme filter of the register.
    page.goto(f"{base}/findings/")
    page.select_option("#id_theme", label="Call handling and first contact")
    page.click("button:has-text('Filter')")
    assert "theme=call_handling" in page.url
    assert int(page.locator(".result-count strong").inner_text()) == 1
    assert page.locator("tbody tr", has_text="non-emergency calls").count() == 1
    assert_fits(page, "41-register-by-theme")

    # A national recommendation held by four offices, three of which have published.
    for force, name in (("Norfolk Constabulary", "norfolk"), ("Staffordshire Police", "staffs"),
                        ("Kent Police", "kent"), ("Essex Police", "essex")):
        inspection, editor, admin = office_with_report(force, name, NATIONAL, "stalking.txt")
        if name != "essex":
            publish_response(inspection, editor, admin, answer=f"{force}: stalking records audited.")
    national = NationalRecommendation.objects.get()
    page.goto(f"{base}/national/{national.pk}/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("th").inner_text().split("\n")[0] for i in range(3)] == [
        "Kent Police", "Norfolk Constabulary", "Staffordshire Police"]
    assert page.locator("text=Staffordshire Police: stalking records audited.").count() == 1
    assert_accessible(page)
    assert_fits(page, "42-national-recommendation")
    shoot(page, "42-national-recommendation")


def test_grade_comparison_with_the_most_similar_forces(page, live_server, db) -> None:  # type: ignore[no-untyped-def]
    """An administrator lists the force's most similar forces, then sees where the force
    stands against every force graded and against them."""
    from scrutiny.accounts.models import Membership
    from webtools import make_user, peel_grades

    make_user("anna", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)
    peel_grades("Norfolk Constabulary", ["good", "adequate", "requires_improvement"])
    for force, grades in (("Suffolk Constabulary", ["good", "good", "adequate"]),
                          ("Wiltshire Police", ["adequate", "inadequate", "good"]),
                          ("Kent Police", ["outstanding", "good", "good"])):
        peel_grades(force, grades)
    base = live_server.url
    sign_in(page, base, "anna")
    page.goto(f"{base}/forces/norfolk-constabulary/")
    page.click("text=Compare Norfolk Constabulary's PEEL grades")
    assert page.locator("#no-similar").count() == 1
    page.click("#no-similar a")
    for name in ("Suffolk Constabulary", "Wiltshire Police"):
        page.check(f"label:has-text('{name}')")
    page.fill("#id_source", "Home Office most similar groups, 2025")
    page.click("button:has-text('Save the list')")
    assert page.locator("text=Most similar forces saved.").count() == 1
    assert page.locator("#current-similar li").all_inner_texts() == [
        "Suffolk Constabulary", "Wiltshire Police"]
    assert_accessible(page)
    page.click("text=the grade comparison page")
    assert page.locator("svg.chart title", has_text="Good: 2 of 4 forces graded").count() == 3
    # The marker: on every area's bar of all forces (3), and on the most similar forces'
    # bar where one of them has the same grade (only "Investigating crime": Suffolk, good).
    assert page.locator("svg.chart path").count() == 4
    row = page.locator("tbody tr", has_text="Investigating crime").first
    assert "Suffolk Constabulary: Good" in row.inner_text()
    assert "Wiltshire Police: Adequate" in row.inner_text()
    assert_accessible(page)
    shoot(page, "43-grade-comparison")
    assert_fits(page, "43-grade-comparison")
