"""Authorisation: the one place that decides what a user may see and change.

Every view fetches its object through these helpers, so none can forget the
check.  A user sees only their own force's records; a superuser sees all.
Readers may look; editors and administrators may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from scrutiny.inspections.models import Force

    from .models import Membership

M = TypeVar("M", bound=Model)


def membership_of(user: Any) -> Membership | None:
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_scrutiny_membership", False)
    if cached is not False:
        return cast("Membership | None", cached)
    from .models import Membership

    try:
        m: Membership | None = Membership.objects.select_related("force").get(user=user)
    except Membership.DoesNotExist:
        m = None
    user._scrutiny_membership = m
    return m


def visible_forces(user: Any) -> QuerySet[Force]:
    """The forces whose records the user may see."""
    from scrutiny.inspections.models import Force

    if user.is_superuser:
        return Force.objects.all()
    m = membership_of(user)
    if m is None:
        return Force.objects.none()
    return Force.objects.filter(pk=m.force_id)


def office_or_refuse(user: Any, needs: str) -> Force:
    """The user's office's force, or PermissionDenied saying what ``needs`` one."""
    force = user_force(user)
    if force is None:
        raise PermissionDenied(f"{needs}; your account has none.")
    return force


def administers_office(user: Any) -> bool:
    """The user is one of their office's administrators (by membership, not as a system
    administrator: office settings belong to an office)."""
    m = membership_of(user)
    return bool(m and m.role == m.Role.ADMINISTRATOR)


def user_force(user: Any) -> Force | None:
    m = membership_of(user)
    return m.force if m else None


def can_edit(user: Any) -> bool:
    if user.is_superuser:
        return True
    m = membership_of(user)
    return bool(m and m.can_edit)


def scoped(user: Any, queryset: QuerySet[M], force_field: str) -> QuerySet[M]:
    """Only the rows of the forces the user may see."""
    if user.is_superuser:
        return queryset
    m = membership_of(user)
    if m is None:
        return queryset.none()
    return queryset.filter(**{force_field: m.force_id})


def get_for_user(user: Any, queryset: QuerySet[Any], force_field: str, pk: Any,
                 write: bool = False) -> Any:
    """The object if the user may see it (404 otherwise) and, for writes, change it (403)."""
    try:
        obj = scoped(user, queryset, force_field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found") from exc
    if write and not can_edit(user):
        raise PermissionDenied("Your role lets you read but not change records.")
    return obj


def require_editor(user: Any) -> None:
    if not can_edit(user):
        raise PermissionDenied("Your role lets you read but not change records.")
