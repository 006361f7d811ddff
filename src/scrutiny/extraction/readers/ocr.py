"""Text recognition for scanned PDFs: PDFium renders each page, Tesseract reads it.

A page without a text layer is rendered to an image with PDFium (already the PDF
reader's engine) and read by the ``tesseract`` program (Debian's ``tesseract-ocr``
and ``tesseract-ocr-eng``), whose word boxes become the same positioned runs of text
the PDF reader gets from a text layer, so one layout engine rebuilds paragraphs,
headings, lists and tables for both.  Tesseract runs as a separate process per page,
several at a time, so memory stays bounded and a stuck page can be stopped.

Turned off with ``SCRUTINY_OCR=0`` (or ``scrutiny extract --no-ocr``).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import cache
from statistics import median

import pypdfium2 as pdfium

from ..errors import UnreadableFile
from .pdflayout import Line, Segment

DPI = 250
PAGE_TIMEOUT = 120  # seconds for one page

Progress = Callable[[int, int], None]  # (pages done, pages to read)
# Set by the command line (and the web app) for the extraction in progress.
OCR_ENABLED: ContextVar[bool | None] = ContextVar("ocr_enabled", default=None)
OCR_PROGRESS: ContextVar[Progress | None] = ContextVar("ocr_progress", default=None)


def enabled() -> bool:
    chosen = OCR_ENABLED.get()
    if chosen is not None:
        return chosen
    return os.environ.get("SCRUTINY_OCR", "1").strip().lower() not in ("0", "false", "no", "off")


@cache
def engine() -> str | None:
    """The tesseract program, if it is installed with its English data."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return program if "eng" in langs.stdout.split() else None


def why_unreadable() -> str:
    """Why a PDF without a text layer cannot be read here, as a user would be told."""
    if not enabled():
        return ("has no text layer (it looks scanned) and text recognition is turned off "
                "(SCRUTINY_OCR=0 or --no-ocr); turn it on to read it")
    return ("has no text layer (it looks scanned) and the OCR engine is not installed: install "
            "Tesseract (Debian packages tesseract-ocr and tesseract-ocr-eng) to read it")


def recognise(data: bytes, pages: list[int]) -> dict[int, tuple[list[Line], float, float]]:
    """Lines of text, page height and width for each listed page (0-based), read from its image."""
    program = engine()
    if program is None or not enabled():
        raise UnreadableFile(why_unreadable())
    progress = OCR_PROGRESS.get()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableFile("is not a readable PDF (it is damaged or truncated)") from exc
    images: dict[int, tuple[bytes, float, float]] = {}
    try:
        for index in pages:
            page = pdf[index]
            try:
                width, height = page.get_width(), page.get_height()
                bitmap = page.render(scale=DPI / 72, grayscale=True)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG")
                images[index] = (buffer.getvalue(), height, width)
            finally:
                page.close()
    finally:
        pdf.close()
    done = 0
    results: dict[int, tuple[list[Line], float, float]] = {}
    workers = max(1, min(len(images), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {index: pool.submit(_tesseract, program, png) for index, (png, _, _) in images.items()}
        for index, future in futures.items():
            _, height, width = images[index]
            results[index] = (_lines(future.result(), height), height, width)
            done += 1
            if progress:
                progress(done, len(images))
    return results


def _tesseract(program: str, png: bytes) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core a page; pages run side by side
    try:
        run = subprocess.run([program, "stdin", "stdout", "-l", "eng", "--psm", "3", "tsv"],
                             input=png, capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(f"has a page that text recognition could not read in {PAGE_TIMEOUT} s") from exc
    except OSError as exc:
        raise UnreadableFile(f"could not be passed to the OCR engine ({exc.strerror})") from exc
    if run.returncode != 0:
        raise UnreadableFile("could not be read by the OCR engine (Tesseract failed on a page)")
    return run.stdout.decode("utf-8", "replace")


# What Tesseract makes of a bullet at the start of a line, and of a table's ruling lines.
_BULLET_READINGS = {"•", "¢", "«", "»", "©", "°", "®", "e", "eo", "o", "*", "+", "-", "–", "¢«", "«¢", "«e",
                    "¢e", "@", "®e", "°e", "©e", "e«", "*e"}
_RULES = {"|", "||", "[", "]", "{", "}", "_", "—", "|_"}


def _lines(tsv: str, height: float) -> list[Line]:
    """Tesseract's words grouped into its lines, as runs of text in PDF points.

    A line's baseline is where most of its words stand (words with descenders reach
    lower); a gap much wider than the line's other word gaps starts a new run, as a
    table's next cell; a bullet read as '¢' or 'e' is a bullet again; table rules read
    as '|' are dropped.
    """
    scale = 72 / DPI
    words: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    heights: dict[tuple[str, str, str], float] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (row["block_num"], row["par_num"], row["line_num"])
        if row["level"] == "4":
            heights[key] = float(row["height"]) * scale
        elif row["level"] == "5" and row["text"].strip() and float(row["conf"]) >= 0 \
                and row["text"].strip() not in _RULES:
            words.setdefault(key, []).append(row)
    lines: list[Line] = []
    for key, found in words.items():
        found.sort(key=lambda w: int(w["left"]))
        # A line's box runs from ascenders to descenders, about a fifth more than the type size.
        size = (heights.get(key) or median(float(w["height"]) for w in found) * scale) * 0.8
        bottoms = sorted(int(w["top"]) + int(w["height"]) for w in found)
        baseline = height - bottoms[int(len(bottoms) * 0.3)] * scale
        boxes = [(int(w["left"]) * scale, (int(w["left"]) + int(w["width"])) * scale,
                  w["text"].strip().strip("|")) for w in found]
        boxes = [b for b in boxes if b[2]]
        if not boxes:
            continue
        first = boxes[0][2]
        if len(boxes) > 1 and first in _BULLET_READINGS:
            boxes[0] = (boxes[0][0], boxes[0][1], "•")
        elif first[:1] in "¢«»" and len(first) > 2:
            boxes[0] = (boxes[0][0] + size * 0.3, boxes[0][1], first.lstrip("¢«» "))
            boxes.insert(0, (boxes[0][0] - size * 0.6, boxes[0][0] - size * 0.4, "•"))
        gaps = [b[0] - a[1] for a, b in zip(boxes, boxes[1:], strict=False)]
        usual = median(gaps) if gaps else 0.0
        segments: list[Segment] = []
        for (left, right, text), gap in zip(boxes, [None, *gaps], strict=True):
            bullet = bool(segments) and segments[-1].text == "•"
            # A cell gap is far wider than a word space, even a justified line's stretched one.
            cell_gap = max(size, min(usual, size * 0.5) * 2.5)
            if segments and not bullet and gap is not None and gap <= cell_gap:
                prev = segments[-1]
                segments[-1] = Segment(prev.text + " " + text, prev.left, right, prev.top, prev.bottom,
                                       prev.baseline, prev.size, False)
            else:
                segments.append(Segment(text, left, right, baseline + size, baseline, baseline, size, False))
        line = Line(segments[0])
        for seg in segments[1:]:
            line.add(seg)
        lines.append(line)
    lines.sort(key=lambda line: (-round(line.baseline), line.left))
    # A line's box grows and shrinks with its letters' ascenders and descenders: lines near the
    # page's usual size are body text of one size; only clearly larger lines are headings.
    if lines:
        body = median(line.size for line in lines)
        for line in lines:
            if body * 0.7 <= line.size <= body * 1.3:
                line.size = body
                for seg in line.segments:
                    seg.size = body
    # Tesseract's lines of two columns can share a height: keep them as one line of two runs.
    merged: list[Line] = []
    for line in lines:
        if merged and abs(merged[-1].baseline - line.baseline) <= max(2.0, line.size * 0.25):
            for seg in line.segments:
                merged[-1].add(seg)
        else:
            merged.append(line)
    return merged
