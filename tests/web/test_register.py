"""The findings register and the actions register: filters, sorting, pages, bulk changes,
and the dashboard's figures agreeing with them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Finding
from scrutiny.inspections.status import Rag, RagRules, rag, rag_expression
from scrutiny.tracking.models import Action, Board, TrackingRules, Update
from scrutiny.tracking.services import add_action, add_update, refresh_tracking
from webtools import client_for, ingest_file


@pytest.fixture
def office(alice):  # type: ignore[no-untyped-def]
    """Norfolk's office with a PEEL report (AFIs) and a thematic response (dated
    recommendations), a board, and some progress."""
    for prefix in ("001", "000"):
        ingest_file(prefix, alice)
    board = Board.objects.create(force=alice.membership.force, name="Investigations board")
    recs = list(Finding.objects.filter(type="recommendation").order_by("id"))
    for f in recs[:3]:
        add_action(f, alice, description="Write the policy", owner="DCI Hart", board=board,
                   due=None)
    add_update(recs[0], alice, note="Policy drafted", on=date.today())
    return board


def _ids(response: Any) -> list[int]:
    return [row.finding.pk for row in response.context["rows"]]


def test_register_lists_the_offices_tracked_findings_only(alice, bob, office) -> None:  # type: ignore[no-untyped-def]
    r = client_for(alice).get("/findings/")
    assert r.status_code == 200
    tracked = Finding.objects.filter(force_to_act=True).exclude(
        type__in=["innovative_practice", "promising_practice"])
    assert r.context["page"].paginator.count == tracked.count()
    everything = client_for(alice).get("/findings/", {"include_untracked": "on"})
    assert everything.context["page"].paginator.count == Finding.objects.count()
    assert client_for(bob).get("/findings/").context["page"].paginator.count == 0


def test_filters_combine_and_stay_in_the_address(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    today = date.today()
    r = c.get("/findings/", {"type": "recommendation", "overdue": "on", "board": office.pk})
    expected = {f.pk for f in Finding.objects.filter(type="recommendation", next_due__lt=today,
                                                     actions__board=office)}
    assert set(_ids(r)) == expected and expected
    owner = c.get("/findings/", {"owner": "hart"})
    assert len(_ids(owner)) == 3
    text = c.get("/findings/", {"q": "investigation plan"})
    assert text.context["rows"] and all("investigation plan" in row.finding.text.lower()
                                        for row in text.context["rows"])
    due = c.get("/findings/", {"due_after": "2025-09-01", "due_before": "2025-12-31"})
    assert all(date(2025, 9, 1) <= row.finding.next_due <= date(2025, 12, 31)
               for row in due.context["rows"])
    # A wrong filter is shown beside its field and left out; the others still apply.
    bad = c.get("/findings/", {"due_before": "2025-01-01", "due_after": "2025-06-01",
                               "type": "recommendation"})
    assert "before the “due on or after” date" in bad.content.decode()
    assert all(row.finding.type == "recommendation" for row in bad.context["rows"])
    # Sorting links keep every filter.
    page = c.get("/findings/", {"type": "recommendation", "status": "not_closed"}).content.decode()
    assert page.count("?type=recommendation&amp;status=not_closed&amp;sort=") == 10


@pytest.mark.parametrize("column", ["ref", "type", "inspection", "area", "status", "rag", "owner",
                                    "board", "due", "updated"])
def test_every_column_sorts_both_ways(alice, office, column) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    up = _ids(c.get("/findings/", {"sort": column, "include_untracked": "on"}))
    down = _ids(c.get("/findings/", {"sort": f"-{column}", "include_untracked": "on"}))
    assert sorted(up) == sorted(down) and len(up) == len(set(up))
    if column == "due":
        dues = [Finding.objects.get(pk=pk).next_due for pk in up]
        known = [d for d in dues if d is not None]
        assert known == sorted(known) and dues[len(known):] == [None] * (len(dues) - len(known))


def test_pages_of_fifty_keep_the_filters(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = c.get("/findings/", {"include_untracked": "on"})
    assert len(r.context["rows"]) == min(50, Finding.objects.count())
    if r.context["page"].has_next():
        assert "include_untracked=on&amp;page=2" in r.content.decode()
    assert c.get("/findings/", {"page": "999"}).status_code == 200


def test_rag_in_the_database_agrees_with_rag_in_python(alice, office) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    finding = Finding.objects.filter(type="area_for_improvement").first()
    rules = RagRules(amber_within_days=30, red_within_days_if_not_started=14, stale_after_days=90)
    cases = itertools.product(["open", "in_progress", "proposed_closure", "closed"],
                              [None, -5, 0, 10, 20, 45, 200], [True, False], [0, 120],
                              [True, False])
    for status, offset, started, idle, to_act in cases:
        due = today + timedelta(days=offset) if offset is not None else None
        Finding.objects.filter(pk=finding.pk).update(
            status=status, next_due=due, has_progress=started, force_to_act=to_act,
            last_activity=today - timedelta(days=idle))
        db = Finding.objects.annotate(r=rag_expression(today, rules)).get(pk=finding.pk).r
        py = rag(status, due, today, started=started, last_activity=today - timedelta(days=idle),
                 tracked=to_act, rules=rules)
        assert db == py, (status, offset, started, idle, to_act)


def test_an_offices_thresholds_change_its_rag(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    finding = Finding.objects.filter(type="area_for_improvement").first()
    Finding.objects.filter(pk=finding.pk).update(next_due=date.today() + timedelta(days=45),
                                                 has_progress=True, status="in_progress")
    assert c.get(f"/findings/{finding.pk}/").context["finding"].rag == Rag.GREEN
    TrackingRules.objects.create(force=alice.membership.force, amber_within_days=60)
    assert c.get(f"/findings/{finding.pk}/").context["finding"].rag == Rag.AMBER
    amber = c.get("/findings/", {"rag": "amber"})
    assert finding.pk in _ids(amber)


def test_bulk_owner_board_and_status_each_on_the_record(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    chosen = list(Finding.objects.filter(type="area_for_improvement").order_by("id")[:3])
    selected = [f"{f.pk}:{f.version}" for f in chosen]
    r = c.post("/findings/bulk/", {"selected": selected, "bulk-operation": "owner",
                                   "bulk-owner": "Supt Rowe", "next": "/findings/?type=area_for_improvement"})
    assert r.status_code == 302 and r.url == "/findings/?type=area_for_improvement"
    assert set(Finding.objects.filter(owner="Supt Rowe")) == set(chosen)
    chosen = [Finding.objects.get(pk=f.pk) for f in chosen]
    r = c.post("/findings/bulk/", {"selected": [f"{f.pk}:{f.version}" for f in chosen],
                                   "bulk-operation": "board", "bulk-board": office.pk})
    assert Finding.objects.filter(board=office).count() == 3
    chosen = [Finding.objects.get(pk=f.pk) for f in chosen]
    r = c.post("/findings/bulk/", {"selected": [f"{f.pk}:{f.version}" for f in chosen],
                                   "bulk-operation": "status", "bulk-status": "in_progress",
                                   "bulk-date": date.today().isoformat(),
                                   "bulk-note": "Taken on by the investigations board."})
    assert r.status_code == 302
    for f in chosen:
        f.refresh_from_db()
        assert f.status == "in_progress"
        assert Update.objects.filter(finding=f, note="Taken on by the investigations board.",
                                     new_status="in_progress").count() == 1
        assert AuditEvent.objects.filter(finding=f, action="status").exists()
    # The register filtered by the board finds them.
    assert set(_ids(c.get("/findings/", {"board": office.pk, "owner": "Rowe"}))) == {
        f.pk for f in chosen}


def test_bulk_change_is_all_or_nothing_and_refuses_stale_rows(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    first, second = Finding.objects.filter(type="area_for_improvement").order_by("id")[:2]
    stale = f"{second.pk}:{second.version}"
    Finding.objects.filter(pk=second.pk).update(version=second.version + 1)  # someone else saved
    r = c.post("/findings/bulk/", {"selected": [f"{first.pk}:{first.version}", stale],
                                   "bulk-operation": "owner", "bulk-owner": "Someone"}, follow=True)
    assert "Nothing was changed" in r.content.decode() and "changed by someone else" in r.content.decode()
    assert not Finding.objects.filter(owner="Someone").exists()
    # Closing is not a bulk change.
    r = c.post("/findings/bulk/", {"selected": [f"{first.pk}:{first.version}"],
                                   "bulk-operation": "status", "bulk-status": "closed", "bulk-note": "x",
                                   "bulk-date": date.today().isoformat()}, follow=True)
    assert "Nothing was changed" in r.content.decode()
    assert Finding.objects.get(pk=first.pk).status == "open"
    # Nothing ticked, or another force's finding, changes nothing.
    assert "Tick at least one" in c.post("/findings/bulk/", {"bulk-operation": "owner", "bulk-owner": "x"},
                                         follow=True).content.decode()


def test_bulk_is_for_editors_of_the_same_office(rita, bob, alice, office) -> None:  # type: ignore[no-untyped-def]
    finding = Finding.objects.first()
    data = {"selected": [f"{finding.pk}:{finding.version}"], "bulk-operation": "owner", "bulk-owner": "X"}
    assert client_for(rita).post("/findings/bulk/", data).status_code == 403
    r = client_for(bob).post("/findings/bulk/", data, follow=True)
    assert "could not be found" in r.content.decode()
    assert not Finding.objects.filter(owner="X").exists()
    assert "Apply to the findings ticked" not in client_for(rita).get("/findings/").content.decode()


def test_dashboard_figures_link_to_the_register_and_agree(alice, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    dash = c.get("/")
    page = dash.content.decode()
    for label, value, n in dash.context["status_counts"]:
        assert f'href="/findings/?status={value}"' in page
        assert c.get("/findings/", {"status": value}).context["page"].paginator.count == n, label
    overdue = c.get("/findings/", {"overdue": "on"}).context["page"].paginator.count
    assert overdue == dash.context["overdue_count"] > 0
    for label, value, n in dash.context["rag_counts"]:
        got = c.get("/findings/", {"status": "not_closed", "rag": value}).context["page"]
        assert got.paginator.count == n, label
    if dash.context["overdue_count"] > 10:
        assert f"See all {dash.context['overdue_count']} overdue findings" in page


def test_actions_register_filters_and_sorts(alice, bob, office) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = c.get("/actions/")
    assert r.context["page"].paginator.count == Action.objects.count() == 3
    action = Action.objects.first()
    Action.objects.filter(pk=action.pk).update(due=date.today() - timedelta(days=3))
    assert [a.pk for a in c.get("/actions/", {"overdue": "on"}).context["page"]] == [action.pk]
    assert c.get("/actions/", {"owner": "nobody"}).context["page"].paginator.count == 0
    assert c.get("/actions/", {"sort": "-owner", "board": office.pk}).status_code == 200
    assert client_for(bob).get("/actions/").context["page"].paginator.count == 0


def test_refresh_keeps_next_due_to_the_earliest_open_date(alice, office) -> None:  # type: ignore[no-untyped-def]
    finding = Finding.objects.filter(type="area_for_improvement").first()
    soon = date.today() + timedelta(days=5)
    action = add_action(finding, alice, description="Interim audit", owner="x", board=None,
                        due=soon)
    finding.refresh_from_db()
    assert finding.next_due == soon
    Action.objects.filter(pk=action.pk).update(status="complete")
    refresh_tracking([finding.pk])
    finding.refresh_from_db()
    assert finding.next_due == finding.due
