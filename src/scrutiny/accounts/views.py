"""The office's users (administrators), passwords, the security log and the lock-out page."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.audit.models import SecurityEvent
from scrutiny.audit.security import log
from scrutiny.web.spreadsheet import escape_formula
from scrutiny.web.templatetags.scrutiny import ukdatetime

from . import services
from .forms import AddUserForm, ChangeUserForm
from .models import Membership
from .permissions import get_for_user, membership_of, scoped


def locked_out(request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """What django-axes answers while an account or address is locked (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class PasswordChange(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log(SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=self.request.user)
        return response


class PasswordReset(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        log(SecurityEvent.Kind.PASSWORD_RESET_ASKED, request=self.request,
            user=next(iter(form.get_users(email)), None), detail=f"for {email}"[:300])
        return super().form_valid(form)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: AbstractBaseUser = form.user
        log(SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=user,
            detail="by a reset link")
        return response


def _office_members(request: HttpRequest) -> QuerySet[Membership]:
    return scoped(request.user, Membership.objects.select_related("user", "force"), "force") \
        .order_by("force__name", "user__username")


@require_http_methods(["GET", "POST"])
def office_users(request: HttpRequest) -> HttpResponse:
    own = membership_of(request.user)
    choose_force = request.user.is_superuser
    if own is None and not choose_force:
        raise PermissionDenied("Your account belongs to no office.")
    form = AddUserForm(request.POST or None, choose_force=choose_force)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            force = data["force"] if choose_force else own.force  # type: ignore[union-attr]
            user = services.add_user(request, force=force, username=data["username"],
                                     full_name=data["full_name"], email=data["email"],
                                     organisation=data["organisation"], role=data["role"])
            messages.success(request, f"{user.get_username()} added; a link to choose a "
                                      f"password has been sent to {user.email}.")
            return redirect("office_users")
    return render(request, "accounts/users.html", {
        "members": _office_members(request), "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def office_user(request: HttpRequest, pk: int) -> HttpResponse:
    membership: Membership = get_for_user(request.user, Membership.objects.select_related(
        "user", "force"), "force", pk)
    status = 200
    if request.method == "POST":
        form = ChangeUserForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                changes = services.change_user(
                    request, membership, organisation=data["organisation"], role=data["role"],
                    active=data["active"], seen=data["seen"])
            except services.Refused as exc:
                messages.error(request, str(exc))
                return redirect("office_user", pk=pk)
            messages.success(request, ("Saved: " + "; ".join(changes) + ".") if changes
                             else "Nothing was changed.")
            return redirect("office_users")
    else:
        form = ChangeUserForm(initial={
            "organisation": membership.organisation, "role": membership.role,
            "active": membership.user.is_active, "seen": services.state_of(membership)})
    events = SecurityEvent.objects.filter(user=membership.user).select_related("force")[:20]
    return render(request, "accounts/user.html", {
        "membership": membership, "account": membership.user, "form": form,
        "events": events}, status=status)


CSV_COLUMNS = ["When", "Event", "User", "Office", "Address", "Detail"]


@require_GET
def security_events(request: HttpRequest) -> HttpResponse:
    events = scoped(request.user, SecurityEvent.objects.select_related("force"), "force")
    kind = request.GET.get("kind", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    since = _day(request.GET.get("since", ""))
    if since:
        events = events.filter(at__date__gte=since)
    if request.GET.get("format") == "csv":
        return _events_csv(events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "accounts/security.html", {
        "page": page, "kinds": SecurityEvent.Kind.choices, "kind": kind,
        "since": since.isoformat() if since else ""})


def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2099 else None


class _Echo:
    def write(self, value: str) -> str:
        return value


def _events_csv(events: QuerySet[SecurityEvent]) -> HttpResponse:
    writer = csv.writer(_Echo())
    lines = [writer.writerow(CSV_COLUMNS)]
    for e in events.iterator(chunk_size=2000):
        lines.append(writer.writerow([escape_formula(v) for v in (
            ukdatetime(e.at), e.get_kind_display(), e.username, e.force or "", e.address or "",
            e.detail)]))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="security-events-{stamp}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Personal API tokens of the office's users: issued (shown once) and revoked here."""
    from scrutiny.api.models import ApiToken

    members = _office_members(request).filter(user__is_active=True)
    tokens = ApiToken.objects.filter(user__membership__in=members).select_related("user", "created_by")
    new_key = ""
    status = 200
    if request.method == "POST" and request.POST.get("revoke"):
        token = tokens.filter(pk=_whole(request.POST["revoke"]), revoked_at__isnull=True).first()
        if token is None:
            messages.error(request, "No such token among your office's.")
        else:
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
            log(SecurityEvent.Kind.USER_CHANGED, request=request, user=request.user,
                detail=f"API token “{token.name}” of {token.user.get_username()} revoked")
            messages.success(request, f"The token “{token.name}” no longer works.")
        return redirect("api_tokens")
    if request.method == "POST":
        member = members.filter(pk=_whole(request.POST.get("member", ""))).first()
        name = request.POST.get("name", "").strip()
        if member is None or not name or len(name) > 100:
            messages.error(request, "Choose a user of your office and say what the token is for "
                                    "(up to 100 characters).")
            status = 400
        else:
            token, new_key = ApiToken.issue(member.user, name, request.user)
            log(SecurityEvent.Kind.USER_CHANGED, request=request, user=request.user,
                detail=f"API token “{name}” issued to {member.user.get_username()}")
    return render(request, "accounts/tokens.html", {
        "tokens": tokens, "members": members, "new_key": new_key}, status=status)


def _whole(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 15 else 0
