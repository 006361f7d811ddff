"""Dashboard and finding pages: lead, status, actions and updates (each correctable)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scrutiny.accounts.permissions import get_for_user, scoped
from scrutiny.audit.history import history_page
from scrutiny.audit.models import AuditEvent
from scrutiny.audit.security import log_download
from scrutiny.inspections.forms import FindingEditForm
from scrutiny.inspections.models import Finding, Inspection
from scrutiny.inspections.services import (
    FINDING_FIELDS,
    NotAllowed,
    StaleEdit,
    edit_finding,
    set_contested,
    set_finding_status,
)
from scrutiny.inspections.sourcetext import excerpt
from scrutiny.inspections.status import DUE_SOON_DAYS, TRACKED, FindingStatus, Rag
from scrutiny.web import once

from . import register, services
from .closure import evidence_on_record, pending_request
from .forms import (
    ActionEditForm,
    ActionForm,
    FindingStatusForm,
    LeadForm,
    UpdateEditForm,
    UpdateForm,
    WithdrawForm,
)
from .models import Action, Board, Update

FINDINGS = Finding.objects.select_related("inspection", "inspection__force", "board")
RESPONSE_WARNING_DAYS = 14


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's figures, each a link to the register filtered to the same findings."""
    user = request.user
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    tracked = register.with_rag(scoped(user, Finding.objects.filter(TRACKED), "inspection__force"),
                                user, today)
    live = tracked.exclude(status=FindingStatus.CLOSED)
    counts = {row["status"]: row["n"] for row in tracked.values("status").annotate(n=Count("id"))}
    rags = {row["rag_value"]: row["n"]
            for row in live.values("rag_value").annotate(n=Count("id"))}  # type: ignore[misc]
    overdue = live.filter(register.overdue_q(today))
    return render(request, "tracking/dashboard.html", {
        "today": today,
        # Section 55 responses not yet published whose last day is within 14 days or past.
        "responses_due": scoped(user, Inspection.objects.filter(
            section55_due__lte=today + timedelta(days=RESPONSE_WARNING_DAYS),
            response__isnull=False, response__not_subject=False)
            .exclude(response__status="published"), "force")
        .select_related("force", "response").order_by("section55_due")[:10],
        "overdue": register.register_queryset(overdue).order_by("next_due", "id")[:10],
        "overdue_count": overdue.count(),
        "due_soon": register.register_queryset(live.filter(next_due__gte=today,
                                                           next_due__lte=soon))
        .order_by("next_due", "id")[:10],
        "due_soon_count": live.filter(next_due__gte=today, next_due__lte=soon).count(),
        "soon": soon,
        "status_counts": [(label, value, counts.get(value, 0))
                          for value, label in FindingStatus.choices],
        "rag_counts": [(Rag(value).label.split(":")[0], value, rags.get(value, 0))
                       for value in (Rag.RED, Rag.AMBER, Rag.GREEN)],
        "recent_updates": scoped(user, Update.objects.all(), "finding__inspection__force")
        .select_related("finding", "finding__inspection", "author").order_by("-created_at")[:8],
    })


def _boards(finding: Finding) -> Any:
    return Board.objects.filter(force=finding.inspection.force)


def _finding_context(request: HttpRequest, finding: Finding, **forms: Any) -> dict[str, Any]:
    actions = finding.actions.select_related("board")
    request_ = pending_request(finding)
    return {
        "finding": finding,
        "context": excerpt(finding.source.text, finding.loc_start, finding.loc_end)
        if finding.source is not None else "",
        "actions": actions,
        "withdrawn_actions": Action.everything.filter(finding=finding,
                                                      withdrawn_at__isnull=False),
        "updates": finding.updates.select_related("author", "action"),
        "withdrawn_updates": Update.everything.filter(finding=finding, withdrawn_at__isnull=False)
        .select_related("withdrawn_by"),
        "history": AuditEvent.objects.filter(finding=finding).select_related("user")[:20],
        "history_count": AuditEvent.objects.filter(finding=finding).count(),
        "history_url": reverse("finding_history", args=[finding.pk]),
        "closure_request": request_,
        "can_decide": request_ is not None and request_.requested_by_id != request.user.pk,
        "evidence_count": len(evidence_on_record(finding)),
        "edit_form": forms.get("edit_form") or FindingEditForm(
            instance=finding, initial={"version": finding.version}, prefix="edit"),
        "status_form": forms.get("status_form") or FindingStatusForm(
            initial={"status": finding.status if finding.status != FindingStatus.CLOSED
                     else FindingStatus.OPEN, "contested": finding.contested,
                     "version": finding.version}, prefix="status"),
        "lead_form": forms.get("lead_form") or LeadForm(
            boards=_boards(finding), prefix="lead",
            initial={"owner": finding.owner, "board": finding.board_id,
                     "version": finding.version}),
        "action_form": forms.get("action_form") or ActionForm(boards=_boards(finding),
                                                              prefix="action"),
        "update_form": forms.get("update_form") or UpdateForm(actions=actions, prefix="update"),
    }


def _refused(request: HttpRequest, finding: Finding, exc: Exception, **forms: Any) -> HttpResponse:
    messages.error(request, str(exc))
    finding.refresh_from_db()
    return render(request, "tracking/finding.html", _finding_context(request, finding, **forms),
                  status=409 if isinstance(exc, StaleEdit) else 400)


@require_GET
def finding_history(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk)
    return history_page(request, AuditEvent.objects.filter(finding=finding), title=str(finding),
                        back=finding.get_absolute_url())


@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS.select_related("source", "repeat_of"),
                           "inspection__force", pk)
    return render(request, "tracking/finding.html", {
        **_finding_context(request, finding), "similar": _similar(finding), **_themes(finding)})


def _themes(finding: Finding) -> dict[str, Any]:
    from scrutiny.inspections.themes import taxonomy

    known = taxonomy()
    rows = [t for t in finding.themes.filter(active=True).select_related("set_by")
            if t.theme in known]
    for t in rows:
        t.name = known[t.theme].name  # type: ignore[attr-defined]
    return {"themes": rows, "taxonomy": list(known.items()),
            "active_themes": {t.theme for t in rows}}


@require_POST
def finding_themes(request: HttpRequest, pk: int) -> HttpResponse:
    from scrutiny.inspections.themes import set_by_user

    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    changed = set_by_user(finding, set(request.POST.getlist("theme")), request.user)
    messages.success(request, "Themes saved." if changed["added"] or changed["removed"]
                     else "The themes were already so; nothing changed.")
    return redirect(finding)


def _similar(finding: Finding) -> list[dict[str, Any]]:
    """The earlier findings most like this one, each with its shared words marked."""
    from scrutiny.inspections.models import FindingType
    from scrutiny.inspections.similar import highlight, similar
    from scrutiny.inspections.status import ClosureBasis

    types = dict(FindingType.choices)
    out = []
    for m in similar(finding.pk, finding.inspection.force_id):
        ref = m.meta["ref"]
        out.append({"finding_id": m.finding_id, "meta": m.meta, "shared": m.shared,
                    "percent": round(m.score * 100),
                    "label": f"{types.get(m.meta['type'], m.meta['type'])}{' ' + ref if ref else ''}",
                    "closure": dict(ClosureBasis.choices).get(m.meta["closure_basis"], "")
                    if m.meta["closure_basis"] else "",
                    "pieces": highlight(m.meta["text"], m.stems)})
    return out


@require_POST
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = FindingEditForm(request.POST, instance=Finding.objects.get(pk=pk), prefix="edit")
    if form.is_valid():
        try:
            edit_finding(finding, {k: form.cleaned_data[k] for k in FINDING_FIELDS},
                         form.cleaned_data["version"], request.user)
            messages.success(request, "Finding saved.")
            return redirect(finding)
        except StaleEdit as exc:
            return _refused(request, finding, exc)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, edit_form=form), status=400)


@require_POST
def finding_status(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = FindingStatusForm(request.POST, prefix="status")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["status"] != finding.status:
                    set_finding_status(finding, data["status"], request.user,
                                       note=data["note"], version=data["version"])
                if data["contested"] != finding.contested:
                    set_contested(finding, data["contested"], request.user,
                                  version=finding.version if data["status"] != finding.status
                                  else data["version"])
            messages.success(request, "Status saved.")
            return redirect(finding)
        except (NotAllowed, StaleEdit) as exc:
            return _refused(request, finding, exc, status_form=form)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, status_form=form), status=400)


@require_POST
def finding_lead(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = LeadForm(request.POST, boards=_boards(finding), prefix="lead")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_lead(finding, request.user, version=data["version"],
                              owner=data["owner"].strip(), board=data["board"])
            messages.success(request, "Lead owner and board saved.")
            return redirect(finding)
        except (NotAllowed, StaleEdit) as exc:
            return _refused(request, finding, exc, lead_form=form)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, lead_form=form), status=400)


def _already_sent(request: HttpRequest, target: Any) -> HttpResponse:
    messages.info(request, "That form was already sent; nothing was added twice.")
    return redirect(target)


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = ActionForm(request.POST, boards=_boards(finding), prefix="action")
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if not once.first_time(request):
                return _already_sent(request, finding)
            services.add_action(finding, request.user, description=data["description"],
                                owner=data["owner"], board=data["board"], due=data["due"],
                                status=data["status"])
        messages.success(request, "Action added.")
        return redirect(finding)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, action_form=form), status=400)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user(request.user, Action.objects.select_related("finding__inspection"),
                          "finding__inspection__force", pk, write=request.method == "POST")
    boards = Board.objects.filter(force=action.finding.inspection.force)
    withdraw_form = WithdrawForm(initial={"version": action.version}, prefix="withdraw")
    status = 200
    if request.method == "POST":
        form = ActionEditForm(request.POST, instance=Action.objects.get(pk=pk), boards=boards)
        status = 400
        if form.is_valid():
            try:
                services.edit_action(action, form.cleaned_data, form.cleaned_data["version"],
                                     request.user)
                messages.success(request, "Action saved.")
                return redirect(action.finding)
            except (NotAllowed, StaleEdit) as exc:
                messages.error(request, str(exc))
                action.refresh_from_db()
                form = ActionEditForm(instance=action, boards=boards,
                                      initial={"version": action.version})
                status = 409
    else:
        form = ActionEditForm(instance=action, boards=boards, initial={"version": action.version})
    return render(request, "tracking/action_edit.html",
                  {"action": action, "form": form, "withdraw_form": withdraw_form}, status=status)


def _withdraw(request: HttpRequest, obj: Any, service: Any, back: Any, what: str) -> HttpResponse:
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        messages.error(request, "Give the reason for withdrawing it; nothing was changed.")
        return redirect(back)
    try:
        service(obj, request.user, reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"])
    except (NotAllowed, StaleEdit, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, f"{what} withdrawn. It stays in the history, with your reason.")
    return redirect(back)


@require_POST
def action_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user(request.user, Action.objects.select_related("finding__inspection"),
                          "finding__inspection__force", pk, write=True)
    return _withdraw(request, action, services.withdraw_action, action.finding, "The action")


@require_POST
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = UpdateForm(request.POST, request.FILES, actions=finding.actions.all(), prefix="update")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if not once.first_time(request):
                    return _already_sent(request, finding)
                services.add_update(finding, request.user, note=data["note"], on=data["date"],
                                    action=data["action"], new_status=data["new_status"],
                                    evidence=data["evidence"])
            messages.success(request, "Update recorded.")
            return redirect(finding)
        except (NotAllowed, StaleEdit) as exc:
            form.add_error("new_status", str(exc))
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, update_form=form), status=400)


@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_for_user(request.user, Update.objects.select_related("finding__inspection"),
                          "finding__inspection__force", pk, write=request.method == "POST")
    actions = update.finding.actions.all()
    status = 200
    if request.method == "POST":
        form = UpdateEditForm(request.POST, instance=Update.objects.get(pk=pk), actions=actions)
        status = 400
        if form.is_valid():
            try:
                services.edit_update(update, form.cleaned_data, form.cleaned_data["version"],
                                     request.user)
                messages.success(request, "Update corrected.")
                return redirect(update.finding)
            except (NotAllowed, StaleEdit) as exc:
                messages.error(request, str(exc))
                status = 409
    else:
        form = UpdateEditForm(instance=update, actions=actions, initial={"version": update.version})
    return render(request, "tracking/update_edit.html", {
        "update": update, "form": form,
        "withdraw_form": WithdrawForm(initial={"version": update.version}, prefix="withdraw")},
        status=status)


@require_POST
def update_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_for_user(request.user, Update.objects.select_related("finding__inspection"),
                          "finding__inspection__force", pk, write=True)
    return _withdraw(request, update, services.withdraw_update, update.finding, "The update")


@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    update = get_for_user(request.user, Update.everything.all(), "finding__inspection__force", pk)
    if not update.evidence:
        raise Http404("No evidence file")
    log_download(request, update.finding.inspection.force,
                 f"Evidence {update.evidence.name.rsplit('/', 1)[-1]} of {update.finding}")
    return FileResponse(update.evidence.open("rb"), as_attachment=True,
                        filename=update.evidence.name.rsplit("/", 1)[-1])

