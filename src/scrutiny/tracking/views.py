"""Dashboard, finding pages (actions, updates, status), boards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scrutiny.accounts.permissions import get_for_user, require_editor, scoped, user_force
from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.forms import FindingEditForm, FindingStatusForm
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
from scrutiny.inspections.status import DUE_SOON_DAYS, FindingStatus

from . import services
from .forms import ActionEditForm, ActionForm, BoardForm, SinceForm, UpdateForm
from .models import Action, Board, Update

FINDINGS = Finding.objects.select_related("inspection", "inspection__force")
RESPONSE_WARNING_DAYS = 14


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    findings = scoped(user, Finding.objects.filter(force_to_act=True), "inspection__force")
    live = findings.exclude(status=FindingStatus.CLOSED)
    counts = {row["status"]: row["n"] for row in findings.values("status").annotate(n=Count("id"))}
    return render(request, "tracking/dashboard.html", {
        "today": today,
        # Section 55 responses not yet published whose last day is within 14 days or past.
        "responses_due": scoped(user, Inspection.objects.filter(
            section55_due__lte=today + timedelta(days=RESPONSE_WARNING_DAYS),
            response__isnull=False, response__not_subject=False)
            .exclude(response__status="published"), "force")
        .select_related("force", "response").order_by("section55_due")[:10],
        "overdue": live.filter(due__lt=today).select_related("inspection").order_by("due")[:10],
        "overdue_count": live.filter(due__lt=today).count(),
        "due_soon": live.filter(due__gte=today, due__lte=soon).select_related("inspection")
        .order_by("due")[:10],
        "status_counts": [(label, value, counts.get(value, 0))
                          for value, label in FindingStatus.choices],
        "recent_updates": scoped(user, Update.objects.all(), "finding__inspection__force")
        .select_related("finding", "finding__inspection", "author").order_by("-created_at")[:8],
    })


def _finding_context(request: HttpRequest, finding: Finding, **forms: Any) -> dict[str, Any]:
    boards = Board.objects.filter(force=finding.inspection.force)
    actions = finding.actions.select_related("board")
    return {
        "finding": finding,
        "context": excerpt(finding.source.text, finding.loc_start, finding.loc_end)
        if finding.source is not None else "",
        "actions": actions,
        "updates": finding.updates.select_related("author", "action"),
        "history": AuditEvent.objects.filter(finding=finding).select_related("user")[:50],
        "edit_form": forms.get("edit_form") or FindingEditForm(
            instance=finding, initial={"version": finding.version}, prefix="edit"),
        "status_form": forms.get("status_form") or FindingStatusForm(
            initial={"status": finding.status, "contested": finding.contested}, prefix="status"),
        "action_form": forms.get("action_form") or ActionForm(boards=boards, prefix="action"),
        "update_form": forms.get("update_form") or UpdateForm(actions=actions, prefix="update"),
    }


@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS.select_related("source"), "inspection__force", pk)
    return render(request, "tracking/finding.html", _finding_context(request, finding))


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
            messages.error(request, str(exc))
            return redirect(finding)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, edit_form=form), status=400)


@require_POST
def finding_status(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = FindingStatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            set_finding_status(finding, form.cleaned_data["status"], request.user,
                               closure_basis=form.cleaned_data["closure_basis"])
            if form.cleaned_data["contested"] != finding.contested:
                set_contested(finding, form.cleaned_data["contested"], request.user)
            messages.success(request, "Status saved.")
            return redirect(finding)
        except (NotAllowed, StaleEdit) as exc:
            form.add_error("status", str(exc))
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, status_form=form), status=400)


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    boards = Board.objects.filter(force=finding.inspection.force)
    form = ActionForm(request.POST, boards=boards, prefix="action")
    if form.is_valid():
        data = form.cleaned_data
        services.add_action(finding, request.user, description=data["description"],
                            owner=data["owner"], board=data["board"], due=data["due"])
        messages.success(request, "Action added.")
        return redirect(finding)
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, action_form=form), status=400)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user(request.user, Action.objects.select_related("finding__inspection"),
                          "finding__inspection__force", pk, write=request.method == "POST")
    boards = Board.objects.filter(force=action.finding.inspection.force)
    if request.method == "POST":
        form = ActionEditForm(request.POST, instance=Action.objects.get(pk=pk), boards=boards)
        if form.is_valid():
            try:
                services.edit_action(action, form.cleaned_data, form.cleaned_data["version"],
                                     request.user)
                messages.success(request, "Action saved.")
                return redirect(action.finding)
            except StaleEdit as exc:
                messages.error(request, str(exc))
                return redirect(action.finding)
    else:
        form = ActionEditForm(instance=action, boards=boards, initial={"version": action.version})
    return render(request, "tracking/action_edit.html", {"action": action, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_for_user(request.user, FINDINGS, "inspection__force", pk, write=True)
    form = UpdateForm(request.POST, request.FILES, actions=finding.actions.all(), prefix="update")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_update(finding, request.user, note=data["note"], on=data["date"],
                                action=data["action"], new_status=data["new_status"],
                                evidence=data["evidence"])
            messages.success(request, "Update recorded.")
            return redirect(finding)
        except (NotAllowed, StaleEdit) as exc:
            form.add_error("new_status", str(exc))
    return render(request, "tracking/finding.html",
                  _finding_context(request, finding, update_form=form), status=400)


@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    update = get_for_user(request.user, Update.objects.all(), "finding__inspection__force", pk)
    if not update.evidence:
        raise Http404("No evidence file")
    return FileResponse(update.evidence.open("rb"), as_attachment=True,
                        filename=update.evidence.name.rsplit("/", 1)[-1])


@require_http_methods(["GET", "POST"])
def board_list(request: HttpRequest) -> HttpResponse:
    boards = scoped(request.user, Board.objects.all(), "force").select_related("force").annotate(
        open_actions=Count("actions", filter=~Q(actions__status=Action.Status.COMPLETE)))
    force = user_force(request.user)
    form = BoardForm(request.POST or None)
    if request.method == "POST":
        require_editor(request.user)
        if force is None:
            messages.error(request, "Boards belong to a force; your account has none.")
        elif form.is_valid():
            if Board.objects.filter(force=force, name=form.cleaned_data["name"]).exists():
                form.add_error("name", "Your force already has a board with this name.")
            else:
                board = services.create_board(force, form.cleaned_data["name"],
                                              form.cleaned_data["chair"], request.user)
                messages.success(request, f"Board “{board}” created.")
                return redirect(board)
    return render(request, "tracking/boards.html", {"boards": boards, "form": form,
                                                    "can_create": force is not None})


@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.select_related("force"), "force", pk)
    actions = board.actions.select_related("finding", "finding__inspection").order_by("due", "id")
    since_form = SinceForm(request.GET or None)
    since = since_form.cleaned_data.get("since") if since_form.is_valid() else None
    finding_ids = actions.values("finding_id")
    changes = []
    if since:
        changes = list(AuditEvent.objects.filter(finding_id__in=finding_ids, at__date__gte=since)
                       .select_related("user", "finding")[:200])
    return render(request, "tracking/board.html", {
        "board": board,
        "actions": actions,
        "overdue": [a for a in actions if a.due and a.due < timezone.localdate()
                    and a.status != Action.Status.COMPLETE],
        "ready_to_close": Finding.objects.filter(
            pk__in=finding_ids, status=FindingStatus.PROPOSED_CLOSURE).select_related("inspection"),
        "since_form": since_form, "since": since, "changes": changes,
    })
