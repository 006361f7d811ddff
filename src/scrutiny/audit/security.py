"""The security log: who signed in, failed, was locked out, approved, published, downloaded.

Events are written by signal receivers (sign-in, sign-out, failures, lock-outs) and by the
services that approve, publish and change accounts.  Office administrators read and export
their office's events; a failed sign-in with an unknown user name belongs to no office and
is seen by system administrators.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import SecurityEvent

Kind = SecurityEvent.Kind


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address.

    Behind SCRUTINY_TRUSTED_PROXIES reverse proxies, it is the entry of X-Forwarded-For that
    the outermost of them added (entries further left could be written by the client);
    otherwise the address the server saw.  Sign-in throttling uses the same address.
    """
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if p.strip()]
        if len(chain) >= proxies:
            raw = chain[-proxies]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def axes_client_address(request: HttpRequest) -> str | None:
    """django-axes' idea of the client (AXES_CLIENT_IP_CALLABLE)."""
    return client_address(request)


def _force_of(user: Any) -> Any:
    if user is None or not getattr(user, "pk", None):
        return None
    from scrutiny.accounts.permissions import membership_of

    m = membership_of(user)
    return m.force if m else None


def log(kind: str, *, request: HttpRequest | None = None, user: Any = None, username: str = "",
        force: Any = None, detail: str = "") -> SecurityEvent:
    if user is not None and not getattr(user, "pk", None):
        user = None
    return SecurityEvent.objects.create(
        kind=kind, user=user, username=(username or (user.get_username() if user else ""))[:150],
        force=force if force is not None else _force_of(user), address=client_address(request),
        detail=detail[:300])


def _named(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log(Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    log(Kind.LOGIN_FAILED, request=request, user=_named(username), username=username)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str | None = None,
                ip_address: str | None = None, **kwargs: Any) -> None:
    name = (username or "")[:150]
    log(Kind.LOCKED_OUT, request=request, user=_named(name), username=name,
        detail=f"Locked out after repeated failed sign-ins from {ip_address or 'an unknown address'}")


def log_download(request: HttpRequest, force: Any, what: str) -> None:
    """An unpublished document (a draft, evidence, a board pack) left the system."""
    log(Kind.DOWNLOAD, request=request, user=request.user, force=force, detail=what)
