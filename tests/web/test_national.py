"""A recommendation to every force is one national recommendation, linked to every
office's copy; its page shows the answers of each force whose response is published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from scrutiny.accounts.models import Membership
from scrutiny.cli import main
from scrutiny.inspections.models import Inspection, NationalRecommendation
from support import CORPUS_GOLD
from webtools import client_for, corpus_file, make_user, office_with_report, publish_response

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


# A third force's published response, laid out its own way: the report's title printed
# without the "Crime investigations:" the Norfolk response puts in front of it.
KENT_RESPONSE = """Kent Police and Crime Commissioner: response to HMICFRS inspection report

Inspection Title: An inspection into how effectively the police investigate crime

Published on: 27 March 2025

Police Forces: Kent Police

Section 55 Response Deadline: 22 May 2025

Commissioner's comments

I welcome this report and will follow progress at my performance and delivery board.

Recommendation 3

{text}

Chief Constable's response

Kent Police now assesses every online crime report within one hour.
"""


def test_ingesting_many_forces_responses_fills_one_national_recommendation(
        db: Any, tmp_path: Path, capsys: Any) -> None:
    """`scrutiny ingest --accept` of three forces' responses to one thematic report, each
    printing its title differently: one national record per recommendation, holding all
    three copies, answered by the two forces whose responses are published."""
    norfolk, staffs = corpus_file("000"), corpus_file("002")  # a published response; a record
    gold = json.loads((CORPUS_GOLD / f"{norfolk.stem}.json").read_text())
    third = next(f["text"] for f in gold["findings"] if f["ref"] == "3")
    kent = tmp_path / "kent-response.txt"
    kent.write_text(KENT_RESPONSE.format(text=third))
    assert main(["ingest", "--accept", str(norfolk), str(staffs), str(kent)]) == 0
    assert Inspection.objects.values("force").distinct().count() == 3  # one record per office
    assert len(set(Inspection.objects.values_list("title", flat=True))) == 2  # two wordings
    nationals = NationalRecommendation.objects.all()
    assert nationals.count() == 8  # recommendations 3-7 and 9-11, not one set per office
    three = nationals.get(ref="3")
    assert sorted(three.copies.values_list("inspection__force__name", flat=True)) == [
        "Kent Police", "Norfolk Constabulary", "Staffordshire Police"]
    reader = make_user("reader", "Kent Police", Membership.Role.READER)
    page = client_for(reader).get(three.get_absolute_url())
    answers = {a.force: a for a in page.context["answers"]}
    assert set(answers) == {"Kent Police", "Norfolk Constabulary"}
    assert answers["Kent Police"].cc_answer.startswith("Kent Police now assesses")
    assert "online options" in answers["Norfolk Constabulary"].cc_answer
    assert "performance and delivery board" in answers["Kent Police"].pcc_answer
    assert page.context["waiting"] == ["Staffordshire Police"]  # its record is not published
    assert main(["ingest", "--accept", str(kent)]) == 0  # again: nothing new
    assert NationalRecommendation.objects.count() == 8 and three.copies.count() == 3
    capsys.readouterr()


def test_linking_tells_reports_and_recommendations_apart() -> None:
    from datetime import date

    from scrutiny.inspections.national import Copy, _likeness, same_report

    assert same_report("Crime investigations: An inspection into how effectively the police "
                       "investigate crime", "An inspection into how effectively the police "
                       "investigate crime")
    assert not same_report("An inspection of vetting, misconduct, and misogyny in the police service",
                           "An inspection into how effectively the police investigate crime")
    national = NationalRecommendation(report_title="Stalking and harassment", ref="1",
                                      text="Chief constables should record stalking correctly.",
                                      published=date(2025, 3, 3))
    same = Copy("Stalking and harassment: a thematic", "1", "chief constables should record "
                "stalking crimes", date(2025, 3, 4))
    assert _likeness(same, national) > 1
    assert _likeness(Copy(same.title, "2", same.text, same.published), national) == 0
    # The same words in a report published two years later are a new recommendation.
    assert _likeness(Copy(same.title, "1", national.text, date(2027, 3, 3)), national) == 0
    # No title in common, but the recommendation's words all but identical.
    assert _likeness(Copy("Our response", "", national.text, None), national) > 0.9


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_response_published_by_scrutiny_reads_back_as_a_published_response(
        db: Any, fmt: str) -> None:
    """The public area's documents of one Scrutiny are what another ingests: each reads as
    the commissioner's published response, each answer tied to its recommendation."""
    from scrutiny.extraction import read_and_extract

    inspection, (editor, admin) = _office("Kent Police", "kent")
    version = publish_response(inspection, editor, admin, answer="Kent audits stalking records.",
                               pcc_comments="I will hold the Chief Constable to account.")
    data = Client().get(f"/public/responses/{version.pk}/response.{fmt}").content
    _, result = read_and_extract(data, f"response.{fmt}")
    assert result["document"]["kind"] == "pcc_response"
    assert result["document"]["forces"] == ["Kent Police"]
    assert result["document"]["published"] == "2025-03-03"
    refs = [f["ref"] for f in result["findings"] if f["type"] == "recommendation"]
    assert "1" in refs
    answers = {r["finding_ref"]: r["text"] for r in result["responses"]
               if r["author"] == "chief_constable" and r["finding_ref"]}
    assert answers["1"] == "Kent audits stalking records."
    assert any("hold the Chief Constable to account" in r["text"] for r in result["responses"]
               if r["author"] == "pcc")


def test_numbers_tell_one_reports_recommendations_apart() -> None:
    """Two recommendations of one report worded nearly alike stay two."""
    from datetime import date

    from scrutiny.inspections.national import Copy, _likeness

    first = NationalRecommendation(report_title="Crime investigations", ref="6",
                                   text="By 31 December 2025, chief constables should make sure "
                                        "supervisors review every investigation plan.",
                                   published=date(2025, 3, 27))
    other = Copy("Crime investigations", "9", "By 31 December 2025, chief constables should make "
                 "sure supervisors review every investigation plans.", date(2025, 3, 27))
    assert _likeness(other, first) == 0
