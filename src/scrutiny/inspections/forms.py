"""Forms for uploading, reviewing and editing: every field says what is wrong beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from .models import Finding, FindingType, Force, Inspection, InspectionType

TEXT_LIMIT = 10000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def check_plausible_date(value: date | None) -> date | None:
    """Refuse dates no inspection record can carry (a mistyped year such as 0202 or 9999)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(f"Enter a date between {EARLIEST:%-d %B %Y} and "
                                    f"{LATEST:%-d %B %Y}.")
    return value


class VersionField(forms.IntegerField):
    """The version of a record the page showed (hidden); a number no record can reach is an error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)


class PlausibleDateField(forms.DateField):
    widget = DateInput

    def clean(self, value: Any) -> Any:
        return check_plausible_date(super().clean(value))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once.  An empty one is let through, so the upload can name it and
    go on with the others, instead of the whole batch being refused."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

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
    published = PlausibleDateField(required=False, label="Published")
    section55_due = PlausibleDateField(
        required=False, label="Section 55 response deadline (as printed)",
        help_text="Only used when the publication date is not known: otherwise the statutory "
                  "last day (published + 55 days) applies.")
    forces = forms.ModelMultipleChoiceField(queryset=Force.objects.all(), required=False,
                                            label="Forces the report is about",
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    holding_force = forms.ModelChoiceField(
        queryset=Force.objects.none(), required=False, label="Office that holds this record",
        empty_label=None,
        help_text="Your office, or the office of a force the report is about.")

    def __init__(self, *args: Any, holders: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["holding_force"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = holders if holders is not None else Force.objects.none()
        if holders is None:
            del self.fields["holding_force"]

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
    due = PlausibleDateField(required=False, label="Due")
    due_text = forms.CharField(max_length=100, required=False, label="Due as printed")
    addressee = forms.CharField(max_length=200, required=False)
    area = forms.CharField(max_length=200, required=False)
    force_to_act = forms.BooleanField(required=False, label="The force's to act on")
    loc_start = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0,
                                   max_value=2**31 - 1)
    loc_end = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0,
                                 max_value=2**31 - 1)
    loc_page = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0,
                                  max_value=100_000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") and not (data.get("text") or "").strip() and self.has_changed():
            self.add_error("text", "A finding needs its text; untick Keep to leave it out.")
        return data


FindingReviewFormSet = forms.formset_factory(FindingReviewForm, extra=2, max_num=500,
                                             validate_max=True)


class FindingEditForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Finding
        fields = ["type", "ref", "text", "due", "due_text", "addressee", "area", "force_to_act"]
        widgets = {"due": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(TEXT_LIMIT))

    def clean_due(self) -> Any:
        return check_plausible_date(self.cleaned_data.get("due"))


class InspectionEditForm(forms.ModelForm):
    """Correcting an accepted inspection; the section 55 deadline is worked out again."""

    version = VersionField()
    published = PlausibleDateField(required=False, label="Published")
    section55_printed = PlausibleDateField(
        required=False, label="Section 55 deadline given by the office",
        help_text="Used only while the publication date is unknown, or for a report published "
                  "before 2 May 2017; otherwise the statutory last day applies.")
    force = forms.ModelChoiceField(queryset=Force.objects.none(), empty_label=None,
                                   label="Office that holds this record",
                                   help_text="Hand the record to the office of a force the "
                                             "report is about; it then leaves your lists.")

    class Meta:
        model = Inspection
        fields = ["title", "inspection_type", "published", "section55_printed", "forces", "force"]
        widgets = {"forces": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, holders: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["force"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = holders if holders is not None else Force.objects.none()
        self.fields["forces"].required = False
        self.fields["forces"].help_text = "None chosen: a national report about every force."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        holder, forces = data.get("force"), data.get("forces")
        if holder is not None and self.instance.pk and holder.pk != self.instance.force_id \
                and forces is not None and holder not in forces:
            self.add_error("force", "A record can only be handed to the office of a force the "
                                    "report is about.")
        return data
