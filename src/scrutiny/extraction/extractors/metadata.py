"""What the document is: kind, titles, inspection type, publication date, forces, deadline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..dates import find_dates, parse_date
from ..document import Document
from ..forces import resolve_forces
from ..statute import section55_last_day
from .structure import Layout
from .vocabulary import STRUCTURAL, is_headingish, norm, words

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
_SALUTATION = re.compile(r"^Dear\s+\S", re.I)
_SIGN_OFF = re.compile(r"^Yours\s+(?:sincerely|faithfully)", re.I)
_MD_LINK_TEXT = re.compile(r"^\[(.*)\]\(.*\)$")


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


def _kind(doc: Document, fields: dict[str, list[str]], layout: Layout, head: str) -> str:
    texts = [doc.clean(b) for b in doc.blocks[:60]]
    if any(_SALUTATION.match(t) for t in texts) and any(
        _SIGN_OFF.match(doc.clean(b)) for b in doc.blocks
    ):
        return "inspection_letter"
    rows = sum(1 for b in doc.blocks[:40] if b.kind == "table_row" and len(b.cells) >= 2)
    if re.search(r"\bresponse\s+(?:record|form|template)\b", head, re.I) or (
        rows >= 4 and len(fields) >= 3 and layout.response_headings
    ):
        return "response_record"
    if layout.response_headings and (
        re.search(r"\b(?:response|comments)\b", head, re.I) or "section 55" in head.lower()
        or "pcc" in layout.response_headings.values()
    ):
        # The inspectorate's reports never carry a commissioner's response section.
        return "pcc_response"
    if re.search(r"\b(?:commissioner|pcc|pfcc|mayor)\b.{0,80}\bresponse\b", head, re.I):
        return "pcc_response"
    if re.search(
        r"\b(?:an?\s+inspection\s+of|inspection\s+(?:report|into)|PEEL|HMICFRS|HMIC|"
        r"inspectorate|joint\s+(?:thematic|inspection))\b",
        head,
        re.I,
    ):
        return "inspection_report"
    return "other"


def _title_lines(doc: Document) -> list[str]:
    """The opening lines that form a report's title, before contents or prose."""
    lines: list[str] = []
    for block in doc.blocks[:8]:
        text = doc.clean(block)
        if block.kind == "table_row" or not is_headingish(doc, block) or words(text) > 20:
            break
        if STRUCTURAL.match(text):
            break
        if re.match(r"^(?:version|draft|official|published|date)\b", text, re.I) or parse_date(text):
            if lines:
                break
            continue
        lines.append(text)
        if len(lines) == 4:
            break
    return lines


def _subject_line(doc: Document) -> str | None:
    for i, block in enumerate(doc.blocks[:60]):
        if _SALUTATION.match(doc.clean(block)):
            for nxt in doc.blocks[i + 1 : i + 3]:
                text = doc.clean(nxt)
                if is_headingish(doc, nxt) and words(text) >= 3:
                    return text
            return None
    return None


def _clean_title(value: str) -> str:
    m = _MD_LINK_TEXT.match(value)
    if m:
        value = m.group(1)
    value = _PUBLISHER_SUFFIX.sub("", value).strip()
    return value.rstrip(".").strip() or value


_QUOTED_TITLE = re.compile(
    r"\b(?:report|inspection)\s+(?:entitled|titled|called|named)?\s*[“\"‘']"
    r"(?P<title>[^”\"’']{15,250})[”\"’']", re.I)


def _quoted_title(doc: Document) -> str | None:
    """A response that names the report it answers in quotes: 'the report entitled “…”'."""
    for block in doc.blocks[:40]:
        m = _QUOTED_TITLE.search(doc.clean(block))
        if m:
            return _clean_title(m.group("title"))
    return None


def inspection_type_of(texts: list[str]) -> str | None:
    """The contract's inspection type from the type field, titles and text, most specific first."""
    joined = " \n ".join(t for t in texts if t)
    checks = [
        ("crime_data_integrity", r"\bcrime\s+data\s+integrity\b"),
        ("core_business", r"\bcore\s+business\b"),
        ("peel", r"\bPEEL\b|police\s+effectiveness,\s+efficiency\s+and\s+legitimacy"),
        ("joint", r"\bjoint\s+(?:thematic\s+)?inspection\b|\bcriminal\s+justice\s+joint\b"),
        ("thematic", r"\bthematic\b(?!\s+leads?\b)"),
    ]
    for name, pattern in checks:
        if re.search(pattern, joined, re.I if name != "peel" else 0):
            return name
    return None


def extract_metadata(doc: Document, layout: Layout) -> Metadata:
    meta = Metadata()
    fields = find_fields(doc)
    first = doc.clean(doc.blocks[0]) if doc.blocks else ""
    head = " ".join(doc.clean(b) for b in doc.blocks[:6])
    meta.kind = _kind(doc, fields, layout, head)

    if meta.kind == "inspection_letter":
        meta.title = _subject_line(doc)
    elif meta.kind == "inspection_report":
        meta.title = " ".join(_title_lines(doc)) or first or None
    else:
        lines = _title_lines(doc)
        meta.title = lines[0] if lines else (first or None)

    if "inspection_title" in fields:
        meta.inspection_title = _clean_title(fields["inspection_title"][0])
    elif meta.kind in ("inspection_report", "inspection_letter"):
        meta.inspection_title = meta.title
    else:
        meta.inspection_title = _quoted_title(doc)

    type_texts = fields.get("inspection_type", []) + [meta.inspection_title or "", meta.title or ""]
    meta.inspection_type = inspection_type_of(type_texts)
    if meta.inspection_type is None:
        body = " ".join(doc.clean(b) for b in doc.blocks[:40])
        m = re.search(r"\b(?:national\s+)?thematic\s+(?:inspection|report|review)\b", body, re.I)
        if m:
            meta.inspection_type = "thematic"

    meta.published = _published(doc, fields, meta.kind)
    meta.forces = _forces(doc, fields, meta)

    printed = next((parse_date(v) for v in fields.get("deadline", []) if parse_date(v)), None)
    if printed:
        meta.section55_deadline, meta.section55_deadline_basis = printed, "printed"
    elif meta.forces and meta.kind != "other":
        meta.section55_deadline = section55_last_day(meta.published)
        meta.section55_deadline_basis = "statutory" if meta.section55_deadline else None
    return meta


def _published(doc: Document, fields: dict[str, list[str]], kind: str) -> date | None:
    for value in fields.get("published", []):
        d = parse_date(value)
        if d:
            return d
    for block in doc.blocks[:200]:
        text = doc.clean(block)
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


def _forces(doc: Document, fields: dict[str, list[str]], meta: Metadata) -> list[str]:
    for value in fields.get("forces", []):
        found = resolve_forces(value)
        if found:
            return found
    if meta.kind == "inspection_letter":
        for i, block in enumerate(doc.blocks[:60]):
            if _SALUTATION.match(doc.clean(block)):
                for prev in reversed(doc.blocks[max(0, i - 3) : i]):
                    found = resolve_forces(doc.clean(prev))
                    if found:
                        return found
                break
    for text in (meta.title or "", meta.inspection_title or ""):
        m = re.search(r"\binspections?\s+of\s+(.+)$", text, re.I)
        if m:
            found = resolve_forces(m.group(1))
            if found:
                return found
    found = resolve_forces(meta.title or "") or resolve_forces(meta.inspection_title or "")
    return found[:1] if found else []
