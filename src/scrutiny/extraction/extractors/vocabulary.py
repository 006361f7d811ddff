"""The inspectorate's standard vocabulary: labels, grades, directives, structure.

Every extractor recognises the document through these patterns, so the words
the inspectorate uses live in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Block, Document

GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "adequate": "adequate",
    "requires improvement": "requires_improvement",
    "inadequate": "inadequate",
}
GRADE_WORDS = r"outstanding|good|adequate|requires\s+improvement|inadequate"
# A grade printed on its own as a label: "Good", "graded good", "Grade: Requires improvement".
GRADE_LINE = re.compile(
    r"^(?:(?:graded(?:\s+as)?|grade|judgment|judgement|rating|overall(?:\s+(?:judgment|judgement|grade))?)"
    r"\s*:?\s*)?['‘\"“]?(" + GRADE_WORDS + r")['’\"”]?\.?$", re.I)
UNGRADED_LINE = re.compile(
    r"^(?:ungraded|not\s+(?:yet\s+)?graded|to\s+be\s+graded|no\s+graded\s+judgment|not\s+inspected)\b",
    re.I)

# Page furniture of the inspectorate's and offices' web pages: never a title or a heading.
FURNITURE = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?content|read\s+more(?:\s+about\b.*)?|print\s+this\s+(?:document|page)|"
    r"printable\s+version|contents|table\s+of\s+contents|get\s+the\s+(?:report|press\s+release|"
    r"national\s+overview(?:\s+report)?|original\s+report|quarterly\s+updates|free\s+pdf\s+reader\b.*)|"
    r"contact\s+(?:hmicfrs|hmic|us)|share\s+this\s+page|"
    r"back\s+to\s+top|(?:error\s+)?404\b.*|page\s+not\s+found|last\s+updated\b.*|"
    r"(?:accept|reject)\s+(?:all\s+)?cookies|cookies?\s+on\b.*|letter\s+information|"
    r"view\s+the\s+\w+\s+questions\s+for\s+\w+|questions\s+for\s+(?:effectiveness|efficiency|legitimacy)|"
    r"\d{1,2}|quick(?:ly)?\s+exit\b.*|banner\s+image|home|menu|search|news|press\s+releases?|"
    r"(?:\w+\s+){0,5}logo(?:\s+(?:\w+\s+){0,4}logo)?|posted\s+on\b.*|email\b.*\bemergency\s+call\b.*|"
    r"non-emergency\s+call\s+101|emergency\s+call\s+999|source\s*[·:|]\s*\S.*|police\s*\+\s*fire|"
    r"agenda\s+item(?:\s+\d+)?|agendas?,?\s+meetings?\s+and\s+minutes\b.*|minutes\s*:?|key\s+information)$",
    re.I,
)
# Notices a site prints above a page's own heading, whatever their length.
SITE_NOTICE = re.compile(
    r"\bcookies?\b|\bthis\s+is\s+the\s+archived\s+version\b|\bsorry,\s+there\s+was\s+a\s+technical\s+problem\b|"
    r"^(?:from\s+left\s+to\s+right|pictured|photo(?:graph)?|image)\s*:|\bjavascript\b", re.I)
_CONTACT_PERSON = re.compile(r"^Contact\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}$")

_REF = r"(?P<ref>\d{1,3}[a-z]?|[A-Z]|[ivx]{1,5})\b"
_SEP = r"\s*(?:[:.–—-]\s*)?"
# "Recommendations", "Our recommendations", "Summary of recommendations", "New AFIs"…
_LEAD = r"^(?:(?:our|the|new|summary\s+of|list\s+of|all)\s+)?"
FINDING_LABELS: dict[str, re.Pattern[str]] = {
    "recommendation": re.compile(_LEAD + r"recommendations?(?:\s+" + _REF + r")?" + _SEP, re.I),
    "area_for_improvement": re.compile(
        _LEAD + r"(?:areas?\s+for\s+improvement|afis?)(?:\s+" + _REF + r")?" + _SEP, re.I
    ),
    "cause_of_concern": re.compile(
        _LEAD + r"causes?\s+(?:of|for)\s+concern(?:\s+" + _REF + r")?" + _SEP, re.I
    ),
    "innovative_practice": re.compile(
        _LEAD + r"innovative\s+practices?(?:\s+" + _REF + r")?" + _SEP, re.I),
    "promising_practice": re.compile(
        _LEAD + r"promising\s+practices?(?:\s+" + _REF + r")?" + _SEP, re.I),
}

# Headings that structure a report but never hold a finding.
STRUCTURAL = re.compile(
    r"^(?:main findings|summary|overall summary|executive summary|overview|introduction|"
    r"background|conclusions?|contents|key findings|our judgments|next steps|methodology|"
    r"about the data|data in this report|annex|appendix|references|glossary|"
    r"hm inspector['’]s observations|foreword|terms of reference|about (?:us|this report)|"
    r"what we found|what we inspected|context|scope|victim service assessment)\b",
    re.I,
)
CAPTION = re.compile(r"^(?:figure|table|chart|graph|source|note)\s*\d*\s*[:.]", re.I)

_MODAL = re.compile(r"\b(?:should|must|needs?\s+to|is\s+required\s+to|are\s+required\s+to|ought\s+to)\b",
                    re.I)
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_WORDS = (r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTHS + r"|" + _MONTHS
               + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?)\.?,?\s+\d{4}")
# A deadline opening a directive: "By 31 December 2025,", "Not later than 31 March 2015",
# "Within six months", "With immediate effect,", "Immediately,".
_LEADING_DUE = re.compile(
    r"^(?:(?:by|before|no\s+later\s+than|not\s+later\s+than|by\s+the\s+end\s+of|at\s+the\s+latest\s+by)\s+"
    r"(?:the\s+end\s+of\s+)?" + _DATE_WORDS + r"|within\s+(?:the\s+next\s+)?(?:\w+|\d+)\s+(?:working\s+)?"
    r"(?:days?|weeks?|months?|years?)(?:\s+of\s+(?:the\s+)?(?:publication|this\s+report|receipt)[^,]*)?"
    r"|with\s+immediate\s+effect|immediately|as\s+soon\s+as\s+possible|as\s+a\s+matter\s+of\s+urgency)"
    r"\s*,?\s*", re.I)
_LEADING_DUE_COMMA = re.compile(r"^(?:by|before|no\s+later\s+than|not\s+later\s+than|within"
    r"|from)\b[^,;:]{0,60},\s*",
                                re.I)
_RELATIVE_CLAUSE = re.compile(r"^(?:that|which|who|whom|where|if|when|as|where\s+appropriate"
    r"|in\s+particular)\b",
                              re.I)
_PURPOSE = re.compile(r"^(?:in\s+order\s+to|to\s+\w+|in\s+addition|as\s+part\s+of|following|given|once|"
                      r"where|when|if|so\s+that)\b", re.I)
_AGENT_HEAD = re.compile(r"\b(?:the|all|chief|those|each|every)\b", re.I)
# "HMIC recommends that the force should …": the recommendation is addressed to the force.
_REPORTING = re.compile(r"^(?:(?:HMIC(?:FRS)?|we|the\s+inspectorate"
    r"|HM\s+Inspectorate[\w\s&]*?)\s+recommends?\s+that\s+)",
                        re.I)
_LOWER_FIRST = {"the", "all", "chief", "forces", "every", "each", "police", "his", "her", "their"}
_NOT_AN_AGENT = re.compile(r"\b(?:found|said|told|believe|think|we|it\s+is|there\s+is|there\s+are)\b", re.I)
TERMINAL = (".", "!", "?", ";", ",", ".”", '."', ".’", "…")


def words(text: str) -> int:
    return len(text.split())


def is_headingish(doc: Document, block: Block) -> bool:
    """A heading, or a short line that reads as one (no closing full stop)."""
    if block.kind == "table_row":
        return False
    if block.kind == "heading":
        return True
    text = doc.clean(block)
    n = words(text)
    # Questions are headings too: PEEL prints each question it grades as a heading.
    return 0 < n <= 60 and (not text.endswith(TERMINAL) or (text.endswith("?") and n <= 30))


@lru_cache(maxsize=8192)
def finding_label(text: str) -> tuple[str, str | None, str] | None:
    """(type, ref, rest) when the text is a finding label such as 'Recommendation 3:'.

    ``rest`` is any finding text printed on the same line after the label.
    """
    for kind, pattern in FINDING_LABELS.items():
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end() :].strip()
        ref = m.groupdict().get("ref")
        colon = ":" in text[max(0, m.end() - 3): m.end() + 1]
        if rest and not is_directive(rest) and not kind.endswith("practice") and not (
                colon and words(rest) >= 4):
            # "Recommendations are made…" or "Recommendation 1 was…": prose, not a label.
            # "Cause of concern: We are concerned that…" is a label with its finding.
            continue
        if rest and kind.endswith("practice") and ref is None:
            continue
        return kind, ref, rest
    m = _AREA_LABEL.match(text)
    if m:
        return finding_label(m.group("label"))
    return None


# "Effectiveness: areas for improvement" — an area's name before the label.
_AREA_LABEL = re.compile(
    r"^(?P<area>[^:]{3,80}?)\s*[:–—-]\s*(?P<label>(?:areas?\s+for\s+improvement|recommendations?|causes?\s+(?:of|for)"
    r"\s+concern|innovative\s+practice|promising\s+practice))\s*:?$", re.I)


def label_area(text: str) -> str | None:
    """The area an 'Area: label' heading names ('Effectiveness: areas for improvement')."""
    m = _AREA_LABEL.match(text)
    return m.group("area").strip() if m else None


@lru_cache(maxsize=8192)
def directive_addressee(text: str) -> str | None:
    """Who a directive sentence addresses ('chief constables', 'the force'), as worded.

    The addressee is what stands before the first "should" (or "must", "needs to"),
    without the deadline that may open the sentence ("By 31 December 2025,"), a
    purpose clause ("In order to improve …,") or a clause set off by commas after
    it ("those forces …, that have not yet done so, should …").  None when the
    sentence is not a directive, or the text before the verb is not an agent
    (reported speech, or a long passive subject such as "the practice of …").
    """
    m = _MODAL.search(text, 0, 400)
    if not m:
        return None
    before = _REPORTING.sub("", text[: m.start()].strip(), count=1)
    stripped = _LEADING_DUE.sub("", before, count=1)
    if stripped == before:
        stripped = _LEADING_DUE_COMMA.sub("", before, count=1)
    parts = [p.strip() for p in stripped.split(",")]
    while len(parts) > 1 and (not parts[-1] or _RELATIVE_CLAUSE.match(parts[-1])):
        parts.pop()
    if len(parts) > 1 and _PURPOSE.match(parts[0]):
        parts = parts[-1:]
    addr = ", ".join(parts).strip(" ,")
    if _PURPOSE.match(addr):
        heads = list(_AGENT_HEAD.finditer(addr))
        addr = addr[heads[-1].start():] if heads else ""
    if not addr or words(addr) > 12 or _NOT_AN_AGENT.search(addr):
        return None
    first, _, rest = addr.partition(" ")
    if first.lower() in _LOWER_FIRST:
        addr = (first.lower() + (" " + rest if rest else "")).strip()
    return addr


def is_directive(text: str) -> bool:
    return directive_addressee(text) is not None


@lru_cache(maxsize=8192)
def grade_of(text: str) -> str | None:
    """The grade when the text is a grade label and nothing else."""
    m = GRADE_LINE.match(text.strip().strip("*").strip())
    return grade_key(m.group(1)) if m else None


def grade_key(word: str) -> str:
    """The contract's grade for a grade word as printed ('Requires  improvement')."""
    return GRADES[" ".join(word.lower().split())]


@lru_cache(maxsize=8192)
def is_furniture(text: str) -> bool:
    """Web page furniture (skip links, 'Last updated', 'Print this document', …)."""
    text = text.strip()
    if len(text.split()) > 12:
        return False  # furniture is short; a long line that starts like it is body text
    return bool(FURNITURE.match(text) or _CONTACT_PERSON.match(text))


def norm(text: str) -> str:
    """Lower-case letters and digits only: for comparing texts as printed twice."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
