"""The same five documents as PDF, DOCX and HTML give the same extraction as the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scrutiny.extraction import extract_bytes, extract_file
from scrutiny.extraction.extractors.vocabulary import norm
from scrutiny.extraction.readers import read_file
from scrutiny.extraction.render import to_docx, to_html, to_pdf
from support import corpus_documents


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "findings": [(f["type"], f["ref"], norm(f["text"]), f["due"], f["due_text"],
                      f["addressee"], f["area"]) for f in result["findings"]],
        "grades": result["grades"],
        "responses": [(r["author"], r["finding_ref"], norm(r["text"]))
                      for r in result["responses"]],
        "distribution": result["distribution"],
        "document": result["document"],
    }


RENDERERS = {
    "pdf": lambda doc, name: to_pdf(doc, name),
    "docx": lambda doc, name: to_docx(doc),
    "html": lambda doc, name: to_html(doc, name).encode("utf-8"),
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem[:3])
def test_rendered_document_extracts_like_the_text(path: Path, fmt: str) -> None:
    expected = extract_file(path)
    data = RENDERERS[fmt](read_file(path), path.stem)
    got = extract_bytes(data, f"{path.stem}.{fmt}")
    assert got["source"]["format"] == fmt
    assert _comparable(got) == _comparable(expected)
    if fmt == "pdf":
        assert got["source"]["pages"] and got["source"]["pages"] >= 1
        for f in got["findings"]:
            assert f["location"]["page"] is not None
