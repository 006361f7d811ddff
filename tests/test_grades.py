"""Grade tables in both layouts, grades under headings, and the cross-check."""

from __future__ import annotations

from scrutiny.extraction.extractors import extract_document
from support import text_doc

COLUMN_TABLE = """\
Our judgments

Outstanding\tGood\tRequires improvement\tInadequate
\tEffectiveness\tEfficiency\t
\t\tLegitimacy\t

Effectiveness

Good

Efficiency

Inadequate
"""


def test_column_laid_table_with_four_tiers_and_a_disagreeing_heading() -> None:
    result = extract_document(text_doc(COLUMN_TABLE))
    assert result["grades"] == [
        {"area": "Effectiveness", "grade": "good"},
        {"area": "Efficiency", "grade": "requires_improvement"},
        {"area": "Legitimacy", "grade": "requires_improvement"},
    ]
    assert any("Efficiency" in w and "inadequate" in w for w in result["warnings"])


def test_grades_under_headings_without_a_table() -> None:
    text = "Investigating crime\n\nAdequate\n\nProtecting vulnerable people\n\nRequires improvement\n"
    assert extract_document(text_doc(text))["grades"] == [
        {"area": "Investigating crime", "grade": "adequate"},
        {"area": "Protecting vulnerable people", "grade": "requires_improvement"},
    ]


def test_a_grade_from_another_inspection_is_not_taken() -> None:
    text = """\
Lincolnshire Police Crime Data Integrity inspection 2018

The force was graded inadequate in last year's PEEL inspection.
"""
    assert extract_document(text_doc(text))["grades"] == []


def test_grades_from_the_sentence_opening_each_area_take_the_area_heading() -> None:
    text = """\
Police powers and public treatment

Kent Police is good at treating people fairly and with respect.

Investigating crime

Kent Police requires improvement at investigating crime.

The force is good at some things but not others.
"""
    # The reading rules: the area as printed when it is a heading.
    assert extract_document(text_doc(text))["grades"] == [
        {"area": "Police powers and public treatment", "grade": "good"},
        {"area": "Investigating crime", "grade": "requires_improvement"},
    ]
