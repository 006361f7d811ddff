"""The "For Office Use Only" checklist: where a section 55 response was sent."""

from __future__ import annotations

import re

from ..document import Document
from .structure import Layout

_RECIPIENTS = [
    ("website", re.compile(r"\b(?:web\s?site|web\s?page|online|internet)\b", re.I)),
    ("police_and_crime_panel", re.compile(r"\b(?:panel|pcp)\b", re.I)),
    ("home_secretary", re.compile(r"\b(?:home\s+secretary|secretary\s+of\s+state|home\s+office)\b", re.I)),
    ("hmicfrs", re.compile(r"\b(?:hmicfrs|hmic|inspectorate|inspectors?\s+of\s+constabulary)\b", re.I)),
    ("chief_constable", re.compile(r"\bchief\s+constable\b", re.I)),
]
_TICKED = re.compile(r"[✓✔☑✅]|\[\s*[xX✓]\s*\]|^\s*(?:yes|done|y)\b|\b(?:yes|done)\s*$", re.I)
_UNTICKED = re.compile(r"[☐□❏]|\[\s*\]|\b(?:no|not yet|pending|outstanding)\s*$", re.I)
_DONE_WORDING = re.compile(
    r"\b(?:forwarded|submitted|sent|published|uploaded|copied|shared|provided|emailed|e-mailed)\b",
    re.I,
)


def recipient_of(text: str) -> str | None:
    for recipient, pattern in _RECIPIENTS:
        if pattern.search(text):
            return recipient
    return None


def done_of(text: str) -> bool | None:
    if _UNTICKED.search(text):
        return False
    if _TICKED.search(text) or _DONE_WORDING.search(text):
        return True
    return None


def extract_distribution(doc: Document, layout: Layout) -> list[dict[str, object]]:
    start = layout.distribution_heading
    if start is None:
        return []
    found: list[dict[str, object]] = []
    seen: set[str] = set()
    for block in doc.blocks[start + 1 :]:
        if block.kind == "heading":
            break
        text = doc.raw(block)
        if block.kind == "table_row":
            text = " ".join(doc.cell_texts(block))
        recipient = recipient_of(text)
        if recipient is None:
            if block.kind == "paragraph" and found:
                break
            continue
        if recipient in seen:
            continue
        seen.add(recipient)
        found.append({"recipient": recipient, "done": done_of(text)})
    return found
