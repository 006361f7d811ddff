"""Responses and document kinds in the shapes offices publish, written for other forces.

A commissioner's news item quoting the commissioner, a statement in the commissioner's
own voice, a letter keyed to recommendation numbers, a page handing over to the chief
constable, a force statement quoting its chief constable, minutes and index pages.
"""

from __future__ import annotations

from scrutiny.extraction.extractors import extract_document
from support import text_doc


def extract(text: str) -> dict:
    return extract_document(text_doc(text))


def keys(result: dict) -> list[tuple[str, str | None]]:
    return [(r["author"], r["finding_ref"]) for r in result["responses"]]


def test_news_item_quoting_the_commissioner_by_name() -> None:
    text = """\
Commissioner responds to inspection of Humberside Police

Jane Smith, Police and Crime Commissioner for Humberside, has welcomed the report published today.

Ms Smith said: "I am pleased that the inspectorate has recognised the work of officers.

"I will hold the Chief Constable to account for the areas that need to improve."

The report can be read on the inspectorate's website.
"""
    result = extract(text)
    assert result["document"]["kind"] == "pcc_response"
    assert result["document"]["forces"] == ["Humberside Police"]
    (response,) = result["responses"]
    assert response["author"] == "pcc"
    assert response["text"].startswith("I am pleased that the inspectorate")
    assert response["text"].endswith("areas that need to improve.")


def test_force_statement_quoting_its_chief_constable_is_not_the_commissioner() -> None:
    text = """\
Today HMICFRS published its report on Gwent Police.

Chief Constable Pam Kelly said: "We accept the findings and are already acting on them."
"""
    result = extract(text)
    assert result["document"]["kind"] == "other"
    assert keys(result) == [("chief_constable", None)]


def test_statement_in_the_commissioners_own_voice() -> None:
    text = """\
Statement from the Police and Crime Commissioner for Suffolk

Posted on Tuesday 3rd May

I welcome the report published by HMICFRS today. I will be asking the Chief Constable for his plans.
"""
    result = extract(text)
    assert result["document"]["kind"] == "pcc_response"
    assert result["responses"] == [
        {"author": "pcc", "finding_ref": None,
         "text": "I welcome the report published by HMICFRS today. I will be asking the Chief Constable for his plans."}]


def test_letter_answering_numbered_recommendations() -> None:
    text = """\
I am writing to you in response to the inspectorate's report on vetting, published on 2nd November 2022.

As the Police and Crime Commissioner for Kent, I support its conclusions.

In response to recommendations 4 and 7, I am advised by the Chief Constable that the vetting unit has grown.

In response to recommendation 9, I will monitor progress at my performance board.
"""
    result = extract(text)
    doc = result["document"]
    assert doc["kind"] == "pcc_response" and doc["published"] == "2022-11-02"
    assert doc["section55_deadline"] == "2022-12-27" and doc["forces"] == ["Kent Police"]
    assert keys(result) == [("pcc", None), ("chief_constable", "4"), ("chief_constable", "7"), ("pcc", "9")]


def test_page_handing_over_to_the_chief_constable() -> None:
    text = """\
Commissioner's response to HMICFRS report: An inspection of the police response to burglary

Burglary matters to residents and I welcome this report.

I have asked the Chief Constable for his response. His response is as follows:

The force accepts the recommendations.

Recommendation 2: By 31 March 2026, chief constables should review burglary investigations.

Avon and Somerset position:

A review is under way.
"""
    result = extract(text)
    assert result["document"]["inspection_title"] == "An inspection of the police response to burglary"
    assert keys(result) == [("pcc", None), ("chief_constable", None), ("chief_constable", "2")]


def test_minutes_and_index_pages_are_other_and_carry_no_responses() -> None:
    minutes = """\
Agenda item

HMICFRS PEEL Report

Minutes:

The PCC explained that the force had been graded good at preventing crime. A Member asked about
response times and the PCC said that the force was improving.
"""
    result = extract(minutes)
    assert result["document"]["kind"] == "other" and result["document"]["title"] == "HMICFRS PEEL Report"
    assert result["responses"] == []
    index = """\
HMICFRS and HMIP - Unannounced inspection of police custody in Norfolk

The inspection took place between 3 and 14 June 2024.

PCC's response

The PCC's response can be viewed here.
"""
    result = extract(index)
    doc = result["document"]
    assert doc["kind"] == "other" and doc["inspection_title"] == "Unannounced inspection of police custody in Norfolk"
    assert doc["published"] is None and doc["forces"] == ["Norfolk Constabulary"]
    assert result["responses"] == []


def test_inspectorate_news_release_is_dated_by_its_dateline() -> None:
    text = """\
Bedfordshire Police judged to be good at recording crime

12 Sep 2018 10:00 AM

HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) has today published an inspection.

Get the report

Bedfordshire Police: Crime Data Integrity inspection 2018

Notes to editors
"""
    doc = extract(text)["document"]
    assert doc["kind"] == "other"
    assert doc["published"] == "2018-09-12"
    assert doc["inspection_title"] == "Bedfordshire Police: Crime Data Integrity inspection 2018"
    assert doc["inspection_type"] == "crime_data_integrity"
    # A press release from an office about its own response is not dated as the report.
    office = "20 Oct 2023\n\nThe Commissioner has today published his response to the inspectorate's report.\n"
    assert extract(office)["document"]["published"] is None
