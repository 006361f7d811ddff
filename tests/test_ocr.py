"""Scanned PDFs: read by text recognition (Tesseract), or refused with a clear reason.

The five examples are rendered to PDF, rasterised by poppler's pdftoppm and rebuilt as
PDFs of images only, as a scanner would make them; read back, they give the findings
of their gold files.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scrutiny.extraction import extract_bytes, read_file
from scrutiny.extraction.evaluate import Score, score_document
from scrutiny.extraction.render import to_pdf
from support import CORPUS_GOLD, corpus_documents

SCRUTINY = [sys.executable, "-m", "scrutiny"]


def scanned(pdf: bytes, folder: Path, dpi: int = 150) -> bytes:
    """A PDF of page images only: the pages rasterised by pdftoppm."""
    from PIL import Image

    source = folder / "source.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(folder / "page")],
                   check=True, timeout=300)
    images = [Image.open(p).convert("L") for p in sorted(folder.glob("page-*.png"))]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    made = {}
    for path in corpus_documents():
        folder = tmp_path_factory.mktemp(path.stem[:3])
        made[path.stem] = scanned(to_pdf(read_file(path), path.stem), folder)
    return made


def test_scanned_examples_are_read_with_their_findings(scans: dict[str, bytes]) -> None:
    total = Score()
    for stem, data in scans.items():
        result = extract_bytes(data, f"{stem}.pdf")
        assert any("text recognition" in w for w in result["warnings"])
        score_document(result, json.loads((CORPUS_GOLD / f"{stem}.json").read_text("utf-8")), total)
    assert total.overall.f1 >= 0.90, total.misses
    assert total.grades.f1 >= 0.90, total.misses


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCRUTINY, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_ocr_can_be_turned_off_and_says_so(scans: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scans["003_1bd8c25de87ad1e7"])
    result = _run("extract", "--no-ocr", str(path))
    assert result.returncode == 2 and "text recognition is turned off" in result.stderr
    result = _run("extract", str(path), env={"SCRUTINY_OCR": "0"})
    assert result.returncode == 2 and "text recognition is turned off" in result.stderr


def test_a_missing_ocr_engine_is_named(scans: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scans["003_1bd8c25de87ad1e7"])
    result = _run("extract", str(path), env={"PATH": str(tmp_path)})
    assert result.returncode == 2
    assert "OCR engine is not installed" in result.stderr and "tesseract-ocr" in result.stderr
    assert "Traceback" not in result.stderr


def test_reading_scanned_pages_shows_progress(scans: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scans["004_cd2df3a3764d73b6"])
    result = _run("extract", "--progress", str(path))
    assert result.returncode == 0, result.stderr
    assert "reading scanned pages of scan.pdf" in result.stderr and "4/4" in result.stderr
    assert "Recommendations" not in result.stderr
