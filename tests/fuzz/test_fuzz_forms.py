"""Every form of the app, given anything a browser could send: valid or errors, never a crash."""

from __future__ import annotations

import importlib
import inspect
from datetime import date
from typing import Any

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.inspections.models import Force
from scrutiny.tracking.models import Action, Board
from webtools import ingest_file

MODULES = ["scrutiny.accounts.forms", "scrutiny.inspections.forms", "scrutiny.responses.forms",
           "scrutiny.tracking.forms", "scrutiny.tracking.register"]


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name \
                    and not cls.__name__.startswith("_") and cls.base_fields:
                found.append(cls)
    return found


def test_there_are_forms_to_fuzz() -> None:
    assert len(form_classes()) >= 20


VALUES = (st.text(max_size=60) | st.sampled_from([
    "", "0", "-1", "99999999999999999999", "2025-02-30", "0001-01-01", "9999-12-31",
    "31/12/2025", "2025-06-01", "on", "true", "\x00", "=cmd|' /C calc'!A0", "<script>x</script>",
    "a" * 5000, "1e308", "NaN", "opcc", "editor", "administrator", "open", "closed",
    "recommendation", "office"]))


@pytest.fixture
def kwargs_for(alice: Any) -> dict[str, Any]:
    inspection = ingest_file("001", alice).inspection
    finding = inspection.findings.first()
    from scrutiny.responses.services import ensure_response

    response = ensure_response(inspection)
    return {"boards": Board.objects.all(), "holders": Force.objects.all(),
            "actions": Action.objects.all(), "choose_force": True, "user": alice,
            "finding": finding, "open_actions": [], "evidence_updates": [],
            "needs_evidence": True, "response": response,
            "items": list(response.items.all()) if response else []}


def build(cls: type[forms.BaseForm], data: dict[str, str], kwargs_for: dict[str, Any]) -> Any:
    wanted = {}
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for name in inspect.signature(init).parameters:
            if name in kwargs_for:
                wanted[name] = kwargs_for[name]
    return cls(data, **wanted)


@given(data=st.data())
def test_every_form_accepts_or_explains_any_input(kwargs_for, data) -> None:  # type: ignore[no-untyped-def]
    for cls in form_classes():
        names = list(build(cls, {}, kwargs_for).fields)
        sent = data.draw(st.fixed_dictionaries({}, optional={n: VALUES for n in names}),
                         label=cls.__name__)
        form = build(cls, sent, kwargs_for)
        if form.is_valid():
            for value in form.cleaned_data.values():
                if isinstance(value, date) and any(
                        isinstance(f, forms.DateField) for f in form.fields.values()):
                    assert 1 <= value.year <= 9999
        else:
            assert form.errors and str(form.errors)
