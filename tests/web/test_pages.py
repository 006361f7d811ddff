"""Every screen renders for its users, with a bounded number of queries."""

from __future__ import annotations

import pytest

from scrutiny.tracking.models import Board
from scrutiny.tracking.services import add_action, add_update
from webtools import client_for, ingest_file


@pytest.fixture
def records(alice):  # type: ignore[no-untyped-def]
    for prefix in ("000", "001", "004"):
        ingest_file(prefix, alice)
    from scrutiny.inspections.models import Finding

    board = Board.objects.create(force=alice.membership.force, name="Board")
    for finding in Finding.objects.all()[:10]:
        action = add_action(finding, alice, description="Do it", owner="Owner", board=board,
                            due=None)
        add_update(finding, alice, note="Progress on supervision audits", on=finding.inspection.created_at.date(),
                   action=action)
    return board


PAGES = ["/", "/inspections/", "/inspections/?type=peel&status=open", "/boards/",
         "/forces/norfolk-constabulary/", "/search/?q=supervision", "/ingest/"]


@pytest.mark.parametrize("url", PAGES)
def test_main_pages_render_with_bounded_queries(alice, records, url, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    with django_assert_max_num_queries(16):
        r = c.get(url)
    assert r.status_code == 200


def test_object_pages_have_bounded_queries(alice, records, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.models import Finding, Inspection

    c = client_for(alice)
    inspection = Inspection.objects.order_by("id").last()
    finding = Finding.objects.filter(actions__isnull=False).first()
    for url in [inspection.get_absolute_url(), finding.get_absolute_url(),
                records.get_absolute_url() + "?since=2020-01-01"]:
        with django_assert_max_num_queries(20):  # includes saving the session
            assert c.get(url).status_code == 200


def test_dashboard_counts_and_search(alice, records) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    dash = c.get("/")
    counts = {label: n for label, _, n in dash.context["status_counts"]}
    assert counts["Open"] > 0
    assert "Progress on supervision audits" in dash.content.decode()
    found = c.get("/search/", {"q": "supervision"}).context["results"]
    assert found["findings"] and found["updates"]
    assert c.get("/search/", {"q": "Crime Data Integrity"}).context["results"]["inspections"]
