"""Findings from documents in shapes the example corpus does not have."""

from __future__ import annotations

from datetime import date

from scrutiny.extraction.extractors import extract_document
from scrutiny.extraction.extractors.findings import find_due
from support import text_doc

PEEL_2024 = """\
PEEL 2023–25
Police effectiveness, efficiency and legitimacy
An inspection of Greater Manchester Police

Contents
Our judgments\t1
Cause of concern\t2
Areas for improvement\t3

Our judgments

Police powers and public treatment\tAdequate
Preventing crime\tGood
Responding to the public\tRequires improvement
Investigating crime\tInadequate

Responding to the public

Requires improvement

Cause of concern

The force needs to improve how it responds to calls for service

The force isn't answering emergency calls quickly enough. Too many callers abandon their non-emergency calls.

Recommendations

Within six months, the force should:

- make sure it answers emergency calls within national standards;
- make sure call handlers assess risk using a structured triage; and
- reduce the number of abandoned non-emergency calls.

Investigating crime

Inadequate

Area for improvement 1

The force should improve how it records equality data for victims of crime.

Records were incomplete in most of the cases we reviewed.

Area for improvement 2

By 30 June 2025, the force should make sure supervisors review investigations regularly.

Promising practice

Drones help the force find missing people quickly

The force uses drones to search open ground. This has reduced search times.

Main findings

The force should consider reviewing its approach to bail.
"""


def test_peel_report_with_numbered_afis_cause_of_concern_and_lead_in_recommendations() -> None:
    result = extract_document(text_doc(PEEL_2024))
    findings = result["findings"]
    kinds = [(f["type"], f["ref"]) for f in findings]
    assert kinds == [
        ("cause_of_concern", None),
        ("recommendation", None),
        ("recommendation", None),
        ("recommendation", None),
        ("area_for_improvement", "1"),
        ("area_for_improvement", "2"),
        ("promising_practice", None),
    ]
    concern = findings[0]
    assert concern["text"] == "The force needs to improve how it responds to calls for service"
    assert concern["area"] == "Responding to the public"
    assert concern["addressee"] is None
    recs = findings[1:4]
    assert recs[0]["text"] == "make sure it answers emergency calls within national standards"
    assert recs[2]["text"] == "reduce the number of abandoned non-emergency calls."
    assert {r["due_text"] for r in recs} == {"Within six months"}
    assert {r["addressee"] for r in recs} == {"the force"}
    assert all(r["due"] is None for r in recs)
    afi1, afi2 = findings[4], findings[5]
    assert afi1["text"] == "The force should improve how it records equality data for victims of crime."
    assert afi1["area"] == "Investigating crime"
    assert afi2["due"] == "2025-06-30" and afi2["due_text"] == "By 30 June 2025"
    assert findings[6]["text"] == "Drones help the force find missing people quickly"
    # "The force should consider…" under Main findings is narrative, not a finding.
    assert not any("bail" in f["text"] for f in findings)


def test_peel_report_grades_from_row_table() -> None:
    result = extract_document(text_doc(PEEL_2024))
    assert result["grades"] == [
        {"area": "Police powers and public treatment", "grade": "adequate"},
        {"area": "Preventing crime", "grade": "good"},
        {"area": "Responding to the public", "grade": "requires_improvement"},
        {"area": "Investigating crime", "grade": "inadequate"},
    ]
    assert result["warnings"] == []


THEMATIC = """\
# An inspection of vetting, misconduct and misogyny in the police service

Published 2 November 2022

## Recommendations

We make the following recommendations.

**Recommendation 1**

By 30 April 2023, the College of Policing should review its vetting authorised professional practice. It should include:

- the minimum standard for reviewing intelligence;
- how to record vetting decisions.

**Recommendation 2a**

By 31 October 2023, chief constables should make sure their vetting units are properly resourced.

Recommendation 3: Immediately, chief constables should stop re-vetting officers only by self-declaration.

## Next steps

Chief constables should tell us what they have done. This is not a recommendation.
"""


def test_thematic_report_labels_sub_bullets_letters_and_inline_labels() -> None:
    result = extract_document(text_doc(THEMATIC, "md"))
    recs = result["findings"]
    assert [r["ref"] for r in recs] == ["1", "2a", "3"]
    assert recs[0]["addressee"] == "the College of Policing"
    assert recs[0]["due"] == "2023-04-30"
    assert recs[0]["text"].endswith(
        "It should include: - the minimum standard for reviewing intelligence; "
        "- how to record vetting decisions."
    )
    assert recs[1]["addressee"] == "chief constables"
    assert recs[2]["text"].startswith("Immediately, chief constables should stop")
    assert recs[2]["due"] is None and recs[2]["due_text"] == "Immediately"
    doc = result["document"]
    assert doc["kind"] == "inspection_report"
    assert doc["published"] == "2022-11-02"
    # A national report that names no force: no force, so no section 55 deadline.
    assert doc["forces"] == []
    assert doc["section55_deadline"] is None


NUMBERED_LIST = """\
Joint inspection of the police response to stalking

Recommendations

1. By 31 March 2024, the Home Office should amend the stalking guidance.
2. Chief constables should, by September 2024, review how stalking is recorded.
3. The National Police Chiefs' Council should publish guidance.
"""


def test_numbered_list_recommendations_take_their_numbers_as_refs() -> None:
    result = extract_document(text_doc(NUMBERED_LIST))
    recs = result["findings"]
    assert [(r["ref"], r["addressee"]) for r in recs] == [
        ("1", "the Home Office"),
        ("2", "chief constables"),
        ("3", "the National Police Chiefs' Council"),
    ]
    assert recs[0]["due"] == "2024-03-31"
    # A month without a day means the end of that month.
    assert recs[1]["due"] == "2024-09-30"
    assert result["document"]["inspection_type"] == "joint"


def test_report_with_no_findings_gives_none() -> None:
    text = """\
Police workforce statistics: a commentary

This commentary describes the size of the police workforce in England and Wales.
Forces should note that the figures are provisional.

Recommendations are not made in this commentary.
"""
    result = extract_document(text_doc(text))
    assert result["findings"] == []
    assert result["grades"] == []
    assert result["responses"] == []


def test_due_dates_as_printed() -> None:
    assert find_due("By 31 December 2025, chief constables should act.") == (
        date(2025, 12, 31), "By 31 December 2025")
    assert find_due("The force should, by 1st April 2026, review.") == (
        date(2026, 4, 1), "by 1st April 2026")
    assert find_due("Within three months, the force should act.") == (None, "Within three months")
    assert find_due("The force should act immediately.") == (None, "immediately")
    assert find_due("The force should review its policy.") == (None, None)


def test_a_recommendation_quoted_again_is_one_finding() -> None:
    text = """\
Recommendations

Recommendation 1

By 31 May 2026, chief constables should review their use of force training.

Chief Constable's response

Recommendation 1

**By 31 May 2026, chief constables should review their use of force training.**

We have reviewed our training and will report to the board.
"""
    result = extract_document(text_doc(text))
    assert len(result["findings"]) == 1
    assert result["findings"][0]["location"]["start"] == text.index("By 31 May")
    assert result["responses"] == [
        {"author": "chief_constable", "finding_ref": "1",
         "text": "We have reviewed our training and will report to the board."}
    ]


def test_numbers_restarting_in_a_new_chapter_are_different_findings() -> None:
    text = """\
Chapter 1: Vetting

Recommendation 1

By 31 March 2026, chief constables should review vetting decisions made since 2020.

Chapter 2: Misconduct

Recommendation 1

By 30 June 2026, the College of Policing should publish misconduct guidance for supervisors.
"""
    recs = extract_document(text_doc(text))["findings"]
    assert [(r["ref"], r["due"]) for r in recs] == [("1", "2026-03-31"), ("1", "2026-06-30")]


RESPONSE_TABLE = """\
West Mercia Police response to HMICFRS: An inspection of the police response to stalking

Ref\tRecommendation\tForce response\tStatus
1\tBy 30 April 2025, chief constables should appoint a stalking lead.\tA superintendent leads stalking work.\tComplete
2a\tChief constables should review stalking protection order use.\tReview under way; report due in June.\tIn progress

Contents
Areas for improvement\t12
Recommendations\tNone
"""


def test_findings_and_answers_laid_out_in_a_table() -> None:
    doc = text_doc(RESPONSE_TABLE)
    result = extract_document(doc)
    recs = result["findings"]
    assert [(r["ref"], r["due"], r["addressee"]) for r in recs] == [
        ("1", "2025-04-30", "chief constables"), ("2a", None, "chief constables")]
    loc = recs[0]["location"]
    assert doc.text[loc["start"]:loc["end"]] == (
        "By 30 April 2025, chief constables should appoint a stalking lead.")
    assert result["responses"] == [
        {"author": "chief_constable", "finding_ref": "1", "text": "A superintendent leads stalking work."},
        {"author": "chief_constable", "finding_ref": "2a", "text": "Review under way; report due in June."},
    ]


def test_section_labels_with_lead_words_and_bulleted_afis() -> None:
    text = """\
Summary of recommendations

Recommendation 1: By 1 April 2024, the College of Policing should update its guidance.

Our areas for improvement

• The force should improve its understanding of demand.
• The force should make sure that supervisors review crime allocation decisions.

Chapter 4: Recommendations

Recommendation 1: By 1 April 2024, the College of Policing should update its guidance.
"""
    findings = extract_document(text_doc(text))["findings"]
    assert [(f["type"], f["ref"]) for f in findings] == [
        ("recommendation", "1"), ("area_for_improvement", None), ("area_for_improvement", None)]
    assert findings[1]["text"] == "The force should improve its understanding of demand."


def test_answers_printed_under_each_recommendation() -> None:
    text = """\
Recommendations

Recommendation 1

By 30 June 2025, chief constables should review their vetting of new recruits.

Force response

All new recruits are now vetted to the enhanced standard.

Recommendation 2

By 30 June 2025, chief constables should record every vetting decision.

Chief Constable's response: Decisions are recorded in the vetting system.

PCC comment: I will check this at my next accountability meeting.
"""
    result = extract_document(text_doc(text))
    assert [f["ref"] for f in result["findings"]] == ["1", "2"]
    assert result["responses"] == [
        {"author": "chief_constable", "finding_ref": "1",
         "text": "All new recruits are now vetted to the enhanced standard."},
        {"author": "chief_constable", "finding_ref": "2",
         "text": "Decisions are recorded in the vetting system."},
        {"author": "pcc", "finding_ref": "2",
         "text": "I will check this at my next accountability meeting."},
    ]
