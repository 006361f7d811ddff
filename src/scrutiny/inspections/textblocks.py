"""A finding's text laid out again: the lead-in and its sub-bullets as a list.

Extraction keeps a finding's text whitespace-collapsed with its sub-bullets inline
("… this policy should cover: - when to start a plan - who is responsible"), as the
contract asks.  Documents and pages show those bullets as a list again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A bullet marker standing alone between words: " - ", " • ", " ▪ ", " – ".
_MARKER = re.compile(r"(?:^|\s)[-•▪◦–·]\s+(?=\S)")
# A list starts after a lead-in that ends with a colon, or with "should"/"to" (e.g.
# "chief constables should - make sure …").
_LEAD_END = re.compile(r"(?::|\bshould|\bmust|\bto|\bthat(?: it)?|\bby)\s*$", re.I)


@dataclass
class Block:
    kind: str  # "p" or "ul"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Paragraphs and bulleted lists of a text (paragraphs split on blank lines)."""
    out: list[Block] = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        para = " ".join(para.split())
        if not para:
            continue
        out.extend(_para_blocks(para))
    return out


def _para_blocks(para: str) -> list[Block]:
    marks = list(_MARKER.finditer(para))
    if not marks:
        return [Block("p", para)]
    lead = para[:marks[0].start()].strip()
    if lead and not _LEAD_END.search(lead):
        return [Block("p", para)]  # a dash inside a sentence, not a list
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(para)
        item = para[m.end():end].strip()
        if item:
            items.append(item)
    result = [Block("p", lead)] if lead else []
    return [*result, Block("ul", items=items)] if items else [Block("p", para)]
