"""Forms for the section 55 workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from scrutiny.inspections.forms import PlausibleDateField, VersionField

from .models import DistributionEntry, Response, ResponseItem

TEXT = {"rows": 6}


class CommentsRequestForm(forms.Form):
    due = PlausibleDateField(label="Comments due by")
    asked_on = PlausibleDateField(initial=timezone.localdate, label="Asked for on")


class CommentsReceivedForm(forms.Form):
    on = PlausibleDateField(initial=timezone.localdate, label="Received on")


class DistributionForm(forms.Form):
    recipient = forms.ChoiceField(choices=DistributionEntry.Recipient.choices, label="Step")
    done_on = PlausibleDateField(initial=timezone.localdate, label="Done on")
    note = forms.CharField(max_length=300, required=False)


class DistributionEditForm(DistributionForm):
    version = VersionField()


class PublicationDateForm(forms.Form):
    """The day a response published outside Scrutiny went out."""

    day = PlausibleDateField(label="Published on")
    lock = VersionField()


class ContentForm(forms.Form):
    """The response's text, with one answer field per finding that can be answered."""

    lock = VersionField()
    key_findings = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False,
                                   max_length=20000, label="Summary of the key findings")
    cc_comments = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False,
                                  max_length=40000, label="The chief constable's comments")
    pcc_comments = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False,
                                   max_length=40000, label="The commissioner's comments")
    pcc_response_to_cc = forms.CharField(
        widget=forms.Textarea(attrs=TEXT), required=False, max_length=40000,
        label="The commissioner's response to the chief constable's comments")
    other_sections = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=40000,
        label="Other sections",
        help_text="Optional sections as in your published responses. Start each with its "
                  "heading on a line of its own beginning '## ', for example '## Next steps'.")
    not_subject = forms.BooleanField(
        required=False, label="The force is clearly not the subject of this report "
                              "(no response is then due; the reasons are kept on record)")
    not_subject_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                         max_length=4000, label="Reasons")

    def __init__(self, *args: Any, response: Response, items: list[ResponseItem],
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "lock": response.lock, **{k: getattr(response, k) for k in (
                "key_findings", "cc_comments", "pcc_comments", "pcc_response_to_cc",
                "not_subject", "not_subject_reason")},
            "other_sections": sections_to_text(response.extra_sections),
        })
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"applies_{item.pk}"] = forms.BooleanField(
                required=False, initial=item.applies, label="Applies to the force")
            self.fields[f"answer_{item.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000,
                initial=item.cc_response, label="Chief constable's response")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("not_subject") and not (data.get("not_subject_reason") or "").strip():
            self.add_error("not_subject_reason", "Give the reasons the force is clearly not "
                                                 "the report's subject; they are kept on record.")
        return data

    def clean_other_sections(self) -> list[dict[str, str]]:
        text = self.cleaned_data.get("other_sections") or ""
        sections = text_to_sections(text)
        if text.strip() and not sections:
            raise forms.ValidationError("Start each section with a heading line such as "
                                        "'## Next steps'.")
        return sections

    def answers(self) -> dict[int, tuple[bool, str]]:
        return {item.pk: (bool(self.cleaned_data.get(f"applies_{item.pk}")),
                          (self.cleaned_data.get(f"answer_{item.pk}") or "").strip())
                for item in self.items}

    def item_fields(self) -> list[tuple[ResponseItem, Any, Any]]:
        return [(item, self[f"applies_{item.pk}"], self[f"answer_{item.pk}"]) for item in self.items]


def sections_to_text(sections: list[dict[str, str]]) -> str:
    return "\n\n".join(f"## {s.get('heading', '')}\n{s.get('text', '')}" for s in sections or [])


def text_to_sections(text: str) -> list[dict[str, str]]:
    """'## Heading' lines start sections; the lines after each are its text."""
    sections: list[dict[str, str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("## "):
            sections.append({"heading": line[3:].strip()[:200], "text": ""})
        elif sections:
            sections[-1]["text"] += line + "\n"
        elif line.strip():
            return []
    return [{"heading": s["heading"], "text": s["text"].strip()} for s in sections if s["heading"]]
