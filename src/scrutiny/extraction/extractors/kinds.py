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
    r"^(?:\w+day,?\s+)?\d{1,2}\s+\w{3,9}\.?\s+(?:19|20)\d\d(?:\s*[,|]?\s*\d{1,2}[:.]\d\d\s*"
    r"(?:[AP]M)?)$", re.I)
# The inspectorate announcing its own report: its release is dated on the publication day.
INSPECTORATE_PUBLISHED = re.compile(
    r"\b(?:HMIC(?:FRS)?|inspectorate(?:\s+of\s+constabulary)?(?:\s+and\s+fire\s+(?:and|&)\s+rescue\s+services)?)"
    r"(?:\s*\([A-Z]+\))?\s+(?:has|have)\s+(?:today|yesterday)\s+published\b|"
    r"\bpublished\s+(?:today|yesterday)\s+by\s+(?:HMIC|His|Her|the\s+inspectorate)", re.I)
# A report's own title: "An inspection of …", "PEEL 2023–25", "Report on …", "… inspection 2016".
_REPORT_WORDS = re.compile(
    r"\b(?:an?\s+inspection\s+(?:of|into)|inspection\s+(?:report|into|of|(?:19|20)\d\d)|report\s+on\b|"
    r"post-inspection|PEEL|joint\s+(?:thematic|inspection)|super-complaint|inspection\b.{0,40}\b(?:19|20)\d\d|"
    r"effectiveness,\s+efficiency\s+and\s+legitimacy|(?:causes?|cause)\s+of\s+concern|review\s+of\b)",
    re.I)
# The inspectorate describing its own work ("This is HMIC's third PEEL assessment", "Our inspection
# assessed", "we inspected"), as opposed to a page about its report ("the report states").
_INSPECTORATE_VOICE = re.compile(
    r"This\s+(?:is|report)\b[^.]{0,100}\b(?:PEEL|HMIC|HMICFRS|inspection|assessment)\b|"
    r"(?i:\b(?:our|this)\s+(?:inspection|assessment)\s+(?:assessed|found|looked|examined|considered)\b|"
    r"\bwe\s+(?:inspected|found\s+that|assessed|examined)\b|\beffectiveness,\s+efficiency\s+and\s+legitimacy\s+"
    r"with\s+which\b)")
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
        to_force = bool(_FORCE_RECIPIENT.search(recipient) or resolve_forces(recipient))
        return Letter(salutation, to_force, False, recipient)
    return None


# Words one of which any status log holds: a cheap test before the pattern.
_LOG_MARKERS = ("[on]", "[status]", "[comment]", "awaiting-review", "being-progressed", "no-further-action",
                "this recommendation", "authorised for closure")
# A tracker's row status, printed on its own line beside each recommendation.
TRACKER_STATUS = re.compile(
    r"^(?:completed?|superseded|in\s+progress|being\s+progressed|awaiting\s+review|no\s+further\s+action(?:\s+needed)?|"
    r"open|closed|not\s+started|ongoing|partially\s+(?:met|completed|achieved)|achieved|discharged|withdrawn|"
    r"overdue|on\s+track)$", re.I)


def has_status_log(doc: Document) -> bool:
    """Does the text carry the tracker's status log or status sentences?"""
    found = doc.memo.get("status_log")
    if found is None:
        lowered = doc.text.lower()
        found = any(marker in lowered for marker in _LOG_MARKERS) and bool(TRACKER_LOG.search(doc.text))
        doc.memo["status_log"] = found
    return bool(found)


def is_tracker(doc: Document) -> bool:
    """A recommendation tracker: the inspectorate's status log, or a status beside each recommendation."""
    if has_status_log(doc):
        return True
    found = doc.memo.get("status_lines")
    if found is None:
        found = sum(1 for b in doc.blocks if len(doc.raw(b)) < 40 and TRACKER_STATUS.match(doc.clean(b))) >= 2
        doc.memo["status_lines"] = found
    return bool(found)


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
    """A news release: a dateline, 'Notes to editors', or a release quoting a spokesperson."""
    texts = [doc.clean(b) for b in doc.blocks[:80]]
    if any(DATELINE.match(t) for t in texts[:8]):
        return True
    joined = " ".join(texts[:40])
    strong = bool(re.search(r"\bnotes?\s+to\s+editors\b", joined, re.I))
    return strong or (bool(_NEWS.search(joined)) and any(_SAID.search(t) for t in texts))


def is_publication_page(doc: Document) -> bool:
    """The inspectorate's publication page layout: 'Published on:', 'Publication types:', 'Police Forces:'."""
    return sum(1 for b in doc.blocks[:20] if _PUBLICATION_PAGE.match(doc.clean(b))) >= 1


_FORM_SIGNS = re.compile(r"\?\s*yes\s+no\b|\bdate\s+response\s+sent\b|[☐□❏]|\[\s\]", re.I)
MINUTES = re.compile(r"^(?:minutes|agenda\s+item\b.{0,20}"
    r"|agendas?,?\s+meetings?\s+and\s+minutes\b.{0,40})\s*:?$",
                     re.I)
_MEETING_PAPER = re.compile(r"\bagenda\s+item\s+\d+|\breport\s+to\s+the\s+(?:[\w-]+\s+){0,4}(?:committee"
    r"|panel|board)\b",
                            re.I)
# An office's page pointing to its response rather than giving it: "Read the PCC's response".
_OFFICE_INDEX = re.compile(r"\b(?:pcc|pfcc|commissioner|deputy\s+mayor|mayor)['’]s\s+responses?\b|"
                           r"\bresponses\s+to\s+(?:hmic|hmicfrs|inspections)\b", re.I)


def is_meeting_paper(doc: Document) -> bool:
    """Minutes, an agenda item or a report to a committee or panel."""
    texts = [doc.clean(b) for b in doc.blocks[:12]]
    return any(MINUTES.match(t) for t in texts) or bool(_MEETING_PAPER.search(" ".join(texts)[:600]))


def document_kind(doc: Document, layout: Layout, fields: dict[str, list[str]], head: str,
                  letter: Letter | None, title: str | None) -> str:
    from .voices import COMMISSIONER_TITLE, speaks_as_commissioner

    if is_tracker(doc):
        return "other"
    rows = sum(1 for b in doc.blocks[:40] if b.kind == "table_row" and len(b.cells) >= 2)
    form = len(_FORM_SIGNS.findall(" ".join(doc.clean(b) for b in doc.blocks[:20])))
    # A details table (title, published, force) does not make a form of a document that
    # calls itself the commissioner's response and has nothing of a form to fill in.
    published_response = form == 0 and bool(title and COMMISSIONER_TITLE.search(title))
    if re.search(r"\bresponse\s+(?:record|form|template)\b", head, re.I) or (
        (rows >= 4 or form >= 2) and len(fields) >= 3 and (layout.response_headings or form)
        and not published_response
    ):
        return "response_record"
    if layout.response_headings and (
        re.search(r"\b(?:response|comments)\b", head, re.I) or "section 55" in head.lower()
        or "pcc" in layout.response_headings.values()
    ):
        # The inspectorate's reports never carry a commissioner's response section.
        return "pcc_response"
    if is_meeting_paper(doc):
        return "other"
    if speaks_as_commissioner(doc, title, layout.furniture):
        return "pcc_response"
    if letter is not None:
        return "inspection_letter" if letter.to_force else "other"
    if is_news(doc, layout) or _OFFICE_INDEX.search(doc.text[:20000]):
        return "other"
    if is_publication_page(doc) or (title and _REPORT_WORDS.search(title)) \
            or _INSPECTORATE_VOICE.search(head):
        return "inspection_report"
    return "other"
