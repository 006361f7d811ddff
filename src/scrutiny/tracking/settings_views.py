"""An office's tracking rules: RAG thresholds and closure requirements (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scrutiny.accounts.permissions import administers_office, office_or_refuse
from scrutiny.audit.history import diff, record, snapshot

from .forms import TrackingRulesForm
from .models import TrackingRules
from .rules import office_rules

FIELDS = ["amber_within_days", "red_within_days_if_not_started", "stale_after_days",
          "closure_needs_evidence", "closure_needs_second_approver"]


@require_http_methods(["GET", "POST"])
def tracking_rules(request: HttpRequest) -> HttpResponse:
    force = office_or_refuse(request.user, "Tracking rules belong to an office")
    rules = office_rules(force.pk)
    editable = administers_office(request.user)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the office's administrators can change its rules.")
        form = TrackingRulesForm(request.POST, instance=TrackingRules(force=force))
        status = 400
        if form.is_valid():
            before = snapshot(rules, FIELDS)
            values = {k: form.cleaned_data[k] for k in FIELDS}
            try:
                with transaction.atomic():
                    if rules.pk is None:
                        rules = TrackingRules.objects.create(force=force, **values)
                    elif TrackingRules.objects.filter(
                            pk=rules.pk, version=form.cleaned_data["version"]).update(
                            **values, version=rules.version + 1) != 1:
                        raise IntegrityError
            except IntegrityError:
                messages.error(request, "Someone else changed the rules while you were "
                                        "editing them; nothing was saved. These are theirs.")
                return redirect("tracking_rules")
            rules = office_rules(force.pk)
            changes = diff(before, snapshot(rules, FIELDS))
            if changes:
                record(request.user, rules, "changed", f"Tracking rules of {force} changed",
                       changes)
            messages.success(request, "Tracking rules saved.")
            return redirect("tracking_rules")
    else:
        form = TrackingRulesForm(instance=rules, initial={"version": rules.version})
    return render(request, "tracking/rules.html", {
        "form": form, "editable": editable, "force": force,
        "described": rules.rag_rules().describe()}, status=status)
