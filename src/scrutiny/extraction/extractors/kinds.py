"""What a document is: report, letter, response, response form, or something else.

Recognised by the layouts the inspectorate and offices use: the inspectorate's
publication pages ("Published on", "Publication types", "Police Forces"), its
letters ("Letter information", "From", "To", "Sent on", or "Dear … Yours
sincerely"), its recommendation tracker (a recommendation with a dated status
log), news releases (a dateline, "Notes to editors", "… said:"), offices' response
forms (label/value rows) and responses (a commissioner's comments section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..forces import resolve_forces
from .structure import Layout

# The tracker's status log: "[on]9th February 2017 [status]awaiting-review[/status][/on]".
TRACKER_LOG = re.compile(
    r"\[on\]|\[/?status\]|\[/?comment\]|\b(?:awaiting-review|being-progressed|no-further-action-needed)\b|"
    r"\bthis\s+recommendation\s+(?:is|has\s+been|was)\s+(?:now\s+)?(?:complete|completed|closed|achieved|"
    r"superseded|being\s+progressed)\b|\bauthorised\s+for\s+closure\b", re.I)
_TRACKER_ID = re.compile(r"\s*\((\d{3,6})\)\s*$")
_LETTER_FIELD = re.compile(r"^(?:letter\s+information|from|to|cc|sent\s+on|date\s+sent)\s*:?$", re.I)
_LETTER_INLINE = re.compile(r"^(?:from|to|sent\s+on)\s*:\s*\S", re.I)
SALUTATION = re.compile(r"^Dear\s+\S", re.I)
SIGN_OFF = re.compile(r"^Yours\s+(?:sincerely|faithfully)", re.I)
_FORCE_RECIPIENT = re.compile(r"\b(?:chief\s+constable|commissioner|mayor|deputy\s+mayor|pcc|pfcc|"
                              r"police\s+authority)\b", re.I)
_NEWS = re.compile(
    r"\bnotes?\s+to\s+editors\b|\b(?:press|news)\s+release\b|\bprintable\s+version\b|"
    r"\b(?:has|have)\s+(?:today|yesterday)\s+published\b|\bpublished\s+(?:today|yesterday)\b",
    re.I)
_SAID = re.compile(r"\b(?:said|says|commented|added)\s*:\s*$|\bsaid\s*:\s*[“\"]", re.I)
DATELINE = re.compile(
    r"^(?:\w+day,?\s+)?\d{1,2}\s+\w{3,9}\.?\s+(?:19|20)\d\d(?:\s*[,|]?\s*\d{1,2}[:.]\d\d\s*(?:[AP]M)?)$", re.I)
_REPORT_WORDS = re.compile(
    r"\b(?:an?\s+inspection\s+(?:of|into)|inspection\s+(?:report|into|of|(?:19|20)\d\d)|report\s+on\s+an?\b|"
    r"post-inspection|PEEL|HMICFRS|HMIC|inspectorate|joint\s+(?:thematic|inspection)|our\s+inspection|"
    r"we\s+inspected|super-complaint|effectiveness,\s+efficiency\s+and\s+legitimacy)\b",
    re.I)
_PUBLICATION_PAGE = re.compile(r"^(?:published\s+on|publication\s+types?|police\s+forces?)\s*:", re.I)


@dataclass
class Letter:
    """Where a letter's header is and who it is addressed to."""

    header_end: int  # index of the last header block (the date it was sent, or the salutation)
    to_force: bool  # addressed to a force, its chief constable or its commissioner
    with_information: bool  # the inspectorate's publication layout ("Letter information", "Sent on")
    recipient_text: str


def letter_of(doc: Document) -> Letter | None:
    """The letter's header, when the document is a letter."""
    texts = [doc.clean(b) for b in doc.blocks[:60]]
    info = [i for i, t in enumerate(texts) if _LETTER_FIELD.match(t) or _LETTER_INLINE.match(t)]
    salutation = next((i for i, t in enumerate(texts) if SALUTATION.match(t)), None)
    signed = any(SIGN_OFF.match(doc.clean(b)) for b in doc.blocks)
    if len(info) >= 2:
        sent = max(info)
        end = min(sent + 1, len(texts) - 1) if re.match(r"^sent\s+on\s*:?$", texts[sent], re.I) else sent
        header = " ".join(texts[min(info): end + 1])
        to = re.split(r"\bto\s*:?\s", header, maxsplit=1, flags=re.I)
        recipient = to[1] if len(to) > 1 else header
        recipient = re.split(r"\b(?:sent\s+on|cc)\b", recipient, flags=re.I)[0]
        return Letter(end, bool(_FORCE_RECIPIENT.search(recipient) or resolve_forces(recipient)), True,
                      recipient)
    if salutation is not None and signed:
        recipient = " ".join(texts[max(0, salutation - 4): salutation + 1])
        return Letter(salutation, bool(_FORCE_RECIPIENT.search(recipient) or resolve_forces(recipient)), False,
                      recipient)
    return None


def is_tracker(doc: Document) -> bool:
    return bool(TRACKER_LOG.search(doc.text))


def tracker_report_title(doc: Document, layout: Layout) -> str | None:
    """A tracker page opens with its report's title and the tracker's id: 'Core Business: … (4822)'."""
    for i, block in enumerate(doc.blocks[:4]):
        if i in layout.furniture:
            continue
        text = doc.clean(block)
        m = _TRACKER_ID.search(text)
        if m:
            return text[: m.start()].strip()
        return None
    return None


def is_news(doc: Document, layout: Layout) -> bool:
    """An inspectorate news release: a dateline, 'Notes to editors', or a release quoting a spokesperson."""
    texts = [doc.clean(b) for b in doc.blocks[:80]]
    if any(DATELINE.match(t) for t in texts[:8]):
        return True
    joined = " ".join(texts[:40])
    strong = bool(re.search(r"\bnotes?\s+to\s+editors\b", joined, re.I))
    return strong or (bool(_NEWS.search(joined)) and any(_SAID.search(t) for t in texts))


def is_publication_page(doc: Document) -> bool:
    """The inspectorate's publication page layout: 'Published on:', 'Publication types:', 'Police Forces:'."""
    return sum(1 for b in doc.blocks[:20] if _PUBLICATION_PAGE.match(doc.clean(b))) >= 1


def document_kind(doc: Document, layout: Layout, fields: dict[str, list[str]], head: str,
                  letter: Letter | None) -> str:
    if is_tracker(doc):
        return "other"
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
    if letter is not None:
        return "inspection_letter" if letter.to_force else "other"
    if is_news(doc, layout):
        return "other"
    if _REPORT_WORDS.search(head) or is_publication_page(doc):
        return "inspection_report"
    return "other"
