"""Forms for actions, updates and boards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from scrutiny.inspections.forms import DateInput
from scrutiny.inspections.status import FindingStatus

from .models import Action, Board

EVIDENCE_LIMIT_MB = 25


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "board", "due", "status"]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, boards: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["board"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = boards if boards is not None else Board.objects.none()


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UpdateForm(forms.Form):
    date = forms.DateField(widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10000,
                           label="Progress note")
    action = forms.ModelChoiceField(queryset=Action.objects.none(), required=False,
                                    label="About the action (optional)")
    new_status = forms.ChoiceField(choices=[("", "No change"), *FindingStatus.choices],
                                   required=False, label="Change the finding's status to")
    evidence = forms.FileField(required=False, label="Evidence file (optional)",
                               help_text=f"Up to {EVIDENCE_LIMIT_MB} MB.")

    def __init__(self, *args: Any, actions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        if actions is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = actions

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("An update records progress made: it cannot be dated "
                                        "in the future.")
        return value

    def clean_evidence(self) -> Any:
        f = self.cleaned_data.get("evidence")
        if f and f.size > EVIDENCE_LIMIT_MB * 1024 * 1024:
            raise forms.ValidationError(f"The evidence file is larger than {EVIDENCE_LIMIT_MB} MB.")
        return f


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "chair"]


class SinceForm(forms.Form):
    since = forms.DateField(required=False, widget=DateInput(), label="Changed since")
