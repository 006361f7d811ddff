"""National recommendations: one record for a recommendation made to every force, and
how each force whose section 55 response is published answered it.

A recommendation is national when the inspectorate addresses it to all chief constables
or every force (its addressee, as extracted, or its opening words).  Each office holds its
own copy (the report is stored once per office); the copies are linked by the report's
title and the recommendation's number (or its words, when it has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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
    title = _norm(finding.inspection.title)[:200]
    return f"{title}|{finding.ref.lower()}" if finding.ref else f"{title}|{_norm(finding.text)[:90]}"


def link(findings: Iterable[Finding]) -> int:
    """Link each national recommendation among ``findings`` to its one national record."""
    linked = 0
    for f in findings:
        if not is_national(f):
            continue
        national, _ = NationalRecommendation.objects.get_or_create(
            key=key_for(f), defaults={"report_title": f.inspection.title[:500], "ref": f.ref,
                                      "text": f.text})
        if f.national_id != national.pk:
            Finding.objects.filter(pk=f.pk).update(national=national)
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
