"""Has the inspectorate said this before?  Similar earlier findings, explained, and the
"raised again" flag on the register, the inspection and the board pack."""

from __future__ import annotations

from typing import Any

from scrutiny.inspections.ingest import ingest
from scrutiny.inspections.models import Finding, Force
from scrutiny.inspections.similar import similar
from scrutiny.inspections.terms import features, words
from scrutiny.web.commands import accept_as_extracted
from webtools import client_for

OLD = """Norfolk Constabulary: crime data integrity inspection 2019

Published on: 7 January 2020

Areas for improvement

The force should make sure it records reported crimes of violence accurately and within 24 hours of the report.

The force should improve the way its custody officers record the risk assessment of detainees.
"""
NEW = """Norfolk Constabulary: PEEL inspection 2023

Published on: 12 May 2023

Areas for improvement

The force should make sure it records crimes of violence accurately, within 24 hours of their being reported.

The force should improve how it answers non-emergency calls from the public.
"""


def _accept(text: str, name: str, user: Any, force: str = "Norfolk Constabulary") -> Any:
    outcome = ingest(text.encode(), name, Force.objects.get(name=force), user)
    assert outcome.document is not None, outcome.message
    return accept_as_extracted(outcome.document, user)


def test_words_are_compared_without_their_endings_and_common_words() -> None:
    assert words("The force should record crimes accurately") == ["record", "crim", "accurately"]
    assert words("recorded crime") == words("recording crimes") == ["record", "crim"]
    assert "record crim" in features("records crimes")


def test_a_finding_like_an_earlier_closed_one_is_raised_again(alice) -> None:  # type: ignore[no-untyped-def]
    old = _accept(OLD, "cdi-2019.txt", alice)
    recording = old.findings.get(text__contains="violence")
    Finding.objects.filter(pk=recording.pk).update(status="closed", closure_basis="self_assessed")
    new = _accept(NEW, "peel-2023.txt", alice)
    again = new.findings.get(text__contains="violence")
    calls = new.findings.get(text__contains="calls")
    assert again.repeat_of_id == recording.pk and again.repeat_score >= 0.45
    assert again.raised_again and calls.repeat_of_id is None
    matches = similar(again.pk, again.inspection.force_id)
    assert matches[0].finding_id == recording.pk
    assert {"violence", "hours", "accurately"} <= set(matches[0].shared)
    # Only earlier inspections count: the old finding has nothing said before it.
    assert similar(recording.pk, recording.inspection.force_id) == []

    c = client_for(alice)
    page = c.get(again.get_absolute_url()).content.decode()
    assert "Said before?" in page and "Raised again:" in page and "<mark>violence</mark>" in page
    assert f'href="/findings/{recording.pk}/"' in page
    assert "Raised again" in c.get("/findings/").content.decode()
    assert "Raised again" in c.get(new.get_absolute_url()).content.decode()


def test_another_forces_findings_are_never_compared(alice, bob) -> None:  # type: ignore[no-untyped-def]
    _accept(OLD.replace("Norfolk Constabulary", "Staffordshire Police"), "s.txt", bob,
            "Staffordshire Police")
    new = _accept(NEW, "peel-2023.txt", alice)
    again = new.findings.get(text__contains="violence")
    assert again.repeat_of_id is None
    assert similar(again.pk, again.inspection.force_id) == []


def test_the_board_pack_says_raised_again(alice) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from scrutiny.tracking import packs
    from scrutiny.tracking.models import Board

    old = _accept(OLD, "cdi-2019.txt", alice)
    Finding.objects.filter(inspection=old, text__contains="violence").update(status="closed")
    new = _accept(NEW, "peel-2023.txt", alice)
    board = Board.objects.create(force=new.force, name="Crime board")
    new.findings.update(board=board)
    content = packs.build(board, date(2025, 6, 1), alice)
    rows = [r for group in content["inspections"] for r in group["rows"]]
    assert [r["raised_again"] for r in rows if "violence" in r["text"]] == [True]
    assert "raised again" in packs.to_html(content)


def test_relate_works_out_links_for_findings_recorded_before(alice, capsys) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.cli import main
    from scrutiny.inspections.models import FindingTheme

    new = _accept(NEW, "peel-2023.txt", alice)
    old = _accept(OLD, "cdi-2019.txt", alice)  # the older report recorded second
    Finding.objects.filter(inspection=old, text__contains="violence").update(status="closed")
    FindingTheme.objects.all().delete()
    again = new.findings.get(text__contains="violence")
    assert again.repeat_of_id is None
    assert main(["relate"]) == 0
    assert "1 newly marked as repeats" in capsys.readouterr().out
    again.refresh_from_db()
    assert again.raised_again
    assert FindingTheme.objects.filter(finding=again, theme="crime_recording").exists()
