"""Each office's tracking rules, with the defaults for an office that has not set its own."""

from __future__ import annotations

from scrutiny.inspections.status import DEFAULT_RULES, RagRules

from .models import TrackingRules


def office_rules(force_id: int | None) -> TrackingRules:
    """The office's rules record (unsaved defaults when it has none)."""
    if force_id is None:
        return TrackingRules()
    return TrackingRules.objects.filter(force_id=force_id).first() or TrackingRules(
        force_id=force_id)


def rules_for(force_id: int | None) -> RagRules:
    """The RAG thresholds of an office."""
    if force_id is None:
        return DEFAULT_RULES
    return office_rules(force_id).rag_rules()


def rules_by_force(force_ids: list[int] | None = None) -> dict[int, RagRules]:
    """Every office whose thresholds differ from the defaults (for many forces at once)."""
    rows = TrackingRules.objects.all()
    if force_ids is not None:
        rows = rows.filter(force_id__in=force_ids)
    return {r.force_id: r.rag_rules() for r in rows if r.rag_rules() != DEFAULT_RULES}
