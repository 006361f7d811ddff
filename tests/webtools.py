"""Web-app helpers and fixtures: named users of two forces, and documents ingested for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scrutiny.accounts.models import Membership
from scrutiny.inspections.ingest import ingest
from scrutiny.inspections.models import Force, Grade, Inspection, InspectionType, SourceDocument
from scrutiny.web.commands import accept_as_extracted
from support import CORPUS_DOCS


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(username: str, force_name: str, role: str = Membership.Role.EDITOR) -> User:
    user = User.objects.create_user(username, f"{username}@example.invalid", "correct-horse-9")
    Membership.objects.create(user=user, force=Force.objects.get(name=force_name), role=role)
    return user


@pytest.fixture
def alice(db: Any) -> User:
    """An editor in Norfolk's OPCC."""
    return make_user("alice", "Norfolk Constabulary")


@pytest.fixture
def rita(db: Any) -> User:
    """A reader in Norfolk."""
    return make_user("rita", "Norfolk Constabulary", Membership.Role.READER)


@pytest.fixture
def bob(db: Any) -> User:
    """An editor in Staffordshire."""
    return make_user("bob", "Staffordshire Police")


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def upload(client: Client, *files: tuple[str, bytes]) -> Any:
    """Upload through the page as a user does, let the worker read the queue, and follow on.

    One file: the answer of its job page (a redirect to the review once read, or the
    reason it could not be read).  Several: the upload page as it stands after reading.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scrutiny.inspections.jobs import run_queued

    r = client.post("/ingest/", {"documents": [SimpleUploadedFile(n, d) for n, d in files]})
    run_queued()
    if r.status_code == 302 and "/ingest/jobs/" in r.url:
        return client.get(r.url)
    if r.status_code == 200 and any(o.job for o in r.context["outcomes"]):
        return client.get("/ingest/")
    return r


def corpus_file(prefix: str) -> Path:
    return next(CORPUS_DOCS.glob(f"{prefix}_*"))


def ingest_file(prefix: str, user: User, accept: bool = True) -> SourceDocument:
    path = corpus_file(prefix)
    outcome = ingest(path.read_bytes(), path.name, user.membership.force, user)
    assert outcome.ok, outcome.message
    assert outcome.document is not None
    if accept:
        accept_as_extracted(outcome.document, user)
        outcome.document.refresh_from_db()
    return outcome.document


@pytest.fixture
def norfolk_peel(alice: User) -> Inspection:
    document = ingest_file("001", alice)
    assert document.inspection is not None
    return document.inspection


def office_with_report(force: str, name: str, report: str, filename: str = "report.txt") -> tuple[Any, Any, Any]:
    """An office (an editor and an administrator) holding the report, recorded as read."""
    editor = make_user(f"{name}-editor", force)
    admin = make_user(f"{name}-admin", force, Membership.Role.ADMINISTRATOR)
    return record_report(report, editor, filename), editor, admin


# A short report about Norfolk, with one finding: enough for a section 55 response.
CUSTODY_REPORT = ("Norfolk Constabulary: An inspection of custody\n\nPublished on: 2 June 2025\n\n"
                  "Area for improvement\n\nThe force should improve custody records.\n")


def record_report(text: str, user: User, filename: str = "c.txt") -> Inspection:
    """A report given as text, read and accepted as extracted by the user's office."""
    outcome = ingest(text.encode(), filename, user.membership.force, user)
    assert outcome.document is not None, outcome.message
    return accept_as_extracted(outcome.document, user)


def publish_response(inspection: Any, editor: Any, admin: Any, *, answer: str | None = None,
                     pcc_comments: str | None = None) -> Any:
    """Write, approve and publish the office's section 55 response (one answer for each
    finding when ``answer`` is given); returns the published version."""
    from scrutiny.responses import services

    response = services.ensure_response(inspection)
    assert response is not None
    services.save_content(response, editor, values={
        "key_findings": "", "cc_comments": "CC.",
        "pcc_comments": f"The commissioner of {inspection.force}." if pcc_comments is None
        else pcc_comments, "pcc_response_to_cc": "Reply.",
        "extra_sections": [], "not_subject": False, "not_subject_reason": ""},
        answers={} if answer is None else {i.pk: (True, answer) for i in response.items.all()},
        lock=response.lock)
    services.submit_for_approval(response, editor)
    services.approve(response, admin)
    return services.publish(response, admin)


AREAS_2021 = ["Investigating crime", "Protecting vulnerable people", "Responding to the public"]


def peel_grades(force: str, grades: list[str], *, office: str | None = None,
                title: str | None = None, published: date | None = date(2022, 5, 10),
                areas: list[str] = AREAS_2021) -> Inspection:
    """A PEEL report about ``force`` recorded by ``office`` (its own by default)."""
    subject = Force.objects.get(name=force)
    inspection = Inspection.objects.create(
        force=Force.objects.get(name=office or force), inspection_type=InspectionType.PEEL,
        title=title or f"PEEL 2021/22: An inspection of {force}", published=published)
    Grade.objects.bulk_create(Grade(inspection=inspection, force=subject, area=a, grade=g)
                              for a, g in zip(areas, grades, strict=True))
    return inspection
