"""A recommendation to every force is one national recommendation, linked to every
office's copy; its page shows the answers of each force whose response is published."""

from __future__ import annotations

from typing import Any

from django.test import Client

from scrutiny.inspections.models import NationalRecommendation
from webtools import client_for, make_user, office_with_report, publish_response

REPORT = """Stalking and harassment: a national thematic inspection

Published on: 3 March 2025

Recommendations

Recommendation 1

By 30 September 2025, chief constables should make sure their forces record stalking crimes correctly.

Recommendation 2

By 31 December 2025, the College of Policing should publish guidance on stalking protection orders.
"""


def _office(force: str, name: str) -> tuple[Any, Any]:
    inspection, editor, admin = office_with_report(force, name, REPORT, "stalking.txt")
    return inspection, (editor, admin)


def test_a_national_recommendation_shows_three_forces_answers(db: Any) -> None:
    offices = {name: _office(force, name) for name, force in (
        ("norfolk", "Norfolk Constabulary"), ("staffs", "Staffordshire Police"),
        ("kent", "Kent Police"), ("essex", "Essex Police"))}
    assert NationalRecommendation.objects.count() == 1  # the College's is not to every force
    national = NationalRecommendation.objects.get()
    assert national.ref == "1" and national.copies.count() == 4
    for name in ("norfolk", "staffs", "kent"):
        inspection, (editor, admin) = offices[name]
        publish_response(inspection, editor, admin, answer=f"{name}: we audit stalking records monthly.")
    c = client_for(offices["norfolk"][1][0])
    page = c.get(national.get_absolute_url())
    body = page.content.decode()
    assert [a.force for a in page.context["answers"]] == [
        "Kent Police", "Norfolk Constabulary", "Staffordshire Police"]  # Essex has not published
    assert "staffs: we audit stalking records monthly." in body
    assert "The commissioner of Kent Police." in body
    own = offices["norfolk"][0].findings.get(national=national)
    assert "see how other forces answered it" in c.get(own.get_absolute_url()).content.decode()
    assert national.report_title in c.get("/national/").content.decode()


def test_an_office_without_a_copy_cannot_open_it(db: Any) -> None:
    _office("Norfolk Constabulary", "norfolk")
    outsider = make_user("outsider", "Dorset Police")
    national = NationalRecommendation.objects.get()
    assert client_for(outsider).get(national.get_absolute_url()).status_code == 404
    assert Client().get(national.get_absolute_url()).status_code == 302
