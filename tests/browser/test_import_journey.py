"""Moving from a spreadsheet, in Chromium: an office's messy tracker imports (columns and
statuses mapped, every row's outcome shown first) and imports again without change; the
register then downloads as Excel; the panel report renders with its charts."""

from __future__ import annotations

import io
import re

import pytest

from browsertools import assert_accessible, assert_fits, shoot, sign_in
from fixtures.make_tracker import tracker_xlsx
from scrutiny.inspections.models import Finding, Inspection
from scrutiny.tracking.models import Update

pytestmark = pytest.mark.browser

STATUSES = {"Complete": "Closed", "Not started": "Open", "Ongoing": "In progress"}


def _import(page, base: str, path: str, shot: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/findings/import/")
    assert_accessible(page)
    page.set_input_files("#sheet", path)
    page.click("button:has-text('Read the spreadsheet')")
    page.wait_for_url(re.compile(r".*/findings/import/\d+/$"))
    # The headings were recognised; the statuses wait for the user.
    assert page.locator("#col-title option:checked").inner_text() == "Report"
    assert page.locator("#col-text option:checked").inner_text() == "Recommendation / AFI"
    for i in range(page.locator("select[id^=status-]").count()):
        box = page.locator(f"#status-{i}")
        value = page.locator(f"label[for=status-{i}]").inner_text()
        assert box.input_value() == ""  # never guessed
        box.select_option(label=STATUSES[value])
    page.click("button:has-text('Show what would happen')")
    summary = page.locator("p[role=status]").inner_text()
    assert_accessible(page)
    assert_fits(page, shot)
    shoot(page, shot)
    page.click("button[value=commit]")
    page.wait_for_url(re.compile(r".*/findings/import/\d+/$"))
    return summary


def test_a_messy_tracker_imports_and_imports_again_unchanged(page, live_server, alice, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_in(page, base, "alice")
    sheet = tmp_path / "northshire-tracker.xlsx"
    sheet.write_bytes(tracker_xlsx())

    summary = _import(page, base, str(sheet), "30-import-preview")
    assert summary.startswith("4 new · 0 matched and changed · 0 matched, unchanged · 1 invalid")
    assert page.locator("text=Imported on").count() == 1
    assert Inspection.objects.count() == 2 and Finding.objects.count() == 4
    findings, updates = Finding.objects.count(), Update.objects.count()

    summary = _import(page, base, str(sheet), "31-import-again")
    assert summary.startswith("0 new · 0 matched and changed · 4 matched, unchanged · 1 invalid")
    assert (Finding.objects.count(), Update.objects.count()) == (findings, updates)

    # The register shows them, and downloads as a workbook with the same rows.
    page.goto(f"{base}/findings/")
    assert int(page.locator(".result-count strong").inner_text()) == 4
    with page.expect_download() as download:
        page.click("a:has-text('Excel')")
    from pathlib import Path

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.active.max_row == 5

    # The panel report over the imported reports' period, with its charts.
    page.goto(f"{base}/reports/panel/?start=2024-01-01&end=2025-12-31")
    assert page.locator("svg[aria-labelledby=rag-chart-title]").count() == 1
    assert page.locator("svg[aria-labelledby=area-chart-title]").count() == 1
    assert page.locator("text=Custody services in Northshire").count() >= 1
    assert_accessible(page)
    assert_fits(page, "32-panel-report")
    shoot(page, "32-panel-report")
