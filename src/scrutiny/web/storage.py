"""The files Scrutiny stores (reports and evidence), their checksums, and what does not match."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredFile:
    name: str       # relative to MEDIA_ROOT
    sha256: str     # as recorded when stored ("" when none was recorded)
    what: str       # for messages: which record holds it


def stored_files() -> Iterator[StoredFile]:
    """Every file a record points to, withdrawn records' files included."""
    from scrutiny.inspections.models import ReadingJob, SourceDocument
    from scrutiny.tracking.models import Update

    for d in SourceDocument.objects.exclude(file="").only("file", "sha256", "filename").iterator():
        yield StoredFile(d.file.name, d.sha256, f"document {d.filename}")
    for u in Update.everything.exclude(evidence="").only("evidence", "evidence_sha256").iterator():
        yield StoredFile(u.evidence.name, u.evidence_sha256, f"evidence for update {u.pk}")
    for j in ReadingJob.objects.exclude(file="").only("file", "sha256", "filename").iterator():
        yield StoredFile(j.file.name, j.sha256, f"upload {j.filename} waiting to be read")


def media_files(root: Path | None = None) -> Iterator[str]:
    root = Path(root or settings.MEDIA_ROOT)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix()


def check_files(root: Path | None = None) -> tuple[int, list[str]]:
    """(files checked, problems): missing files, changed files, files no record points to."""
    root = Path(root or settings.MEDIA_ROOT)
    problems: list[str] = []
    known: set[str] = set()
    checked = 0
    for f in stored_files():
        checked += 1
        known.add(f.name)
        path = root / f.name
        if not path.is_file():
            problems.append(f"missing: {f.name} ({f.what})")
        elif f.sha256 and sha256_file(path) != f.sha256:
            problems.append(f"changed: {f.name} ({f.what}) no longer matches its SHA-256")
    for name in media_files(root):
        if name not in known:
            problems.append(f"orphan: {name} (no record points to it)")
    return checked, problems
