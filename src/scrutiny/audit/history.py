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
        response = getattr(obj, "response", None)  # a distribution entry
        if inspection is None and response is not None:
            inspection = response.inspection
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


class StaleEdit(Exception):
    """Someone else changed the record since it was opened; nothing was overwritten."""


def versioned_update(obj: Model, fields: list[str], values: dict[str, Any], version: int,
                     user: Any, summary: str, **extra: Any) -> dict[str, list[Any]]:
    """Save changed fields only if the record is still at ``version`` (compare-and-set).

    Two people editing the same record never overwrite each other silently: the
    second save finds the version moved on and raises StaleEdit.  The change is
    recorded in the history.  Returns the changes (empty when nothing changed).
    """
    before = snapshot(obj, fields)
    changes = diff(before, {k: values.get(k, before[k]) for k in fields})
    if not changes:
        return changes
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        **{k: values[k] for k in fields if k in changes}, version=version + 1, **extra)
    if updated != 1:
        raise StaleEdit(f"Someone else changed this {obj._meta.verbose_name} while you were "
                        "editing it. Your changes were not saved; the page now shows theirs.")
    obj.refresh_from_db()
    record(user, obj, "changed", summary.format(obj=obj), changes)
    return changes


def withdraw(obj: Model, user: Any, reason: str, version: int, summary: str) -> None:
    """Withdraw a record entered in error: kept, marked with who, when and why, recorded.

    Refused (StaleEdit) if someone changed or withdrew it since the page was opened.
    """
    from django.utils import timezone

    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("a reason is needed to withdraw a record")
    model = type(obj)
    updated = model.everything.filter(  # type: ignore[attr-defined]
        pk=obj.pk, version=version, withdrawn_at__isnull=True,
    ).update(withdrawn_at=timezone.now(), withdrawn_reason=reason[:300], version=version + 1,
             withdrawn_by=user if getattr(user, "is_authenticated", False) else None)
    if updated != 1:
        raise StaleEdit(f"This {obj._meta.verbose_name} was changed or withdrawn by someone "
                        "else since you opened it; nothing was changed.")
    record(user, obj, "withdrawn", f"{summary} (reason: {reason[:120]})",
           {"withdrawn": [None, reason[:300]]})


HISTORY_PAGE = 100


def history_page(request: Any, events: Any, *, title: str, back: str) -> Any:
    """Every recorded change of a record, newest first, a hundred to a page."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    page = Paginator(events.select_related("user"), HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/history_page.html", {"page": page, "title": title, "back": back})
