"""The example corpus against its gold extractions (../shared/corpus/expected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.extraction import extract_file
from scrutiny.extraction.evaluate import Score, score_document
from support import CORPUS_DOCS, CORPUS_GOLD, corpus_documents, gold_for

FINDINGS_F1_FLOOR = 0.97
GRADES_F1_FLOOR = 1.0
FIELDS_FLOOR = 0.95


@pytest.fixture(scope="module")
def score(corpus: list[Path]) -> Score:
    total = Score()
    for path in corpus:
        score_document(extract_file(path), gold_for(path), total)
    return total


def test_corpus_meets_quality_floors(score: Score) -> None:
    assert score.overall.f1 >= FINDINGS_F1_FLOOR, score.misses
    assert score.grades.f1 >= GRADES_F1_FLOOR, score.misses
    assert score.field_accuracy >= FIELDS_FLOOR, score.misses
    assert score.due_accuracy == 1.0, score.misses


def test_every_gold_file_has_its_document() -> None:
    gold = sorted(p.stem for p in CORPUS_GOLD.glob("*.json"))
    docs = sorted(p.stem for p in CORPUS_DOCS.iterdir())
    assert gold and gold == docs


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem[:3])
def test_findings_texts_and_locations_match_gold(path: Path) -> None:
    result = extract_file(path)
    gold = gold_for(path)
    assert result["source"]["sha256"] == gold["source"]["sha256"]
    got = [(f["type"], f["ref"], f["text"], f["due"], f["due_text"], f["addressee"], f["area"],
            f["location"]) for f in result["findings"]]
    want = [(f["type"], f["ref"], f["text"], f["due"], f["due_text"], f["addressee"], f["area"],
             f["location"]) for f in gold["findings"]]
    assert got == want
    text = path.read_text("utf-8")
    for f in result["findings"]:
        loc = f["location"]
        # The location is where a reader can find the finding in the file.
        assert " ".join(text[loc["start"]:loc["end"]].replace("*", "").split()) == f["text"]


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem[:3])
def test_responses_and_distribution_match_gold(path: Path) -> None:
    result = extract_file(path)
    gold = gold_for(path)
    assert result["responses"] == gold["responses"]
    assert result["distribution"] == gold["distribution"]
    assert {k: result["document"][k] for k in gold["document"]} == gold["document"]
