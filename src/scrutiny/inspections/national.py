"""National recommendations: one record for a recommendation made to every force, and
how each force whose section 55 response is published answered it.

A recommendation is national when the inspectorate addresses it to all chief constables
or every force (its addressee, as extracted, or its opening words).  Each office holds its
own copy (the report is stored once per office), read from the report itself or from the
office's published response, which prints the report's title in its own way ("Crime
investigations: An inspection into how effectively the police investigate crime" in one
county, "An inspection into how effectively the police investigate crime" in the next).
Copies are therefore linked when

- the titles name the same report (one contains the other, or they share nearly all their
  words), the reports were published within a month of each other where both dates are
  known, and the recommendation has the same number (or, where one has none, nearly the
  same words); or
- the recommendation's words are all but identical (a response that does not print the
  report's title), again within a month where both dates are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from .models import Finding, FindingType, NationalRecommendation

NATIONAL = re.compile(r"\b(?:all|every)\s+(?:chief\s+constables?|(?:police\s+)?forces?)\b|"
                      r"\bchief\s+constables\b|\bpolice\s+forces\s+in\s+England\s+and\s+Wales\b",
                      re.I)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def is_national(finding: Finding) -> bool:
    if finding.type != FindingType.RECOMMENDATION:
        return False
    return bool(NATIONAL.search(finding.addressee or "") or NATIONAL.search(finding.text[:160]))


def key_for(finding: Finding) -> str:
    """A new national record's unique key: its report (title and date) and its number or words."""
    published = finding.inspection.published
    title = f"{_norm(finding.inspection.title)[:180]}|{published.isoformat() if published else ''}"
    return f"{title}|{finding.ref.lower()}" if finding.ref else f"{title}|{_norm(finding.text)[:90]}"


SAME_TEXT = 0.92  # words all but identical: the same recommendation whatever the title says
SAME_REPORT_TEXT = 0.75  # within one report, a recommendation quoted with small differences
SAME_DAY_SLACK = 31  # days: a report's date as read from a response can be a little off


def _title_words(title: str) -> set[str]:
    return {w for w in _norm(title).split() if len(w) > 2 and w not in {"the", "and", "into"}}


def same_report(a: str, b: str) -> bool:
    """Do two printed titles name the same report?"""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    short, long = sorted((na, nb), key=len)
    if len(short) >= 20 and short in long:
        return True
    wa, wb = _title_words(a), _title_words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.8


def _text_likeness(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, _norm(a), _norm(b), autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SAME_REPORT_TEXT else 0.0


def _dates_agree(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= SAME_DAY_SLACK


@dataclass(frozen=True)
class Copy:
    """What linking compares: a recommendation as one report prints it."""

    title: str
    ref: str
    text: str
    published: date | None

    @classmethod
    def of(cls, item: Finding | NationalRecommendation) -> Copy:
        if isinstance(item, NationalRecommendation):
            return cls(item.report_title, item.ref, item.text, item.published)
        return cls(item.inspection.title, item.ref, item.text, item.inspection.published)


def _likeness(copy: Copy, national: NationalRecommendation) -> float:
    """How surely ``copy`` is a copy of ``national`` (0 when it is not)."""
    if not _dates_agree(copy.published, national.published):
        return 0.0
    same = same_report(copy.title, national.report_title)
    if same and copy.ref and national.ref:  # one report's numbers tell its recommendations apart
        if copy.ref.lower() != national.ref.lower():
            return 0.0
        return 1.0 + _text_likeness(copy.text, national.text)
    text = _text_likeness(copy.text, national.text)
    if text >= SAME_TEXT:
        return text
    return text if same and text >= SAME_REPORT_TEXT else 0.0


def national_for(copy: Copy, known: Iterable[NationalRecommendation]) -> NationalRecommendation | None:
    """The national record ``copy`` belongs to, among ``known``, or None."""
    best, score = None, 0.0
    for national in known:
        s = _likeness(copy, national)
        if s > score:
            best, score = national, s
    return best


def merge_duplicates() -> int:
    """Fold national records that are one recommendation into the oldest of them (records
    made when copies were linked only by an exact title); returns how many were folded."""
    kept: list[NationalRecommendation] = []
    folded = 0
    for national in NationalRecommendation.objects.order_by("id"):
        into = national_for(Copy.of(national), kept)
        if into is None:
            kept.append(national)
            continue
        national.copies.update(national=into)
        national.delete()
        folded += 1
    return folded


def link(findings: Iterable[Finding]) -> int:
    """Link each national recommendation among ``findings`` to its one national record."""
    linked = 0
    known: list[NationalRecommendation] | None = None
    for f in findings:
        if not is_national(f):
            continue
        if known is None:
            known = list(NationalRecommendation.objects.all())
        national = national_for(Copy.of(f), known)
        if national is None:
            national, created = NationalRecommendation.objects.get_or_create(
                key=key_for(f), defaults={"report_title": f.inspection.title[:500], "ref": f.ref,
                                          "text": f.text, "published": f.inspection.published})
            if created:
                known.append(national)
        if f.national_id != national.pk:
            Finding.objects.filter(pk=f.pk).update(national=national)
            f.national = national
            linked += 1
    return linked


@dataclass
class ForceAnswer:
    force: str
    status: str
    cc_answer: str
    pcc_answer: str
    published: Any
    finding: Finding


def _answer_in(content: dict[str, Any], finding: Finding) -> str:
    """The chief constable's answer to this recommendation in a published version."""
    for item in content.get("recommendations", []) or []:
        if (finding.ref and item.get("ref") == finding.ref) or _norm(item.get("text", ""))[:90] \
                == _norm(finding.text)[:90]:
            return str(item.get("cc_response") or "")
    return ""


def answers(national: NationalRecommendation) -> list[ForceAnswer]:
    """Per force whose response to the report is published: status and answers."""
    from scrutiny.responses.models import Response

    out = []
    copies = (national.copies.select_related("inspection__force")
              .order_by("inspection__force__name"))
    for copy in copies:
        response = Response.objects.filter(inspection=copy.inspection,
                                           status=Response.Status.PUBLISHED).first()
        if response is None:
            continue
        version = response.versions.filter(published_at__isnull=False).order_by("-number").first()
        content = version.content if version else {}
        cc = _answer_in(content, copy) or next(
            (i.cc_response for i in response.items.filter(finding=copy)), "")
        out.append(ForceAnswer(copy.inspection.force.name, copy.get_status_display(), cc,
                               str(content.get("pcc_comments") or response.pcc_comments or ""),
                               response.published_at, copy))
    return out
