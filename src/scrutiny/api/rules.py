"""The API's shared rules: who may call it, the one error body, pages of results.

Kept apart from the views because Django REST framework imports them from the settings.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from scrutiny.accounts.permissions import can_edit
from scrutiny.inspections.services import NotAllowed, StaleEdit


def _code(exc: Exception, status_code: int) -> str:
    if isinstance(exc, exceptions.APIException) and not isinstance(exc, exceptions.ValidationError):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
    return {400: "invalid", 401: "not_authenticated", 403: "permission_denied",
            404: "not_found", 405: "method_not_allowed", 409: "stale"}.get(status_code, "error")


def handle_error(exc: Exception, context: dict[str, Any]) -> ApiResponse | None:
    """DRF's handler, with every error in one shape."""
    from rest_framework.views import exception_handler  # not at import: DRF's settings load this

    if isinstance(exc, StaleEdit):
        exc = Conflict(str(exc))
    elif isinstance(exc, NotAllowed):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields: dict[str, list[str]] = {}
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, dict):
        fields = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in data.items()}
        message = "; ".join(m for v in fields.values() for m in v) or "The request is not valid."
    else:
        message = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    response.data = error_body(response.status_code, _code(exc, response.status_code), message,
                               fields)
    return response


def error_body(status_code: int, code: str, message: str,
               fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The one body of every error the API answers."""
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class SameRulesAsThePages(permissions.BasePermission):
    """Signed in (token or session); readers read, editors and administrators also write."""

    message = "Your role lets you read but not change records."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or can_edit(request.user)
