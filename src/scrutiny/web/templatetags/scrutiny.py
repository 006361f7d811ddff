"""Template filters for statuses, RAG and dates in the inspectorate's words."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from scrutiny.inspections.status import FindingStatus, Rag

register = template.Library()


@register.filter
def rag_label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return ""


@register.filter
def status_label(value: str) -> str:
    try:
        return FindingStatus(value).label
    except ValueError:
        return value or ""


@register.filter
def days_until(value: date | None) -> str:
    """'in 12 days', 'today', '3 days ago'."""
    if value is None:
        return ""
    delta = (value - timezone.localdate()).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} ago"
