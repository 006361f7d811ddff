"""Forms for uploading, reviewing and editing: every field says what is wrong beside it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from .models import Finding, FindingType, Force, InspectionType
from .status import ClosureBasis, FindingStatus

TEXT_LIMIT = 10000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    documents = MultipleFileField(
        label="Inspection reports or responses",
        help_text="PDF, Word (.docx), HTML, text or Markdown. You can choose several files.",
    )
    force = forms.ModelChoiceField(queryset=Force.objects.all(), required=False,
                                   help_text="The force whose office will hold these records.")

    def __init__(self, *args: Any, choose_force: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_force:
            del self.fields["force"]
        else:
            self.fields["force"].required = True


class InspectionReviewForm(forms.Form):
    title = forms.CharField(max_length=500, label="Inspection title")
    inspection_type = forms.ChoiceField(choices=[("", "Not stated"), *InspectionType.choices],
                                        required=False, label="Type")
    published = forms.DateField(required=False, widget=DateInput(), label="Published")
    section55_due = forms.DateField(required=False, widget=DateInput(),
                                    label="Section 55 response due")
    forces = forms.ModelMultipleChoiceField(queryset=Force.objects.all(), required=False,
                                            label="Forces the report is about",
                                            widget=forms.SelectMultiple(attrs={"size": 6}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        published, due = data.get("published"), data.get("section55_due")
        if published and due and due < published:
            self.add_error("section55_due", "The response cannot be due before the report "
                                            "was published.")
        return data


class FindingReviewForm(forms.Form):
    keep = forms.BooleanField(required=False, label="Keep")
    merge_with_previous = forms.BooleanField(required=False, label="Merge into the one above")
    type = forms.ChoiceField(choices=FindingType.choices)
    ref = forms.CharField(max_length=20, required=False, label="Ref")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           validators=[MaxLengthValidator(TEXT_LIMIT)])
    due = forms.DateField(required=False, widget=DateInput(), label="Due")
    due_text = forms.CharField(max_length=100, required=False, label="Due as printed")
    addressee = forms.CharField(max_length=200, required=False)
    area = forms.CharField(max_length=200, required=False)
    force_to_act = forms.BooleanField(required=False, label="The force's to act on")
    loc_start = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    loc_end = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    loc_page = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") and not (data.get("text") or "").strip() and self.has_changed():
            self.add_error("text", "A finding needs its text; untick Keep to leave it out.")
        return data


FindingReviewFormSet = forms.formset_factory(FindingReviewForm, extra=2, max_num=500,
                                             validate_max=True)


class FindingEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Finding
        fields = ["type", "ref", "text", "due", "due_text", "addressee", "area", "force_to_act"]
        widgets = {"due": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(TEXT_LIMIT))


class FindingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=FindingStatus.choices)
    closure_basis = forms.ChoiceField(choices=ClosureBasis.choices[1:], required=False,
                                      label="If closing: on whose assessment")
    contested = forms.BooleanField(required=False, label="The force contests this finding")
