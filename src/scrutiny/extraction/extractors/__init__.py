"""Extractors: from a read Document to the contract's fields."""

from __future__ import annotations

from ..document import Document
from .distribution import extract_distribution
from .findings import extract_findings
from .grades import find_grades
from .metadata import extract_metadata
from .responses import extract_responses
from .structure import analyse


def extract_document(doc: Document) -> dict[str, object]:
    """Everything but ``schema`` and ``source`` of the contract object."""
    layout = analyse(doc)
    meta = extract_metadata(doc, layout)
    grades, warnings = find_grades(doc, layout, meta.inspection_type,
                                   meta.published.year if meta.published else None)
    findings = extract_findings(doc, layout, meta.kind)
    return {
        "document": meta.as_contract(),
        "grades": [g.as_contract() for g in grades],
        "findings": [f.as_contract() for f in findings],
        "responses": extract_responses(doc, layout, findings, meta.kind),
        "distribution": extract_distribution(doc, layout),
        "warnings": warnings + ([f"{doc.recognised_pages} page(s) were read from their images by text "
                                 "recognition (OCR): check the findings against the scan"]
                                if doc.recognised_pages else []),
        # Why each finding and grade was taken, in the same order: for review and --explain.
        "explanations": {
            "findings": [{"rule": f.rule, "basis": f.basis or None} for f in findings],
            "grades": [g.explanation() for g in grades],
        },
    }
