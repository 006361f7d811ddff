"""Template tags and filters: statuses, RAG, dates in the UK style, finding text as lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from scrutiny.inspections.status import FindingStatus, Rag
from scrutiny.inspections.textblocks import Block, blocks
from scrutiny.web import once as once_keys

register = template.Library()


@register.filter
def rag_label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return ""


@register.filter
def rag_short(value: str) -> str:
    """'Red', 'Amber', 'Green', 'Complete', 'Not tracked'."""
    try:
        return Rag(value).label.split(":")[0]
    except ValueError:
        return ""


@register.filter
def status_label(value: str) -> str:
    try:
        return FindingStatus(value).label
    except ValueError:
        return value or ""


@register.filter
def grade_label(value: str | None) -> str:
    """"Requires improvement" for requires_improvement; empty for no grade."""
    from scrutiny.inspections.models import Grade

    return dict(Grade.Value.choices).get(value or "", value or "")


def as_date(value: Any) -> date | None:
    """A date from a date, an aware or naive datetime (in Europe/London), or ISO text."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def ukdate(value: Any, empty: str = "") -> str:
    """'22 May 2025': the one way dates are shown wherever people read them."""
    day = as_date(value)
    return f"{day:%-d %B %Y}" if day else (empty or "")


@register.filter
def ukdatetime(value: Any) -> str:
    """'22 May 2025, 14:03' in Europe/London."""
    if not isinstance(value, datetime):
        return ukdate(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%-d %B %Y, %H:%M}"


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


@register.filter
def text_blocks(value: str) -> list[Block]:
    """A finding's text as paragraphs and bulleted lists."""
    return blocks(value or "")


@register.simple_tag
def once() -> str:
    """The hidden one-time key of a create form (see scrutiny.web.once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', once_keys.FIELD,
                       once_keys.new_key())


@register.simple_tag(takes_context=True)
def query(context: Any, **changes: Any) -> str:
    """The current address's query with some parameters changed (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """A dictionary's value by a key held in a variable: {{ mapping|get:name }}."""
    return mapping.get(key) if hasattr(mapping, "get") else None
