"""The development set of real documents (../shared/corpus/real) against its gold.

The floors are the ones the project promises not to fall below; the measured figures
(all at or near 1.000 when written) are in the README with the command that gives them.
"""

from __future__ import annotations

import pytest

from scrutiny.extraction import extract_file
from scrutiny.extraction.evaluate import Score, score_document
from support import REAL_DOCS, gold_for_real

FINDINGS_F1_FLOOR = 0.90
GRADES_F1_FLOOR = 0.90
RESPONSES_F1_FLOOR = 0.85
FIELDS_FLOOR = 0.85


@pytest.fixture(scope="module")
def score() -> Score:
    total = Score()
    for path in sorted(REAL_DOCS.glob("*.txt")):
        score_document(extract_file(path), gold_for_real(path), total)
    return total


def test_real_documents_meet_the_quality_floors(score: Score) -> None:
    assert score.overall.f1 >= FINDINGS_F1_FLOOR, score.misses
    assert score.grades.f1 >= GRADES_F1_FLOOR, score.misses
    assert score.responses.f1 >= RESPONSES_F1_FLOOR, score.misses
    assert score.field_accuracy >= FIELDS_FLOOR, score.misses


def test_every_real_document_has_gold() -> None:
    assert sorted(p.stem for p in REAL_DOCS.glob("*.txt")) == sorted(
        p.stem for p in (REAL_DOCS.parent / "expected").glob("*.json"))


@pytest.mark.parametrize("path", sorted(REAL_DOCS.glob("*.txt")), ids=lambda p: p.stem)
def test_finding_locations_cover_exactly_their_text(path) -> None:
    text = path.read_text("utf-8")
    for f in extract_file(path)["findings"]:
        loc = f["location"]
        assert " ".join(text[loc["start"]:loc["end"]].replace("*", "").split()) == f["text"]
