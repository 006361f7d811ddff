"""The office's response page: request comments, draft, check, approve, publish, send."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.accounts.models import Membership
from scrutiny.accounts.permissions import can_edit, get_for_user, membership_of
from scrutiny.audit.models import AuditEvent
from scrutiny.audit.security import log_download
from scrutiny.inspections.models import Inspection
from scrutiny.inspections.services import NotAllowed, StaleEdit
from scrutiny.web import once
from scrutiny.web.csp import allow_own_styles

from . import compare, documents, services
from .forms import (
    CommentsReceivedForm,
    CommentsRequestForm,
    ContentForm,
    DistributionEditForm,
    DistributionForm,
    PublicationDateForm,
)
from .models import DistributionEntry, Response

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
STEPS = {"submit": "Sent for approval.", "approve": "Approved.", "publish": "Published.",
         "new_version": "A new version has been started."}


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
    response = (Response.objects.select_related("inspection__force", "published_from")
                .filter(inspection=inspection).first() or services.ensure_response(inspection))
    if response is None:
        raise Http404("This inspection does not concern the force, so no response is due.")
    return response


def _item_states(response: Response, form: ContentForm) -> list[tuple[Any, Any, Any, str]]:
    """Each answer field with what it still needs: "required", "answered" or "optional"."""
    out = []
    for item, applies, answer in form.item_fields():
        needed = (item.finding.type == "recommendation" and item.finding.force_to_act
                  and item.applies)
        if not item.finding.force_to_act:
            state = "context"
        elif needed:
            state = "answered" if item.cc_response.strip() else "required"
        else:
            state = "optional"
        out.append((item, applies, answer, state))
    return out


def _context(request: HttpRequest, response: Response, **forms: Any) -> dict[str, Any]:
    items = list(response.items.select_related("finding"))
    last_day = services.last_day(response)
    today = timezone.localdate()
    content_form = forms.get("content_form") or ContentForm(response=response, items=items)
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
        "content_form": content_form,
        "items": _item_states(response, content_form),
        "request_form": forms.get("request_form") or CommentsRequestForm(
            initial={"due": response.cc_comments_due}, prefix="cc"),
        "received_form": forms.get("received_form") or CommentsReceivedForm(prefix="rx"),
        "distribution_form": forms.get("distribution_form") or DistributionForm(prefix="dist"),
        "date_form": PublicationDateForm(initial={
            "day": timezone.localtime(response.published_at).date() if response.published_at
            else None, "lock": response.lock}, prefix="pub"),
        "distribution": response.distribution.select_related("recorded_by"),
        "withdrawn_distribution": DistributionEntry.everything.filter(
            response=response, withdrawn_at__isnull=False).select_related("withdrawn_by"),
        "versions": response.versions.select_related("approved_by"),
        "history": AuditEvent.objects.filter(inspection=response.inspection,
                                             object_type__in=["response", "distribution entry"])
        .select_related("user")[:40],
        "can_approve": can_approve(request.user),
        "can_edit": can_edit(request.user),
        "editable": response.status != Response.Status.PUBLISHED and can_edit(request.user),
        "preview": documents.to_html(services.content_of(response), standalone=False)
        if not can_edit(request.user) else "",
    }


def _confirm(request: HttpRequest, response: Response, action: str) -> HttpResponse:
    """The page that asks "are you sure?" before approving or publishing."""
    number = response.version
    if action == "approve":
        title = f"Approve version {number}?"
        body = ("Approving freezes this content as version "
                f"{number}, in your name. You approve exactly what this page shows; if anyone "
                "changes it before you confirm, the approval is refused.")
        fields = [("action", "approve"), ("seen", services.content_digest(response))]
    else:
        title = f"Publish version {number}?"
        body = ("Publishing puts this version in the public area and its Atom feed, for anyone "
                "to read, and records it as published on the website today.")
        fields = [("action", "publish"), ("version", str(number))]
    return render(request, "web/confirm.html", {
        "title": title, "body": body, "action": request.path,
        "fields": [*fields, ("confirmed", "1")], "button": f"Yes, {action} it",
        "back": request.path,
        "preview": documents.to_html(services.content_of(response), standalone=False)})


def _workflow(request: HttpRequest, response: Response, action: str) -> HttpResponse | None:
    """Send for approval, approve, publish or start a new version; None when confirming."""
    if action in ("approve", "publish") and not can_approve(request.user):
        raise PermissionDenied("Only the office's administrators can approve or publish.")
    if action in ("approve", "publish") and request.POST.get("confirmed") != "1":
        return _confirm(request, response, action)
    if action == "approve":
        services.approve(response, request.user, seen=request.POST.get("seen", ""))
    elif action == "publish":
        version = request.POST.get("version", "")
        services.publish(response, request.user,
                         version=int(version) if version.isdigit() else -1)
    elif action == "submit":
        services.submit_for_approval(response, request.user)
    else:
        services.start_new_version(response, request.user)
    messages.success(request, STEPS[action])
    return None


def _save_content(request: HttpRequest, response: Response, form: ContentForm) -> None:
    values = {k: form.cleaned_data[k] for k in services.CONTENT_FIELDS if k != "extra_sections"}
    values["extra_sections"] = form.cleaned_data["other_sections"]
    services.save_content(response, request.user, values=values, answers=form.answers(),
                          lock=form.cleaned_data["lock"])


@require_http_methods(["GET", "POST"])
def response_page(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response_for(request, pk, write=request.method == "POST")
    if request.method == "GET":
        return render(request, "responses/response.html", _context(request, response))
    action = request.POST.get("action", "")
    forms: dict[str, Any] = {}
    try:
        if action in ("content", "save_submit"):
            form = ContentForm(request.POST, response=response,
                               items=list(response.items.select_related("finding")))
            forms["content_form"] = form
            if form.is_valid():
                # What was typed is saved first, whatever happens to the sending.
                _save_content(request, response, form)
                response.refresh_from_db()
                if action == "save_submit":
                    try:
                        services.submit_for_approval(response, request.user)
                    except NotAllowed as exc:
                        messages.error(request, f"Your changes were saved, but not sent: {exc}")
                        return render(request, "responses/response.html",
                                      _context(request, response), status=400)
                messages.success(request, "Response saved and sent for approval."
                                 if action == "save_submit" else "Response saved.")
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
                with transaction.atomic():
                    if not once.first_time(request):
                        messages.info(request, "That step was already recorded; nothing was "
                                               "added twice.")
                        return redirect(response)
                    services.record_distribution(response, request.user,
                                                 **distribution_form.cleaned_data)
                messages.success(request, "Recorded.")
                return redirect(response)
        elif action == "publication_date":
            date_form = PublicationDateForm(request.POST, prefix="pub")
            if date_form.is_valid():
                services.correct_publication_date(response, request.user,
                                                  day=date_form.cleaned_data["day"],
                                                  lock=date_form.cleaned_data["lock"])
                messages.success(request, "Publication date corrected.")
                return redirect(response)
            messages.error(request, "Give a valid date.")
        elif action in STEPS:
            confirm = _workflow(request, response, action)
            if confirm is not None:
                return confirm
            return redirect(response)
        else:
            messages.error(request, "Unknown action.")
    except (NotAllowed, StaleEdit) as exc:
        messages.error(request, str(exc))
        response.refresh_from_db()
    return render(request, "responses/response.html", _context(request, response, **forms),
                  status=400)


def _entry_for(request: HttpRequest, pk: int) -> DistributionEntry:
    return get_for_user(request.user, DistributionEntry.objects.select_related(
        "response__inspection"), "response__inspection__force", pk, write=True)


@require_http_methods(["GET", "POST"])
def distribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a distribution entry, or withdraw one recorded in error."""
    entry = _entry_for(request, pk)
    back = entry.response
    if request.method == "POST" and request.POST.get("withdraw"):
        reason = request.POST.get("reason", "").strip()
        version = request.POST.get("version", "")
        try:
            services.withdraw_distribution(entry, request.user, reason=reason,
                                           version=int(version) if version.isdigit() else -1)
        except (NotAllowed, StaleEdit, ValueError) as exc:
            messages.error(request, str(exc) if not isinstance(exc, ValueError) else
                           "Give the reason for withdrawing it; nothing was changed.")
            return redirect("distribution_edit", pk)
        messages.success(request, "Entry withdrawn. It stays in the history, with your reason.")
        return redirect(back)
    status = 200
    form = DistributionEditForm(request.POST or None, initial={
        "recipient": entry.recipient, "done_on": entry.done_on, "note": entry.note,
        "version": entry.version})
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_distribution(entry, {k: data[k] for k in services.DISTRIBUTION_FIELDS},
                                           data["version"], request.user)
                messages.success(request, "Entry corrected.")
                return redirect(back)
            except (NotAllowed, StaleEdit) as exc:
                form.add_error(None, str(exc))
    return render(request, "responses/distribution_edit.html",
                  {"entry": entry, "form": form, "inspection": entry.response.inspection},
                  status=status)


def document_name(content: dict[str, Any], number: int | None = None) -> str:
    """'norfolk-constabulary-section-55-response-crime-investigations-v2'."""
    title = slugify(content.get("inspection", {}).get("title", ""))[:60].rstrip("-")
    force = slugify(content.get("force", ""))[:40]
    return "-".join(p for p in (force, "section-55-response", title,
                                f"v{number}" if number else "") if p)


def render_document(content: dict[str, Any], fmt: str) -> bytes:
    if fmt == "html":
        return documents.to_html(content).encode("utf-8")
    if fmt == "pdf":
        return documents.to_pdf(content)
    if fmt == "docx":
        return documents.to_docx(content)
    raise Http404("Unknown format")


def document_response(content: dict[str, Any], fmt: str, name: str,
                      body: bytes | None = None) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    body = render_document(content, fmt) if body is None else body
    out = HttpResponse(body, content_type=FORMATS[fmt])
    if fmt == "html":
        allow_own_styles(out, body.decode("utf-8"))
    else:
        out["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return out


@require_GET
def response_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The current content (a draft, until published) as a document, for the office."""
    response = _response_for(request, pk)
    content = services.content_of(response)
    if response.status != Response.Status.PUBLISHED:
        log_download(request, response.inspection.force, f"Draft response to "
                     f"{response.inspection.title[:200]} ({fmt})")
    return document_response(content, fmt, document_name(content) + "-draft"
                             if response.status != Response.Status.PUBLISHED
                             else document_name(content, response.version))


@require_GET
def version_document(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    response = _response_for(request, pk)
    version = response.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    if version.published_at is None:
        log_download(request, response.inspection.force, f"Unpublished version {number} of the "
                     f"response to {response.inspection.title[:200]} ({fmt})")
    return document_response(version.content, fmt, document_name(version.content, number))


@require_GET
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions compared part by part, removed words struck out and added ones marked."""
    response = _response_for(request, pk)
    current = {"number": None, "content": services.content_of(response)}
    versions = {str(v.number): {"number": v.number, "content": v.content}
                for v in response.versions.all()}
    # With no version chosen, the latest is compared with the current draft.
    latest = str(max((v["number"] for v in versions.values()), default=0))
    a = versions.get(request.GET.get("from", latest))
    b = versions.get(request.GET.get("to", ""), current)
    if a is None:
        raise Http404("There is no such version to compare")
    parts = compare.compare(a["content"], b["content"])
    return render(request, "responses/diff.html", {
        "response": response, "inspection": response.inspection,
        "before": f"version {a['number']}",
        "after": f"version {b['number']}" if b["number"] else "the current draft",
        "changed": [p for p in parts if p.state != "same"],
        "same": [p for p in parts if p.state == "same"],
        "versions": sorted(versions), "from": a["number"], "to": b["number"],
    })

