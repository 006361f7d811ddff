"""The ingestion chain and accepting a reviewed document."""

from __future__ import annotations

import pytest

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.ingest import ingest
from scrutiny.inspections.models import Finding, Grade, Inspection, SourceDocument
from scrutiny.inspections.services import StaleEdit
from scrutiny.web.commands import accept_as_extracted
from webtools import corpus_file, ingest_file


def test_a_report_is_stored_for_review_then_accepted(alice) -> None:  # type: ignore[no-untyped-def]
    document = ingest_file("001", alice, accept=False)
    assert document.status == SourceDocument.Status.PENDING
    assert Inspection.objects.count() == 0
    inspection = accept_as_extracted(document, alice)
    assert inspection.inspection_type == "peel"
    assert inspection.findings.count() == 15
    assert Grade.objects.filter(inspection=inspection).count() == 8
    assert list(inspection.forces.values_list("name", flat=True)) == ["Norfolk Constabulary"]
    afi = inspection.findings.filter(type="area_for_improvement").first()
    assert afi is not None and afi.area and afi.loc_start is not None
    assert AuditEvent.objects.filter(inspection=inspection, action="accepted").exists()


def test_the_same_file_twice_is_recognised_by_hash(alice) -> None:  # type: ignore[no-untyped-def]
    first = ingest_file("004", alice)
    path = corpus_file("004")
    outcome = ingest(path.read_bytes(), "renamed.txt", alice.membership.force, alice)
    assert outcome.code == "duplicate"
    assert first.filename in outcome.message
    assert outcome.document == first
    assert SourceDocument.objects.count() == 1


def test_a_bad_file_stores_nothing(alice) -> None:  # type: ignore[no-untyped-def]
    for data, name, code in [(b"", "empty.pdf", "empty"), (b"%PDF-1.4 broken", "x.pdf", "unreadable"),
                             (b"hello", "x.xlsx", "unsupported")]:
        outcome = ingest(data, name, alice.membership.force, alice)
        assert outcome.code == code
        assert name in outcome.message
    assert SourceDocument.objects.count() == 0


def test_accepting_twice_is_refused_and_changes_nothing(alice) -> None:  # type: ignore[no-untyped-def]
    document = ingest_file("004", alice, accept=False)
    accept_as_extracted(document, alice)
    with pytest.raises(StaleEdit):
        accept_as_extracted(document, alice)
    assert Inspection.objects.count() == 1
    assert Finding.objects.count() == 10


def test_a_response_attaches_to_the_inspection_already_held(alice) -> None:  # type: ignore[no-untyped-def]
    report = """\
Crime investigations: An inspection into how effectively the police investigate crime

Published on: 27 March 2025

Recommendations

Recommendation 3

By 31 December 2025, chief constables should make sure their force has an effective and efficient end-to-end process to deal with online reports of crime.
"""
    force = alice.membership.force
    first = ingest(report.encode(), "report.md", force, alice)
    assert first.document is not None
    inspection = accept_as_extracted(first.document, alice)
    assert inspection.findings.count() == 1

    response = corpus_file("000")
    second = ingest(response.read_bytes(), response.name, force, alice)
    assert second.document is not None
    attached = accept_as_extracted(second.document, alice)
    assert attached == inspection
    assert inspection.documents.count() == 2
    # Recommendation 3 is not duplicated; the response's other seven are added.
    assert inspection.findings.filter(ref="3").count() == 1
    assert inspection.findings.count() == 8
    inspection.refresh_from_db()
    # The law's day wins; the date the response printed is kept beside it.
    assert str(inspection.section55_due) == "2025-05-21"
    assert str(inspection.section55_printed) == "2025-05-22"


def test_sanity_check_finds_missing_and_altered_files(alice, capsys) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.cli import main

    document = ingest_file("003", alice)
    assert main(["sanity"]) == 0
    assert "Checked 1 stored file: no problems" in capsys.readouterr().out
    path = document.file.path
    with open(path, "ab") as f:
        f.write(b"tampered")
    assert main(["sanity"]) == 2
    assert "no longer matches its SHA-256" in capsys.readouterr().out


def test_sanity_check_covers_evidence_and_orphaned_files(alice, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from datetime import date
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from scrutiny.cli import main
    from scrutiny.tracking.services import add_update

    finding = ingest_file("001", alice).inspection.findings.first()
    update = add_update(finding, alice, note="Audit done", on=date(2025, 6, 1),
                        evidence=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 the audit"))
    assert len(update.evidence_sha256) == 64
    assert main(["sanity"]) == 0
    assert "Checked 2 stored files: no problems" in capsys.readouterr().out
    Path(update.evidence.path).write_bytes(b"%PDF-1.4 another audit")
    stray = Path(settings.MEDIA_ROOT) / "evidence" / "stray.pdf"
    stray.write_bytes(b"left behind")
    assert main(["sanity"]) == 2
    out = capsys.readouterr().out
    assert f"changed: {update.evidence.name}" in out
    assert "orphan: evidence/stray.pdf (no record points to it)" in out
    assert "2 problems" in out


def test_ingest_command_reads_a_folder_and_reports_bad_files(alice, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from scrutiny.cli import main

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "report.txt").write_bytes(corpus_file("004").read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    assert main(["ingest", str(folder), "--force", "Norfolk", "--accept"]) == 2
    out, err = capsys.readouterr()
    assert "report.txt: read 10 findings" in out and "Accepted into" in out
    assert "scrutiny: broken.pdf: the file is not a readable PDF" in err
    assert Inspection.objects.get().findings.count() == 10
    assert main(["ingest", str(folder / "report.txt"), "--force", "Norfolk"]) == 0
    assert "already in Scrutiny" in capsys.readouterr().out
