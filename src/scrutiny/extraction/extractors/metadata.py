"""What the document says about itself: titles, inspection type, publication date, forces, deadline.

By the contract's reading rules: only what the document prints is used; page
furniture is never a title; the publication date is the report's own (never a
"Last updated" stamp, a letter's sending date, fieldwork or meeting dates); an
inspectorate news release is issued on publication day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..dates import find_dates, parse_date
from ..document import Document
from ..forces import force_mentions, resolve_forces
from ..peel import match_concept
from ..statute import section55_last_day
from .kinds import DATELINE, SALUTATION, Letter, document_kind, is_tracker, letter_of, tracker_report_title
from .structure import Layout
from .vocabulary import STRUCTURAL, finding_label, grade_of, is_headingish, norm, words

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "inspection_title": ("inspection title", "title of inspection", "title of the inspection",
                         "report title", "title of report", "inspection name", "inspection",
                         "report"),
    "published": ("published on", "date published", "published date", "publication date",
                  "date of publication", "published", "report published", "date report published"),
    "inspection_type": ("publication types", "publication type", "type of inspection",
                        "inspection type", "report type", "type of report", "type"),
    "forces": ("police forces", "police force", "forces", "force", "force area"),
    "deadline": ("section 55 response deadline", "section 55 deadline", "response deadline",
                 "deadline for response", "s55 deadline", "deadline", "response due",
                 "section 55 response due"),
}
_LABEL_TO_FIELD = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
_PUBLISHER_SUFFIX = re.compile(
    r"\s+[-–—|]\s+(?:His|Her)\s+Majesty['’]s\s+Inspectorate.*$|\s+[-–—|]\s+HMICFRS\s*$", re.I
)
_LETTER_PUBLISHED = re.compile(r"\bwill\s+(?:now\s+)?be\s+published\b[^.]{0,80}", re.I)
_PUBLISHED_SENTENCE = re.compile(
    r"\b(?:published|publication\s+date|date\s+of\s+publication)\b:?\s*(?:on\s+)?", re.I
)
_MD_LINK_TEXT = re.compile(r"^\[(.*)\]\(.*\)$")
_QUOTED_TITLE = re.compile(
    r"\b(?:report|inspection)\s+(?:entitled|titled|called|named)?\s*[“\"‘']"
    r"(?P<title>[^”\"’']{15,250})[”\"’']", re.I)
_PUBLISHED_BY = re.compile(r"^.{0,60}\b(?:published|report)\b[^:]{0,40}:\s*(?P<title>\S.{10,})$", re.I)
_GET_REPORT = re.compile(r"^(?:get|read|download|view)\s+the\s+(?:full\s+)?report\b", re.I)
_REPORT_NAME = re.compile(r"\b(?:inspection|review|report|assessment|super-complaint)\b", re.I)
_TITLE_STOP = re.compile(r"^(?:version|draft|official|published|date|sent|from|to)\b", re.I)
_YESTERDAY = re.compile(r"\b(?:has|have)\s+yesterday\s+published\b|\bpublished\s+yesterday\b", re.I)
_SELF_DESCRIBED = re.compile(r"This\s+(?:is|report)\b[^.]{0,100}")


@dataclass
class Metadata:
    kind: str = "other"
    title: str | None = None
    inspection_title: str | None = None
    inspection_type: str | None = None
    published: date | None = None
    forces: list[str] = field(default_factory=list)
    section55_deadline: date | None = None
    section55_deadline_basis: str | None = None  # "printed" or "statutory"

    def as_contract(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "title": self.title,
            "inspection_title": self.inspection_title,
            "inspection_type": self.inspection_type,
            "published": self.published.isoformat() if self.published else None,
            "forces": self.forces,
            "section55_deadline": self.section55_deadline.isoformat()
            if self.section55_deadline
            else None,
            "section55_deadline_basis": self.section55_deadline_basis,
        }


def find_fields(doc: Document) -> dict[str, list[str]]:
    """Label/value pairs: form rows, 'Label:' headings over a value, 'Label: value' lines."""
    fields: dict[str, list[str]] = {}
    blocks = doc.blocks

    def put(label: str, value: str) -> None:
        name = _LABEL_TO_FIELD.get(norm(label))
        if name and value:
            fields.setdefault(name, []).append(value)

    for i, block in enumerate(blocks[:80]):
        if block.kind == "table_row":
            cells = [t for t in doc.cell_texts(block) if t]
            if len(cells) >= 2:
                put(cells[0], " ".join(cells[1:]))
            continue
        text = doc.clean(block)
        if text.endswith(":") and i + 1 < len(blocks) and words(text) <= 6:
            nxt = blocks[i + 1]
            value = (
                " ".join(t for t in doc.cell_texts(nxt) if t)
                if nxt.kind == "table_row"
                else doc.clean(nxt)
            )
            put(text[:-1], value)
        elif ":" in text and words(text.split(":", 1)[0]) <= 5:
            label, value = text.split(":", 1)
            put(label, value.strip())
    return fields


def _title_lines(doc: Document, layout: Layout) -> list[str]:
    """The opening lines that form a report's title, before furniture, contents, labels or prose."""
    start = layout.title_index
    if start is None:
        return []
    lines: list[str] = []
    for i in range(start, min(start + 6, len(doc.blocks))):
        block = doc.blocks[i]
        text = doc.clean(block)
        if (i in layout.furniture or block.kind in ("table_row", "list_item") or not is_headingish(doc, block)
                or words(text) > 30 or STRUCTURAL.match(text) or finding_label(text) or grade_of(text)
                or _TITLE_STOP.match(text) or parse_date(text) or text.endswith((":", "?"))):
            break
        if lines and match_concept(text, strict=True):
            break  # a pillar or question heading under the page's title
        lines.append(text)
        if len(lines) == 4:
            break
    return lines


def _subject_line(doc: Document, letter: Letter) -> str | None:
    """The heading a letter opens with after its header (its subject)."""
    for nxt in doc.blocks[letter.header_end + 1: letter.header_end + 3]:
        text = doc.clean(nxt)
        if SALUTATION.match(text):
            continue
        if is_headingish(doc, nxt) and words(text) >= 3 and not text.endswith(":"):
            return text
        return None
    return None


def _clean_title(value: str) -> str:
    m = _MD_LINK_TEXT.match(value)
    if m:
        value = m.group(1)
    value = _PUBLISHER_SUFFIX.sub("", value).strip()
    value = re.sub(r"\s*\((?:PDF|HTML|Word)[^)]*\)\s*$", "", value, flags=re.I)
    return value.rstrip(".").strip() or value


def _quoted_title(doc: Document) -> str | None:
    """A response that names the report it answers in quotes: 'the report entitled “…”'."""
    for block in doc.blocks[:40]:
        m = _QUOTED_TITLE.search(doc.clean(block))
        if m:
            return _clean_title(m.group("title"))
    return None


def _linked_report(doc: Document, layout: Layout) -> str | None:
    """A news release's link to its report: 'Get the report' over the report's title."""
    blocks = doc.blocks
    for i, block in enumerate(blocks[:60]):
        if _GET_REPORT.match(doc.clean(block)) and i + 1 < len(blocks):
            text = _clean_title(doc.clean(blocks[i + 1]))
            if is_headingish(doc, blocks[i + 1]) and words(text) >= 3:
                return text
    return None


def inspection_type_of(texts: list[str]) -> str | None:
    """The contract's inspection type from the type field, titles and text, most specific first."""
    joined = " \n ".join(t for t in texts if t)
    checks = [
        ("crime_data_integrity", r"\bcrime\s+data\s+integrity\b"),
        ("core_business", r"\bcore\s+business\b"),
        ("peel", r"\bPEEL\b|(?:effectiveness|efficiency|legitimacy),\s+(?:effectiveness|efficiency|legitimacy),?"
                 r"\s+and\s+(?:effectiveness|efficiency|legitimacy)"),
        ("joint", r"\bjoint\s+(?:thematic\s+)?inspection\b|\bcriminal\s+justice\s+joint\b|"
                  r"\b(?:conducted|carried\s+out|undertaken)\s+jointly\b|\bjointly\s+by\b"),
        ("thematic", r"\bthematic\b(?!\s+leads?\b)"),
    ]
    for name, pattern in checks:
        if re.search(pattern, joined, 0 if name == "peel" else re.I):
            return name
    return None


def extract_metadata(doc: Document, layout: Layout) -> Metadata:
    meta = Metadata()
    fields = find_fields(doc)
    head = " ".join(doc.clean(b) for i, b in enumerate(doc.blocks[:8]) if i not in layout.furniture)
    letter = letter_of(doc)
    meta.kind = document_kind(doc, layout, fields, head, letter)
    tracker = is_tracker(doc)
    title_text = doc.clean(doc.blocks[layout.title_index]) if layout.title_index is not None else None

    if tracker:
        meta.title = None
    elif letter is not None and not letter.with_information:
        meta.title = _subject_line(doc, letter)
    elif meta.kind == "inspection_report":
        meta.title = " ".join(_title_lines(doc, layout)) or title_text
    else:
        meta.title = title_text

    if "inspection_title" in fields:
        meta.inspection_title = _clean_title(fields["inspection_title"][0])
    elif tracker:
        meta.inspection_title = tracker_report_title(doc, layout)
    elif letter is not None:
        subject = _subject_line(doc, letter)
        meta.inspection_title = subject if subject and _REPORT_NAME.search(subject) else None
    elif meta.kind == "inspection_report":
        meta.inspection_title = meta.title
    else:
        meta.inspection_title = _quoted_title(doc) or _linked_report(doc, layout) or _published_title(meta.title)

    headings = [doc.clean(b) for b in doc.blocks[:60] if b.kind == "heading" or (
        is_headingish(doc, b) and words(doc.clean(b)) <= 12)]
    described = [m.group(0) for b in doc.blocks[:20] for m in _SELF_DESCRIBED.finditer(doc.clean(b))]
    type_texts = (fields.get("inspection_type", []) + [meta.inspection_title or "", meta.title or ""]
                  + headings + described)
    meta.inspection_type = inspection_type_of(type_texts)
    if meta.inspection_type is None:
        body = " ".join(doc.clean(b) for b in doc.blocks[:40])
        m = re.search(r"\b(?:national\s+)?thematic\s+(?:inspection|report|review)\b|"
                      r"\b(?:conducted|carried\s+out|undertaken)\s+jointly\b", body, re.I)
        if m:
            meta.inspection_type = "joint" if "joint" in m.group(0).lower() else "thematic"

    meta.published = _published(doc, fields, meta.kind, layout)
    meta.forces = _forces(doc, fields, meta, letter, layout)

    printed = next((parse_date(v) for v in fields.get("deadline", []) if parse_date(v)), None)
    if printed:
        meta.section55_deadline, meta.section55_deadline_basis = printed, "printed"
    elif meta.forces:
        meta.section55_deadline = section55_last_day(meta.published)
        meta.section55_deadline_basis = "statutory" if meta.section55_deadline else None
    return meta


def _published_title(title: str | None) -> str | None:
    """'Recent report published by HMICFRS: An inspection into …' names its report after the colon."""
    if not title:
        return None
    m = _PUBLISHED_BY.match(title)
    return _clean_title(m.group("title")) if m else None


def _published(doc: Document, fields: dict[str, list[str]], kind: str, layout: Layout) -> date | None:
    for value in fields.get("published", []):
        d = parse_date(value)
        if d:
            return d
    texts = [doc.clean(b) for b in doc.blocks[:200]]
    if kind == "other":
        # An inspectorate news release is issued on the day its report is published.
        dateline = next((parse_date(t) for t in texts[:8] if DATELINE.match(t)), None)
        if dateline:
            yesterday = any(_YESTERDAY.search(t) for t in texts[:20])
            return dateline - timedelta(days=1) if yesterday else dateline
    for text in texts:
        m = _LETTER_PUBLISHED.search(text)
        if m:
            for d, _, _ in find_dates(text[m.start() : m.end() + 60]):
                return d
        for m in _PUBLISHED_SENTENCE.finditer(text):
            for d, start, _ in find_dates(text[m.end() : m.end() + 60]):
                if start <= 25:
                    return d
                break
    return None


def _forces(doc: Document, fields: dict[str, list[str]], meta: Metadata, letter: Letter | None,
            layout: Layout) -> list[str]:
    for value in fields.get("forces", []):
        found = resolve_forces(value, bare=True)
        if found:
            return found
    if letter is not None:
        found = resolve_forces(letter.recipient_text)
        if found:
            return found[:1]
        if not letter.to_force:
            return []
    for text in (meta.title or "", meta.inspection_title or ""):
        m = re.search(r"\binspections?\s+of\s+(.+)$", text, re.I)
        if m:
            found = resolve_forces(m.group(1))
            if found:
                return found
    found = resolve_forces(meta.title or "") or resolve_forces(meta.inspection_title or "")
    if found:
        return found[:1]
    if meta.kind in ("inspection_report", "inspection_letter", "pcc_response", "response_record"):
        return _subject_force(doc, layout)
    return []


def _subject_force(doc: Document, layout: Layout) -> list[str]:
    """The force a page is about when its heading does not say: the first one its opening text names alone.

    Forces named in a list together are context ("three forces piloted …"), not the subject.
    """
    for i, block in enumerate(doc.blocks[:25]):
        if i in layout.furniture or block.kind in ("list_item", "table_row"):
            continue
        mentions = force_mentions(doc.clean(block))
        names = {name for _, _, name in mentions}
        if len(names) == 1:
            return [mentions[0][2]]
        if len(names) > 1:
            return []
    return []
