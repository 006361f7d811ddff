"""Template context: the signed-in user's membership, for the header and menus."""

from __future__ import annotations

from django.http import HttpRequest

from .permissions import membership_of


def membership(request: HttpRequest) -> dict[str, object]:
    # Error pages can be rendered before authentication has run (a bad Host header).
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None, "can_edit": False, "is_office_admin": False}
    m = membership_of(user)
    return {"membership": m, "can_edit": bool(m and m.can_edit) or user.is_superuser,
            "is_office_admin": user.is_superuser or bool(m and m.role == m.Role.ADMINISTRATOR)}
