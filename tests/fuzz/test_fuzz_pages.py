"""Lists and searches, asked anything in their address: a page or a clear 4xx, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webtools import client_for, ingest_file

PAGES = ["/", "/findings/", "/actions/", "/inspections/", "/search/", "/boards/", "/calendar/",
         "/public/", "/office/security/", "/inspections/{pk}/", "/inspections/{pk}/history/"]
KEYS = ["q", "status", "rag", "type", "owner", "board", "area", "due_before", "due_after",
        "overdue", "sort", "page", "year", "force", "kind", "since", "format", "from", "to"]
VALUES = st.text(max_size=30) | st.sampled_from([
    "", "0", "-1", "99999999999999999999999", "2025-02-30", "9999-12-31", "red", "open",
    "-next_due", "%", "_", "'", "\\", "<b>", "csv", "1e9"])


@pytest.fixture
def signed_in(alice: Any) -> Any:
    alice.membership.role = "administrator"
    alice.membership.save()
    inspection = ingest_file("001", alice).inspection
    return client_for(alice), inspection.pk


@given(page=st.sampled_from(PAGES), query=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6))
def test_any_query_gets_a_page_or_a_clear_refusal(signed_in, page, query) -> None:  # type: ignore[no-untyped-def]
    client, pk = signed_in
    query = {k: v.replace("\x00", "") for k, v in query.items()}
    r = client.get(page.format(pk=pk), query)
    assert r.status_code in (200, 302, 400, 404), (page, query, r.status_code)
