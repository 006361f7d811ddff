"""Board packs in Word and PDF: cover, summary, chart, a table per inspection, and what
changed since the board's last pack."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from scrutiny.extraction.readers import read_bytes
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import set_finding_status
from scrutiny.tracking.models import Board, BoardPack
from scrutiny.tracking.packs import rag_history
from scrutiny.tracking.services import add_action, add_update, set_lead
from webtools import client_for, ingest_file


@pytest.fixture
def board(alice):  # type: ignore[no-untyped-def]
    ingest_file("000", alice)
    board = Board.objects.create(force=alice.membership.force, name="Investigations board",
                                 chair="ACC Lane")
    for f in Finding.objects.filter(type="recommendation").order_by("id")[:4]:
        set_lead(f, alice, version=f.version, owner="DCI Hart", board=board)
    return board


def _produce(client, board, day="2026-12-10"):  # type: ignore[no-untyped-def]
    r = client.post(f"/boards/{board.pk}/packs/", {"meeting_on": day})
    assert r.status_code == 302
    return BoardPack.objects.order_by("-id").first()


def test_a_pack_in_word_and_pdf_holds_the_boards_findings(alice, board) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    pack = _produce(c, board)
    assert pack.content["summary"]["open"] == 4
    assert c.get(pack.get_absolute_url()).status_code == 200
    docx_response = c.get(f"/packs/{pack.pk}/pack.docx")
    assert docx_response["Content-Disposition"] == \
        'attachment; filename="investigations-board-pack-2026-12-10.docx"'
    import docx

    d = docx.Document(io.BytesIO(docx_response.content))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Investigations board: inspection findings" in headings
    assert "Open findings by RAG over the last year" in headings
    assert len(d.inline_shapes) == 1  # the chart
    cells = {cell.text for table in d.tables for row in table.rows for cell in row.cells}
    assert "DCI Hart" in cells and "Open findings" in cells
    assert any(text.startswith("Recommendation 3:") for text in cells)
    pdf_response = c.get(f"/packs/{pack.pk}/pack.pdf")
    assert pdf_response.content.startswith(b"%PDF")
    text = " ".join(read_bytes(pdf_response.content, "pdf").text.split())
    assert "Board pack for the meeting of 10 December 2026" in text
    assert "DCI Hart" in text and "Recommendation 3" in text
    assert "first pack" in text


def test_the_next_pack_says_what_changed(alice, board) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    first = _produce(c, board, "2026-11-01")
    finding = Finding.objects.filter(board=board).order_by("id").first()
    add_update(finding, alice, note="Policy signed off", on=date.today(), new_status="in_progress")
    other = Finding.objects.filter(board=board).order_by("id")[1]
    set_finding_status(other, "closed", alice, note="Verified by audit")
    second = _produce(c, board, "2026-12-10")
    assert second.content["previous"]["meeting_on"] == first.meeting_on.isoformat()
    rows = {r["id"]: r for g in second.content["inspections"] for r in g["rows"]}
    assert "Status: Open → In progress" in rows[finding.pk]["changes"]
    assert "1 update recorded" in rows[finding.pk]["changes"]
    assert "Status: Open → Closed" in rows[other.pk]["changes"]
    assert second.content["summary"]["closed_since"] == 1
    assert "No change" in c.get(second.get_absolute_url()).content.decode()


def test_pack_chart_counts_open_findings_by_rag_each_month(alice, board) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.inspections.status import DEFAULT_RULES

    findings = list(Finding.objects.filter(board=board))
    chart = rag_history(findings, date.today(), DEFAULT_RULES)
    assert len(chart["months"]) == 12
    # Recorded today: nothing open in earlier months, all four open now.
    assert sum(chart["series"][r][-1] for r in ("red", "amber", "green")) == 4
    assert all(sum(chart["series"][r][i] for r in ("red", "amber", "green")) == 0
               for i in range(10))


def test_packs_are_for_the_boards_office(alice, bob, rita, board) -> None:  # type: ignore[no-untyped-def]
    pack = _produce(client_for(alice), board)
    assert client_for(bob).get(f"/packs/{pack.pk}/pack.pdf").status_code == 404
    assert client_for(bob).post(f"/boards/{board.pk}/packs/", {"meeting_on": "2026-12-10"}
                                ).status_code == 404
    assert client_for(rita).get(f"/packs/{pack.pk}/pack.docx").status_code == 200
    assert client_for(rita).post(f"/boards/{board.pk}/packs/", {"meeting_on": "2026-12-10"}
                                 ).status_code == 403


def test_board_csv_has_owner_due_date_and_latest_update(alice, board) -> None:  # type: ignore[no-untyped-def]
    import csv

    finding = Finding.objects.filter(board=board).order_by("id").first()
    add_action(finding, alice, description="Audit monthly", owner="Force registrar", board=board,
               due=date.today() + timedelta(days=20))
    add_update(finding, alice, note="First audit done", on=date(2026, 11, 2))
    r = client_for(alice).get(f"/boards/{board.pk}/findings.csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    row = next(x for x in rows if x["Ref"] == finding.ref)
    assert row["Owner"] == "DCI Hart; Force registrar"
    assert row["Latest update"] == "First audit done" and row["Latest update on"] == "2 November 2026"
    assert row["Next due"] and row["Board"] == "Investigations board"


def test_the_board_page_shows_the_findings_status_not_the_actions(alice, board) -> None:  # type: ignore[no-untyped-def]
    finding = Finding.objects.filter(board=board).order_by("id").first()
    add_action(finding, alice, description="Audit monthly", owner="Registrar", board=board,
               due=None, status="in_progress")
    set_finding_status(finding, "closed", alice, note="Verified by audit")
    page = client_for(alice).get(board.get_absolute_url()).content.decode()
    row = page[page.index("Actions this board owns"):]
    assert "Audit monthly" in row and "Closed" in row.split("Audit monthly")[1].split("</tr>")[0]
