"""Shared fixtures for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import CORPUS_DOCS, corpus_documents


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    docs = corpus_documents()
    if not docs:
        pytest.fail(f"example corpus not found in {CORPUS_DOCS}; set SCRUTINY_SHARED")
    return docs
