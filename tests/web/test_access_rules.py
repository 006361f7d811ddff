"""Access control by construction: every address has a declared rule, and each rule holds.

The test walks the URL map.  An address without a rule in ``scrutiny.accounts.access.RULES``
fails here (and is refused to everyone at run time); an address without a sample below
fails too, so a new page is tested the day it is added.  Each address is then requested
as an anonymous visitor, as a reader, editor and administrator of the force whose
records it shows, and as each role of another force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from scrutiny.accounts.access import RULES, Rule, check, rule_for
from scrutiny.accounts.models import Membership
from scrutiny.inspections.ingest import ingest
from scrutiny.inspections.jobs import enqueue
from scrutiny.inspections.models import Finding, NationalRecommendation
from scrutiny.responses import services as responses
from scrutiny.responses.models import CalendarFeed
from scrutiny.tracking import packs
from scrutiny.tracking import services as tracking
from scrutiny.tracking.models import ClosureRequest, ImportRun
from scrutiny.web.commands import accept_as_extracted
from webtools import make_user

ROLES = [Membership.Role.READER, Membership.Role.EDITOR, Membership.Role.ADMINISTRATOR]
SECRET_TITLE = "Norfolk Constabulary: An inspection of custody arrangements"
REPORT = (f"{SECRET_TITLE}\n\nPublished on: 2 June 2025\n\nRecommendation\n\n"
          "By 1 December 2025, the force should improve custody records.\n\n"
          "Area for improvement\n\nThe force should improve its handover of detainees.\n")


def named_patterns(patterns: list[Any] | None = None, prefix: str = "",
                   namespace: str = "") -> list[tuple[str, bool]]:
    """(URL name, whether it takes arguments) of every address outside the Django admin."""
    found: list[tuple[str, bool]] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            inner = f"{p.namespace}:" if p.namespace else namespace
            found += named_patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            assert p.name, f"The address {prefix}{p.pattern} has no name, so it can have no rule"
            found.append((namespace + p.name, bool(p.pattern.regex.groupindex)))
    return found


def test_every_address_has_a_rule_and_every_rule_an_address() -> None:
    names = {name for name, _ in named_patterns()}
    assert names - set(RULES) == set(), "addresses without an access rule"
    assert set(RULES) - names == set(), "rules for addresses that no longer exist"


def test_an_address_without_a_rule_is_closed_to_everyone(db: Any) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root", "r@example.invalid", "pw-long-enough-1")
    with pytest.raises(PermissionDenied):
        check(None, request)
    assert rule_for("no-such-name") is None and rule_for("admin:index") is Rule.SUPERUSER


@dataclass
class World:
    owners: dict[str, User]
    others: dict[str, User]
    samples: dict[str, dict[str, Any]]
    token: str


@pytest.fixture
def world(db: Any, settings: Any) -> World:
    settings.AXES_ENABLED = False
    owners = {r: make_user(f"norfolk-{r}", "Norfolk Constabulary", r) for r in ROLES}
    others = {r: make_user(f"staffs-{r}", "Staffordshire Police", r) for r in ROLES}
    editor, admin = owners[Membership.Role.EDITOR], owners[Membership.Role.ADMINISTRATOR]
    outcome = ingest(REPORT.encode(), "custody.txt", editor.membership.force, editor)
    assert outcome.document is not None
    inspection = accept_as_extracted(outcome.document, editor)
    document = inspection.documents.get()
    finding = inspection.findings.order_by("position").first()
    assert finding is not None
    board = tracking.create_board(editor.membership.force, "Custody board", "Chair", editor)
    action = tracking.add_action(finding, editor, description="Audit records", owner="Ch Insp",
                                 board=board, due=date(2025, 11, 1))
    update = tracking.add_update(finding, editor, note="Audit begun", on=date(2025, 7, 1),
                                 evidence=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit"))
    pack = packs.produce(board, date(2025, 9, 1), editor)
    closure = ClosureRequest.objects.create(finding=finding, reason="Done", basis="office",
                                            requested_by=editor)
    response = inspection.response
    responses.save_content(response, editor, values={
        "key_findings": "", "cc_comments": "CC.", "pcc_comments": "PCC.",
        "pcc_response_to_cc": "Reply.", "extra_sections": [], "not_subject": False,
        "not_subject_reason": ""}, answers={i.pk: (True, "Agreed.") for i in response.items.all()},
        lock=response.lock)
    responses.submit_for_approval(response, editor)
    responses.approve(response, admin)
    published = responses.publish(response, admin)
    entry = responses.record_distribution(response, editor, recipient="home_secretary",
                                          done_on=date(2025, 7, 2))
    token = CalendarFeed.objects.create(user=editor).token
    national = NationalRecommendation.objects.create(key="custody|1", report_title=SECRET_TITLE,
                                                     text="Chief constables should check cells.")
    Finding.objects.filter(pk=finding.pk).update(national=national)
    run = ImportRun.objects.create(force=editor.membership.force, user=editor, filename="t.csv",
                                   sheets=[{"name": "CSV", "header": ["Report", "Text", "Owner"],
                                            "rows": [], "notes": []}])
    job = enqueue(SimpleUploadedFile("later.txt", REPORT.replace("custody", "cells").encode()),
                  editor.membership.force, editor).job
    victim = owners[Membership.Role.READER].membership
    samples: dict[str, dict[str, Any]] = {
        name: {} for name, takes_arguments in named_patterns() if not takes_arguments}
    samples.update({
        "inspection": {"pk": inspection.pk}, "inspection_history": {"pk": inspection.pk},
        "inspection_edit": {"pk": inspection.pk}, "inspection_csv": {"pk": inspection.pk},
        "document": {"pk": document.pk}, "document_file": {"pk": document.pk},
        "review": {"pk": document.pk}, "reading_job": {"pk": job.pk},
        "findings_import_run": {"pk": run.pk}, "national": {"pk": national.pk},
        **{n: {"pk": finding.pk} for n in (
            "finding", "finding_history", "finding_edit", "finding_status", "finding_lead",
            "finding_themes",
            "finding_close", "action_add", "update_add")},
        "closure_decide": {"pk": closure.pk},
        "action_edit": {"pk": action.pk}, "action_withdraw": {"pk": action.pk},
        "update_edit": {"pk": update.pk}, "update_withdraw": {"pk": update.pk},
        "evidence": {"pk": update.pk},
        **{n: {"pk": board.pk} for n in ("board", "board_edit", "board_withdraw", "pack_create",
                                         "board_csv")},
        "board_pack": {"pk": pack.pk}, "pack_document": {"pk": pack.pk, "fmt": "pdf"},
        "force": {"slug": "norfolk-constabulary"},
        "force_grades": {"slug": "norfolk-constabulary"},
        **{n: {"pk": inspection.pk} for n in ("response", "version_diff")},
        "response_document": {"pk": inspection.pk, "fmt": "docx"},
        "version_document": {"pk": inspection.pk, "number": published.number, "fmt": "pdf"},
        "distribution_edit": {"pk": entry.pk},
        "calendar_feed": {"token": token},
        "public_force": {"slug": "norfolk-constabulary"},
        "public_response": {"pk": published.pk},
        "public_document": {"pk": published.pk, "fmt": "pdf"},
        "office_user": {"pk": victim.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "api:inspection-detail": {"pk": inspection.pk},
        **{f"api:finding-{n}": {"pk": finding.pk} for n in ("detail", "status", "actions",
                                                            "updates")},
        "api:action-detail": {"pk": action.pk}, "api:update-detail": {"pk": update.pk},
        "api:board-detail": {"pk": board.pk}, "api:response-detail": {"pk": response.pk},
    })
    return World(owners, others, samples, token)


def _client(user: User | None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


ALLOWED_ROLES = {
    Rule.MEMBER: set(ROLES), Rule.WRITE: set(ROLES), Rule.MANAGE: set(ROLES),
    Rule.EDITOR: {Membership.Role.EDITOR, Membership.Role.ADMINISTRATOR},
    Rule.ADMINISTRATOR: {Membership.Role.ADMINISTRATOR},
    Rule.API: set(ROLES),
}
SIGNED_IN_ONLY = (Rule.MEMBER, Rule.WRITE, Rule.MANAGE, Rule.EDITOR, Rule.ADMINISTRATOR)
# Who may send (POST) where reading is open to every member.
SENDERS = {Rule.WRITE: {Membership.Role.EDITOR, Membership.Role.ADMINISTRATOR},
           Rule.API: {Membership.Role.EDITOR, Membership.Role.ADMINISTRATOR},
           Rule.MANAGE: {Membership.Role.ADMINISTRATOR}}


def test_every_address_answers_each_kind_of_user_as_its_rule_says(world: World) -> None:
    missing = [name for name, _ in named_patterns() if name not in world.samples]
    assert not missing, f"give these addresses a sample record in this test: {missing}"
    failures: list[str] = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    for name, _ in named_patterns():
        rule = RULES[name]
        url = reverse(name, kwargs=world.samples[name])
        # Anonymous visitors.
        for method in ("get", "post"):
            r = getattr(_client(None), method)(url)
            expect(r.status_code < 500, f"{method} {url} anonymous: {r.status_code}")
            if rule in SIGNED_IN_ONLY:
                expect(r.status_code == 302 and r["Location"].startswith("/login/"),
                       f"{method} {url} anonymous not sent to sign in: {r.status_code}")
            if rule is Rule.API:
                expect(r.status_code == 401, f"{method} {url} anonymous: {r.status_code}")
        if rule is Rule.PUBLIC or rule is Rule.TOKEN:
            continue
        # The owning force's roles, and each role of another force.
        for role in ROLES:
            for method in ("get", "post"):
                r = getattr(_client(world.owners[role]), method)(url)
                code = r.status_code
                expect(code < 500, f"{method} {url} owner {role}: {code}")
                allowed = role in ALLOWED_ROLES[rule] and (
                    method == "get" or role in SENDERS.get(rule, ALLOWED_ROLES[rule]))
                if allowed:
                    expect(code not in (403, 404), f"{method} {url} owner {role} refused: {code}")
                else:
                    expect(code == 403, f"{method} {url} owner {role} let through: {code}")
                r = getattr(_client(world.others[role]), method)(url)
                code = r.status_code
                expect(code < 500, f"{method} {url} other force {role}: {code}")
                if world.samples[name]:
                    expect(code in (403, 404, 405),
                           f"{method} {url} other force {role} reached: {code}")
                elif code == 200 and r.get("Content-Type", "").startswith(("text/", "application/json")):
                    expect(SECRET_TITLE not in r.content.decode(),
                           f"{method} {url} other force {role} shows Norfolk's record")
    assert not failures, "\n".join(failures)


def test_the_calendar_feed_needs_its_token(world: World) -> None:
    assert Client().get(reverse("calendar_feed", args=[world.token])).status_code == 200
    assert Client().get(reverse("calendar_feed", args=["guess" * 6])).status_code == 404


def test_the_django_admin_is_closed_to_office_users(world: World) -> None:
    for user in [*world.owners.values(), *world.others.values()]:
        user.is_staff = True
        user.save()
        r = _client(user).get("/admin/")
        assert r.status_code == 302 and "/admin/login/" in r["Location"]
