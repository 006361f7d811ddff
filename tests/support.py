"""Shared test helpers: the example corpus, its gold files, documents written in tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scrutiny.extraction.document import Document
from scrutiny.extraction.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SCRUTINY_SHARED", ROOT.parent / "shared")).resolve()
CORPUS_DOCS = SHARED / "corpus" / "documents"
CORPUS_GOLD = SHARED / "corpus" / "expected"
REAL_DOCS = SHARED / "corpus" / "real" / "documents"


def corpus_documents() -> list[Path]:
    return sorted(CORPUS_DOCS.glob("*.txt"))


def gold_for(path: Path) -> dict[str, Any]:
    return json.loads((CORPUS_GOLD / (path.stem + ".json")).read_text("utf-8"))


def gold_for_real(path: Path) -> dict[str, Any]:
    return json.loads((REAL_DOCS.parent / "expected" / (path.stem + ".json")).read_text("utf-8"))


def text_doc(text: str, fmt: str = "txt") -> Document:
    """Read a document written in a test as if it came from a file."""
    return read_bytes(text.encode("utf-8"), fmt)

