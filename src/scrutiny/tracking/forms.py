"""Forms for actions, updates, boards, closure, board packs and an office's tracking rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from scrutiny.inspections.forms import DateInput, VersionField, check_plausible_date
from scrutiny.inspections.status import ClosureBasis, FindingStatus

from .closure import CARRY_OVER, COMPLETE, Disposal
from .models import Action, Board, TrackingRules, Update

EVIDENCE_LIMIT_MB = 25


def limit_boards(form: forms.BaseForm, boards: Any) -> None:
    field = form.fields["board"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = boards if boards is not None else Board.objects.none()


def _check_evidence(f: Any) -> Any:
    if f and f.size > EVIDENCE_LIMIT_MB * 1024 * 1024:
        raise forms.ValidationError(f"The evidence file is larger than {EVIDENCE_LIMIT_MB} MB.")
    if f is not None and f.size == 0:
        raise forms.ValidationError(f"The evidence file “{f.name}” is empty.")
    return f


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "board", "due", "status"]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, boards: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_boards(self, boards)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [c for c in Action.Status.choices if c[0] != Action.Status.CARRIED_OVER]

    def clean_due(self) -> Any:
        return check_plausible_date(self.cleaned_data.get("due"))


class ActionEditForm(ActionForm):
    version = VersionField()

    class Meta(ActionForm.Meta):
        fields = ["description", "owner", "board", "due", "status", "carried_over_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = Action.Status.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Action.Status.CARRIED_OVER and not (
                data.get("carried_over_to") or "").strip():
            self.add_error("carried_over_to", "Say where the work carries on.")
        return data


class UpdateForm(forms.Form):
    date = forms.DateField(widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10000,
                           label="Progress note")
    action = forms.ModelChoiceField(queryset=Action.objects.none(), required=False,
                                    label="About the action (optional)")
    new_status = forms.ChoiceField(
        choices=[("", "No change"), *[(v, lbl) for v, lbl in FindingStatus.choices
                                      if v != FindingStatus.CLOSED]],
        required=False, label="Change the finding's status to",
        help_text="To close the finding, use “Close this finding”.")
    evidence = forms.FileField(required=False, label="Evidence file (optional)",
                               help_text=f"Up to {EVIDENCE_LIMIT_MB} MB.", allow_empty_file=True)

    def __init__(self, *args: Any, actions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        if actions is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = actions

    def clean_date(self) -> Any:
        value = check_plausible_date(self.cleaned_data["date"])
        if value and value > timezone.localdate():
            raise forms.ValidationError("An update records progress made: it cannot be dated "
                                        "in the future.")
        return value

    def clean_evidence(self) -> Any:
        return _check_evidence(self.cleaned_data.get("evidence"))


class UpdateEditForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Update
        fields = ["date", "note", "action"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, actions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = actions if actions is not None else Action.objects.none()
        field.required = False

    def clean_date(self) -> Any:
        value = check_plausible_date(self.cleaned_data["date"])
        if value and value > timezone.localdate():
            raise forms.ValidationError("An update cannot be dated in the future.")
        return value


class WithdrawForm(forms.Form):
    """Withdrawing a record entered in error: it stays on the record, with the reason."""

    reason = forms.CharField(max_length=300, label="Why it is withdrawn",
                             help_text="Kept in the history with your name and the time.")
    version = VersionField()


class LeadForm(forms.Form):
    owner = forms.CharField(max_length=200, required=False, label="Lead owner")
    board = forms.ModelChoiceField(queryset=Board.objects.none(), required=False,
                                   label="Lead board", empty_label="No board")
    version = VersionField()

    def __init__(self, *args: Any, boards: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_boards(self, boards)


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "chair"]


class BoardEditForm(BoardForm):
    version = VersionField()


class SinceForm(forms.Form):
    since = forms.DateField(required=False, widget=DateInput(), label="Changed since")


class FindingStatusForm(forms.Form):
    """Moving a finding between open, in progress and proposed for closure; contesting it."""

    status = forms.ChoiceField(choices=[(v, lbl) for v, lbl in FindingStatus.choices
                                        if v != FindingStatus.CLOSED])
    contested = forms.BooleanField(required=False, label="The force contests this finding")
    note = forms.CharField(max_length=200, required=False, label="Note (optional)")
    version = VersionField()


class EvidenceChoice(forms.ModelChoiceField):
    """An update's evidence file, named by its file name and date."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.evidence.name.rsplit('/', 1)[-1]} ({obj.date:%-d %B %Y})"


class CloseForm(forms.Form):
    """Closing a finding: the reason, the evidence, every open action settled, confirmed."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             label="Why the finding can be closed")
    basis = forms.ChoiceField(choices=ClosureBasis.choices[1:], label="On whose assessment",
                              initial=ClosureBasis.SELF_ASSESSED)
    evidence = forms.FileField(required=False, label="Evidence file", allow_empty_file=True,
                               help_text=f"Up to {EVIDENCE_LIMIT_MB} MB.")
    evidence_from = EvidenceChoice(queryset=Update.objects.none(), required=False,
                                   label="Or rely on evidence already recorded",
                                   empty_label="None")
    confirm = forms.BooleanField(label="I confirm this finding can be closed", required=True)
    version = VersionField()

    def __init__(self, *args: Any, finding: Any, open_actions: list[Action],
                 evidence_updates: list[Update], needs_evidence: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evidence_from"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Update.objects.filter(pk__in=[u.pk for u in evidence_updates])
        if needs_evidence:
            self.fields["evidence"].help_text = ("Your office requires evidence to close a "
                                                 "finding: attach a file here or choose one "
                                                 "already recorded.")
        self.open_actions = open_actions
        for action in open_actions:
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                choices=[("", "Choose…"), (COMPLETE, "Mark complete"),
                         (CARRY_OVER, "Carry over")],
                label=f"“{action}” (owner {action.owner}, "
                      f"{action.get_status_display().lower()})")
            self.fields[f"carry_{action.pk}"] = forms.CharField(
                max_length=300, required=False, label="If carried over: where the work carries on")

    def clean_evidence(self) -> Any:
        return _check_evidence(self.cleaned_data.get("evidence"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for action in self.open_actions:
            if data.get(f"action_{action.pk}") == CARRY_OVER and not (
                    data.get(f"carry_{action.pk}") or "").strip():
                self.add_error(f"carry_{action.pk}", "Say where the work carries on.")
        return data

    def disposals(self) -> dict[int, Disposal]:
        return {a.pk: Disposal(self.cleaned_data.get(f"action_{a.pk}") or "",
                               self.cleaned_data.get(f"carry_{a.pk}") or "")
                for a in self.open_actions}

    def action_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"action_{a.pk}"], self[f"carry_{a.pk}"]) for a in self.open_actions]


class DecideClosureForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve the closure"),
                                          ("refuse", "Refuse it")], widget=forms.RadioSelect)
    note = forms.CharField(max_length=1000, required=False, label="Note (needed to refuse)")


class TrackingRulesForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = TrackingRules
        fields = ["amber_within_days", "red_within_days_if_not_started", "stale_after_days",
                  "closure_needs_evidence", "closure_needs_second_approver"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amber, red = data.get("amber_within_days"), data.get("red_within_days_if_not_started")
        for name in ("amber_within_days", "red_within_days_if_not_started", "stale_after_days"):
            value = data.get(name)
            if value is not None and value > 730:
                self.add_error(name, "Choose at most 730 days (two years).")
        if amber is not None and red is not None and red > amber:
            self.add_error("red_within_days_if_not_started",
                           "The red window cannot be longer than the amber one.")
        return data


class PackForm(forms.Form):
    meeting_on = forms.DateField(widget=DateInput(), label="Meeting date",
                                 initial=timezone.localdate)

    def clean_meeting_on(self) -> Any:
        return check_plausible_date(self.cleaned_data.get("meeting_on"))
