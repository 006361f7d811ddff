"""Who may reach each address: one declared rule per URL name, enforced before any view runs.

The rule says which users may reach a page at all; the view then fetches its records
through ``permissions.get_for_user`` so that another force's record is a 404.  An address
with no rule here is refused to everyone (and ``tests/web/test_access_rules.py`` fails),
so a new view cannot be reachable by accident.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Membership
from .permissions import can_edit, membership_of


class Rule(StrEnum):
    PUBLIC = "public"                # anyone, signed in or not (published material, sign-in)
    TOKEN = "token"                  # anyone holding the secret in the address (calendar feeds)
    MEMBER = "member"                # any signed-in user: reading, and their own account
    WRITE = "write"                  # members read (GET); editors and administrators send (POST)
    MANAGE = "manage"                # members read (GET); the office's administrators send (POST)
    EDITOR = "editor"                # editors and administrators only, every method
    ADMINISTRATOR = "administrator"  # the office's administrators (and system administrators)
    SUPERUSER = "superuser"          # system administrators (the Django admin checks itself)
    API = "api"                      # token or session; the API checks roles as the pages do


RULES: dict[str, Rule] = {
    # Signing in and out, passwords.
    "login": Rule.PUBLIC,
    "logout": Rule.PUBLIC,
    "password_reset": Rule.PUBLIC,
    "password_reset_done": Rule.PUBLIC,
    "password_reset_confirm": Rule.PUBLIC,
    "password_reset_complete": Rule.PUBLIC,
    "password_change": Rule.MEMBER,
    "password_change_done": Rule.MEMBER,
    # The published area.
    "public_index": Rule.PUBLIC,
    "public_feed": Rule.PUBLIC,
    "public_force": Rule.PUBLIC,
    "public_response": Rule.PUBLIC,
    "public_document": Rule.PUBLIC,
    "calendar_feed": Rule.TOKEN,
    # Reading the office's records.
    "dashboard": Rule.MEMBER,
    "inspections": Rule.MEMBER,
    "inspection": Rule.MEMBER,
    "inspection_history": Rule.MEMBER,
    "document": Rule.MEMBER,
    "document_file": Rule.MEMBER,
    "findings": Rule.MEMBER,
    "finding": Rule.MEMBER,
    "finding_history": Rule.MEMBER,
    "actions": Rule.MEMBER,
    "boards": Rule.WRITE,
    "board": Rule.MEMBER,
    "board_pack": Rule.MEMBER,
    "pack_document": Rule.MEMBER,
    "board_csv": Rule.MEMBER,
    "inspection_csv": Rule.MEMBER,
    "force": Rule.MEMBER,
    "force_grades": Rule.MEMBER,
    "search": Rule.MEMBER,
    "responses": Rule.MEMBER,
    "nationals": Rule.MEMBER,
    "national": Rule.MEMBER,
    "panel_report": Rule.MEMBER,
    "evidence": Rule.MEMBER,
    "calendar": Rule.MEMBER,
    "calendar_rotate": Rule.MEMBER,
    "response": Rule.WRITE,
    "response_document": Rule.MEMBER,
    "version_document": Rule.MEMBER,
    "version_diff": Rule.MEMBER,
    "tracking_rules": Rule.MANAGE,
    "similar_forces": Rule.MANAGE,
    # Changing them.
    "upload": Rule.EDITOR,
    "review": Rule.EDITOR,
    "reading_job": Rule.EDITOR,
    "inspection_edit": Rule.EDITOR,
    "findings_bulk": Rule.EDITOR,
    "findings_import": Rule.EDITOR,
    "findings_import_run": Rule.EDITOR,
    "finding_edit": Rule.EDITOR,
    "finding_status": Rule.EDITOR,
    "finding_lead": Rule.EDITOR,
    "finding_themes": Rule.EDITOR,
    "finding_close": Rule.EDITOR,
    "action_add": Rule.EDITOR,
    "update_add": Rule.EDITOR,
    "closure_decide": Rule.EDITOR,
    "action_edit": Rule.EDITOR,
    "action_withdraw": Rule.EDITOR,
    "update_edit": Rule.EDITOR,
    "update_withdraw": Rule.EDITOR,
    "board_edit": Rule.EDITOR,
    "board_withdraw": Rule.EDITOR,
    "pack_create": Rule.EDITOR,
    "distribution_edit": Rule.EDITOR,
    # The office's administration.
    "office_users": Rule.ADMINISTRATOR,
    "office_user": Rule.ADMINISTRATOR,
    "security_events": Rule.ADMINISTRATOR,
    "api_tokens": Rule.ADMINISTRATOR,
    # The REST API: its description is public; its records answer to tokens (401 without).
    "api_schema": Rule.PUBLIC,
    "api_docs": Rule.PUBLIC,
    **{f"api:{name}": Rule.API for name in (
        "inspection-list", "inspection-detail", "finding-list", "finding-detail",
        "finding-status", "finding-actions", "finding-updates", "action-list", "action-detail",
        "update-list", "update-detail", "board-list", "board-detail", "response-list",
        "response-detail")},
}


def rule_for(view_name: str) -> Rule | None:
    """The declared rule of a URL name; the Django admin's own pages are for superusers."""
    if view_name.startswith("admin:"):
        return Rule.SUPERUSER
    return RULES.get(view_name)


def is_office_administrator(user: Any) -> bool:
    if user.is_superuser:
        return True
    m = membership_of(user)
    return bool(m and m.role == Membership.Role.ADMINISTRATOR)


def check(rule: Rule | None, request: HttpRequest) -> None:
    """Raise PermissionDenied unless the rule lets this request through."""
    if rule is None:
        raise PermissionDenied("This address has no access rule, so it is closed to everyone.")
    if rule in (Rule.PUBLIC, Rule.TOKEN, Rule.SUPERUSER, Rule.API):
        return  # no sign-in / the feed checks its token / the admin site and the API check
    user = request.user
    sends = request.method not in ("GET", "HEAD")
    if (rule is Rule.ADMINISTRATOR or (rule is Rule.MANAGE and sends)) \
            and not is_office_administrator(user):
        raise PermissionDenied("Only the office's administrators can use this page.")
    if (rule is Rule.EDITOR or (rule is Rule.WRITE and sends)) and not can_edit(user):
        raise PermissionDenied("Your role lets you read but not change records.")


class EnforceAccessRules(LoginRequiredMiddleware):
    """Checks the declared rule of every address before its view runs.

    It takes the place of Django's LoginRequiredMiddleware: an anonymous user is sent to
    sign in unless the address's rule is public or a token.
    """

    def process_view(self, request: HttpRequest, view_func: Any, args: Any,
                     kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        rule = rule_for(match.view_name) if match is not None else None
        if rule in (Rule.PUBLIC, Rule.TOKEN, Rule.SUPERUSER, Rule.API):
            return None
        if not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        check(rule, request)
        return None
