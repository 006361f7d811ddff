"""Back up a populated system, wipe it, restore it: every record and every file comes back.

Runs on SQLite in `make unit` and on PostgreSQL (pg_dump/pg_restore) in `make test-postgres`.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from scrutiny.cli import main
from scrutiny.inspections.models import Finding, Force
from scrutiny.tracking.services import add_update
from scrutiny.web.storage import media_files, sha256_file
from webtools import ingest_file, make_user


def everything() -> list[dict[str, Any]]:
    """Every row of every table, as Django serialises it (sessions and axes' counts aside)."""
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", "--exclude", "sessions",
                 "--exclude", "contenttypes", "--exclude", "auth.permission", stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], str(r["pk"])))


def files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {name: sha256_file(root / name) for name in media_files(root)}


@pytest.fixture
def populated(transactional_db: Any) -> None:
    from scrutiny.inspections.forcelist import load_forces

    load_forces(Force)
    alice = make_user("alice", "Norfolk Constabulary")
    peel = ingest_file("001", alice).inspection
    ingest_file("004", alice)
    finding = peel.findings.first()
    add_update(finding, alice, note="Audit done", on=date(2025, 6, 1),
               evidence=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 the audit " * 100))
    ingest_file("002", alice, accept=False)  # one still waiting for review


def test_backup_wipe_restore_gives_back_every_record_and_file(populated, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    before_rows, before_files = everything(), files()
    assert len(before_files) == 4 and Finding.objects.count() > 10
    target = tmp_path / "backups" / "monday"
    assert main(["backup", str(target)]) == 0
    assert "stored files" in capsys.readouterr().out
    manifest = json.loads((target / "manifest.json").read_text())
    assert {n for n in manifest["files"] if n.startswith("media/")} == {
        f"media/{n}" for n in before_files}
    # A second backup to the same folder is refused, leaving the first alone.
    assert main(["backup", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err

    # Wipe: every table emptied, every file gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Finding.objects.count() == 0 and not files()

    # Without --yes nothing happens.
    assert main(["restore", str(target)]) == 2
    assert "--yes" in capsys.readouterr().err and Finding.objects.count() == 0
    assert main(["restore", str(target), "--yes"]) == 0
    assert everything() == before_rows
    assert files() == before_files
    assert main(["sanity"]) == 0


def test_a_damaged_backup_is_refused_and_changes_nothing(populated, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "b"
    assert main(["backup", str(target)]) == 0
    evidence = next((target / "media" / "evidence").rglob("*.pdf"))
    evidence.write_bytes(b"tampered")
    before_rows, before_files = everything(), files()
    Finding.objects.update(owner="Changed after the backup")
    before_rows = everything()
    assert main(["restore", str(target), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "changed media/evidence/" in err
    assert everything() == before_rows and files() == before_files
    assert main(["restore", str(tmp_path / "nothing-here"), "--yes"]) == 2
    assert "not a Scrutiny backup" in capsys.readouterr().err
