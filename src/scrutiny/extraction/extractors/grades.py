"""Graded judgments: summary tables, grades under area headings, stated grades.

A PEEL summary table comes in two layouts: one column per grade (the areas laid
out under "Outstanding | Good | Adequate | …") or one row per area ("Area |
Grade").  Where both a table and graded area headings exist they are compared,
and any disagreement is reported as a warning rather than silently resolved.
"""

from __future__ import annotations

import re

from ..document import Document
from .structure import Layout
from .vocabulary import GRADES, grade_of, is_headingish, norm

_STATED = re.compile(
    r"\bgraded\s+(?:as\s+)?['‘\"“]?(outstanding|good|adequate|requires improvement|inadequate)",
    re.I,
)
# PEEL reports open each graded area with "<Force> is good at <area>." or
# "<Force> requires improvement at <area>."
_AREA_SENTENCE = re.compile(
    r"^(?:[A-Z][\w&'’ -]{2,80}?)\s+(?:is\s+(?P<g1>outstanding|good|adequate|inadequate)|"
    r"(?P<g2>requires improvement))\s+(?:at|in)\s+(?P<area>[^.]{3,120})\.$"
)
_OTHER_INSPECTION = re.compile(r"\b(?:PEEL|last year|previous|earlier|prior|in 20\d\d)\b", re.I)


def _similar(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    sx, sy = set(x.split()), set(y.split())
    return len(sx & sy) / max(len(sx | sy), 1) >= 0.8


def _table_grades(doc: Document) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    columns: dict[int, str] | None = None
    for block in doc.blocks:
        if block.kind != "table_row":
            columns = None
            continue
        cells = doc.cell_texts(block)
        filled = [t for t in cells if t]
        header = {c.col: grade_of(t) for c, t in zip(block.cells, cells, strict=True) if t}
        if len(filled) >= 3 and all(header.values()):
            columns = {col: g for col, g in header.items() if g}
            continue
        if columns is not None:
            for cell, text in zip(block.cells, cells, strict=True):
                if text and cell.col in columns and not grade_of(text):
                    found.append((text, columns[cell.col]))
            continue
        if len(filled) == 2 and grade_of(filled[1]) and not grade_of(filled[0]):
            found.append((filled[0].rstrip(":"), grade_of(filled[1]) or ""))
    return found


def _sentence_grades(doc: Document, layout: Layout) -> list[tuple[str, str]]:
    found = []
    for i, block in enumerate(doc.blocks):
        # Only the sentence that opens a section, straight after its heading or grade.
        if block.kind != "paragraph" or i == 0 or not is_headingish(doc, doc.blocks[i - 1]):
            continue
        m = _AREA_SENTENCE.match(doc.clean(block))
        if m:
            grade = (m.group("g1") or m.group("g2")).lower()
            area = layout.area.get(i) or m.group("area")
            found.append((area, GRADES[grade]))
    return found if len(found) >= 2 else []


def extract_grades(
    doc: Document, layout: Layout, inspection_type: str | None
) -> tuple[list[dict[str, str]], list[str]]:
    """Graded judgments as contract dicts, and warnings about disagreements."""
    warnings: list[str] = []
    table = _table_grades(doc)
    sections = [(doc.clean(doc.blocks[i]).rstrip(":"), g) for i, g in layout.area_headings.items()]
    if table:
        for heading, grade in sections:
            match = next((t for t in table if _similar(t[0], heading)), None)
            if match and match[1] != grade:
                warnings.append(
                    f"grade for '{heading}' is printed as {grade} under its heading but "
                    f"{match[1]} in the summary table"
                )
        by_grade_table = sorted(g for _, g in table)
        by_grade_sections = sorted(g for _, g in sections)
        if len(sections) == len(table) and by_grade_table != by_grade_sections:
            warnings.append(
                "the summary table and the area headings give different sets of grades"
            )
        chosen = table
    else:
        chosen = sections
    if not chosen:
        chosen = _sentence_grades(doc, layout)
    if not chosen and inspection_type == "crime_data_integrity":
        # A crime data integrity inspection makes one graded judgment, often
        # only stated in prose ("has been graded as 'requires improvement'").
        for block in doc.blocks:
            text = doc.clean(block)
            for m in _STATED.finditer(text):
                sentence = text[max(0, text.rfind(".", 0, m.start()) + 1) : m.end() + 80]
                if not _OTHER_INSPECTION.search(sentence):
                    chosen = [("Crime data integrity", GRADES[m.group(1).lower()])]
                    break
            if chosen:
                break
    seen: set[str] = set()
    result = []
    for area, grade in chosen:
        if norm(area) in seen:
            continue
        seen.add(norm(area))
        result.append({"area": area, "grade": grade})
    return result, warnings
