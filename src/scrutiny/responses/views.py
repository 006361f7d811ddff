"""The office's response page: request comments, draft, check, approve, publish, send."""

from __future__ import annotations

import difflib
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.accounts.models import Membership
from scrutiny.accounts.permissions import get_for_user, membership_of
from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Inspection
from scrutiny.inspections.services import NotAllowed, StaleEdit

from . import documents, services
from .forms import CommentsReceivedForm, CommentsRequestForm, ContentForm, DistributionForm
from .models import Response

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def can_approve(user: Any) -> bool:
    """Approval is for the office's administrators (the named approvers)."""
    if user.is_superuser:
        return True
    m = membership_of(user)
    return bool(m and m.role == Membership.Role.ADMINISTRATOR)


def _response_for(request: HttpRequest, pk: int, write: bool = False) -> Response:
    inspection = get_for_user(request.user, Inspection.objects.select_related("force"), "force",
                              pk, write=write)
    # The record is made when the inspection is accepted; only older data lacks one.
    response = (Response.objects.select_related("inspection__force")
                .filter(inspection=inspection).first() or services.ensure_response(inspection))
    if response is None:
        raise Http404("This inspection does not concern the force, so no response is due.")
    return response


def _context(request: HttpRequest, response: Response, **forms: Any) -> dict[str, Any]:
    items = list(response.items.select_related("finding"))
    last_day = services.last_day(response)
    today = timezone.localdate()
    return {
        "response": response,
        "inspection": response.inspection,
        "deadline": services.deadline_explained(response),
        "last_day": last_day,
        "days_left": (last_day - today).days if last_day else None,
        "days_overdue": (today - last_day).days if last_day else None,
        "published_late": (timezone.localtime(response.published_at).date() - last_day).days
        if last_day and response.published_at else None,
        "missing": services.missing_parts(response),
        "outstanding": services.outstanding_distribution(response),
        "content_form": forms.get("content_form") or ContentForm(response=response, items=items),
        "request_form": forms.get("request_form") or CommentsRequestForm(
            initial={"due": response.cc_comments_due}, prefix="cc"),
        "received_form": forms.get("received_form") or CommentsReceivedForm(prefix="rx"),
        "distribution_form": forms.get("distribution_form") or DistributionForm(prefix="dist"),
        "distribution": response.distribution.select_related("recorded_by"),
        "versions": response.versions.select_related("approved_by"),
        "history": AuditEvent.objects.filter(inspection=response.inspection,
                                             object_type="response").select_related("user")[:40],
        "can_approve": can_approve(request.user),
        "editable": response.status != Response.Status.PUBLISHED,
    }


@require_http_methods(["GET", "POST"])
def response_page(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response_for(request, pk, write=request.method == "POST")
    if request.method == "GET":
        return render(request, "responses/response.html", _context(request, response))
    action = request.POST.get("action", "")
    forms: dict[str, Any] = {}
    try:
        if action == "content":
            form = ContentForm(request.POST, response=response,
                               items=list(response.items.select_related("finding")))
            forms["content_form"] = form
            if form.is_valid():
                values = {k: form.cleaned_data[k] for k in services.CONTENT_FIELDS
                          if k != "extra_sections"}
                values["extra_sections"] = form.cleaned_data["other_sections"]
                services.save_content(response, request.user, values=values,
                                      answers=form.answers(), lock=form.cleaned_data["lock"])
                messages.success(request, "Response saved.")
                return redirect(response)
        elif action == "request_cc":
            request_form = CommentsRequestForm(request.POST, prefix="cc")
            forms["request_form"] = request_form
            if request_form.is_valid():
                services.request_cc_comments(response, request.user, **request_form.cleaned_data)
                messages.success(request, "Request for the chief constable's comments recorded.")
                return redirect(response)
        elif action == "received_cc":
            received_form = CommentsReceivedForm(request.POST, prefix="rx")
            forms["received_form"] = received_form
            if received_form.is_valid():
                services.record_cc_received(response, request.user,
                                            on=received_form.cleaned_data["on"])
                messages.success(request, "The chief constable's comments are recorded as received.")
                return redirect(response)
        elif action == "distribution":
            distribution_form = DistributionForm(request.POST, prefix="dist")
            forms["distribution_form"] = distribution_form
            if distribution_form.is_valid():
                services.record_distribution(response, request.user,
                                             **distribution_form.cleaned_data)
                messages.success(request, "Recorded.")
                return redirect(response)
        elif action in ("submit", "approve", "publish", "new_version"):
            if action in ("approve", "publish") and not can_approve(request.user):
                raise PermissionDenied("Only the office's administrators can approve or publish.")
            step = {"submit": services.submit_for_approval, "approve": services.approve,
                    "publish": services.publish, "new_version": services.start_new_version}[action]
            step(response, request.user)
            messages.success(request, {"submit": "Sent for approval.", "approve": "Approved.",
                                       "publish": "Published.",
                                       "new_version": "A new version has been started."}[action])
            return redirect(response)
        else:
            messages.error(request, "Unknown action.")
    except (NotAllowed, StaleEdit) as exc:
        messages.error(request, str(exc))
        response.refresh_from_db()
    return render(request, "responses/response.html", _context(request, response, **forms),
                  status=400)


def document_response(content: dict[str, Any], fmt: str, name: str) -> HttpResponse:
    if fmt == "html":
        body: bytes = documents.to_html(content).encode("utf-8")
    elif fmt == "pdf":
        body = documents.to_pdf(content)
    elif fmt == "docx":
        body = documents.to_docx(content)
    else:
        raise Http404("Unknown format")
    out = HttpResponse(body, content_type=FORMATS[fmt])
    if fmt != "html":
        out["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return out


@require_GET
def response_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The current content (a draft, until published) as a document, for the office."""
    response = _response_for(request, pk)
    return document_response(services.content_of(response), fmt, f"section-55-response-{pk}")


@require_GET
def version_document(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    response = _response_for(request, pk)
    version = response.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    return document_response(version.content, fmt, f"section-55-response-{pk}-v{number}")


@require_GET
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, changed lines marked."""
    response = _response_for(request, pk)
    current = {"number": "current draft", "content": services.content_of(response)}
    versions = {str(v.number): {"number": v.number, "content": v.content}
                for v in response.versions.all()}
    a = versions.get(request.GET.get("from", ""))
    b = versions.get(request.GET.get("to", ""), current)
    if a is None:
        raise Http404("Choose a version to compare")

    def lines(content: dict[str, Any]) -> list[str]:
        return json.dumps(content, indent=1, ensure_ascii=False).splitlines()

    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        lines(a["content"]), lines(b["content"]), fromdesc=f"Version {a['number']}",
        todesc=f"Version {b['number']}" if isinstance(b["number"], int) else "Current draft",
        context=True, numlines=2)
    table = (table.replace('nowrap="nowrap"', "")
             .replace('cellspacing="0" cellpadding="0" rules="groups" ', ""))
    return render(request, "responses/diff.html", {
        "response": response, "inspection": response.inspection,
        "table": mark_safe(table),  # noqa: S308 - difflib escapes the text it shows
        "title": escape(f"Version {a['number']} compared"),
    })
