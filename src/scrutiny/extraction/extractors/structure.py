"""What every extractor needs to know about a document's layout.

Which blocks are area headings (a heading with a grade printed under it), which
headings the report's contents list names, where response and distribution
sections begin: computed once per document and shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import parse_date
from ..document import Document
from ..forces import resolve_forces
from .tables import FindingTable, finding_tables
from .vocabulary import (
    CAPTION,
    SITE_NOTICE,
    STRUCTURAL,
    finding_label,
    grade_of,
    is_directive,
    is_furniture,
    is_headingish,
    norm,
)

_RESPONSE_WORD = re.compile(r"\b(?:response|comments?|reply|update|feedback|position)\b", re.I)
_CC = re.compile(r"\b(?:chief\s+constable|chief\s+officer|cc)\b|^(?:the\s+)?force['’]?s?\b", re.I)
_PCC = re.compile(
    r"\b(?:commissioner|pcc|pfcc|opcc|mayor|police,?\s+fire\s+and\s+crime|"
    r"local\s+policing\s+body|policing\s+body)\b",
    re.I,
)
# A site banner above a page's own heading: "HMICFRS is consulting on…", "Please give us your views…".
_BANNER = re.compile(r"\b(?:consult(?:ing|ation)|have\s+your\s+say|survey)\b", re.I)
_BANNER_FOLLOW = re.compile(r"\b(?:your\s+views|tell\s+us|have\s+your\s+say|give\s+us|respond\s+by"
    r"|closes?\s+on)\b",
                            re.I)
# "Response from: Office of the Police and Crime Commissioner"
_RESPONSE_FROM = re.compile(r"^response\s+from\s*:?\s*(?:the\s+)?(?:office\s+of\s+the\s+)?(?:police|pcc"
    r"|pfcc|opcc|"
                            r"commissioner|deputy\s+mayor|mayor)", re.I)
# A link to a response rather than a response: "Read the PCC's response", "… can be viewed here."
_LINK = re.compile(r"^(?:read|view|see|download|click|open)\b", re.I)
LINK_STUB = re.compile(r"\b(?:can\s+be\s+(?:viewed|found|read|downloaded|accessed)|is\s+available"
    r"|are\s+available|"
                       r"click\s+here|(?:read|view)\s+it\s+here)\b|\bhere\.?$", re.I)


def _only_links(doc: Document, heading: int) -> bool:
    """Does a heading introduce nothing but a link ('The PCC's response can be viewed here.')?"""
    texts = []
    for block in doc.blocks[heading + 1: heading + 4]:
        if block.kind == "heading" or (is_headingish(doc, block) and not doc.clean(block).endswith(".")):
            break
        texts.append(doc.clean(block))
    return bool(texts) and all(LINK_STUB.search(t) and len(t.split()) <= 25 for t in texts)


DISTRIBUTION_HEADING = re.compile(
    r"^(?:for\s+office\s+use(?:\s+only)?|distribution(?:\s+list)?|circulation|"
    r"response\s+(?:sent|distribution))\b",
    re.I,
)


@dataclass
class Layout:
    """Per-block facts about a document, by block index."""

    area: dict[int, str | None] = field(default_factory=dict)
    area_headings: dict[int, str] = field(default_factory=dict)  # index -> grade
    contents: set[str] = field(default_factory=set)
    response_headings: dict[int, str] = field(default_factory=dict)  # index -> author
    distribution_heading: int | None = None
    tables: list[FindingTable] = field(default_factory=list)  # findings laid out in tables
    furniture: set[int] = field(default_factory=set)  # page furniture and site banners
    title_index: int | None = None  # the document's own first heading

    def is_boundary(self, doc: Document, index: int) -> bool:
        """Does this block end a findings section?"""
        if index in self.area_headings or index in self.response_headings:
            return True
        if index == self.distribution_heading:
            return True
        block = doc.blocks[index]
        if block.kind in ("list_item", "table_row"):
            return False
        text = doc.clean(block)
        if finding_label(text):  # a label, or a label with its finding on the same line
            return True
        if not is_headingish(doc, block):
            return False
        key = norm(text)
        return bool(STRUCTURAL.match(text)) or key in self.contents or bool(CAPTION.match(text))


def response_author(text: str) -> str | None:
    """'chief_constable' or 'pcc' when a heading introduces a response, else None."""
    if len(text.split()) > 16:
        return None
    if _RESPONSE_FROM.match(text):
        return "pcc"
    m = _RESPONSE_WORD.search(text)
    if not m:
        return None
    before = text[: m.start()]
    cc, pcc = _CC.search(before), _PCC.search(before)
    if cc is None and pcc is None and m.group(0).lower() in ("response", "position") \
            and resolve_forces(before) and len(before.split()) <= 4:
        return "chief_constable"  # "Surrey Position:", "Kent Police response"
    if pcc and (not cc or pcc.start() <= cc.start()):
        return "pcc"
    if cc:
        return "chief_constable"
    return None


def _furniture(doc: Document) -> set[int]:
    found: set[int] = set()
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        text = doc.clean(block)
        if is_furniture(text) or (i < 12 and SITE_NOTICE.search(text)):
            found.add(i)
        elif i < 12 and i + 1 < len(blocks) and _BANNER.search(text) and is_headingish(doc, block) \
                and _BANNER_FOLLOW.search(doc.clean(blocks[i + 1])):
            found.update((i, i + 1))
    return found


def _title_index(doc: Document, furniture: set[int]) -> int | None:
    """The document's own first heading: the first block that is not furniture, if it reads as a title.

    A page that opens with body text, a list, a lead-in or a finding label has no title.
    """
    for i, block in enumerate(doc.blocks[:15]):
        text = doc.clean(block)
        if i in furniture or (len(text.split()) <= 6 and parse_date(text)):
            continue  # furniture, or a dateline above the heading
        if (block.kind in ("list_item", "table_row") or not is_headingish(doc, block)
                or text.endswith((":", "?")) or STRUCTURAL.match(text) or finding_label(text)
                or is_directive(text) or grade_of(text) or len(text.split()) > 40):
            return None
        return _below_letterhead(doc, i, furniture)
    return None


def _below_letterhead(doc: Document, first: int, furniture: set[int]) -> int:
    """A letterhead line (an office's name, not marked as a heading) above the document's
    top-level heading: the heading is the title."""
    if doc.blocks[first].level is not None or len(doc.clean(doc.blocks[first]).split()) > 12:
        return first
    for k in range(first + 1, min(first + 3, len(doc.blocks))):
        if k in furniture:
            continue
        if doc.blocks[k].level == 1:
            return k
    return first


def analyse(doc: Document) -> Layout:
    layout = Layout(tables=finding_tables(doc))
    layout.furniture = _furniture(doc)
    layout.title_index = _title_index(doc, layout.furniture)
    blocks = doc.blocks
    for block in blocks:
        if block.kind == "table_row" and len(block.cells) >= 2:
            cells = doc.cell_texts(block)
            if cells[-1].strip().isdigit() and cells[0]:
                layout.contents.add(norm(cells[0]))
    current: str | None = None
    for i, block in enumerate(blocks):
        if i + 1 < len(blocks) and is_headingish(doc, block) and block.kind != "list_item":
            nxt = blocks[i + 1]
            grade = grade_of(doc.clean(nxt)) if nxt.kind != "table_row" else None
            text = doc.clean(block)
            if grade and not grade_of(text) and not finding_label(text):
                layout.area_headings[i] = grade
                current = text.rstrip(":")
        layout.area[i] = current
        if i == 0 or block.kind == "list_item" or not is_headingish(doc, block):
            continue
        text = doc.clean(block).rstrip(":")
        author = response_author(text)
        if author and not _LINK.match(text) and not _only_links(doc, i):
            layout.response_headings[i] = author
        elif layout.distribution_heading is None and DISTRIBUTION_HEADING.match(text):
            layout.distribution_heading = i
    return layout
