"""Uploads are read by the worker, in a child process with time, memory and text limits."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scrutiny.cli import main
from scrutiny.extraction import UnreadableFile
from scrutiny.extraction.bounded import Limits, read_bounded
from scrutiny.inspections import jobs
from scrutiny.inspections.models import ReadingJob, SourceDocument
from webtools import corpus_file


def wordy_docx(chars: int) -> bytes:
    """A real Word file whose text runs to about ``chars`` characters (it compresses ~4:1)."""
    rng = random.Random(7)
    words = ["force", "custody", "records", "supervision", "victims", "crime", "should", "by"]
    paragraph = "".join(f"<w:p><w:r><w:t>{' '.join(rng.choice(words) for _ in range(60))}"
                        f"{rng.randrange(10**9)}</w:t></w:r></w:p>" for _ in range(50))
    body = paragraph * (chars // (len(paragraph) // 2) + 1)
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                data = text.replace("<w:body>", "<w:body>" + body, 1).encode()
            dst.writestr(item, data)
    return out.getvalue()


def test_a_file_whose_text_is_too_long_is_refused_in_the_child() -> None:
    data = wordy_docx(600_000)
    assert len(data) < 100_000  # small on disk, passes the size and ratio checks
    with pytest.raises(UnreadableFile, match="has more text than Scrutiny reads"):
        read_bounded(data, "big.docx", Limits(seconds=120, memory_mb=2048, max_chars=500_000))


def test_reading_is_stopped_when_the_time_is_up() -> None:
    data = corpus_file("001").read_bytes()
    with pytest.raises(UnreadableFile, match="took longer than 0 seconds to read"):
        read_bounded(data, corpus_file("001").name, Limits(seconds=0.05))


def test_a_reader_that_runs_out_of_memory_is_stopped_with_a_reason() -> None:
    limits = Limits(seconds=120, memory_mb=140, max_chars=10**9)
    small, _ = read_bounded(wordy_docx(10_000), "small.docx", limits)
    assert len(small.text) > 10_000  # the limit leaves room for an ordinary file
    with pytest.raises(UnreadableFile, match="needs more than 140 MB of memory"):
        read_bounded(wordy_docx(6_000_000), "big.docx", limits)  # 11 million characters


def test_within_the_limits_the_reading_is_the_same_as_in_process() -> None:
    from scrutiny.extraction import read_and_extract

    path = corpus_file("004")
    doc, result = read_bounded(path.read_bytes(), path.name)
    doc2, result2 = read_and_extract(path.read_bytes(), path.name)
    assert doc.text == doc2.text and result == result2


def test_the_worker_reads_the_queue_and_keeps_no_upload(alice, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    force = alice.membership.force
    for prefix in ("003", "004"):
        path = corpus_file(prefix)
        outcome = jobs.enqueue(SimpleUploadedFile(path.name, path.read_bytes()), force, alice)
        assert outcome.code == "queued"
    # The same file again while it waits is refused, not queued twice.
    again = jobs.enqueue(SimpleUploadedFile("copy.txt", corpus_file("004").read_bytes()), force, alice)
    assert again.code == "duplicate" and "already waiting to be read" in again.message
    assert main(["worker", "--once"]) == 0
    assert "Read 2 queued files" in capsys.readouterr().out
    assert SourceDocument.objects.count() == 2
    assert set(ReadingJob.objects.values_list("status", flat=True)) == {"done"}
    assert not list((Path(settings.MEDIA_ROOT) / "incoming").rglob("*.*"))
    assert main(["sanity"]) == 0


def test_a_job_abandoned_by_a_dead_worker_is_tried_again_then_given_up(alice) -> None:  # type: ignore[no-untyped-def]
    path = corpus_file("004")
    job = jobs.enqueue(SimpleUploadedFile(path.name, path.read_bytes()), alice.membership.force,
                       alice).job
    long_ago = timezone.now() - timedelta(hours=1)
    ReadingJob.objects.filter(pk=job.pk).update(status="running", started_at=long_ago, attempts=1)
    assert jobs.recover_abandoned() == 1
    job.refresh_from_db()
    assert job.status == "queued"
    ReadingJob.objects.filter(pk=job.pk).update(status="running", started_at=long_ago, attempts=3)
    jobs.recover_abandoned()
    job.refresh_from_db()
    assert job.status == "failed" and "gave up" in job.message and not job.file
