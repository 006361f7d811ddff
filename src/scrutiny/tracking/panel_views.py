"""The panel report page and its PDF."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from scrutiny.accounts.permissions import scoped, user_force
from scrutiny.inspections.forms import DateInput, PlausibleDateField
from scrutiny.inspections.models import Force

from . import panel
from .forms import limit_boards
from .models import Board


class PanelForm(forms.Form):
    start = PlausibleDateField(label="From", widget=DateInput())
    end = PlausibleDateField(label="To", widget=DateInput())
    board = forms.ModelChoiceField(queryset=Board.objects.none(), required=False,
                                   label="Board (optional)", empty_label="Every board")

    def __init__(self, *args: object, user: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit_boards(self, scoped(user, Board.objects.all(), "force"))
        if getattr(user, "is_superuser", False):
            self.fields["force"] = forms.ModelChoiceField(queryset=Force.objects.order_by("name"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The period must end after it starts.")
        return data


@require_GET
def panel_report(request: HttpRequest) -> HttpResponse:
    start, end = panel.default_period(timezone.localdate())
    form = PanelForm(request.GET or None, user=request.user,
                     initial={"start": start, "end": end})
    content = document = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        force = data.get("force") or user_force(request.user)
        if force is None:
            raise PermissionDenied("The report is of an office; your account has none.")
        board = data.get("board")
        if board is not None and board.force_id != force.pk:
            raise Http404("No such board")
        content = panel.build(force, data["start"], data["end"], board, request.user)
        if request.GET.get("format") == "pdf":
            out = HttpResponse(panel.to_pdf(content), content_type="application/pdf")
            out["Content-Disposition"] = (f'attachment; filename="panel-report-{data["start"]}-to-'
                                          f'{data["end"]}.pdf"')
            return out
        document = mark_safe(panel.to_html(content, standalone=False))  # noqa: S308 - rendered by a template, escaped there
    return render(request, "tracking/panel.html", {"form": form, "content": content,
                                                   "document": document},
                  status=400 if form.is_bound and form.errors else 200)
