"""Closing a finding, and a second person's decision where the office requires one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from scrutiny.accounts.permissions import get_for_user
from scrutiny.inspections.services import NotAllowed, StaleEdit
from scrutiny.inspections.status import FindingStatus

from .closure import close_finding, decide_closure, evidence_on_record, pending_request
from .forms import CloseForm, DecideClosureForm
from .models import Action, ClosureRequest
from .rules import office_rules
from .views import FINDINGS


@require_http_methods(["GET", "POST"])
def finding_close(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    rules = office_rules(finding.inspection.force_id)
    open_actions = list(Action.objects.filter(finding=finding, status__in=Action.OPEN))
    kwargs = {"finding": finding, "open_actions": open_actions,
              "evidence_updates": evidence_on_record(finding),
              "needs_evidence": rules.closure_needs_evidence}
    status = 200
    if request.method == "POST":
        form = CloseForm(request.POST, request.FILES, **kwargs)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                pending = close_finding(
                    finding, request.user, reason=data["reason"], basis=data["basis"],
                    version=data["version"], evidence=data["evidence"],
                    evidence_from=data["evidence_from"], disposals=form.disposals())
            except (NotAllowed, StaleEdit) as exc:
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, StaleEdit) else 400
            else:
                messages.success(request, "Closure asked for: it takes effect when a second "
                                          "person approves it." if pending else
                                 f"{finding} is closed.")
                return redirect(finding)
    else:
        form = CloseForm(initial={"version": finding.version}, **kwargs)
    return render(request, "tracking/close.html", {
        "finding": finding, "form": form, "rules": rules,
        "already_closed": finding.status == FindingStatus.CLOSED,
        "pending": pending_request(finding)}, status=status)


@require_POST
def closure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_for_user(request.user, ClosureRequest.objects.select_related(
        "finding", "finding__inspection"), "finding__inspection__force", pk, write=True)
    form = DecideClosureForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to approve or refuse the closure.")
        return redirect(closure.finding)
    try:
        decide_closure(closure, request.user, approve=form.cleaned_data["decision"] == "approve",
                       note=form.cleaned_data["note"])
    except (NotAllowed, StaleEdit) as exc:
        messages.error(request, str(exc))
        return redirect(closure.finding)
    messages.success(request, "Closure approved: the finding is closed."
                     if form.cleaned_data["decision"] == "approve"
                     else "Closure refused: the finding is back in progress.")
    return redirect(closure.finding)
