"""Chief constable and PCC response blocks, tied to the finding each answers.

A response section starts at a heading such as "Chief Constable's response" or
"PCC response to report".  Inside it, a finding label ("Recommendation 3")
starts the answer to that finding; the finding's own text, often repeated in
bold above the answer, is left out.  Text before the first label is the
author's overall comment.
"""

from __future__ import annotations

from ..document import Block, Document, clean_text, strip_list_marker
from .findings import Finding
from .structure import Layout, response_author
from .tables import cell, finding_tables, row_ref
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

    for start in starts:
        author = layout.response_headings[start]
        level = blocks[start].level
        ref: str | None = None
        parts: list[str] = []
        for k in range(start + 1, len(blocks)):
            if k in stops:
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
            if label and label[1]:
                flush(author, ref, parts)
                ref, parts = label[1], []
                continue
            key = norm(text)
            if ref is not None and key and any(key in f for f in finding_texts):
                continue  # the finding quoted again above its answer
            parts.append(_block_text(doc, block))
        flush(author, ref, parts)
    responses.extend(_table_responses(doc))
    for table in finding_tables(doc):
        for row in table.rows:
            ref, _ = row_ref(doc, table, row)
            for col, author in table.response_cols.items():
                answer = cell(doc, row, col)
                text = doc.clean_span(answer) if answer else ""
                if text:
                    responses.append({"author": author, "finding_ref": ref, "text": text})
    return responses


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
