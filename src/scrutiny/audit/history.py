"""Recording changes.  Every service function that changes a record calls ``record``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Model

from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose values differ."""
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))]
        for k in after
        if _plain(before.get(k)) != _plain(after.get(k))
    }


def snapshot(obj: Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def record(
    user: Any,
    obj: Model,
    action: str,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Store one history entry for ``obj`` (an inspection, finding, action or update)."""
    from scrutiny.inspections.models import Finding, Inspection

    inspection = finding = None
    if isinstance(obj, Inspection):
        inspection = obj
    elif isinstance(obj, Finding):
        finding, inspection = obj, obj.inspection
    else:
        finding = getattr(obj, "finding", None)
        inspection = finding.inspection if finding is not None else getattr(obj, "inspection", None)
    force_id = getattr(inspection, "force_id", None) or getattr(obj, "force_id", None)
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        force_id=force_id,
        inspection=inspection,
        finding=finding,
        object_type=str(obj._meta.verbose_name),
        object_id=obj.pk,
        action=action,
        summary=summary[:300],
        changes=changes or {},
    )
