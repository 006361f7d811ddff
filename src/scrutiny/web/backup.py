"""`scrutiny backup PATH` and `scrutiny restore PATH`: the database and every stored file.

A backup is a folder:

    manifest.json      what was backed up, when, from which database, and the SHA-256 and
                       size of every file in the folder
    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API,
                       safe while the app is serving
    database.pgdump    PostgreSQL: pg_dump's custom format (one consistent snapshot)
    media/...          the stored reports and evidence, as they are under MEDIA_ROOT

Restoring checks every checksum first and changes nothing if one fails; it then replaces
the database and the stored files.  A backup is restored into the same kind of database
it was taken from.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .storage import sha256_file

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return found


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[:500]}")


def _dump_database(folder: Path) -> str:
    if _engine() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return "database.sqlite3"
    args, env = _pg_env()
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file",
          str(folder / "database.pgdump"), *args], env)
    return "database.pgdump"


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def backup(path: Path) -> dict[str, Any]:
    """Write a backup folder at ``path`` (which must not exist yet); return its manifest."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; give a new folder name")
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=path.parent))
    try:
        work.chmod(0o700)
        database = _dump_database(work)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            shutil.copytree(media_root, work / "media")
        else:
            (work / "media").mkdir()
        files = {}
        for file in sorted(p for p in work.rglob("*") if p.is_file()):
            rel = file.relative_to(work).as_posix()
            files[rel] = {"sha256": sha256_file(file), "size": file.stat().st_size}
        manifest = {"format": FORMAT, "made_at": timezone.now().isoformat(),
                    "engine": _engine(), "database": database,
                    "migrations": _applied_migrations(), "files": files}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        work.rename(path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def verify(path: Path) -> dict[str, Any]:
    """The backup's manifest, once every file in it is present and matches its checksum."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a Scrutiny backup (no readable manifest.json)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of an unknown format")
    bad = []
    for rel, expected in manifest["files"].items():
        file = path / rel
        if not file.is_file():
            bad.append(f"missing {rel}")
        elif sha256_file(file) != expected["sha256"]:
            bad.append(f"changed {rel}")
    if bad:
        raise BackupError("The backup is damaged, so nothing was restored: " + "; ".join(bad[:10]))
    return manifest


def _restore_database(path: Path, manifest: dict[str, Any]) -> None:
    if manifest["engine"] != _engine():
        raise BackupError(f"This is a {manifest['engine']} backup; the app is using "
                          f"{_engine()}. Restore it into the same kind of database.")
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path / manifest["database"])
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    args, env = _pg_env()
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", *args, str(path / manifest["database"])], env)


def _restore_media(path: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    shutil.rmtree(incoming)
    shutil.copytree(path / "media", incoming)
    old = media_root.with_name(media_root.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        media_root.rename(old)
    incoming.rename(media_root)
    media_root.chmod(0o700)
    shutil.rmtree(old, ignore_errors=True)


def restore(path: Path) -> dict[str, Any]:
    """Replace the database and the stored files with the backup's, once it checks out."""
    manifest = verify(Path(path))
    _restore_database(Path(path), manifest)
    _restore_media(Path(path))
    return manifest
