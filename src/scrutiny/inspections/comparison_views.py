"""Grade comparison pages: a force's PEEL grades against every force and its most similar
forces, and the office's list of most similar forces."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.accounts.permissions import (
    administers_office,
    office_or_refuse,
    user_force,
)
from scrutiny.audit.history import StaleEdit

from .charts import grade_comparison_svg
from .comparison import MOST_SIMILAR_LIMIT, TIER_LABELS, TIERS, compare, save_group, similar_to
from .models import Force, SimilarForces
from .views import visible_force


@require_GET
def force_grades(request: HttpRequest, slug: str) -> HttpResponse:
    force = visible_force(request, slug)
    raw = request.GET.get("round", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    result = compare(force, year)
    tiers = [(t, TIER_LABELS[t]) for t in TIERS]
    return render(request, "inspections/force_grades.html", {
        "force": force, "result": result, "tiers": tiers,
        "chart": grade_comparison_svg(result.rows, force.name, tiers),
        "own_office": user_force(request.user) == force,
    })


class SimilarForcesForm(forms.Form):
    similar = forms.ModelMultipleChoiceField(
        queryset=Force.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Most similar forces")
    source = forms.CharField(
        max_length=300, required=False, label="Where the list comes from",
        help_text="For example: Home Office most similar groups (iQuanta), March 2025.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, force: Force, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["similar"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Force.objects.filter(territorial=True).exclude(pk=force.pk)

    def clean_similar(self) -> list[Force]:
        chosen = list(self.cleaned_data["similar"])
        if len(chosen) > MOST_SIMILAR_LIMIT:
            raise forms.ValidationError(
                f"Choose at most {MOST_SIMILAR_LIMIT} forces (you chose {len(chosen)}); a most "
                "similar group usually has seven or eight.")
        return chosen


@require_http_methods(["GET", "POST"])
def similar_forces(request: HttpRequest) -> HttpResponse:
    force = office_or_refuse(request.user, "The most similar forces belong to an office")
    editable = administers_office(request.user)
    group = SimilarForces.objects.filter(force=force).first()
    version = group.version if group else 1
    current, source = similar_to(force)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the office's administrators can change this list.")
        form = SimilarForcesForm(request.POST, force=force)
        status = 400
        if form.is_valid():
            try:
                changed = save_group(force, form.cleaned_data["similar"],
                                     form.cleaned_data["source"].strip(), request.user,
                                     version=form.cleaned_data["version"])
            except StaleEdit as exc:
                messages.error(request, str(exc))
                return redirect("similar_forces")
            messages.success(request, "Most similar forces saved." if changed
                             else "Nothing had changed; the list is as it was.")
            return redirect("similar_forces")
    else:
        form = SimilarForcesForm(force=force, initial={
            "similar": [f.pk for f in current], "source": source, "version": version})
    return render(request, "inspections/similar_forces.html", {
        "form": form, "editable": editable, "force": force, "current": current,
        "source": source}, status=status)
