"""Findings in the shapes real pages take, written for other forces and years.

Tracker pages, letters about causes of concern, lead-ins with bullets outside any
label, run-together text copied from a PDF, and the traps the reading rules name.
"""

from __future__ import annotations

from scrutiny.extraction.extractors import extract_document
from support import text_doc


def findings(text: str) -> list[dict[str, object]]:
    return extract_document(text_doc(text))["findings"]


def test_tracker_page_with_its_status_log() -> None:
    text = """\
Police response to domestic abuse: an inspection of Lincolnshire Police (5120)

Within three months the force should:

  • review how it assesses risk for repeat victims;
  • make sure supervisors check every risk assessment; and
  • train call handlers in coercive control.

[on]2nd March 2015 [status]awaiting-review[/status][/on][on]4th May 2016 [comment]

The force has completed this work.

[/comment][/on][on]4th May 2016 [status]complete[/status][/on]
"""
    result = extract_document(text_doc(text))
    got = [(f["type"], f["text"], f["due_text"], f["addressee"]) for f in result["findings"]]
    assert got == [
        ("recommendation", "review how it assesses risk for repeat victims", "Within three months", "the force"),
        ("recommendation", "make sure supervisors check every risk assessment", "Within three months", "the force"),
        ("recommendation", "train call handlers in coercive control.", "Within three months", "the force"),
    ]
    doc = result["document"]
    assert doc["kind"] == "other" and doc["title"] is None
    assert doc["inspection_title"] == "Police response to domestic abuse: an inspection of Lincolnshire Police"
    assert result["responses"] == []  # the status comments are not responses


def test_single_recommendation_tracker_page_with_a_calendar_deadline() -> None:
    text = """\
Stop and search: a national thematic (7101)

By 31 July 2016, all forces should publish their stop and search data.

[on]3rd April 2015 [status]being-progressed[/status][/on]
"""
    (rec,) = findings(text)
    assert rec["due"] == "2016-07-31" and rec["addressee"] == "all forces"


def test_letter_restating_a_cause_of_concern_and_its_recommendations() -> None:
    text = """\
Cleveland Police: PEEL cause of concern revisit letter

Published on: 12 June 2024

Letter information

From:
A N Inspector
His Majesty's Inspector of Constabulary

To:
A Chief Constable
Chief Constable
Cleveland Police

Sent on:
12 June 2024

Investigating crime

Cause of concern

The force isn't investigating crime effectively and victims don't get the service they deserve.

Recommendations

Our cause of concern had two recommendations:

Within six months, the force should:

  • make sure investigations are allocated to officers with the right skills; and
  • improve how supervisors review investigations.
"""
    result = extract_document(text_doc(text))
    got = [(f["type"], f["area"], f["due_text"]) for f in result["findings"]]
    assert got == [
        ("cause_of_concern", "Investigating crime", None),
        ("recommendation", "Investigating crime", "Within six months"),
        ("recommendation", "Investigating crime", "Within six months"),
    ]
    doc = result["document"]
    assert doc["kind"] == "inspection_letter"
    assert doc["published"] == "2024-06-12" and doc["section55_deadline"] == "2024-08-06"
    assert doc["forces"] == ["Cleveland Police"]


def test_narrative_lists_quoted_earlier_recommendations_and_paraphrases_are_not_findings() -> None:
    text = """\
Norfolk PEEL 2018

How effective is the force at investigating crime and reducing re-offending?

There is still more work to do, in particular:

  • to make sure that all crimes are investigated well; and
  • to support victims throughout.

In our 2016 report, we recommended that all forces should:

  • publish their stop and search data; and
  • explain their use of force.

The key aims of the new approach are to:

  • reduce demand;
  • improve quality.
"""
    assert findings(text) == []
    news = """\
Report published by HMICFRS: an inspection of the police response to fraud

HMICFRS has made seven recommendations to help policing improve. These include:

  • a national fraud strategy designed by the Home Office;
  • appointing a fraud lead in every force.

HM Inspector of Constabulary Wendy Williams said: "Victims deserve better."
"""
    assert findings(news) == []


def test_recommendations_run_together_after_a_lead_in_in_a_pdf_copy() -> None:
    text = (
        "1.3 The report made a small number of recommendations: The force should improve its crime "
        "recording. This is so victims are counted The force should review its bail practice "
        "The force should publish its plans. 1.4 The Committee noted the report.\n"
    )
    got = [(f["type"], f["text"]) for f in findings(text)]
    assert got == [
        ("recommendation", "The force should improve its crime recording. This is so victims are counted"),
        ("recommendation", "The force should review its bail practice"),
        ("recommendation", "The force should publish its plans."),
    ]


def test_third_party_tracker_rows_with_status_and_force_lines() -> None:
    text = """\
PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Kent Police

Recommendations

1

Completed

HMICFRS recommends that within three months the force should: review its custody staffing; and

Kent Police

2

In progress

HMICFRS recommends that within three months the force should: audit its use of bail.

Kent Police
"""
    result = extract_document(text_doc(text))
    got = [(f["text"], f["due_text"], f["addressee"]) for f in result["findings"]]
    assert got == [
        ("HMICFRS recommends that within three months the force should: review its custody staffing",
         "within three months", "the force"),
        ("HMICFRS recommends that within three months the force should: audit its use of bail.",
         "within three months", "the force"),
    ]
    assert result["document"]["kind"] == "other"


def test_area_named_before_its_label() -> None:
    text = """\
HMICFRS PEEL 2018/19 – Dorset Police

Legitimacy: areas for improvement

- The force should improve how it monitors the use of force.

OPCC comment: We will review this at the next scrutiny panel.
"""
    result = extract_document(text_doc(text))
    (afi,) = result["findings"]
    assert afi["type"] == "area_for_improvement" and afi["area"] == "Legitimacy"
    assert result["responses"] == [
        {"author": "pcc", "finding_ref": None, "text": "We will review this at the next scrutiny panel."}]


def test_relative_deadlines_and_actions_that_are_not_deadlines() -> None:
    text = """\
Recommendations

With immediate effect, chief constables should stop using the old risk form.

The force should respond to every complaint within 24 hours of receipt.
"""
    first, second = findings(text)
    assert (first["due"], first["due_text"], first["addressee"]) == (None, "With immediate effect", "chief constables")
    assert second["due_text"] is None
