"""Adding users to an office and changing their role or access, recorded in the security log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from scrutiny.audit.models import SecurityEvent
from scrutiny.audit.security import log

from .models import Membership


class Refused(Exception):
    """A change that would break a rule; the message says which."""


def state_of(membership: Membership) -> str:
    """What an administrator saw of an account: compared again when they save."""
    return f"{membership.organisation}|{membership.role}|{int(membership.user.is_active)}"


def send_set_password_link(request: HttpRequest, user: Any) -> None:
    """E-mail a new user a link to choose their password (Django's reset token, one hour).

    Django's own reset form skips accounts without a usable password, which a new account
    is, so the link is made here with the same token generator and page.
    """
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    body = render_to_string("registration/password_set_email.txt", {
        "user": user, "link": request.build_absolute_uri(path), "by": request.user})
    send_mail("Your Scrutiny account", body, None, [user.email])


def add_user(request: HttpRequest, *, force: Any, username: str, full_name: str, email: str,
             organisation: str, role: str) -> Any:
    first, _, last = full_name.strip().partition(" ")
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, email, None, first_name=first,
                                                    last_name=last)
        Membership.objects.create(user=user, force=force, organisation=organisation, role=role)
        log(SecurityEvent.Kind.USER_ADDED, request=request, user=request.user, force=force,
            detail=f"Added {username} as {Membership.Role(role).label.lower()}")
    send_set_password_link(request, user)
    return user


def _administrators_left(membership: Membership, role: str, active: bool) -> int:
    others = Membership.objects.filter(force=membership.force, role=Membership.Role.ADMINISTRATOR,
                                       user__is_active=True).exclude(pk=membership.pk).count()
    return others + (1 if role == Membership.Role.ADMINISTRATOR and active else 0)


def change_user(request: HttpRequest, membership: Membership, *, organisation: str, role: str,
                active: bool, seen: str) -> list[str]:
    """Apply the change; refuse a stale page or leaving the office without an administrator."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user", "force") \
            .get(pk=membership.pk)
        if state_of(membership) != seen:
            raise Refused("Someone changed this account while you had the page open; nothing "
                          "was saved. This is how it stands now.")
        was_administrator = membership.role == Membership.Role.ADMINISTRATOR and membership.user.is_active
        if was_administrator and _administrators_left(membership, role, active) == 0:
            raise Refused("The office would have no active administrator left; make someone "
                          "else an administrator first.")
        user = membership.user
        changes = []
        if membership.role != role:
            changes.append(f"role {membership.get_role_display().lower()} → "
                           f"{Membership.Role(role).label.lower()}")
        if membership.organisation != organisation:
            changes.append(f"works for {Membership.Organisation(organisation).label}")
        if user.is_active != active:
            changes.append("access restored" if active else "disabled")
        if not changes:
            return []
        membership.role, membership.organisation = role, organisation
        membership.save(update_fields=["role", "organisation"])
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
            if not active:
                from scrutiny.responses.models import CalendarFeed, new_token

                CalendarFeed.objects.filter(user=user).update(token=new_token())
        log(SecurityEvent.Kind.USER_CHANGED, request=request, user=request.user,
            force=membership.force, detail=f"{user.get_username()}: " + "; ".join(changes))
    return changes
