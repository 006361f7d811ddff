"""The findings register, its bulk changes, and the actions register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from scrutiny.accounts.permissions import can_edit, require_editor, scoped, user_force
from scrutiny.inspections.forms import DateInput
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import NotAllowed, StaleEdit
from scrutiny.inspections.status import FindingStatus, RagRules
from scrutiny.web import once, spreadsheet

from . import export, register, services
from .forms import limit_boards
from .models import Board
from .rules import rules_for

# In the order of the table's columns (tracking/register.html).
FINDING_COLUMNS = [("ref", "Finding"), ("type", "Type"), ("inspection", "Inspection"),
                   ("area", "Area"), ("status", "Status"), ("rag", "RAG"), ("owner", "Owner"),
                   ("board", "Board"), ("due", "Next due"), ("updated", "Latest update")]
ACTION_COLUMNS = [("finding", "Finding"), ("description", "Action"), ("owner", "Owner"),
                  ("board", "Board"), ("due", "Due"), ("status", "Status")]
BULK_LIMIT = 500


def _filters(form: forms.Form) -> dict[str, Any]:
    """The valid filters of a GET form; a wrong one is shown beside its field and ignored."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))


def _columns(columns: list[tuple[str, str]], sort: str, request: HttpRequest
             ) -> list[dict[str, str]]:
    """Column headings with the address that sorts by each (and the current direction)."""
    out = []
    params = request.GET.copy()
    params.pop("page", None)
    for key, label in columns:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        params["sort"] = f"-{key}" if current and not descending else key
        out.append({"key": key, "label": label, "url": "?" + params.urlencode(),
                    "aria": ("descending" if descending else "ascending") if current else "none"})
    return out


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, register.PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class BulkForm(forms.Form):
    """One change to many findings: a lead owner, a lead board, or a status with a dated update."""

    OPERATIONS = [("owner", "Set the lead owner"), ("board", "Set the lead board"),
                  ("status", "Change the status, with a dated update")]

    operation = forms.ChoiceField(choices=OPERATIONS, label="Change")
    owner = forms.CharField(max_length=200, required=False, label="Lead owner")
    board = forms.ModelChoiceField(queryset=Board.objects.none(), required=False,
                                   label="Lead board", empty_label="No board")
    status = forms.ChoiceField(required=False, label="New status", choices=[
        ("", "—"), *[(v, lbl) for v, lbl in FindingStatus.choices if v != FindingStatus.CLOSED]],
        help_text="Closing goes finding by finding: it needs a reason, evidence and the "
                  "actions settled.")
    date = forms.DateField(widget=DateInput(), initial=timezone.localdate, required=False,
                           label="Update dated")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=10000, label="Update note")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_boards(self, scoped(user, Board.objects.all(), "force"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        op = data.get("operation")
        if op == "owner" and not (data.get("owner") or "").strip():
            self.add_error("owner", "Give the lead owner's name.")
        if op == "status":
            if not data.get("status"):
                self.add_error("status", "Choose the new status.")
            if not (data.get("note") or "").strip():
                self.add_error("note", "Say what changed: the note is recorded on each finding.")
            day = data.get("date")
            if not day:
                self.add_error("date", "Give the date of the update.")
            elif day > timezone.localdate():
                self.add_error("date", "An update cannot be dated in the future.")
        return data


@require_GET
def findings_register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = register.RegisterFilters(request.GET or None, user=request.user)
    data = _filters(form)
    qs, sort = register.sorted_findings(register.findings(request.user, data, today),
                                        data.get("sort") or "")
    fmt = request.GET.get("format", "")
    if fmt in spreadsheet.FORMATS:  # every finding the filters select, not one page
        return spreadsheet.response(fmt, "findings", export.FINDING_COLUMNS,
                                    export.finding_rows(qs), "Findings")
    page = _page(request, register.register_queryset(qs))
    force = user_force(request.user)
    rules: RagRules = rules_for(force.pk if force else None)
    return render(request, "tracking/register.html", {
        "form": form, "page": page, "rows": register.rows(page.object_list),
        "columns": _columns(FINDING_COLUMNS, sort, request), "sort": sort,
        "querystring": _query_without_page(request), "rag_rules": rules.describe(),
        "bulk_form": BulkForm(user=request.user, prefix="bulk") if can_edit(request.user) else None,
        "return_to": request.get_full_path(),
    })


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) \
            and target.startswith("/"):
        return target
    return "/findings/"


def _selected(request: HttpRequest) -> dict[int, int]:
    """{finding id: the version the user saw} from the ticked boxes ("id:version")."""
    chosen: dict[int, int] = {}
    for value in request.POST.getlist("selected")[:BULK_LIMIT + 1]:
        pk, _, version = value.partition(":")
        if pk.isdigit() and version.isdigit() and len(pk) < 12 and len(version) < 10:
            chosen[int(pk)] = int(version)
    return chosen


@require_POST
def findings_bulk(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    back = _back(request)
    chosen = _selected(request)
    form = BulkForm(request.POST, user=request.user, prefix="bulk")
    if not chosen:
        messages.error(request, "Tick at least one finding to change.")
        return redirect(back)
    if len(chosen) > BULK_LIMIT:
        messages.error(request, f"Change at most {BULK_LIMIT} findings at once.")
        return redirect(back)
    if not form.is_valid():
        problems = "; ".join(f"{form.fields[k].label if k in form.fields else k}: "
                             f"{' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        messages.error(request, f"Nothing was changed. {problems}")
        return redirect(back)
    try:
        with transaction.atomic():
            if not once.first_time(request):
                messages.info(request, "That change was already made; nothing was done twice.")
                return redirect(back)
            found = list(scoped(request.user, Finding.objects.filter(pk__in=chosen),
                                "inspection__force").select_related("inspection"))
            if len(found) != len(chosen):
                raise NotAllowed("Some of the findings ticked could not be found; nothing was "
                                 "changed.")
            summary = _apply(found, chosen, form.cleaned_data, request.user)
    except (NotAllowed, StaleEdit) as exc:
        messages.error(request, f"Nothing was changed. {exc}")
        return redirect(back)
    messages.success(request, summary)
    return redirect(back)


def _apply(found: list[Finding], versions: dict[int, int], data: dict[str, Any], user: Any) -> str:
    """Make the bulk change on every finding, each on the record; all or nothing."""
    op = data["operation"]
    n = len(found)
    plural = "s" if n != 1 else ""
    for finding in sorted(found, key=lambda f: f.pk):
        version = versions[finding.pk]
        if finding.version != version:
            raise StaleEdit(f"{finding} ({finding.inspection.title[:60]}) was changed by someone "
                            "else after you opened the register. Reload it and try again.")
        if op == "owner":
            services.set_lead(finding, user, version=version, owner=data["owner"].strip())
        elif op == "board":
            services.set_lead(finding, user, version=version, board=data["board"])
        else:
            services.add_update(finding, user, note=data["note"].strip(), on=data["date"],
                                new_status=data["status"], version=version)
    if op == "owner":
        return f"Lead owner set to {data['owner'].strip()} on {n} finding{plural}."
    if op == "board":
        board = data["board"]
        return (f"Lead board set to {board} on {n} finding{plural}." if board
                else f"Lead board cleared on {n} finding{plural}.")
    return (f"{n} finding{plural} moved to {FindingStatus(data['status']).label.lower()}, "
            f"each with an update dated {data['date']:%-d %B %Y}.")


@require_GET
def actions_register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = register.ActionFilters(request.GET or None, user=request.user)
    data = _filters(form)
    qs, sort = register.order_by(register.actions(request.user, data, today),
                                 data.get("sort") or "", register.ACTION_SORTS, "due")
    fmt = request.GET.get("format", "")
    if fmt in spreadsheet.FORMATS:
        return spreadsheet.response(fmt, "actions", export.ACTION_COLUMNS,
                                    export.action_rows(qs), "Actions")
    page = _page(request, qs)
    return render(request, "tracking/actions_register.html", {
        "form": form, "page": page, "today": today,
        "columns": _columns(ACTION_COLUMNS, sort, request), "sort": sort,
        "querystring": _query_without_page(request),
    })
