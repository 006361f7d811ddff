"""Editing after acceptance: inspections corrected (deadlines recomputed), actions, updates,
distribution entries and boards corrected or withdrawn, all kept in the history; past
responses recorded as published."""

from __future__ import annotations

from datetime import date, timedelta

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Force, Inspection
from scrutiny.responses.models import DistributionEntry, Response
from scrutiny.tracking.models import Action, Board, Update
from scrutiny.tracking.services import add_action, add_update
from webtools import client_for, ingest_file


def _edit_data(inspection: Inspection, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": inspection.title, "inspection_type": inspection.inspection_type,
        "published": inspection.published.isoformat() if inspection.published else "",
        "section55_printed": inspection.section55_printed.isoformat()
        if inspection.section55_printed else "",
        "forces": [f.pk for f in inspection.forces.all()], "force": inspection.force_id,
        "version": inspection.version}
    data.update(changes)
    return data


def test_correcting_the_publication_date_works_out_the_deadline(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    assert norfolk_peel.published is None and norfolk_peel.section55_due is None
    page = c.get(norfolk_peel.get_absolute_url()).content.decode()
    assert "the publication date is missing" in page
    assert c.get(f"/inspections/{norfolk_peel.pk}/edit/").status_code == 200
    r = c.post(f"/inspections/{norfolk_peel.pk}/edit/", _edit_data(norfolk_peel,
                                                                 published="2022-03-25"))
    assert r.status_code == 302
    norfolk_peel.refresh_from_db()
    assert norfolk_peel.published == date(2022, 3, 25)
    assert norfolk_peel.section55_due == date(2022, 5, 19)  # published + 55 days
    event = AuditEvent.objects.filter(inspection=norfolk_peel, action="changed").first()
    assert event.changes["published"] == [None, "2022-03-25"]
    assert event.changes["section55_due"] == [None, "2022-05-19"]
    response_page = c.get(f"/inspections/{norfolk_peel.pk}/response/").content.decode()
    assert "19 May 2022" in response_page and "cannot be worked out" not in response_page


def test_a_stale_edit_form_is_refused(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    old = _edit_data(norfolk_peel, title="First title")
    assert c.post(f"/inspections/{norfolk_peel.pk}/edit/", old).status_code == 302
    r = c.post(f"/inspections/{norfolk_peel.pk}/edit/", {**old, "title": "Second title"})
    assert r.status_code == 409 and "Someone else changed this inspection" in r.content.decode()
    norfolk_peel.refresh_from_db()
    assert norfolk_peel.title == "First title"


def test_bad_dates_are_refused_and_change_nothing(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    for bad in ("9999-12-31", "0001-01-01", "2025-02-30"):
        r = c.post(f"/inspections/{norfolk_peel.pk}/edit/", _edit_data(norfolk_peel, published=bad))
        assert r.status_code == 400, bad
    norfolk_peel.refresh_from_db()
    assert norfolk_peel.published is None


def test_a_record_can_be_handed_to_the_office_of_a_force_it_is_about(alice, bob) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.ingest import ingest
    from scrutiny.web.commands import accept_as_extracted

    text = ("Staffordshire Police: PEEL 2023–25\n\nAn inspection of Staffordshire Police\n\n"
            "Published on: 3 March 2024\n\nArea for improvement\n\n"
            "The force should improve how it answers 101 calls.\n")
    outcome = ingest(text.encode(), "staffs.txt", alice.membership.force, alice)
    inspection = accept_as_extracted(outcome.document, alice)
    assert inspection.force.name == "Norfolk Constabulary"
    assert inspection.section55_due is None  # not about Norfolk: no response due from Norfolk
    c = client_for(alice)
    # Not to an office the report is not about.
    kent = Force.objects.get(name="Kent Police")
    r = c.post(f"/inspections/{inspection.pk}/edit/", _edit_data(inspection, force=kent.pk))
    assert r.status_code == 400
    staffs = Force.objects.get(name="Staffordshire Police")
    r = c.post(f"/inspections/{inspection.pk}/edit/", _edit_data(inspection, force=staffs.pk))
    assert r.status_code == 302 and r.url == "/inspections/"
    inspection.refresh_from_db()
    assert inspection.force == staffs and inspection.section55_due == date(2024, 4, 27)
    assert inspection.documents.get().force == staffs
    assert client_for(bob).get(inspection.get_absolute_url()).status_code == 200
    assert c.get(inspection.get_absolute_url()).status_code == 404
    assert Response.objects.filter(inspection=inspection).exists()


def test_actions_and_updates_are_corrected_or_withdrawn_not_destroyed(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    action = add_action(finding, alice, description="Wrong action", owner="x", board=None,
                        due=None)
    update = add_update(finding, alice, note="Wrong note", on=date.today())
    c = client_for(alice)
    r = c.post(f"/updates/{update.pk}/", {"date": date.today().isoformat(), "note": "Right note",
                                          "version": update.version})
    assert r.status_code == 302
    update.refresh_from_db()
    assert update.note == "Right note"
    r = c.post(f"/actions/{action.pk}/withdraw/", {"withdraw-reason": "Added to the wrong finding",
                                                   "withdraw-version": action.version})
    assert r.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    kept = Action.everything.get(pk=action.pk)
    assert kept.withdrawn_by == alice and kept.withdrawn_reason == "Added to the wrong finding"
    update.refresh_from_db()
    r = c.post(f"/updates/{update.pk}/withdraw/", {"withdraw-reason": "Duplicate",
                                                   "withdraw-version": update.version})
    assert r.status_code == 302 and Update.everything.filter(pk=update.pk).exists()
    page = c.get(finding.get_absolute_url()).content.decode()
    assert "Withdrawn actions (1)" in page and "Withdrawn updates (1)" in page
    summaries = " ".join(AuditEvent.objects.filter(finding=finding).values_list("summary", flat=True))
    assert "Action withdrawn" in summaries and "Update withdrawn" in summaries
    assert "Update corrected" in summaries
    # A reason is needed; a stale form is refused.
    again = add_update(finding, alice, note="Another", on=date.today())
    r = c.post(f"/updates/{again.pk}/withdraw/", {"withdraw-reason": "",
                                                  "withdraw-version": again.version}, follow=True)
    assert "Give the reason" in r.content.decode() and Update.objects.filter(pk=again.pk).exists()
    r = c.post(f"/updates/{again.pk}/withdraw/", {"withdraw-reason": "x",
                                                  "withdraw-version": again.version + 5}, follow=True)
    assert "changed or withdrawn by someone else" in r.content.decode()


def test_boards_are_corrected_or_withdrawn(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    board = Board.objects.create(force=alice.membership.force, name="Old name")
    c = client_for(alice)
    r = c.post(f"/boards/{board.pk}/edit/", {"name": "Investigations board", "chair": "ACC Lane",
                                             "version": board.version})
    assert r.status_code == 302
    board.refresh_from_db()
    assert board.name == "Investigations board"
    finding = norfolk_peel.findings.first()
    add_action(finding, alice, description="Open work", owner="x", board=board, due=None)
    board.refresh_from_db()
    r = c.post(f"/boards/{board.pk}/withdraw/", {"withdraw-reason": "Merged",
                                                 "withdraw-version": board.version}, follow=True)
    assert "still owns open actions" in r.content.decode()
    Action.objects.filter(board=board).update(status="complete")
    r = c.post(f"/boards/{board.pk}/withdraw/", {"withdraw-reason": "Merged",
                                                 "withdraw-version": board.version})
    assert r.status_code == 302 and not Board.objects.filter(pk=board.pk).exists()
    assert Board.everything.get(pk=board.pk).withdrawn_reason == "Merged"
    # A withdrawn board's name is not reused by mistake, and the same name twice is refused.
    r = c.post("/boards/", {"name": "investigations BOARD", "chair": ""})
    assert r.status_code == 400 and "already has a board with this name" in r.content.decode()


def test_distribution_entries_are_corrected_or_withdrawn(bob) -> None:  # type: ignore[no-untyped-def]
    document = ingest_file("002", bob)  # Staffordshire's response record
    response = document.inspection.response
    from scrutiny.responses.services import record_distribution

    entry = record_distribution(response, bob, recipient="hmicfrs", done_on=date(2025, 4, 2))
    c = client_for(bob)
    r = c.post(f"/distribution/{entry.pk}/", {"recipient": "home_secretary",
                                              "done_on": "2025-04-03", "note": "by e-mail",
                                              "version": entry.version})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.recipient == "home_secretary" and entry.done_on == date(2025, 4, 3)
    r = c.post(f"/distribution/{entry.pk}/", {"recipient": "hmicfrs", "done_on": "0001-01-01",
                                              "version": entry.version})
    assert r.status_code == 400
    r = c.post(f"/distribution/{entry.pk}/", {"withdraw": "1", "reason": "Never sent",
                                              "version": entry.version})
    assert r.status_code == 302
    assert not DistributionEntry.objects.filter(pk=entry.pk).exists()
    assert DistributionEntry.everything.get(pk=entry.pk).withdrawn_reason == "Never sent"


def test_past_responses_are_recorded_as_published_with_their_distribution(alice) -> None:  # type: ignore[no-untyped-def]
    for prefix, day in (("000", date(2025, 5, 22)), ("004", date(2020, 3, 2))):
        inspection = ingest_file(prefix, alice).inspection
        response = inspection.response
        assert response.status == Response.Status.PUBLISHED, prefix
        assert response.published_from is not None
        from django.utils import timezone

        assert timezone.localtime(response.published_at).date() == day, prefix
        recipients = set(response.distribution.values_list("recipient", flat=True))
        assert {"hmicfrs", "chief_constable", "police_and_crime_panel", "website"} <= recipients
        assert set(response.distribution.values_list("done_on", flat=True)) == {day}
    c = client_for(alice)
    dash = c.get("/")
    assert not list(dash.context["responses_due"])
    assert "overdue" not in c.get(f"/inspections/{inspection.pk}/response/").content.decode().split(
        "<h2>Chief constable")[0].lower()
    calendar = c.get("/calendar/").context["deadlines"]
    assert not any("Section 55" in d.summary for d in calendar)


def test_the_date_of_a_past_response_can_be_corrected(alice) -> None:  # type: ignore[no-untyped-def]
    inspection = ingest_file("004", alice).inspection
    response = inspection.response
    c = client_for(alice)
    r = c.post(f"/inspections/{inspection.pk}/response/", {
        "action": "publication_date", "pub-day": "2020-02-20", "pub-lock": response.lock})
    assert r.status_code == 302
    response.refresh_from_db()
    from django.utils import timezone

    assert timezone.localtime(response.published_at).date() == date(2020, 2, 20)
    assert set(response.distribution.values_list("done_on", flat=True)) == {date(2020, 2, 20)}
    r = c.post(f"/inspections/{inspection.pk}/response/", {
        "action": "publication_date", "pub-day": (date.today() + timedelta(days=3)).isoformat(),
        "pub-lock": response.lock})
    assert r.status_code == 400
