"""Extractors: from a read Document to the contract's fields."""

from __future__ import annotations

from ..document import Document
from .distribution import extract_distribution
from .findings import extract_findings
from .grades import extract_grades
from .metadata import extract_metadata
from .responses import extract_responses
from .structure import analyse


def extract_document(doc: Document) -> dict[str, object]:
    """Everything but ``schema`` and ``source`` of the contract object."""
    layout = analyse(doc)
    meta = extract_metadata(doc, layout)
    grades, warnings = extract_grades(doc, layout, meta.inspection_type,
                                      meta.published.year if meta.published else None)
    findings = extract_findings(doc, layout, meta.kind)
    return {
        "document": meta.as_contract(),
        "grades": grades,
        "findings": [f.as_contract() for f in findings],
        "responses": extract_responses(doc, layout, findings, meta.kind),
        "distribution": extract_distribution(doc, layout),
        "warnings": warnings,
    }
