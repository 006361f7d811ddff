"""Ingestion: an ordered chain of small steps, each able to stop it with a typed outcome.

preflight -> duplicate check (SHA-256) -> read and extract -> store for review

Nothing is stored unless every step passes, and storing is one transaction, so a
failed ingest leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from scrutiny.extraction import Document, UnreadableFile, read_and_extract
from scrutiny.extraction.readers import SUPPORTED

from .models import Force, SourceDocument


@dataclass
class Outcome:
    """How an ingest ended: ``code`` is for programs, ``message`` for people."""

    code: str  # stored | queued | duplicate | unreadable | unsupported | too_large | empty
    message: str
    document: SourceDocument | None = None
    job: Any = None  # the ReadingJob of a queued upload

    @property
    def ok(self) -> bool:
        return self.code in ("stored", "queued")


@dataclass
class _Work:
    data: bytes
    filename: str
    force: Force
    user: Any
    sha256: str = ""
    text: str = ""
    extraction: dict[str, Any] = field(default_factory=dict)
    pages: int | None = None
    fmt: str = ""
    read: tuple[Document, dict[str, Any]] | None = None  # already read and extracted


def preflight(filename: str, size: int, head: bytes) -> Outcome | None:
    """What can be refused before reading: the type, an empty file, the size.

    ``head`` is the file's first 4 KB (all of it, for a smaller file).
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        return Outcome("unsupported", f"{filename}: Scrutiny cannot read '{suffix or 'no extension'}' "
                                      "files; upload PDF, Word (.docx), HTML, text or Markdown.")
    if size == 0 or (size <= len(head) and not head.strip()):
        return Outcome("empty", f"{filename}: the file is empty.")
    return too_large(filename, size)


def _preflight(w: _Work) -> Outcome | None:
    return preflight(w.filename, len(w.data), w.data)


def too_large(filename: str, size: int) -> Outcome | None:
    """The outcome for a file over the upload limit, or None; callable before reading it."""
    if size <= settings.MAX_UPLOAD_MB * 1024 * 1024:
        return None
    return Outcome("too_large", f"{filename}: the file is too large ({size / 1048576:.0f} MB; "
                                f"the limit is {settings.MAX_UPLOAD_MB} MB).")


def already_held(force: Force, sha256: str, filename: str) -> Outcome | None:
    """The outcome for a file the office already holds (same SHA-256), or None."""
    existing = SourceDocument.objects.filter(force=force, sha256=sha256).first()
    if existing:
        where = f"inspection “{existing.inspection}”" if existing.inspection else "awaiting review"
        return Outcome("duplicate", f"{filename}: this file is already in Scrutiny as "
                                    f"“{existing.filename}” ({where}).", existing)
    return None


def _duplicate(w: _Work) -> Outcome | None:
    w.sha256 = hashlib.sha256(w.data).hexdigest()
    return already_held(w.force, w.sha256, w.filename)


def _extract(w: _Work) -> Outcome | None:
    try:
        doc, result = w.read or read_and_extract(w.data, w.filename)
    except UnreadableFile as exc:
        return Outcome("unreadable", f"{w.filename}: the file {exc.reason}.")
    w.text, w.extraction, w.pages, w.fmt = doc.text, result, doc.pages, doc.format
    return None


def _store(w: _Work) -> Outcome | None:
    document = SourceDocument(
        force=w.force, filename=w.filename[:255], sha256=w.sha256, format=w.fmt,
        kind=str(w.extraction["document"]["kind"]), pages=w.pages, text=w.text,
        extraction=w.extraction, uploaded_by=w.user if w.user and w.user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            document.file.save(Path(w.filename).name, ContentFile(w.data), save=False)
            document.save()
    except IntegrityError:
        if document.file:  # another upload of the same file won the race: keep no copy
            document.file.delete(save=False)
        return _duplicate(w) or Outcome("duplicate", f"{w.filename}: already in Scrutiny.")
    findings = len(w.extraction["findings"])
    return Outcome("stored", f"{w.filename}: read {findings} finding{'s' if findings != 1 else ''}; "
                             "ready for review.", document)


STEPS: list[Callable[[_Work], Outcome | None]] = [_preflight, _duplicate, _extract, _store]


def ingest(data: bytes, filename: str, force: Force, user: Any = None,
           read: tuple[Document, dict[str, Any]] | None = None) -> Outcome:
    """Run the chain on one file's bytes for one force's office.

    ``read`` passes a reading and extraction already made (so a caller that had to
    extract to choose the force does not read the file twice).
    """
    work = _Work(data=data, filename=Path(filename).name, force=force, user=user, read=read)
    for step in STEPS:
        outcome = step(work)
        if outcome is not None:
            return outcome
    raise AssertionError("the store step always ends the chain")
