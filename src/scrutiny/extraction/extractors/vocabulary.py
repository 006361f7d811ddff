"""The inspectorate's standard vocabulary: labels, grades, directives, structure.

Every extractor recognises the document through these patterns, so the words
the inspectorate uses live in one place.
"""

from __future__ import annotations

import re

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
    r"\d{1,2})$",
    re.I,
)
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

_DUE_PREFIX = (
    r"(?:(?:by|before|no later than|not later than|within|from)\b[^,;:]{0,60},\s*"
    r"|immediately,?\s*)?"
)
DIRECTIVE = re.compile(
    r"^" + _DUE_PREFIX
    + r"(?P<addr>[\w’'&()./\- ]{2,160}?(?:,[^,]{1,120},)?)\s+"
    r"(?:should|must|needs? to|is required to|are required to|ought to)\b",
    re.I,
)
_LOWER_FIRST = {"the", "all", "chief", "forces", "every", "each", "police", "his", "her", "their"}

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
        if rest and not is_directive(rest) and not kind.endswith("practice"):
            # "Recommendations are made…" or "Recommendation 1 was…": prose, not a label.
            continue
        if rest and kind.endswith("practice") and ref is None:
            continue
        return kind, ref, rest
    return None


def directive_addressee(text: str) -> str | None:
    """Who a directive sentence addresses ('chief constables', 'the force'), as worded."""
    m = DIRECTIVE.match(text)
    if not m:
        return None
    addr = m.group("addr").strip(" ,")
    if words(addr) > 12 or re.search(r"\b(?:found|said|told|believe|think|we|it is)\b", addr, re.I):
        return None
    first, _, rest = addr.partition(" ")
    if first.lower() in _LOWER_FIRST:
        addr = (first.lower() + (" " + rest if rest else "")).strip()
    return addr


def is_directive(text: str) -> bool:
    return directive_addressee(text) is not None


def grade_of(text: str) -> str | None:
    """The grade when the text is a grade label and nothing else."""
    m = GRADE_LINE.match(text.strip().strip("*").strip())
    return grade_key(m.group(1)) if m else None


def grade_key(word: str) -> str:
    """The contract's grade for a grade word as printed ('Requires  improvement')."""
    return GRADES[" ".join(word.lower().split())]


def is_furniture(text: str) -> bool:
    """Web page furniture (skip links, 'Last updated', 'Print this document', …)."""
    text = text.strip()
    if len(text.split()) > 12:
        return False  # furniture is short; a long line that starts like it is body text
    return bool(FURNITURE.match(text) or _CONTACT_PERSON.match(text))


def norm(text: str) -> str:
    """Lower-case letters and digits only: for comparing texts as printed twice."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
