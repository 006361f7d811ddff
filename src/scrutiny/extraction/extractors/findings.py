"""Recommendations, causes of concern, areas for improvement and practice.

Findings are found through the inspectorate's labels ("Recommendation 3",
"Areas for improvement", "Cause of concern", "Innovative practice").  Under a
numbered label the finding is the paragraph that follows with its sub-bullets.
Under an unnumbered label each item is a finding: the bullets after a lead-in
("The force should immediately:"), the heading-style sentences of a PEEL
report, or the directive paragraphs ("The force should…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from ..dates import find_dates, parse_month_end
from ..document import Block, Document, clean_text, strip_list_marker
from .structure import Layout
from .tables import FindingTable, cell, row_ref
from .vocabulary import (
    CAPTION,
    TERMINAL,
    directive_addressee,
    finding_label,
    is_directive,
    is_headingish,
    norm,
)

_LIST_GLUE = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|;\s*)\s*$")
_DUE_DATE = re.compile(
    r"\b(?:by|before|no later than|not later than|by the end of|at the latest by)\s+"
    r"(?:the\s+end\s+of\s+)?",
    re.I,
)
_RELATIVE_DUE = re.compile(
    r"\b(?:within\s+(?:the\s+next\s+)?(?:\w+|\d+)\s+(?:working\s+)?(?:days?|weeks?|months?|years?)"
    r"|immediately)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")


@dataclass
class Finding:
    type: str
    ref: str | None
    text: str
    due: date | None
    due_text: str | None
    addressee: str | None
    area: str | None
    start: int
    end: int
    page: int | None

    def as_contract(self) -> dict[str, object]:
        return {
            "type": self.type,
            "ref": self.ref,
            "text": self.text,
            "due": self.due.isoformat() if self.due else None,
            "due_text": self.due_text,
            "addressee": self.addressee,
            "area": self.area,
            "location": {"page": self.page, "start": self.start, "end": self.end},
        }


def find_due(text: str) -> tuple[date | None, str | None]:
    """The deadline a finding sets: a calendar date, or a relative term as printed."""
    for m in _DUE_DATE.finditer(text):
        tail = text[m.end() : m.end() + 40]
        for d, s, e in find_dates(tail):
            if s == 0:
                return d, text[m.start() : m.end() + e]
        month_end = parse_month_end(tail)
        if month_end and re.match(r"^[A-Za-z]+\.?\s+\d{4}", tail):
            span = re.match(r"^[A-Za-z]+\.?\s+\d{4}", tail)
            assert span is not None
            return month_end, text[m.start() : m.end() + span.end()]
    rel = _RELATIVE_DUE.search(text)
    if rel:
        return None, rel.group(0)
    return None, None


class _Builder:
    def __init__(self, doc: Document, layout: Layout) -> None:
        self.doc = doc
        self.layout = layout
        self.found: list[Finding] = []

    # -- making findings -------------------------------------------------
    def add(
        self,
        kind: str,
        ref: str | None,
        first: int,
        last: int,
        lead: Block | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        doc = self.doc
        blocks = doc.blocks
        s = blocks[first].start if start is None else start
        e = blocks[last].end if end is None else end
        if first == last and blocks[first].kind == "list_item":
            m = _LIST_GLUE.search(doc.text, s, e)
            if m and m.start() > s:
                e = m.start()
        text = clean_text(doc.text[s:e])
        if kind.endswith("practice") and not is_headingish(doc, blocks[first]):
            text = _SENTENCE_END.split(text, maxsplit=1)[0]
            e = s + len(text) if doc.text[s : s + len(text)] == text else e
        if not text:
            return
        if self.is_repeat(kind, ref, text):
            return
        due, due_text = (None, None)
        addressee = None
        if kind in ("recommendation", "area_for_improvement"):
            due, due_text = find_due(text)
            addressee = directive_addressee(text)
            if lead is not None:
                lead_text = doc.clean(lead)
                if due_text is None:
                    due, due_text = find_due(lead_text)
                if addressee is None:
                    addressee = directive_addressee(lead_text)
        self.found.append(
            Finding(kind, ref, text, due, due_text, addressee, self.layout.area.get(first),
                    s, e, blocks[first].page)
        )

    def is_repeat(self, kind: str, ref: str | None, text: str) -> bool:
        """A finding printed again (a summary list, a quote above its answer) is one finding.

        Two findings with the same number are the same one only when their texts
        agree too: some reports number recommendations afresh in each chapter.
        """
        key = norm(text)[:150]
        for seen in self.found:
            if seen.type != kind:
                continue
            other = norm(seen.text)[:150]
            if other == key:
                return True
            if ref and seen.ref == ref and SequenceMatcher(None, key, other).ratio() >= 0.5:
                return True
        return False

    # -- sections ----------------------------------------------------------
    def section_end(self, label: int) -> int:
        blocks = self.doc.blocks
        level = blocks[label].level
        for k in range(label + 1, len(blocks)):
            if self.layout.is_boundary(self.doc, k):
                return k
            b = blocks[k]
            if b.kind == "heading" and level is not None and b.level is not None and b.level <= level:
                return k
        return len(blocks)

    def body(self, first: int, end: int) -> int:
        """Last block of a numbered finding: its paragraph, lead-ins and sub-bullets."""
        doc, blocks = self.doc, self.doc.blocks
        last = first
        k = first + 1
        while k < end:
            b = blocks[k]
            prev_text = doc.clean(blocks[last])
            if b.kind == "list_item" and (
                blocks[last].kind == "list_item"
                or not prev_text.endswith(TERMINAL)
                or prev_text.endswith(":")
            ) or (
                b.kind != "list_item"
                and last == first
                and doc.clean(b).endswith(":")
                and k + 1 < end
                and blocks[k + 1].kind == "list_item"
            ):
                last = k
            else:
                break
            k += 1
        return last

    def numbered(self, kind: str, ref: str | None, label: int, rest: str) -> int:
        doc, blocks = self.doc, self.doc.blocks
        end = self.section_end(label)
        if rest:
            raw = doc.raw(blocks[label])
            first_word = rest.split()[0]
            offset = raw.find(first_word, 1)
            start = blocks[label].start + max(offset, 0)
            last = self.body(label, end)
            self.add(kind, ref, label, last, start=start)
            return last + 1
        if label + 1 >= end:
            return label + 1
        first = label + 1
        if kind.endswith("practice"):
            self.add(kind, ref, first, first)
            return first + 1
        last = self.body(first, end)
        self.add(kind, ref, first, last)
        return last + 1

    def unnumbered(self, kind: str, label: int) -> int:
        doc, blocks = self.doc, self.doc.blocks
        end = self.section_end(label)
        section = range(label + 1, end)
        if not section:
            return end

        def candidate(k: int) -> bool:
            b = blocks[k]
            text = doc.clean(b)
            return (
                b.kind != "list_item"
                and is_headingish(doc, b)
                and not text.endswith(":")
                and not CAPTION.match(text)
            )

        headings = [k for k in section if candidate(k)]
        if kind.endswith("practice") or kind == "cause_of_concern":
            if headings:
                for k in headings:
                    self.add(kind, None, k, k)
            else:
                first = section[0]
                self.add(kind, None, first, self.body(first, end) if kind == "cause_of_concern" else first)
            return end

        directive_headings = [k for k in headings if is_directive(doc.clean(blocks[k]))]
        lead: Block | None = None
        for k in section:
            b = blocks[k]
            text = doc.clean(b)
            if b.kind == "list_item":
                ref = _marker_ref(b.marker)
                self.add(kind, ref, k, k, lead=lead)
            elif text.endswith(":"):
                lead = b
            elif directive_headings:
                if k in directive_headings:
                    self.add(kind, None, k, k)
            elif is_directive(text):
                self.add(kind, None, k, k)
        return end


    def table_row(self, table: FindingTable, index: int) -> None:
        """One finding from a row of a findings table."""
        text_cell = cell(self.doc, index, table.kind_col)
        if text_cell is None:
            return
        ref, start = row_ref(self.doc, table, index)
        text = clean_text(self.doc.text[start : text_cell.end])
        label = finding_label(text)
        if label and label[2]:
            ref = ref or label[1]
            start = self.doc.text.find(label[2].split()[0], start, text_cell.end)
        if start >= 0:
            self.add(table.kind, ref, index, index, start=start, end=text_cell.end)


def _marker_ref(marker: str) -> str | None:
    m = re.match(r"^\(?(\d{1,3}|[a-z])[.)]?$", marker)
    return m.group(1) if m else None


def extract_findings(doc: Document, layout: Layout) -> list[Finding]:
    """Every finding in the document, each once, in order of first printing."""
    builder = _Builder(doc, layout)
    blocks = doc.blocks
    table_of = {row: table for table in layout.tables for row in table.rows}
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "table_row":
            if i in table_of:
                builder.table_row(table_of[i], i)
            i += 1
            continue
        text = strip_list_marker(doc.clean(block)) if block.kind == "list_item" else doc.clean(block)
        label = finding_label(text)
        if label is None or (not label[2] and not is_headingish(doc, block)):
            i += 1
            continue
        kind, ref, rest = label
        if ref or rest:
            i = builder.numbered(kind, ref, i, rest)
        else:
            i = builder.unnumbered(kind, i)
    return builder.found
