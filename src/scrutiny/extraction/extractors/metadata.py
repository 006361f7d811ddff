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
from functools import cache

from ..dates import find_dates, parse_date
from ..document import Document
from ..forces import force_mentions, resolve_forces
from ..peel import match_concept
from ..statute import section55_last_day
from .kinds import (
    DATELINE,
    INSPECTORATE_PUBLISHED,
    SALUTATION,
    Letter,
    document_kind,
    is_tracker,
    letter_of,
    tracker_report_title,
)
from .structure import Layout
from .vocabulary import STRUCTURAL, finding_label, grade_of, is_headingish, norm, words
from .voices import COMMISSIONER_TITLE

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "inspection_title": ("inspection title", "title of inspection", "title of the inspection",
                         "report title", "title of report", "inspection name", "inspection",
                         "report"),
    "published": ("published on", "date published", "published date", "publication date",
                  "date of publication", "published", "report published", "date report published",
                  "date inspection published"),
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
_RESPONSE_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:police(?:,|\s+and)?\s+(?:fire\s+and\s+)?(?:and\s+)?crime\s+)?commissioner['’]?s?\s+)?"
    r"(?:response|statement|comments?)\s*(?:to|on|[–—:-])\s*(?:the\s+)?(?:(?:HMICFRS|HMIC)['’]?s?\s+)?"
    r"(?:(?:inspection\s+)?report\s*(?:on|into|:)?\s*)?", re.I)
_PUBLISHER_PREFIX = re.compile(
    r"^(?:(?:His|Her)\s+Majesty['’]s\s+Inspectorate\s+of\s+Constabulary(?:\s+and\s+Fire\s+(?:&|and)\s+Rescue\s+"
    r"Services)?\s*(?:\((?:HMICFRS|HMIC)\))?|HMICFRS|HMIC)(?:\s+(?:and|&)\s+HMIP?)?\s*(?:[–—:-]\s*|\s+)"
    r"(?:inspection\s+report\s*:\s*)?", re.I)
_TITLE_DATE = re.compile(r"\s*\((\d{1,2}(?:st|nd|rd|th)?\s+\w{3,9}\.?\s+(?:19|20)\d\d)\)\s*$")
_SEVERAL_REPORTS = re.compile(r"\b(?:inspections|reports|assessments|responses)\b(?!\s+(?:of|into)\b)", re.I)
_LINKED_TITLE = re.compile(
    r"(?P<title>[A-Z][^.“”]{15,200}?)\s+[-–—|]\s+(?:HMICFRS|His\s+Majesty['’]s\s+Inspectorate[^(]{0,80})\s*"
    r"\((?:www\.)?justiceinspectorates\.gov\.uk\)")
_REPORT_COLON = re.compile(
    r"\breport\s*:\s*(?P<title>[A-Z][^.:;“”]{15,200}?)\s+(?:published|by|from|which|was|is)\b")
_GET_REPORT = re.compile(r"^(?:get|read|download|view)\s+the\s+(?:full\s+)?report\b", re.I)
_REPORT_NAME = re.compile(r"\b(?:inspections?|reviews?|reports?|assessments?|super-complaints?)\b", re.I)
_TITLE_STOP = re.compile(r"^(?:version|draft|official|published|date|sent|from|to|response\s+from)\b", re.I)
# A form's section label run on to its title line: "… Inspection Details".
_FORM_SECTION = re.compile(r"\s+(?:inspection|report|response)\s+details$", re.I)
# A headline rather than a report's name: it grades or praises ("'Good' HMIC assessment…").
_HEADLINE = re.compile(r"['‘“\"](?:outstanding|good|adequate|requires\s+improvement|inadequate)['’”\"]|"
                       r"\b(?:recognised|welcomes?|welcomed|judged|rated|praised|graded"
                       r"|improvements?)\b", re.I)
# "published the findings of this inspection today (15 June 2017)"
_PUBLISHED_TODAY = re.compile(r"\bpublished\b[^.]{0,60}?\btoday\s*\((?:\w+day,?\s+)?(?P<date>\d{1,2}(?:st"
    r"|nd|rd|th)?\s+"
                              r"\w{3,9}\.?,?\s+(?:19|20)\d\d)\)", re.I)
# A forthcoming publication is not a publication date: "due to be published in the week commencing …".
_NOT_PUBLISHED_YET = re.compile(r"\b(?:due\s+to\s+be|will\s+be|to\s+be|expected\s+to\s+be"
    r"|is\s+being)\s+published\b|"
                                r"\bweek\s+commencing\b", re.I)
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

    inline = _inline_labels()
    for i, block in enumerate(blocks[:80]):
        if block.kind != "table_row":
            text = doc.clean(block)
            marks = list(inline.finditer(text))
            if len(marks) >= 2:
                # A form flattened to one line: "Title of Inspection: … Date Inspection Published: …"
                for mark, after in zip(marks, [*marks[1:], None], strict=True):
                    put(mark.group("label"), text[mark.end(): after.start() if after else len(text)].strip())
                continue
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


@cache
def _inline_labels() -> re.Pattern[str]:
    labels = sorted(_LABEL_TO_FIELD, key=len, reverse=True)
    return re.compile(r"(?:^|(?<=\s))"
        r"(?P<label>" + "|".join(re.escape(label) for label in labels if " " in label)
                      + r")\s*:\s*", re.I)


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
        lines.append(_FORM_SECTION.sub("", text))
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
    value = value.rstrip(".").strip() or value
    for opening, closing in (("‘", "’"), ("“", "”"), ("'", "'"), ('"', '"')):
        if value.endswith(closing) and value.count(closing) > value.count(opening) + (opening == closing):
            value = value[:-1].rstrip()
        if opening != closing and value.startswith(opening) and value.count(opening) > value.count(closing):
            value = value[1:].lstrip()
    return value


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


_TYPE_CHECKS = [
    ("crime_data_integrity", re.compile(r"\bcrime\s+data\s+integrity\b", re.I)),
    ("core_business", re.compile(r"\bcore\s+business\b", re.I)),
    ("peel", re.compile(r"\bPEEL\b|(?i:(?:effectiveness|efficiency|legitimacy),\s+"
                        r"(?:effectiveness|efficiency|"
                        r"legitimacy),?\s+and\s+(?:effectiveness|efficiency|legitimacy))")),
    ("joint", re.compile(r"\bjoint\s+(?:thematic\s+)?inspection\b|\bcriminal\s+justice\s+joint\b|"
                         r"\b(?:conducted|carried\s+out|undertaken)\s+jointly\b|\bjointly\s+by\b", re.I)),
    ("thematic", re.compile(r"\bthematic\b(?!\s+leads?\b)", re.I)),
]


def inspection_type_of(texts: list[str]) -> str | None:
    """The contract's inspection type from the type field, titles and text, most specific first."""
    joined = " \n ".join(t for t in texts if t)
    for name, pattern in _TYPE_CHECKS:
        if pattern.search(joined):
            return name
    return None


def first_inspection_type(text: str) -> str | None:
    """The inspection type a running text mentions first."""
    found = [(m.start(), name) for name, pattern in _TYPE_CHECKS for m in [pattern.search(text)] if m]
    return min(found)[1] if found else None


def extract_metadata(doc: Document, layout: Layout) -> Metadata:
    meta = Metadata()
    fields = find_fields(doc)
    head = " ".join(doc.clean(b) for i, b in enumerate(doc.blocks[:8]) if i not in layout.furniture)
    letter = letter_of(doc)
    title_text = doc.clean(doc.blocks[layout.title_index]) if layout.title_index is not None else None
    meta.kind = document_kind(doc, layout, fields, head, letter, title_text)
    tracker_title = tracker_report_title(doc, layout) if is_tracker(doc) else None

    if title_text:
        title_text = _FORM_SECTION.sub("", title_text)
    if tracker_title:
        meta.title = None
    elif letter is not None and not letter.with_information:
        meta.title = _subject_line(doc, letter)
    elif meta.kind == "inspection_report":
        meta.title = " ".join(_title_lines(doc, layout)) or title_text
    else:
        meta.title = title_text

    from_title = False
    if "inspection_title" in fields:
        meta.inspection_title = _clean_title(fields["inspection_title"][0])
    elif tracker_title:
        meta.inspection_title = tracker_title
    elif letter is not None and meta.kind != "pcc_response":
        subject = _subject_line(doc, letter)
        meta.inspection_title = subject if subject and _REPORT_NAME.search(subject) else None
    elif meta.kind == "inspection_report":
        meta.inspection_title = meta.title
    else:
        named = _report_named_by(meta.title)
        from_title = named is not None
        meta.inspection_title = (_quoted_title(doc) or named or _linked_report(doc, layout)
                                 or _report_in_text(doc, layout))

    headings = [doc.clean(b) for b in doc.blocks[:60] if b.kind == "heading" or (
        is_headingish(doc, b) and words(doc.clean(b)) <= 12)]
    described = [m.group(0) for b in doc.blocks[:20] for m in _SELF_DESCRIBED.finditer(doc.clean(b))]
    several = bool(meta.title and _SEVERAL_REPORTS.search(meta.title))
    type_texts = fields.get("inspection_type", []) + [meta.inspection_title or "", meta.title or ""]
    if not several:
        type_texts += headings + described
    meta.inspection_type = inspection_type_of(type_texts)
    if meta.inspection_type is None and not several:
        body = " ".join(doc.clean(b) for b in doc.blocks[:40])
        m = re.search(r"\b(?:national\s+)?thematic\s+(?:inspection|report|review)\b|"
                      r"\b(?:conducted|carried\s+out|undertaken)\s+jointly\b", body, re.I)
        if m:
            meta.inspection_type = "joint" if "joint" in m.group(0).lower() else "thematic"
        elif meta.inspection_title is None:
            # A page that names no report: what its text first says the inspection was.
            meta.inspection_type = first_inspection_type(body)

    meta.published = _published(doc, fields, meta.kind, layout)
    if meta.published is None and from_title and meta.title:
        # "HMICFRS Inspection on Fraud: 'A Time to Choose' (2 Apr 2019)": the report's name with its date.
        m = _TITLE_DATE.search(meta.title)
        meta.published = parse_date(m.group(1)) if m else None
    meta.forces = _forces(doc, fields, meta, letter, layout)

    printed = next((parse_date(v) for v in fields.get("deadline", []) if parse_date(v)), None)
    if printed:
        meta.section55_deadline, meta.section55_deadline_basis = printed, "printed"
    elif meta.forces:
        meta.section55_deadline = section55_last_day(meta.published)
        meta.section55_deadline_basis = "statutory" if meta.section55_deadline else None
    return meta


def _report_named_by(title: str | None) -> str | None:
    """The report a page's heading names, without the publisher, the office's words or a date.

    'Recent report published by HMICFRS: An inspection into …', 'Commissioner's response to
    HMICFRS report: A Review of Fraud', 'HMICFRS and HMIP - Unannounced Inspection of Police
    Custody', 'HMICFRS Inspection on Fraud: 'A Time to Choose' (2 Apr 2019)'.
    """
    if not title or _HEADLINE.search(title) or (
            COMMISSIONER_TITLE.search(title) and not _RESPONSE_PREFIX.match(title)):
        return None
    m = _PUBLISHED_BY.match(title)
    if m and not _RESPONSE_PREFIX.match(title):
        return _clean_title(m.group("title"))
    text = _TITLE_DATE.sub("", title)
    response = _RESPONSE_PREFIX.match(text)
    if response:
        text = text[response.end():]
        text = re.sub(r"\s+report$", "", text, flags=re.I)
    text = _PUBLISHER_PREFIX.sub("", text)
    text = _clean_title(text)
    if not (_REPORT_NAME.search(text) or re.search(r"\bPEEL\b", text)) or _SEVERAL_REPORTS.search(text) \
            and not response:
        return None
    return text or None


def _report_in_text(doc: Document, layout: Layout) -> str | None:
    """A report named in running text: a link label ('… - HMICFRS (justiceinspectorates.gov.uk)')
    or 'the interim report: Inspection into … published today'."""
    for block in doc.blocks[:20]:
        text = doc.clean(block)
        m = _LINKED_TITLE.search(text) or _REPORT_COLON.search(text)
        if m:
            return _clean_title(m.group("title"))
    return None


def _published(doc: Document, fields: dict[str, list[str]], kind: str, layout: Layout) -> date | None:
    for value in fields.get("published", []):
        d = parse_date(value)
        if d:
            return d
    texts = [doc.clean(b) for b in doc.blocks[:200]]
    if kind == "other" and any(INSPECTORATE_PUBLISHED.search(t) for t in texts[:20]):
        # An inspectorate news release is issued on the day its report is published.
        dateline = next((parse_date(t) for t in texts[:8] if DATELINE.match(t)), None)
        if dateline:
            yesterday = any(_YESTERDAY.search(t) for t in texts[:20])
            return dateline - timedelta(days=1) if yesterday else dateline
    for text in texts:
        m = _LETTER_PUBLISHED.search(text)
        if m and kind == "inspection_letter":
            for d, _, _ in find_dates(text[m.start() : m.end() + 60]):
                return d
        m = _PUBLISHED_TODAY.search(text)
        if m:
            return parse_date(m.group("date"))
        for m in _PUBLISHED_SENTENCE.finditer(text):
            if _NOT_PUBLISHED_YET.search(text[max(0, m.start() - 30): m.end() + 40]):
                continue
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
    return _subject_force(doc, layout)


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
