"""Document metadata: dates, forces, the section 55 deadline, kind, titles, type."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extraction.dates import parse_date, parse_month_end
from scrutiny.extraction.extractors import extract_document
from scrutiny.extraction.extractors.metadata import inspection_type_of
from scrutiny.extraction.forces import canonical_forces, resolve_forces, territorial_forces
from scrutiny.extraction.statute import section55_last_day
from support import text_doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 March 2025", date(2025, 3, 27)),
        ("27/3/2025", date(2025, 3, 27)),
        ("7th January 2020", date(2020, 1, 7)),
        ("Thursday 4 September 2014 at 00:01", date(2014, 9, 4)),
        ("March 27, 2025", date(2025, 3, 27)),
        ("2025-03-27", date(2025, 3, 27)),
        ("1 Sept 2023", date(2023, 9, 1)),
        ("31 February 2025", None),
        ("October 2022", None),
    ],
)
def test_dates_as_printed(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_month_and_year_is_the_end_of_the_month() -> None:
    assert parse_month_end("by February 2024") == date(2024, 2, 29)


def test_section55_last_day_is_published_plus_55() -> None:
    assert section55_last_day(date(2025, 3, 27)) == date(2025, 5, 21)
    assert section55_last_day(date(2020, 1, 7)) == date(2020, 3, 2)  # leap year
    assert section55_last_day(date(2017, 5, 2)) == date(2017, 6, 26)
    assert section55_last_day(date(2017, 5, 1)) is None  # before s55(5A) came into force
    assert section55_last_day(None) is None


def test_forces_list_and_aliases() -> None:
    assert len(territorial_forces()) == 43
    assert "British Transport Police" in canonical_forces()
    assert resolve_forces("Force: Staffordshire") == ["Staffordshire Police"]
    assert resolve_forces("the Met Police and GMP") == [
        "Metropolitan Police Service", "Greater Manchester Police"]
    assert resolve_forces("Avon & Somerset Constabulary") == ["Avon and Somerset Constabulary"]
    assert resolve_forces("Dyfed Powys") == ["Dyfed-Powys Police"]
    assert resolve_forces("Hampshire Constabulary") == ["Hampshire and Isle of Wight Constabulary"]
    assert resolve_forces("metropolitan areas and the home office") == []


def test_the_bundled_force_list_is_the_contract_list() -> None:
    from importlib import resources

    from support import SHARED

    bundled = resources.files("scrutiny.extraction").joinpath("data/forces.txt").read_text()
    assert bundled == (SHARED / "contract" / "forces.txt").read_text()


def test_inspection_type_most_specific_first() -> None:
    assert inspection_type_of(["Thematic", "Kent Police Crime Data Integrity inspection 2018"]) == \
        "crime_data_integrity"
    assert inspection_type_of(["PEEL 2023–25: An inspection of Kent Police"]) == "peel"
    assert inspection_type_of(["Criminal Justice Joint Inspection of case files"]) == "joint"
    assert inspection_type_of(["An inspection of custody"]) is None
    assert inspection_type_of(["the force thematic leads"]) is None


RESPONSE = """\
Police and Crime Commissioner for Cumbria: response to HMICFRS report

Inspection Title:\tPEEL 2023–25: An inspection of Cumbria Constabulary - HMICFRS
Date Published:\t12/09/2024
Force:\tCumbria

Commissioner's comments

I welcome the report.

For Office Use Only

- ☑ Copy sent to HMICFRS
- ☐ Copy sent to the Home Secretary
- Published on the OPCC website
"""


def test_response_form_fields_and_statutory_deadline() -> None:
    result = extract_document(text_doc(RESPONSE))
    doc = result["document"]
    assert doc["kind"] == "pcc_response"
    assert doc["title"] == "Police and Crime Commissioner for Cumbria: response to HMICFRS report"
    assert doc["inspection_title"] == "PEEL 2023–25: An inspection of Cumbria Constabulary"
    assert doc["inspection_type"] == "peel"
    assert doc["published"] == "2024-09-12"
    assert doc["forces"] == ["Cumbria Constabulary"]
    assert doc["section55_deadline"] == "2024-11-06"
    assert doc["section55_deadline_basis"] == "statutory"
    assert result["responses"] == [
        {"author": "pcc", "finding_ref": None, "text": "I welcome the report."}]
    assert result["distribution"] == [
        {"recipient": "hmicfrs", "done": True},
        {"recipient": "home_secretary", "done": False},
        {"recipient": "website", "done": True},
    ]


LETTER = """\
HM Inspector of Constabulary

12 March 2016

Chief Constable
Wiltshire Police

Dear Chief Constable

PEEL: Police effectiveness 2015 (Vulnerability)

The report will be published on 15 March 2016.

Yours sincerely
"""


def test_letter_subject_addressee_and_pre_2017_deadline() -> None:
    doc = extract_document(text_doc(LETTER))["document"]
    assert doc["kind"] == "inspection_letter"
    assert doc["title"] == "PEEL: Police effectiveness 2015 (Vulnerability)"
    assert doc["forces"] == ["Wiltshire Police"]
    assert doc["published"] == "2016-03-15"
    assert doc["inspection_type"] == "peel"
    assert doc["section55_deadline"] is None  # no statutory period before May 2017


def test_a_response_naming_its_report_in_quotes() -> None:
    text = """\
Response of the Police, Fire and Crime Commissioner for Essex

PFCC comments

I welcome the report entitled “An inspection of the police response to stalking.” and its findings.
"""
    doc = extract_document(text_doc(text))["document"]
    assert doc["kind"] == "pcc_response"
    assert doc["inspection_title"] == "An inspection of the police response to stalking"
    assert doc["forces"] == ["Essex Police"]
