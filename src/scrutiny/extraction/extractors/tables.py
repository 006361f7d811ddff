"""Findings laid out in a table, as offices' response forms often print them.

A table whose header row names a finding column ("Recommendation", "Area for
improvement", "AFI", "Cause of concern") beside other column headings ("No.",
"Force response", "PCC comments", "Status", "Owner", "Deadline") holds one finding
a row; a response column holds the answer to that row's finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Cell, Document
from .vocabulary import FINDING_LABELS

_REF_HEADER = re.compile(r"^(?:no\.?|number|ref(?:erence)?\.?|#|item)$", re.I)
_RESPONSE_HEADER = re.compile(r"\b(?:response|comments?|update|progress|actions?\s+taken)\b", re.I)
_COLUMN_WORDS = re.compile(
    r"\b(?:no\.?|number|ref(?:erence)?|response|comments?|update|progress|action|status|owner|"
    r"rag|deadline|due|date|lead|area|theme|grade|timescale|evidence)\b", re.I)
_PCC = re.compile(r"\b(?:pcc|pfcc|commissioner|opcc|mayor)\b", re.I)
_LEADING_REF = re.compile(r"^\(?(\d{1,3}[a-z]?)[.:)]\s+")


@dataclass
class FindingTable:
    kind: str
    kind_col: int
    ref_col: int | None
    response_cols: dict[int, str] = field(default_factory=dict)  # column -> author
    rows: list[int] = field(default_factory=list)  # block indexes


def _header_kind(text: str) -> str | None:
    for kind, pattern in FINDING_LABELS.items():
        m = pattern.match(text)
        if m and not text[m.end():].strip() and not m.groupdict().get("ref"):
            return kind
    return None


def finding_tables(doc: Document) -> list[FindingTable]:
    tables: list[FindingTable] = []
    current: FindingTable | None = None
    for i, block in enumerate(doc.blocks):
        if block.kind != "table_row":
            current = None
            continue
        if current is not None:
            current.rows.append(i)
            continue
        cells = [(c, doc.clean_span(c)) for c in block.cells]
        filled = [(c, t) for c, t in cells if t]
        if len(filled) < 2:
            continue
        kinds = [(c.col, _header_kind(t.rstrip(":"))) for c, t in filled]
        found = [(col, kind) for col, kind in kinds if kind]
        others = [t for c, t in filled if not _header_kind(t.rstrip(":"))]
        if len(found) != 1 or not others or not all(
                _COLUMN_WORDS.search(t) and len(t.split()) <= 6 for t in others):
            continue
        col, kind = found[0]
        assert kind is not None
        current = FindingTable(kind=kind, kind_col=col, ref_col=next(
            (c.col for c, t in filled if _REF_HEADER.match(t.rstrip(":"))), None))
        for c, t in filled:
            if c.col != col and _RESPONSE_HEADER.search(t):
                current.response_cols[c.col] = "pcc" if _PCC.search(t) else "chief_constable"
        tables.append(current)
    return tables


def cell(doc: Document, index: int, col: int | None) -> Cell | None:
    if col is None:
        return None
    return next((c for c in doc.blocks[index].cells if c.col == col and c.end > c.start), None)


def row_ref(doc: Document, table: FindingTable, index: int) -> tuple[str | None, int]:
    """The row's finding ref (from a ref column or a leading number) and the text's start."""
    text_cell = cell(doc, index, table.kind_col)
    start = text_cell.start if text_cell else 0
    ref_cell = cell(doc, index, table.ref_col)
    if ref_cell is not None:
        ref = doc.clean_span(ref_cell).rstrip(".:)")
        return (ref or None), start
    if text_cell is not None:
        m = _LEADING_REF.match(doc.text[text_cell.start:text_cell.end])
        if m:
            return m.group(1), start + m.end()
    return None, start
