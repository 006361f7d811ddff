"""Reader for PDF with a text layer, on PDFium (pypdfium2).

PDFium's plain text puts a page's bullets, headers and footers after its body
and leaves words hyphenated at line ends.  So this reader works from PDFium's
text rectangles instead (one per run of text on a line, a few dozen a page,
cheap to fetch): segments are sorted into lines by baseline, top to bottom;
text repeated in the top or bottom margin of most pages (running headers,
footers, page numbers) is dropped; ligatures are expanded.  ``pdflayout`` then
rebuilds paragraphs, headings, list items and table rows from the lines.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document
from ..errors import UnreadableFile
from .pdfcolumns import document_columns
from .pdflayout import MARGIN_BAND, Line, Segment, assemble

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st", "\u00a0": " ", "\u2011": "-"})
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_MARKING = re.compile(r"^(?:official(?:[-\s]sensitive)?|not\s+protectively\s+marked|restricted)\b", re.I)


def read_pdf(data: bytes, fmt: str) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableFile("is encrypted (password protected); "
                                 "save an unprotected copy and try again") from exc
        raise UnreadableFile("is not a readable PDF (it is damaged or truncated)") from exc
    try:
        count = len(pdf)
        workers = _workers(count)
        if workers > 1:
            read = _read_in_parallel(data, count, workers)
        else:
            read = [_page_lines(pdf, i) for i in range(count)]
        # Only a page with a picture on it can be a scan; a blank page is just blank.
        scanned = [i for i, (lines, _, _) in enumerate(read) if not lines and _has_image(pdf, i)]
    except pdfium.PdfiumError as exc:
        raise UnreadableFile("is a damaged PDF (a page could not be read)") from exc
    finally:
        pdf.close()
    recognised = 0
    if scanned:
        from . import ocr  # loaded only for a scan
    if scanned and (len(scanned) == len(read) or (ocr.enabled() and ocr.engine())):
        # Pages without a text layer are scans: read them by text recognition.
        for index, page in ocr.recognise(data, scanned).items():
            read[index] = page
            recognised += 1 if page[0] else 0
        if not any(lines for lines, _, _ in read):
            raise UnreadableFile("has no text layer, and no text could be recognised in its page images")
    pages = [(lines, height) for lines, height, _ in read]
    _drop_furniture(pages)
    doc = assemble(pages, fmt, document_columns(read))
    doc.recognised_pages = recognised
    return doc


# -- reading pages, on every core for a long document -------------------------

PARALLEL_FROM_PAGES = 64  # below this, starting a second process costs more than it saves
_SHARED: bytes = b""  # the PDF being read, inherited by forked workers rather than copied to them


def _workers(pages: int) -> int:
    """How many processes read a document's pages: one unless it is long and may fork safely."""
    setting = os.environ.get("SCRUTINY_PDF_WORKERS", "")
    wanted = int(setting) if setting.isdigit() else (os.cpu_count() or 1)
    if pages < PARALLEL_FROM_PAGES or wanted <= 1 or threading.active_count() > 1:
        return 1  # forking a threaded process (a web server) is not safe
    import multiprocessing

    if multiprocessing.current_process().daemon or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(wanted, 8)


def _read_in_parallel(data: bytes, count: int, workers: int) -> list[tuple[list[Line], float, float]]:
    import multiprocessing

    global _SHARED
    size = -(-count // workers)
    chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
    _SHARED = data
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
            parts = pool.map(_read_chunk, chunks)
    finally:
        _SHARED = b""
    return [(_lines_of(page), height, width) for part in parts for page, height, width in part]


Packed = list[list[tuple[str, float, float, float, float, float, float, bool]]]


def _read_chunk(pages: range) -> list[tuple[Packed, float, float]]:
    """A worker's pages, as plain tuples: they cross between processes far faster than objects."""
    pdf = pdfium.PdfDocument(_SHARED)
    try:
        out = []
        for i in pages:
            lines, height, width = _page_lines(pdf, i)
            packed = [[(s.text, s.left, s.right, s.top, s.bottom, s.baseline, s.size, s.bold)
                       for s in line.segments] for line in lines]
            out.append((packed, height, width))
        return out
    finally:
        pdf.close()


def _lines_of(packed: Packed) -> list[Line]:
    lines = []
    for segments in packed:
        line = Line(Segment(*segments[0]))
        for values in segments[1:]:
            line.add(Segment(*values))
        lines.append(line)
    return lines


def _has_image(pdf: pdfium.PdfDocument, index: int) -> bool:
    page = pdf[index]
    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    finally:
        page.close()


# -- reading a page -----------------------------------------------------------


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> tuple[list[Line], float, float]:
    page = pdf[index]
    try:
        height, width = page.get_height(), page.get_width()
        textpage = page.get_textpage()
        try:
            segments = _segments(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    segments.sort(key=lambda s: (-round(s.baseline, 0), s.left))
    lines: list[Line] = []
    for seg in segments:
        if lines and abs(lines[-1].baseline - seg.baseline) <= max(2.0, seg.size * 0.25):
            lines[-1].add(seg)
        else:
            lines.append(Line(seg))
    return lines, height, width


def _segments(textpage: pdfium.PdfTextPage) -> list[Segment]:
    """One segment per run of text on a line, with its box, baseline, size and weight.

    The page's text is fetched once; PDFium's line breaks in it give each line's
    character range, and ``FPDFText_CountRects`` over that range gives the
    line's runs.  Only a line split into several runs (table cells, a bullet
    and its text) needs a position look-up per run.
    """
    raw = textpage.raw
    full = textpage.get_text_range()
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    segments: list[Segment] = []
    pos = 0
    for part in full.split("\r\n"):
        start, length = pos, len(part)
        pos += length + 2
        if not part.strip():
            continue
        count = pdfium_c.FPDFText_CountRects(raw, start, length)
        if count == 1:
            pdfium_c.FPDFText_GetRect(raw, 0, left, top, right, bottom)
            rect = (left.value, bottom.value, right.value, top.value)
            segments.append(_segment(raw, part, start + len(part) - len(part.lstrip()), rect))
            continue
        rects = []
        for j in range(count):
            pdfium_c.FPDFText_GetRect(raw, j, left, top, right, bottom)
            rects.append((left.value, bottom.value, right.value, top.value))
        cuts = []
        for rect in rects:
            mid = (rect[1] + rect[3]) / 2
            index = pdfium_c.FPDFText_GetCharIndexAtPos(raw, rect[0] + 0.5, mid, 1.0, 1.0)
            cuts.append(index - start if start <= index < start + length else -1)
        for j, rect in enumerate(rects):
            a = cuts[j]
            if a < 0:
                continue
            b = next((c for c in cuts[j + 1 :] if c > a), length)
            segments.append(_segment(raw, part[a:b], start + a, rect))
    return [seg for seg in segments if seg.text]


_LOOSE = pdfium_c.FS_RECTF()
_X, _Y = ctypes.c_double(), ctypes.c_double()
_FLAGS = ctypes.c_int()
_NAME = ctypes.create_string_buffer(128)


def _segment(raw: object, text: str, index: int, rect: tuple[float, float, float, float]) -> Segment:
    if not text.isascii():
        text = text.translate(_LIGATURES)
    text = " ".join(text.split())
    size = rect[3] - rect[1]
    baseline = rect[1]
    if pdfium_c.FPDFText_GetLooseCharBox(raw, index, _LOOSE):
        size = _LOOSE.top - _LOOSE.bottom
    if pdfium_c.FPDFText_GetCharOrigin(raw, index, _X, _Y):
        baseline = _Y.value
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    bold = weight >= 600
    if not bold:  # many fonts do not say, or say 400 for a bold face: go by its name
        n = pdfium_c.FPDFText_GetFontInfo(raw, index, _NAME, 128, _FLAGS)
        font = _NAME.raw[: max(n - 1, 0)].decode("latin-1", "replace").lower()
        bold = "bold" in font or "black" in font or "heavy" in font
    return Segment(text, rect[0], rect[2], rect[3], rect[1], baseline, size, bold)


def _drop_furniture(pages: list[tuple[list[Line], float]]) -> None:
    """Remove running headers, footers and page numbers from every page."""

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower()).strip()

    def in_margin(line: Line, height: float) -> bool:
        return line.baseline > height * (1 - MARGIN_BAND) or line.baseline < height * MARGIN_BAND

    counts: Counter[str] = Counter()
    for lines, height in pages:
        counts.update({key(line) for line in lines if in_margin(line, height)})
    threshold = max(2, int(len(pages) * 0.5)) if len(pages) > 1 else 2
    for lines, height in pages:
        kept = []
        for line in lines:
            if in_margin(line, height):
                if counts[key(line)] >= threshold:
                    continue
                # A page number or protective marking beside other footer text ("… Page 1 of 1").
                marks = [s for s in line.segments
                         if _PAGE_NUMBER.match(s.text.strip()) or _MARKING.match(s.text)]
                if marks and (len(marks) == len(line.segments) or not _MARKING.match(marks[0].text)):
                    continue  # a page number makes the whole line a footer
                for seg in marks:
                    line.segments.remove(seg)
                if marks:
                    line.left, line.right = line.segments[0].left, line.segments[-1].right
                    line.text = " ".join(s.text for s in line.segments)
            kept.append(line)
        lines[:] = kept
