"""Two versions of a response compared part by part, with the changed words marked.

A response is read as its parts (the key findings, each finding's answer, each set of
comments, each extra section), so a reader sees "the chief constable's response to
Recommendation 3 changed" with the words struck out and added, not a JSON listing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FINDING_LISTS = (("causes_of_concern", "Cause of concern"), ("recommendations", "Recommendation"),
                 ("areas_for_improvement", "Area for improvement"))


def sections(content: dict[str, Any]) -> list[tuple[str, str]]:
    """The parts of a response, in reading order, as (label, text)."""
    parts: list[tuple[str, str]] = [("Title", content.get("title", ""))]
    if content.get("not_subject"):
        parts.append(("Not the subject of this report", content.get("not_subject_reason", "")))
    parts.append(("Key findings", content.get("key_findings", "")))
    for key, _ in FINDING_LISTS:
        for f in content.get(key) or []:
            label = f.get("label") or key
            answer = f.get("cc_response", "")
            if not f.get("applies", True):
                answer = "[Recorded as not applying to the force]\n" + answer
            parts.append((f"{label}: the finding", f.get("text", "")))
            parts.append((f"{label}: the chief constable's response", answer))
    for key, label in (("cc_comments", "The chief constable's comments"),
                       ("pcc_comments", "The commissioner's comments"),
                       ("pcc_response_to_cc",
                        "The commissioner's response to the chief constable's comments")):
        parts.append((label, content.get(key, "")))
    for section in content.get("extra_sections") or []:
        parts.append((f"Section: {section.get('heading', '')}", section.get("text", "")))
    # Labels go into the approval fingerprint, whose parts are separated by ";".
    return [(label.replace(";", ","), text or "") for label, text in parts]


@dataclass
class PartChange:
    label: str
    state: str  # "changed", "added", "removed" or "same"
    before: str
    after: str

    @property
    def marked(self) -> SafeString:
        """The part's text with removed words in <del> and added words in <ins>."""
        return mark_words(self.before, self.after)


_TOKEN = re.compile(r"\s+|[^\s]+")


def mark_words(before: str, after: str) -> SafeString:
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[PartChange]:
    """Every part of either version, with how it changed."""
    old, new = dict(sections(before)), dict(sections(after))
    labels = list(dict.fromkeys([*new, *old]))
    out = []
    for label in labels:
        a, b = old.get(label), new.get(label)
        if a is None:
            state = "added"
        elif b is None:
            state = "removed"
        else:
            state = "same" if a == b else "changed"
        out.append(PartChange(label, state, a or "", b or ""))
    return out
