"""Every document of the corpus, laid out as other tools lay it out, extracts as its text form.

Nine renderings (headings all at one level, headings as bold paragraphs, a page of
``div``s with classes, numbered lists, text without blank lines, Word without heading
styles, a two-column PDF, …) of the five examples and the 67 real documents must give
the same findings and grades as the text, by the contract's scoring rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.extraction import extract_bytes, extract_file, read_file
from scrutiny.extraction.evaluate import Score, score_document
from scrutiny.extraction.render import VARIANTS, render_variant
from support import REAL_DOCS, corpus_documents

DOCUMENTS = corpus_documents() + sorted(REAL_DOCS.glob("*.txt"))


@pytest.fixture(scope="module")
def text_forms() -> dict[Path, dict]:
    return {path: extract_file(path) for path in DOCUMENTS}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_document_extracts_the_same_in_this_layout(variant: str, text_forms: dict[Path, dict]) -> None:
    total = Score()
    differing = []
    for path in DOCUMENTS:
        data, fmt = render_variant(read_file(path), variant, path.stem)
        got = extract_bytes(data, f"{path.stem}.{fmt}")
        one = Score()
        score_document(got, text_forms[path], one)
        score_document(got, text_forms[path], total)
        if one.overall.f1 < 1.0 or one.grades.f1 < 1.0:
            differing.append((path.stem, [m for m in one.misses if "document." not in m]))
    assert total.overall.f1 == 1.0 and total.grades.f1 == 1.0, differing


def test_the_layouts_named_in_the_issue_are_all_here() -> None:
    assert {"html-one-level", "html-bold-headings", "txt-no-blank-lines", "txt-numbered-lists",
            "pdf-two-columns", "docx-no-heading-styles", "html-divs"} <= set(VARIANTS)
