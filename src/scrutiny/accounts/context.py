"""Template context: the signed-in user's membership, for the header and menus."""

from __future__ import annotations

from django.http import HttpRequest

from .permissions import membership_of


def membership(request: HttpRequest) -> dict[str, object]:
    m = membership_of(request.user) if request.user.is_authenticated else None
    return {"membership": m, "can_edit": bool(m and m.can_edit) or request.user.is_superuser}
