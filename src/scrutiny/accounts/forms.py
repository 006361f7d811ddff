"""Forms for an office's administrators: adding users and changing their role or access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator

from scrutiny.inspections.models import Force

from .models import Membership


class AddUserForm(forms.Form):
    username = forms.CharField(label="User name", max_length=150,
                               validators=[UnicodeUsernameValidator()],
                               help_text="Letters, digits and @ . + - _ only; used to sign in.")
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail address",
                             help_text="A link to choose a password is sent here.")
    organisation = forms.ChoiceField(choices=Membership.Organisation.choices,
                                     initial=Membership.Organisation.OPCC)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.READER)

    def __init__(self, *args: Any, choose_force: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_force:
            self.fields["force"] = forms.ModelChoiceField(queryset=Force.objects.order_by("name"))

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("There is already a user with this name.")
        return str(name)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already a user with this e-mail address.")
        return str(email)


class ChangeUserForm(forms.Form):
    organisation = forms.ChoiceField(choices=Membership.Organisation.choices)
    role = forms.ChoiceField(choices=Membership.Role.choices)
    active = forms.BooleanField(label="May sign in", required=False,
                                help_text="Untick to disable the account: the user is signed "
                                          "out and their calendar address stops working.")
    # What the page showed, so that two administrators cannot overwrite each other unseen.
    seen = forms.CharField(widget=forms.HiddenInput, max_length=100)
