"""Chief constable and PCC response blocks, tied to the finding each answers.

A response section starts at a heading such as "Chief Constable's response" or
"PCC response to report".  Inside it, a finding label ("Recommendation 3")
starts the answer to that finding; the finding's own text, often repeated in
bold above the answer, is left out.  Text before the first label is the
author's overall comment.
"""

from __future__ import annotations

import re

from ..document import Block, Document, clean_text, strip_list_marker
from .findings import Finding
from .structure import Layout, response_author
from .tables import cell, row_ref
from .vocabulary import finding_label, norm


def _block_text(doc: Document, block: Block) -> str:
    text = doc.clean(block)
    if block.kind == "list_item":
        return "- " + text
    if block.kind == "table_row":
        return " ".join(t for t in doc.cell_texts(block) if t)
    return text


def extract_responses(
    doc: Document, layout: Layout, findings: list[Finding]
) -> list[dict[str, str | None]]:
    blocks = doc.blocks
    finding_texts = [norm(f.text) for f in findings]
    starts = sorted(layout.response_headings)
    stops = set(starts)
    if layout.distribution_heading is not None:
        stops.add(layout.distribution_heading)
    responses: list[dict[str, str | None]] = []

    def flush(author: str, ref: str | None, parts: list[str]) -> None:
        text = clean_text(" ".join(parts))
        if text:
            responses.append({"author": author, "finding_ref": ref, "text": text})

    covered: set[int] = set()
    for start in starts:
        author = layout.response_headings[start]
        level = blocks[start].level
        ref: str | None = _preceding_ref(doc, layout, start, finding_texts)
        # Answers printed after each finding: the next finding ends this one's answer.
        per_finding = ref is not None
        parts: list[str] = []
        for k in range(start + 1, len(blocks)):
            if k in stops or _is_labelled_response(doc, blocks[k]):
                break
            block = blocks[k]
            if (
                block.kind == "heading"
                and level is not None
                and block.level is not None
                and block.level <= level
            ):
                break
            text = doc.clean(block)
            label = finding_label(strip_list_marker(text)) if block.kind != "table_row" else None
            if label and per_finding and label[1] != ref:
                break  # the next finding: this answer is complete
            covered.add(k)
            if label and label[1]:
                flush(author, ref, parts)
                ref, parts = label[1], []
                continue
            key = norm(text)
            if ref is not None and key and any(key in f for f in finding_texts):
                continue  # the finding quoted again above its answer
            parts.append(_block_text(doc, block))
        flush(author, ref, parts)
    responses.extend(_labelled_paragraphs(doc, layout, covered))
    responses.extend(_table_responses(doc))
    for table in layout.tables:
        for row in table.rows:
            ref, _ = row_ref(doc, table, row)
            for col, author in table.response_cols.items():
                answer = cell(doc, row, col)
                text = doc.clean_span(answer) if answer else ""
                if text:
                    responses.append({"author": author, "finding_ref": ref, "text": text})
    return responses


def _preceding_ref(doc: Document, layout: Layout, start: int,
                   finding_texts: list[str]) -> str | None:
    """A response heading printed straight after a numbered finding answers that finding.

    Only the finding's own label and text may stand between them; anything else
    (another answer, narrative) means the heading starts a section of its own.
    """
    for k in range(start - 1, max(-1, start - 15), -1):
        if k in layout.response_headings:
            return None
        text = strip_list_marker(doc.clean(doc.blocks[k]))
        label = finding_label(text)
        if label:
            return label[1]
        key = norm(text)
        if not key or not any(key in f for f in finding_texts):
            return None
    return None


_INLINE_LABEL = re.compile(r"^(?P<label>[^:]{3,70}):\s+(?P<text>\S.*)$", re.S)


def _is_labelled_response(doc: Document, block: Block) -> bool:
    if block.kind == "table_row":
        return False
    m = _INLINE_LABEL.match(doc.clean(block))
    return bool(m and response_author(m.group("label")))


def _labelled_paragraphs(doc: Document, layout: Layout,
                         covered: set[int]) -> list[dict[str, str | None]]:
    """'Force response: We have…' printed under a finding, outside any response section."""
    found: list[dict[str, str | None]] = []
    ref: str | None = None
    for k, block in enumerate(doc.blocks):
        if block.kind == "table_row" or k in covered or k in layout.response_headings:
            continue
        text = doc.clean(block)
        label = finding_label(strip_list_marker(text))
        if label:
            ref = label[1]
            continue
        m = _INLINE_LABEL.match(text)
        author = response_author(m.group("label")) if m else None
        if m and author:
            found.append({"author": author, "finding_ref": ref, "text": m.group("text").strip()})
    return found


def _table_responses(doc: Document) -> list[dict[str, str | None]]:
    """Form rows such as 'Chief Constable's response | We accept…'."""
    found: list[dict[str, str | None]] = []
    for block in doc.blocks:
        if block.kind != "table_row" or len(block.cells) < 2:
            continue
        cells = doc.cell_texts(block)
        author = response_author(cells[0].rstrip(":"))
        value = " ".join(t for t in cells[1:] if t)
        if author and value:
            found.append({"author": author, "finding_ref": None, "text": value})
    return found
