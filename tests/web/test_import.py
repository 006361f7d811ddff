"""Importing an office's tracker: mapping, every row's outcome, one transaction, re-imports."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixtures.make_tracker import tracker_xlsx
from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Finding, Inspection
from scrutiny.tracking.models import ImportRun, Update
from scrutiny.tracking.sheets import SheetError, office_date, read_sheets
from webtools import client_for


@pytest.mark.parametrize("raw, expected", [
    ("31/12/2025", date(2025, 12, 31)), ("31.12.25", date(2025, 12, 31)),
    ("1/7/25", date(2025, 7, 1)), ("Dec-25", date(2025, 12, 31)), ("Feb 2024", date(2024, 2, 29)),
    ("31 December 2025", date(2025, 12, 31)), ("2025-12-31", date(2025, 12, 31)),
    (45930, date(2025, 9, 30)), ("45930", date(2025, 9, 30)), (45930.0, date(2025, 9, 30)),
    ("", None), (None, None),
])
def test_dates_in_the_forms_offices_write_them(raw: Any, expected: date | None) -> None:
    assert office_date(raw) == expected


@pytest.mark.parametrize("raw", ["30/02/2026", "next spring", "31/12/1899", "13/13/2025", "TBC"])
def test_impossible_dates_are_refused_with_a_sentence(raw: str) -> None:
    with pytest.raises(ValueError, match="date"):
        office_date(raw)


def test_the_messy_sheet_is_read_as_a_table() -> None:
    sheets = read_sheets(tracker_xlsx(), "tracker.xlsx")
    tracker = sheets[0]
    assert tracker.name == "Tracker" and tracker.header[:2] == ["Report", "Date published"]
    assert len(tracker.rows) == 5  # blank rows and the title block above the headings skipped
    # The merged title cell gives its value to every row it covers.
    assert {cells[0] for _, cells in tracker.rows[:3]} == {
        "PEEL 2023–25: An inspection of Northshire Constabulary"}
    assert any("formula" in n for n in tracker.notes)
    assert sheets[1].name == "Notes"


@pytest.mark.parametrize("name, data, message", [
    ("t.xlsx", b"PK\x03\x04 not really", "not a readable Excel workbook"),
    ("t.xls", b"\xd0\xcf\x11\xe0 old", "old-style Excel file"),
    ("t.csv", b"", "is empty"),
    ("t.pdf", b"%PDF-1.4", "not a spreadsheet"),
    ("t.csv", b"just one cell\n", "has no table"),
])
def test_unreadable_files_get_one_clear_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(SheetError, match=message):
        read_sheets(data, name)


def test_a_sheet_of_100000_rows_is_refused_whole() -> None:
    body = "Report,Text,Owner\n" + "".join(f"R{i},Finding {i},X\n" for i in range(100_000))
    with pytest.raises(SheetError, match="100,000 rows; Scrutiny imports up to 50,000"):
        read_sheets(body.encode(), "big.csv")


def _upload(c: Any, data: bytes, name: str = "tracker.xlsx") -> Any:
    return c.post("/findings/import/", {"sheet": SimpleUploadedFile(name, data)})


STATUSES = {"Complete": "closed", "Not started": "open", "Ongoing": "in_progress"}


def _choices(page: Any, **statuses: str) -> dict[str, str]:
    mapping = page.context["run"].mapping
    form = {f"col-{name}": "" if mapping.get(name) is None else str(mapping[name])
            for name, _, _ in page.context["fields"]}
    for i, _, chosen in page.context["types"]:
        form[f"type-{i}"] = chosen
    for i, value, chosen in page.context["statuses"]:
        form[f"status-{i}"] = statuses.get(value, chosen)
    return form


def test_import_preview_commit_and_reimport(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = _upload(c, tracker_xlsx())
    assert r.status_code == 302
    page = c.get(r.url)
    run = page.context["run"]
    # The headings were recognised; the statuses were not guessed.
    assert run.mapping["title"] == 0 and run.mapping["text"] == 4 and run.mapping["due"] == 5
    assert [v for _, v, chosen in page.context["statuses"] if not chosen] == [
        "Complete", "Not started", "Ongoing"]
    assert {v: t for _, v, t in page.context["types"]} == {
        "AFI": "area_for_improvement", "Cause of concern": "cause_of_concern",
        "Rec": "recommendation", "Recommendation": "recommendation"}
    unmapped = page.context["planned"]
    assert all(row.outcome == "invalid" for row in unmapped)
    assert "the status “Ongoing” has not been mapped" in unmapped[0].problems
    assert Finding.objects.count() == 0  # nothing stored before committing

    form = _choices(page, **STATUSES)
    page = c.post(r.url, {**form, "action": "preview"})
    counts = page.context["counts"]
    assert counts == {"new": 4, "matched": 0, "unchanged": 0, "invalid": 1}
    bad = [row for row in page.context["planned"] if row.outcome == "invalid"][0]
    assert bad.number == 10 and "“30/02/2026” is not a real date" in bad.problems[0]
    assert Finding.objects.count() == 0

    c.post(r.url, {**form, "action": "commit"})
    assert Inspection.objects.count() == 2 and Finding.objects.count() == 4
    peel = Inspection.objects.get(title__startswith="PEEL")
    assert peel.published == date(2024, 3, 14) and peel.inspection_type == "peel"
    afi = Finding.objects.get(ref="1", inspection=peel)
    assert afi.type == "area_for_improvement" and afi.status == "in_progress"
    assert afi.due == date(2025, 12, 31) and afi.owner == "Ch Supt Contact"
    assert afi.updates.get().date == date(2025, 6, 30)
    assert Finding.objects.get(ref="2").status == "closed"
    assert Finding.objects.get(ref="3").due == date(2025, 9, 30)  # an Excel serial number
    concern = Finding.objects.get(type="cause_of_concern")
    assert concern.owner == "" and not concern.updates.exists()  # uncalculated formulas: empty
    assert ImportRun.objects.get().committed_at is not None
    before = (Finding.objects.count(), Update.objects.count(), AuditEvent.objects.count())

    # The same sheet again: every row matched, nothing changed.
    r2 = _upload(c, tracker_xlsx())
    page = c.get(r2.url)
    page = c.post(r2.url, {**_choices(page, **STATUSES), "action": "preview"})
    assert page.context["counts"] == {"new": 0, "matched": 0, "unchanged": 4, "invalid": 1}
    assert "by reference" in page.context["planned"][0].how
    c.post(r2.url, {**_choices(page, **STATUSES), "action": "commit"})
    assert (Finding.objects.count(), Update.objects.count(), AuditEvent.objects.count()) == before


def test_an_edited_sheet_changes_only_what_was_edited(alice) -> None:  # type: ignore[no-untyped-def]
    rows = ["Report,Ref,Finding,Due,Status,Latest update",
            "Crime data integrity 2024,1,The force should record crime accurately.,31/03/2026,Open,",
            "Crime data integrity 2024,2,The force should train call handlers.,30/06/2026,Open,"]
    c = client_for(alice)

    def run(text: str) -> Any:
        r = _upload(c, text.encode(), "tracker.csv")
        page = c.get(r.url)
        form = _choices(page)
        preview = c.post(r.url, {**form, "action": "preview"})
        c.post(r.url, {**form, "action": "commit"})
        return preview.context["counts"], preview.context["planned"]

    counts, _ = run("\n".join(rows))
    assert counts["new"] == 2
    edited = rows[:2] + ["Crime data integrity 2024,2,The force should train call handlers.,"
                         "31/07/2026,In progress,Training booked for May."]
    counts, planned = run("\n".join(edited))
    assert counts == {"new": 0, "matched": 1, "unchanged": 1, "invalid": 0}
    assert planned[1].changes == ["due date → 31 Jul 2026", "status → In progress", "a new update"]
    second = Finding.objects.get(ref="2")
    assert second.due == date(2026, 7, 31) and second.status == "in_progress"
    assert second.updates.get().note == "Training booked for May."
    first = Finding.objects.get(ref="1")
    assert first.version == 1 and first.due == date(2026, 3, 31)
    history = AuditEvent.objects.filter(finding=second, action="changed").get()
    assert history.changes["status"] == ["open", "in_progress"]


def test_formula_strings_are_kept_as_text_and_exported_safely(alice) -> None:  # type: ignore[no-untyped-def]
    text = ("Report,Finding,Owner\n"
            "Vetting 2025,The force should clear its vetting backlog.,\"=cmd|' /C calc'!A0\"\n")
    c = client_for(alice)
    r = _upload(c, text.encode(), "t.csv")
    page = c.get(r.url)
    c.post(r.url, {**_choices(page), "action": "commit"})
    finding = Finding.objects.get()
    assert finding.owner == "=cmd|' /C calc'!A0"
    csv_text = c.get(f"/inspections/{finding.inspection_id}/findings.csv").content.decode()
    assert "'=cmd|" in csv_text


def test_a_bad_file_says_why_and_stores_nothing(alice) -> None:  # type: ignore[no-untyped-def]
    r = _upload(client_for(alice), b"\x00\x01garbage", "tracker.xlsx")
    assert r.status_code == 400
    assert "tracker.xlsx: the file is not a readable Excel workbook" in r.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_reader_cannot_import(rita) -> None:  # type: ignore[no-untyped-def]
    assert client_for(rita).get("/findings/import/").status_code == 403


def test_another_offices_import_is_out_of_reach(alice, bob) -> None:  # type: ignore[no-untyped-def]
    r = _upload(client_for(alice), tracker_xlsx())
    assert client_for(bob).get(r.url).status_code == 404
    assert client_for(bob).post(r.url, {"action": "commit"}).status_code == 404




def test_lists_download_as_excel_and_csv_with_the_screens_filters(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    c = client_for(alice)
    finding = norfolk_peel.findings.order_by("position").first()
    finding.owner = "=HYPERLINK(\"http://evil\")"
    finding.save()
    norfolk_peel.published = date(2022, 3, 24)
    norfolk_peel.save()
    r = c.get("/findings/", {"format": "xlsx", "type": "area_for_improvement"})
    assert r["Content-Disposition"].startswith('attachment; filename="findings-')
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = book.active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:N")
    assert [c.value for c in ws[1]][:4] == ["Ref", "Finding", "Type", "Inspection"]
    expected = norfolk_peel.findings.filter(type="area_for_improvement").count()
    assert ws.max_row == expected + 1  # every row, not one page
    published = ws.cell(row=2, column=5)
    assert published.is_date and published.number_format == "dd/mm/yyyy"
    owners = [ws.cell(row=i, column=9).value for i in range(2, ws.max_row + 1)]
    assert "'=HYPERLINK(\"http://evil\")" in owners
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    text = c.get("/findings/", {"format": "csv", "type": "area_for_improvement"}).content
    assert text.startswith(b"\xef\xbb\xbfRef,Finding,Type")
    assert text.count(b"\n") == expected + 1
    actions = c.get("/actions/", {"format": "csv"})
    assert actions.content.decode("utf-8-sig").startswith("Finding,Inspection,Action")
    inspections = openpyxl.load_workbook(io.BytesIO(c.get("/inspections/", {"format": "xlsx"}).content))
    assert inspections.active.cell(row=2, column=1).value == norfolk_peel.title
