"""Signing in: throttling and lock-out, passwords, office users, calendar addresses, the security log."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from scrutiny.accounts.models import Membership
from scrutiny.audit.models import AuditEvent, SecurityEvent
from scrutiny.responses.models import CalendarFeed
from webtools import CUSTODY_REPORT, client_for, make_user, publish_response, record_report

PASSWORD = "correct-horse-9"  # what webtools.make_user gives everyone


@pytest.fixture
def amy(db: Any) -> User:
    """The Norfolk office's administrator."""
    return make_user("amy", "Norfolk Constabulary", Membership.Role.ADMINISTRATOR)


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_repeated_failures_lock_the_account_until_the_pause_ends(alice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 5
    c = Client()
    for _ in range(4):
        assert sign_in(c, "alice", "wrong-password").status_code == 200
    assert sign_in(c, "alice", "wrong-password").status_code == 429  # the fifth locks
    # Locked: even the right password is refused, from any address, with a clear page.
    r = sign_in(Client(), "alice", PASSWORD, address="10.0.0.99")
    assert r.status_code == 429 and "Signing in is paused" in r.content.decode()
    assert "_auth_user_id" not in Client().session
    kinds = list(SecurityEvent.objects.filter(username="alice").values_list("kind", flat=True))
    assert kinds.count(SecurityEvent.Kind.LOGIN_FAILED) == 6  # five wrong, one while locked
    assert SecurityEvent.Kind.LOCKED_OUT in kinds
    # The pause ends by itself.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME
                                 - timedelta(minutes=1))
    r = sign_in(Client(), "alice", PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN, user=alice).exists()


def test_one_address_trying_many_accounts_is_locked_out(alice, bob, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 5
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        sign_in(Client(), name, "guess", address="192.0.2.7")
    assert sign_in(Client(), "bob", PASSWORD, address="192.0.2.7").status_code == 429
    # Another address is not affected.
    assert sign_in(Client(), "bob", PASSWORD, address="192.0.2.8").status_code == 302


@pytest.mark.parametrize("password", [
    "Norfolk1",                # too short
    "alice@example.invalid",   # the user's own e-mail address
    "alicewonderland1",        # close to the user's name
    "12345678901234",          # all digits
    "password123456",          # common
])
def test_weak_passwords_are_refused(alice, password) -> None:  # type: ignore[no-untyped-def]
    alice.first_name, alice.last_name = "Alice", "Wonderland"
    with pytest.raises(ValidationError):
        validate_password(password, alice)
    validate_password("lantern-quietly-47", alice)


def test_a_user_changes_their_password_and_other_sessions_end(alice) -> None:  # type: ignore[no-untyped-def]
    other = client_for(alice)
    c = client_for(alice)
    r = c.post("/account/password/", {"old_password": PASSWORD, "new_password1": "short",
                                      "new_password2": "short"})
    assert r.status_code == 200 and "too short" in r.content.decode()
    r = c.post("/account/password/", {"old_password": PASSWORD,
                                      "new_password1": "lantern-quietly-47",
                                      "new_password2": "lantern-quietly-47"})
    assert r.status_code == 302
    assert c.get("/").status_code == 200
    assert other.get("/").status_code == 302  # the old session is signed out
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED,
                                        user=alice).exists()


def test_a_forgotten_password_is_reset_by_an_emailed_link(alice) -> None:  # type: ignore[no-untyped-def]
    c = Client()
    r = c.post("/password-reset/", {"email": "alice@example.invalid"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    r = c.get(link.group(1), follow=True)
    assert "Choose a new password" in r.content.decode()
    r = c.post(r.redirect_chain[-1][0], {"new_password1": "lantern-quietly-47",
                                         "new_password2": "lantern-quietly-47"})
    assert r.status_code == 302
    assert User.objects.get(username="alice").check_password("lantern-quietly-47")
    # An unknown address gets the same answer and no e-mail.
    assert Client().post("/password-reset/", {"email": "nobody@example.invalid"}).status_code == 302
    assert len(mail.outbox) == 1


def test_an_administrator_adds_a_user_who_chooses_their_own_password(amy) -> None:  # type: ignore[no-untyped-def]
    c = client_for(amy)
    r = c.post("/office/users/", {"username": "newton", "full_name": "Nia Newton",
                                  "email": "nia@example.invalid", "organisation": "opcc",
                                  "role": "editor"})
    assert r.status_code == 302
    newton = User.objects.get(username="newton")
    assert not newton.has_usable_password()
    assert newton.membership.force == amy.membership.force
    assert newton.membership.role == "editor"
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    reset = Client()
    r = reset.get(link.group(1), follow=True)
    r = reset.post(r.redirect_chain[-1][0], {"new_password1": "lantern-quietly-47",
                                             "new_password2": "lantern-quietly-47"})
    assert r.status_code == 302
    newton.refresh_from_db()
    assert newton.check_password("lantern-quietly-47")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.USER_ADDED, user=amy).exists()
    # A duplicate name is refused beside the field, nothing stored.
    r = c.post("/office/users/", {"username": "NEWTON", "full_name": "X", "email": "x@example.invalid",
                                  "organisation": "opcc", "role": "reader"})
    assert r.status_code == 400 and "already a user with this name" in r.content.decode()


def test_an_administrator_changes_roles_and_disables_accounts(amy, alice) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.accounts.services import state_of

    signed_in = client_for(alice)
    feed = CalendarFeed.objects.create(user=alice)
    c = client_for(amy)
    m = alice.membership
    seen = state_of(m)
    r = c.post(f"/office/users/{m.pk}/", {"organisation": "opcc", "role": "reader", "active": "",
                                          "seen": seen})
    assert r.status_code == 302
    m.refresh_from_db()
    alice.refresh_from_db()
    assert m.role == "reader" and not alice.is_active
    assert signed_in.get("/").status_code == 302  # signed out at once
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 404
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.USER_CHANGED)
    assert "alice" in event.detail and "disabled" in event.detail
    # A page opened before that change is stale: refused, nothing saved.
    r = c.post(f"/office/users/{m.pk}/", {"organisation": "opcc", "role": "administrator",
                                          "active": "on", "seen": seen}, follow=True)
    assert "changed this account while you had the page open" in r.content.decode()
    m.refresh_from_db()
    assert m.role == "reader"
    # The last administrator cannot remove themselves.
    r = c.post(f"/office/users/{amy.membership.pk}/", {
        "organisation": "opcc", "role": "editor", "active": "on",
        "seen": state_of(amy.membership)}, follow=True)
    assert "no active administrator left" in r.content.decode()
    amy.membership.refresh_from_db()
    assert amy.membership.role == "administrator"


def test_users_of_another_office_are_out_of_reach(amy, bob) -> None:  # type: ignore[no-untyped-def]
    c = client_for(amy)
    assert "bob" not in c.get("/office/users/").content.decode()
    assert c.get(f"/office/users/{bob.membership.pk}/").status_code == 404
    assert c.post(f"/office/users/{bob.membership.pk}/", {"organisation": "opcc", "role": "reader",
                                                          "seen": "x"}).status_code == 404


def test_a_calendar_address_can_be_replaced(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    c.get("/calendar/")
    old = CalendarFeed.objects.get(user=alice).token
    assert Client().get(f"/calendar/{old}.ics").status_code == 200
    assert c.post("/calendar/new-address/").status_code == 302
    new = CalendarFeed.objects.get(user=alice).token
    assert new != old
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200
    assert new in c.get("/calendar/").content.decode()


def test_the_security_log_is_the_offices_and_exports_as_csv(amy, bob, alice) -> None:  # type: ignore[no-untyped-def]
    sign_in(Client(), "alice", "wrong-password")
    sign_in(Client(), "bob", "wrong-password")
    sign_in(Client(), "=cmd|' /C calc'!A0", "wrong-password")
    c = client_for(amy)
    page = c.get("/office/security/").content.decode()
    assert "alice" in page and "bob" not in page and "calc" not in page
    r = c.get("/office/security/", {"format": "csv", "kind": "login_failed"})
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["When", "Event", "User", "Office", "Address", "Detail"]
    assert [row[2] for row in rows[1:]] == ["alice"]
    assert rows[1][1] == "Sign-in failed" and rows[1][3] == "Norfolk Constabulary"
    # Not for editors.
    assert client_for(alice).get("/office/security/").status_code == 403


def test_the_full_history_of_a_record_is_kept_beyond_the_page(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    for i in range(130):
        AuditEvent.objects.create(user=alice, force=norfolk_peel.force, finding=finding,
                                  inspection=norfolk_peel, object_type="finding",
                                  object_id=finding.pk, action="changed", summary=f"Change {i}")
    c = client_for(alice)
    page = c.get(finding.get_absolute_url()).content.decode()
    assert "Full history (" in page
    first = c.get(f"/findings/{finding.pk}/history/").content.decode()
    second = c.get(f"/findings/{finding.pk}/history/", {"page": 2}).content.decode()
    assert "Change 129 <span" in first and "Change 0 <span" not in first
    assert "Change 0 <span" in second and "Page 2 of 2" in second


def test_approvals_publications_and_downloads_of_drafts_are_logged(alice, amy) -> None:  # type: ignore[no-untyped-def]
    inspection = record_report(CUSTODY_REPORT, alice)
    c = client_for(alice)
    assert c.get(f"/inspections/{inspection.pk}/response/document.docx").status_code == 200
    publish_response(inspection, alice, amy, pcc_comments="PCC.")
    assert c.get(f"/inspections/{inspection.pk}/response/document.docx").status_code == 200
    events = SecurityEvent.objects.filter(force=alice.membership.force)
    assert [e.kind for e in events.order_by("id") if e.kind != "login"] == [
        "download", "approved", "published"]  # the published document is no longer a draft
    assert events.get(kind="approved").user == amy



def test_an_idle_session_ends_and_an_active_one_is_renewed(alice, settings) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    c = client_for(alice)
    assert c.get("/").status_code == 200
    session = Session.objects.get()
    # Activity more than a minute after the last renewal pushes the end back.
    data = session.get_decoded()
    data["_renewed"] = 0
    session.session_data = Session.objects.encode(data)
    session.expire_date = timezone.now() + timedelta(minutes=5)
    session.save()
    assert c.get("/findings/").status_code == 200
    renewed = Session.objects.get().expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)
    # A second request straight after writes nothing.
    assert c.get("/findings/").status_code == 200
    assert Session.objects.get().expire_date == renewed
    # Half an hour with nothing done: signed out.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    r = c.get("/findings/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(alice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = 1
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):  # one client, through the proxy, forging an address on the left
        Client().post("/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.1",
                      HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    event = SecurityEvent.objects.filter(kind="login_failed").first()
    assert event is not None and event.address == "203.0.113.9"
    # Another client behind the same proxy is not locked out with the first.
    r = Client().post("/login/", {"username": "alice", "password": PASSWORD},
                      REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert r.status_code == 302
    r = Client().post("/login/", {"username": "alice", "password": PASSWORD},
                      REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert r.status_code == 429


def test_an_office_without_an_administrator_can_still_have_its_users_changed(alice, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.accounts.services import state_of

    root = django_user_model.objects.create_superuser("root", "r@example.invalid", "pw-long-enough-1")
    m = alice.membership
    r = client_for(root).post(f"/office/users/{m.pk}/", {
        "organisation": "opcc", "role": "reader", "active": "on", "seen": state_of(m)})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.role == "reader"
