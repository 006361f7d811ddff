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
GRADE_LINE = re.compile(r"^(outstanding|good|adequate|requires improvement|inadequate)\.?$", re.I)

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
    return 0 < words(text) <= 60 and not text.endswith(TERMINAL)


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
    m = GRADE_LINE.match(text.strip().strip("*").strip())
    return GRADES[m.group(1).lower()] if m else None


def norm(text: str) -> str:
    """Lower-case letters and digits only: for comparing texts as printed twice."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
