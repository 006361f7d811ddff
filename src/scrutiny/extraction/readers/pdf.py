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
import re
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document
from ..errors import UnreadableFile
from . import ocr
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
        read = [_page_lines(pdf, i) for i in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise UnreadableFile("is a damaged PDF (a page could not be read)") from exc
    finally:
        pdf.close()
    scanned = [i for i, (lines, _, _) in enumerate(read) if not lines]
    recognised = 0
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
