"""Uploads are read by a worker, not by the web request: a queue kept in the database.

The upload page checks what it can at once (the type, the size, an empty file, a file
already in Scrutiny), stores the file and queues a job.  The worker (``scrutiny worker``,
started by ``scrutiny serve``) claims one job at a time, reads the file in a child
process with time, memory and text limits (extraction.bounded), and stores the result
for review exactly as an upload always has (inspections.ingest).  A worker that dies
mid-job leaves the job "running"; the next worker puts it back in the queue, and after
three tries it is marked as failed with the reason.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from scrutiny.extraction import UnreadableFile
from scrutiny.extraction.bounded import Limits, read_bounded

from .ingest import Outcome, already_held, ingest, preflight
from .models import Force, ReadingJob, SourceDocument

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
Status = ReadingJob.Status


def enqueue(upload: UploadedFile, force: Force, user: Any) -> Outcome:
    """Check what can be checked at once and queue the file; the outcome says which."""
    name = Path(upload.name or "file").name
    head = upload.read(4096) if upload.size else b""
    upload.seek(0)
    refused = preflight(name, upload.size or 0, head)
    if refused:
        return refused
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    sha256 = digest.hexdigest()
    held = already_held(force, sha256, name)
    if held:
        return held
    if ReadingJob.objects.filter(force=force, sha256=sha256,
                                 status__in=[Status.QUEUED, Status.RUNNING]).exists():
        return Outcome("duplicate", f"{name}: this file is already waiting to be read.")
    job = ReadingJob(force=force, filename=name[:255], sha256=sha256, size=upload.size or 0,
                     uploaded_by=user if getattr(user, "is_authenticated", False) else None)
    job.file.save(name, upload, save=False)
    try:
        job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return Outcome("queued", f"{name}: queued to be read.", job=job)


def _claim() -> ReadingJob | None:
    """The oldest queued job, marked running by this worker (no two workers get the same)."""
    while True:
        job = ReadingJob.objects.filter(status=Status.QUEUED).order_by("created_at", "id").first()
        if job is None:
            return None
        claimed = ReadingJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1)
        if claimed:
            job.refresh_from_db()
            return job


def _finish(job: ReadingJob, status: str, message: str,
            document: SourceDocument | None = None) -> None:
    job.status, job.message, job.document = status, message[:500], document
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)  # stored with the document now, or not wanted
    job.save()


def run_job(job: ReadingJob, limits: Limits | None = None) -> ReadingJob:
    try:
        with job.file.open("rb") as f:
            data = f.read()
    except OSError:
        _finish(job, Status.FAILED, f"{job.filename}: the uploaded file was lost before it "
                                    "could be read; upload it again.")
        return job
    try:
        read = read_bounded(data, job.filename, limits)
    except UnreadableFile as exc:
        _finish(job, Status.FAILED, f"{job.filename}: the file {exc.reason}.")
        return job
    with transaction.atomic():
        outcome = ingest(data, job.filename, job.force, job.uploaded_by, read=read)
        _finish(job, Status.DONE if outcome.ok else Status.FAILED, outcome.message,
                outcome.document)
    return job


def recover_abandoned(limits: Limits | None = None) -> int:
    """Jobs left running by a worker that died: back in the queue, or failed after three tries."""
    limits = limits or Limits.from_environment()
    cutoff = timezone.now() - timedelta(seconds=limits.seconds * 2 + 60)
    stale = ReadingJob.objects.filter(status=Status.RUNNING, started_at__lt=cutoff)
    for job in stale:
        if job.attempts >= MAX_ATTEMPTS:
            _finish(job, Status.FAILED, f"{job.filename}: reading stopped {job.attempts} times "
                                        "without finishing, so Scrutiny gave up.")
        else:
            ReadingJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(status=Status.QUEUED)
    return len(stale)


def run_queued(limit: int | None = None, limits: Limits | None = None) -> int:
    """Read queued files one after another until none is left (or ``limit`` are done)."""
    done = 0
    while limit is None or done < limit:
        job = _claim()
        if job is None:
            break
        try:
            run_job(job, limits)
        except Exception:  # a bug, not a bad file: record it and go on with the queue
            log.exception("reading %s failed", job.filename)
            _finish(job, Status.FAILED, f"{job.filename}: Scrutiny could not read this file "
                                        "because of an error of its own; it has been logged.")
        done += 1
    return done


def work_forever(poll_seconds: float = 1.0) -> None:
    """The worker's loop (``scrutiny worker``)."""
    from django.db import close_old_connections

    while True:
        close_old_connections()
        recover_abandoned()
        if not run_queued():
            time.sleep(poll_seconds)


def waiting_for(user: Any, force_ids: Any) -> Any:
    """Jobs an office's users see: those waiting, and those that ended in the last day."""
    recent = timezone.now() - timedelta(days=1)
    return ReadingJob.objects.filter(force__in=force_ids).filter(
        Q(status__in=[Status.QUEUED, Status.RUNNING]) | Q(finished_at__gte=recent)
    ).select_related("document").order_by("-created_at")
