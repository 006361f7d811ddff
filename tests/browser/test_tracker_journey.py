"""The tracker journey in Chromium: upload, review, accept, correct the publication date,
filter the register, change findings in bulk, record updates, close with evidence, produce
the board pack, and the dashboard agreeing with the register; every page at phone width."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from browsertools import assert_accessible, assert_fits, shoot, sign_in, upload_and_read
from scrutiny.extraction.readers import read_bytes
from scrutiny.inspections.models import Finding, Inspection
from webtools import corpus_file

pytestmark = pytest.mark.browser


def _count(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(".result-count strong").inner_text())


def test_tracker_journey(page, live_server, alice, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_in(page, base, "alice")

    # Upload a PEEL report (no publication date printed) and a thematic response together.
    page.goto(f"{base}/ingest/")
    upload_and_read(page, corpus_file("001"), corpus_file("000"))
    for _ in range(2):
        page.locator("h2:has-text('Awaiting review') + ul a").first.click()
        page.wait_for_url(re.compile(r".*/review/$"))
        assert_accessible(page)
        page.click("button:has-text('Accept and record')")
        page.wait_for_url(re.compile(r".*/inspections/\d+/$"))
        page.goto(f"{base}/ingest/")
    peel = Inspection.objects.get(title__startswith="PEEL")
    thematic = Inspection.objects.exclude(pk=peel.pk).get()

    # The PEEL report has no publication date: correct it, and the deadline is worked out.
    page.goto(f"{base}/inspections/{peel.pk}/")
    assert page.locator("text=the publication date is missing").count() == 1
    page.click("a:has-text('Correct the inspection')")
    assert_accessible(page)
    shoot(page, "20-inspection-edit")
    page.fill("#id_published", "2022-03-25")
    page.click("button:has-text('Save the corrections')")
    page.wait_for_url(f"{base}/inspections/{peel.pk}/")
    assert "19 May 2022" in page.locator(".meta").inner_text()
    assert "Inspection corrected" in page.locator(".messages").inner_text()

    # A board, and the thematic report's recommendations given to it in bulk.
    page.goto(f"{base}/boards/")
    page.fill("#id_name", "Investigations board")
    page.fill("#id_chair", "ACC Lane")
    page.click("button:has-text('Add board')")
    page.wait_for_url(re.compile(r".*/boards/\d+/$"))
    board_url = page.url
    board_id = board_url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{base}/findings/?type=recommendation&inspection={thematic.pk}")
    assert _count(page) == 8
    page.check("#select-all")
    page.select_option("#id_bulk-operation", "board")
    page.select_option("#id_bulk-board", label="Investigations board")
    page.click("button:has-text('Apply to the findings ticked')")
    assert "Lead board set to Investigations board on 8 findings" in page.locator(".messages").inner_text()

    # Filter the register to that board's overdue findings, and give them an owner at once.
    page.goto(f"{base}/findings/")
    page.select_option("#id_board", label="Investigations board")
    page.check("#id_overdue")
    page.click("button:has-text('Filter')")
    assert "overdue=on" in page.url and f"board={board_id}" in page.url
    overdue = _count(page)
    expected = Finding.objects.filter(board_id=board_id, next_due__lt=date.today()).count()
    assert overdue == expected > 0
    assert_accessible(page)
    shoot(page, "21-register-filtered")
    page.check("#select-all")
    page.select_option("#id_bulk-operation", "owner")
    page.fill("#id_bulk-owner", "DCI Hart")
    page.click("button:has-text('Apply to the findings ticked')")
    assert f"Lead owner set to DCI Hart on {overdue} findings" in page.locator(".messages").inner_text()
    assert "overdue=on" in page.url  # back to the same filtered register
    assert page.locator("td", has_text="DCI Hart").count() == overdue

    # Record updates on a finding, then close it with evidence.
    page.locator("table.register tbody tr a").first.click()
    finding_url = page.url
    page.click("summary:has-text('Add an action')")
    page.fill("#id_action-description", "Write the investigation plan policy")
    page.fill("#id_action-owner", "DCI Hart")
    page.select_option("#id_action-status", "in_progress")
    page.click("button:has-text('Add action')")
    page.wait_for_url(finding_url)
    assert page.locator("td:has-text('In progress')").count() == 1
    for note in ("Policy drafted and consulted on.", "Policy signed off by the chief officer group."):
        page.click("summary:has-text('Record an update')")
        page.fill("#id_update-date", date.today().isoformat())
        page.fill("#id_update-note", note)
        page.click("button:has-text('Record update')")
        page.wait_for_url(finding_url)
        assert page.locator("h2:has-text('Updates') + ul.history li", has_text=note).count() == 1
    page.click("a:has-text('Close this finding')")
    assert_accessible(page)
    page.click("button:has-text('Close the finding')")  # nothing filled in: refused
    assert page.url.endswith("/close/") and page.locator("#id_reason:invalid").count() == 1
    page.fill("#id_reason", "The policy is published and in use; audit attached.")
    evidence = tmp_path / "audit.pdf"
    evidence.write_bytes(b"%PDF-1.4 audit of investigation plans")
    page.set_input_files("#id_evidence", str(evidence))
    page.locator("select[id^=id_action_]").select_option("complete")
    page.check("#id_confirm")
    shoot(page, "22-close")
    page.click("button:has-text('Close the finding')")
    page.wait_for_url(finding_url)
    assert page.locator("strong:has-text('Closed')").count() >= 1
    assert page.locator("a:has-text('evidence')").count() == 1
    shoot(page, "23-finding-closed")

    # The board pack, in Word and PDF.
    page.goto(board_url)
    page.fill("#id_meeting_on", "2026-12-10")
    page.click("button:has-text('Produce a board pack')")
    page.wait_for_url(re.compile(r".*/packs/\d+/$"))
    assert_accessible(page)
    shoot(page, "24-board-pack")
    pack_url = page.url
    docx_bytes = page.request.get(f"{pack_url}pack.docx").body()
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert "DCI Hart" in cells and len(d.inline_shapes) == 1
    pdf_text = " ".join(read_bytes(page.request.get(f"{pack_url}pack.pdf").body(), "pdf").text.split())
    assert "Board pack for the meeting of 10 December 2026" in pdf_text
    assert "Open findings by RAG over the last year" in pdf_text and "DCI Hart" in pdf_text

    # The dashboard's figures are the register's.
    page.goto(f"{base}/")
    assert_accessible(page)
    shoot(page, "25-dashboard")
    figures = {}
    for card in page.locator("a.card-link").all():
        figures[card.get_attribute("href")] = int(card.locator(".big").inner_text())
    assert len(figures) == 8
    for href, n in figures.items():
        page.goto(base + href.replace("&amp;", "&"))
        assert _count(page) == n, href

    # Every new page works at phone width, and passes the accessibility check.
    for url, name in [(f"{base}/", "dashboard"), (f"{base}/findings/", "register"),
                      (f"{base}/actions/", "actions"), (finding_url, "finding"),
                      (board_url, "board"), (pack_url, "pack"), (f"{base}/inspections/", "inspections"),
                      (f"{base}/inspections/{peel.pk}/", "inspection"),
                      (f"{base}/inspections/{thematic.pk}/response/", "response"),
                      (f"{base}/settings/tracking/", "rules"), (f"{base}/boards/", "boards")]:
        page.goto(url)
        assert_accessible(page)
        assert_fits(page, f"26-{name}")


def test_a_long_unbroken_title_does_not_stretch_the_page(page, live_server, alice) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.models import Force

    Inspection.objects.create(force=Force.objects.get(name="Norfolk Constabulary"),
                              title="X" * 400 + " inspection")
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/inspections/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    assert_fits(page, "27-long-title")
