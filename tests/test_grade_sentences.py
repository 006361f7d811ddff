"""Grades from the inspectorate's prose, labels and flattened tables, in shapes of other forces and years.

Each document here is written for the test in a layout the inspectorate uses; none is
copied from the corpus.  The traps are the reading rules': sub-topics, counts, earlier
years, hypotheticals and superseded grades give no grade.
"""

from __future__ import annotations

import pytest

from scrutiny.extraction.extractors import extract_document
from scrutiny.extraction.peel import match_concept
from support import text_doc


def grades(text: str) -> list[tuple[str, str]]:
    return [(g["area"], g["grade"]) for g in extract_document(text_doc(text))["grades"]]


def test_pillar_sentences_of_2015_to_2017() -> None:
    text = """\
Lancashire 2016

This is HMIC's third PEEL assessment of Lancashire Constabulary.

The extent to which the constabulary is effective at keeping people safe and reducing crime: not yet graded.

The extent to which the constabulary is efficient at keeping people safe and reducing crime is outstanding.

The extent to which the constabulary is legitimate at keeping people safe and reducing crime requires improvement.
"""
    assert grades(text) == [("Efficiency", "outstanding"), ("Legitimacy", "requires_improvement")]


def test_2014_question_grades_coordinated_in_one_sentence() -> None:
    text = """\
Merseyside 2014

The available evidence indicates that the force is good at tackling anti-social behaviour, and requires
improvement in the way it investigates offending. The efficiency with which the force carries out its
responsibilities is outstanding.
"""
    assert grades(text) == [
        ("Tackling anti-social behaviour", "good"),
        ("Investigating offending", "requires_improvement"),
        ("Efficiency", "outstanding"),
    ]


def test_question_heading_with_a_grade_label_and_a_sentence_under_it() -> None:
    text = """\
Kent PEEL 2017

Efficiency

How efficient is the force at keeping people safe and reducing crime?

Last updated 09/11/2017

Good

How well does the force understand demand?

Kent Police is outstanding at understanding demand.

How well does the force use its resources to manage current demand?

Requires improvement
"""
    assert grades(text) == [
        ("Efficiency", "good"),
        ("How well does the force understand demand?", "outstanding"),
        ("How well does the force use its resources to manage current demand?", "requires_improvement"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The force is good at catching criminals.",
        "The force has a good understanding of demand.",
        "In 2016 we judged the force to be good at investigating crime.",
        "The force was graded as good in last year's inspection of investigating crime.",
        "The force was found to be 'good' in four areas.",
        "If it continues to improve, the force could be judged good at investigating crime.",
        "The force's investigating crime grade was downgraded from good to",
        "Investigating crime: not yet graded.",
        "West Midlands Police was awarded no inadequate grades.",
        "We expect forces to be good at responding to the public.",
    ],
)
def test_sub_topics_counts_earlier_years_and_hypotheticals_give_no_grade(sentence: str) -> None:
    text = f"Dorset PEEL 2018\n\n{sentence}\n"
    assert grades(text) == []


def test_a_list_of_areas_after_a_count_and_a_dash() -> None:
    text = """\
Statement from Cleveland Police

The force was found to be inadequate in three areas – responding to the public, investigating crime and
managing offenders.
"""
    assert grades(text) == [
        ("Responding to the public", "inadequate"),
        ("Investigating crime", "inadequate"),
        ("Managing offenders", "inadequate"),
    ]


def test_superseded_grade_gives_only_the_new_one() -> None:
    text = """\
Essex PEEL 2018

The force's legitimacy was downgraded from good to requires improvement.
"""
    assert grades(text) == [("Legitimacy", "requires_improvement")]


def test_flattened_area_grade_rows_and_area_colon_grade_lines() -> None:
    text = """\
PEEL 2023–25: An inspection of Lincolnshire Police

Our judgments

Area Grade
Police powers and public treatment Adequate
Investigating crime Requires improvement
Protecting vulnerable people: Good
Leadership and force management – outstanding
"""
    assert grades(text) == [
        ("Police powers and public treatment", "adequate"),
        ("Investigating crime", "requires_improvement"),
        ("Protecting vulnerable people", "good"),
        ("Leadership and force management", "outstanding"),
    ]


def test_areas_in_one_row_and_their_grades_in_the_next() -> None:
    text = "Responding to the public\tInvestigating crime\nGood\tAdequate\n"
    assert grades(text) == [("Responding to the public", "good"), ("Investigating crime", "adequate")]


def test_crime_data_integrity_overall_grade_from_a_rating_and_the_title() -> None:
    text = """\
Cheshire Constabulary crime data integrity inspection 2018

Good

How effective is the force at recording reported crime?

graded requires improvement
"""
    assert grades(text) == [
        ("Crime data integrity", "good"),
        ("How effective is the force at recording reported crime?", "requires_improvement"),
    ]
    rated = "Durham crime data integrity inspection 2019\n\nThe outcome of the inspection was an 'outstanding' rating.\n"
    assert grades(rated) == [("Crime data integrity", "outstanding")]


def test_pillars_listed_together_share_one_grade() -> None:
    text = """\
Commissioner welcomes PEEL report

HMIC rated Surrey Police on its effectiveness, efficiency and legitimacy as 'good' overall.
"""
    assert grades(text) == [("Effectiveness", "good"), ("Efficiency", "good"), ("Legitimacy", "good")]


def test_the_vocabulary_names_graded_areas_not_sub_topics() -> None:
    assert match_concept("its planning for future demand").concept.name == "Planning for the future"
    assert match_concept("the ethical and lawful behaviour of its workforce").concept.kind == "question"
    assert match_concept("reducing crime and keeping people safe").concept.name == "Effectiveness"
    assert match_concept("catching criminals") is None
    assert match_concept("investigation quality") is None
    assert match_concept("Police powers and public treatment", strict=True).concept.kind == "area"
