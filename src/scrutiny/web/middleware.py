"""Requests refused before any view runs."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string


class RefuseNulBytes:
    """A NUL character in the address or the form data is refused with a 400.

    No real input has one, PostgreSQL cannot store or compare one (a 500 otherwise), and
    SQLite's LIKE would treat the rest of the string as matching anything.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                          for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):  # the API's own error body, in JSON
                from scrutiny.api.rules import error_body

                return JsonResponse(error_body(400, "invalid", "The request holds a NUL "
                                               "character, which no field may contain."),
                                    status=400)
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)


class RenewSessionWhileActive:
    """Keeps a signed-in session alive while it is used, without a write on every request.

    The session lasts SESSION_COOKIE_AGE (the idle time-out) from its last save; it is saved
    again when a request comes more than a minute after the last save, so a user is signed
    out after the idle time (give or take that minute) and most pages write nothing.
    """

    RENEW_AFTER = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get("_renewed", 0)) > self.RENEW_AFTER:
                session["_renewed"] = now  # marks the session modified: it is saved, renewed
        return self.get_response(request)
