"""Command-line verbs that need the web app: serve, ingest, demo, manage."""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from pathlib import Path
from typing import Any


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["scrutiny manage", *args.rest])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """gunicorn on the address, and the worker that reads uploads; both stop together."""
    import signal
    import subprocess
    import time

    setup_django()
    migrate()
    bind = f"{args.host}:{args.port}"
    print(f"Scrutiny is serving on http://{bind}/ (press Ctrl+C to stop)", flush=True)
    server = [sys.executable, "-m", "gunicorn", "scrutiny.web.wsgi:application", "--bind", bind,
              "--workers", str(args.workers), "--threads", "4", "--access-logfile", "-",
              "--log-level", "warning", "--graceful-timeout", "10"]
    reader = [sys.executable, "-m", "scrutiny", "worker"]
    children = [subprocess.Popen(reader), subprocess.Popen(server)]
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while (code := children[1].poll()) is None:
            if children[0].poll() is not None and not stopping:
                print("scrutiny: the reading worker stopped; starting it again", file=sys.stderr)
                children[0] = subprocess.Popen(reader)
            time.sleep(1)
    finally:
        stop(signal.SIGTERM, None)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    return code


def cmd_worker(args: argparse.Namespace) -> int:
    """Read queued uploads, one at a time, until stopped (``scrutiny serve`` starts one)."""
    import signal

    setup_django()
    from scrutiny.inspections.jobs import run_queued, work_forever

    if args.once:
        done = run_queued()
        print(f"Read {done} queued file{'s' if done != 1 else ''}")
        return 0

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    with contextlib.suppress(KeyboardInterrupt):
        work_forever()
    return 0


def _force(name: str | None) -> Any:
    from scrutiny.extraction.forces import resolve_force
    from scrutiny.inspections.models import Force

    if not name:
        return None
    canonical = resolve_force(name) or name
    return Force.objects.filter(name=canonical).first()


def accept_as_extracted(document: Any, user: Any) -> Any:
    """Accept a document's extraction without edits (for loading past documents in bulk)."""
    from scrutiny.inspections.services import accept_document, drafts_from_extraction

    return accept_document(document, *drafts_from_extraction(document), user)


def cmd_ingest(args: argparse.Namespace) -> int:
    from scrutiny.cli import Progress, expand_paths

    setup_django()
    migrate()
    from django.contrib.auth.models import AnonymousUser

    from scrutiny.extraction import UnreadableFile, read_and_extract
    from scrutiny.inspections.ingest import ingest

    files, problems = expand_paths(args.paths)
    for raw, reason in problems:
        print(f"scrutiny: {raw}: {reason}", file=sys.stderr)
    default_force = _force(args.force)
    if args.force and default_force is None:
        print(f"scrutiny: no force called {args.force!r}", file=sys.stderr)
        return 2
    bar = Progress(len(files), sys.stderr, force=args.progress) if len(files) > 1 else None
    failed = len(problems)
    user = AnonymousUser()
    for n, path in enumerate(files, start=1):
        data = path.read_bytes() if path.is_file() else b""
        force = default_force
        read = None
        unreadable = ""
        if force is None:  # the force the document names: extract once, reuse below
            try:
                read = read_and_extract(data, path.name)
                names = read[1]["document"]["forces"]  # type: ignore[index]
            except UnreadableFile as exc:
                names, unreadable = [], exc.reason
            force = _force(names[0]) if names else None
        problem = False
        if force is None:
            problem = True
            message = (f"scrutiny: {path}: the file {unreadable}" if unreadable else
                       f"scrutiny: {path}: no force is named in the document; give one with --force")
        else:
            outcome = ingest(data, path.name, force, user, read=read)
            message = outcome.message
            if outcome.ok and args.accept and outcome.document is not None:
                inspection = accept_as_extracted(outcome.document, user)
                message += f" Accepted into “{inspection}”."
            elif not outcome.ok and outcome.code != "duplicate":
                problem = True
                message = f"scrutiny: {message}"
        failed += problem
        if bar:
            bar.clear()
        print(message, file=sys.stderr if problem else sys.stdout)
        if bar:
            bar.update(n, path.name)
    if bar:
        bar.finish()
    return 2 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Prepare the database, a demo administrator and the example corpus."""
    setup_django()
    migrate()
    from django.contrib.auth import get_user_model

    from scrutiny.accounts.models import Membership
    from scrutiny.inspections.models import Force
    from scrutiny.tracking.models import Board

    User = get_user_model()
    norfolk = Force.objects.get(name="Norfolk Constabulary")
    if not User.objects.filter(username="admin").exists():
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser("admin", "admin@example.invalid", password)
        Membership.objects.create(user=user, force=norfolk, role=Membership.Role.ADMINISTRATOR)
        print("Demo administrator created. Sign in with:")
        print("    user name: admin")
        print(f"    password:  {password}")
        print("This password is shown once; change it from the admin pages.")
    else:
        print("Demo administrator 'admin' already exists (its password was shown when created).")
    for name in ("Norfolk and Suffolk Joint Investigations Board", "Norfolk Accountability Board"):
        Board.objects.get_or_create(force=norfolk, name=name)
    corpus = Path(args.corpus)
    if corpus.is_dir():
        ns = argparse.Namespace(paths=[str(corpus)], force=None, accept=True, progress=False)
        cmd_ingest(ns)
    else:
        print(f"Example corpus not found at {corpus}; skipping it.")
    return 0


def _relative(html: str, depth: int) -> str:
    up = "../" * depth
    return (html.replace('"/public/"', f'"{up}index.html"').replace('"/public/', f'"{up}')
            .replace('"/static/', f'"{up}static/'))


def cmd_publish(args: argparse.Namespace) -> int:
    """Write the public area as static files for an office's own website."""
    setup_django()
    migrate()
    from django.contrib.staticfiles import finders
    from django.test import Client

    from scrutiny.inspections.models import Force
    from scrutiny.responses.public import published_versions

    out = Path(args.out)
    base = args.base_url.rstrip("/")
    client = Client(SERVER_NAME="localhost")
    pages: list[tuple[str, str]] = [("/public/", "index.html"), ("/public/feed.atom", "feed.atom")]
    versions = list(published_versions())
    for force in Force.objects.filter(pk__in={v.response.inspection.force_id for v in versions}):
        pages.append((f"/public/forces/{force.slug}/", f"forces/{force.slug}/index.html"))
    for v in versions:
        pages.append((f"/public/responses/{v.pk}/", f"responses/{v.pk}/index.html"))
        for fmt in ("html", "pdf", "docx"):
            pages.append((f"/public/responses/{v.pk}/response.{fmt}",
                          f"responses/{v.pk}/response.{fmt}"))
    for url, name in pages:
        response = client.get(url)
        if response.status_code != 200:
            print(f"scrutiny: {url}: {response.status_code}", file=sys.stderr)
            return 2
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        body = response.content
        if name.endswith("index.html"):
            body = _relative(body.decode("utf-8"), name.count("/")).encode("utf-8")
        elif name.endswith(".atom"):
            body = body.replace(b"http://localhost/public", base.encode())
        target.write_bytes(body)
    for asset in ("scrutiny/app.css", "scrutiny/favicon.svg"):
        found = finders.find(asset)
        if found:
            target = out / "static" / asset
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(Path(found).read_bytes())
    print(f"Wrote {len(pages)} files for {len(versions)} published response"
          f"{'s' if len(versions) != 1 else ''} to {out}")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    """Send the day's deadline reminders by e-mail (run daily by cron)."""
    from datetime import date

    setup_django()
    from scrutiny.responses.calendar import send_reminders

    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        print(f"scrutiny: --date must be a date such as 2025-05-21, not {args.date!r}",
              file=sys.stderr)
        return 2
    sent = send_reminders(today, args.base_url.rstrip("/"))
    print(f"Sent {sent} reminder e-mail{'s' if sent != 1 else ''} for {today:%-d %B %Y}")
    return 0


def cmd_sanity(args: argparse.Namespace) -> int:
    """Check that every stored file exists, matches its checksum, and belongs to a record."""
    setup_django()
    from .storage import check_files

    checked, problems = check_files()
    for problem in problems:
        print(problem)
    print(f"Checked {checked} stored file{'s' if checked != 1 else ''}: "
          f"{len(problems) or 'no'} problem{'s' if len(problems) != 1 else ''}")
    return 2 if problems else 0


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from .backup import BackupError, backup

    try:
        manifest = backup(Path(args.path))
    except BackupError as exc:
        print(f"scrutiny: {exc}", file=sys.stderr)
        return 2
    stored = sum(1 for name in manifest["files"] if name.startswith("media/"))
    print(f"Backed up the {manifest['engine']} database and {stored} stored "
          f"file{'s' if stored != 1 else ''} to {args.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    setup_django()
    from .backup import BackupError, restore, verify

    try:
        manifest = verify(Path(args.path))
        if not args.yes:
            print(f"scrutiny: restoring replaces every record and stored file with the backup "
                  f"made at {manifest['made_at']}; stop the server, then run again with --yes",
                  file=sys.stderr)
            return 2
        restore(Path(args.path))
    except BackupError as exc:
        print(f"scrutiny: {exc}", file=sys.stderr)
        return 2
    migrate()  # a backup from an older version is brought up to date
    print(f"Restored the backup made at {manifest['made_at']}")
    return 0


def cmd_relate(args: argparse.Namespace) -> int:
    """Work out again, for every finding: its themes, its earlier twin, its national record."""
    setup_django()
    from scrutiny.inspections.models import Finding
    from scrutiny.inspections.national import link, merge_duplicates
    from scrutiny.inspections.similar import mark_repeats
    from scrutiny.inspections.themes import apply

    findings = list(Finding.objects.select_related("inspection").order_by("id"))
    themed = apply(findings)
    repeats = mark_repeats(findings)
    folded = merge_duplicates()
    linked = link(findings)
    print(f"{len(findings)} findings: {themed} rule themes set (users' choices kept), "
          f"{repeats} newly marked as repeats, {linked} linked to national recommendations"
          + (f" ({folded} duplicate national records folded together)" if folded else ""))
    return 0


def cmd_similar_forces(args: argparse.Namespace) -> int:
    """Load most similar forces for many forces from a TOML file (all or nothing)."""
    setup_django()
    migrate()
    from django.db import transaction

    from scrutiny.inspections.comparison import GroupsError, read_groups, save_group

    path = Path(args.file)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"scrutiny: {path}: cannot read it ({exc.__class__.__name__}: {exc})",
              file=sys.stderr)
        return 2
    try:
        source, groups = read_groups(text)
    except GroupsError as exc:
        print(f"scrutiny: {path}: {exc}; nothing was changed", file=sys.stderr)
        return 2
    with transaction.atomic():
        changed = sum(save_group(force, similar, source, None)
                      for force, similar in groups.items())
    print(f"{len(groups)} force{'s' if len(groups) != 1 else ''} in {path.name}: "
          f"{changed} list{'s' if changed != 1 else ''} changed, {len(groups) - changed} as before")
    return 0


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the web app with a production WSGI server")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="read uploaded files queued by the web app (serve starts one)")
    p.add_argument("--once", action="store_true", help="read what is queued now, then stop")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("ingest", help="read files into the tracker for review (or --accept)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--force", help="the force whose office holds the records "
                                    "(default: the force the document names)")
    p.add_argument("--accept", action="store_true",
                   help="accept the extraction as it is, without review")
    p.add_argument("--progress", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("demo", help="prepare the database, a demo administrator and the examples")
    p.add_argument("--corpus", default=str(Path("..") / "shared" / "corpus" / "documents"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("publish", help="export the public area as static files")
    p.add_argument("--out", required=True, help="folder to write into")
    p.add_argument("--base-url", default="https://www.example.org/responses",
                   help="the address the folder will be published at (for the Atom feed)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("remind", help="e-mail the day's deadline reminders (run by cron)")
    p.add_argument("--date", help="send the reminders of this day (YYYY-MM-DD; default today)")
    p.add_argument("--base-url", default="http://127.0.0.1:8000",
                   help="the app's address, for links in the e-mails")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("sanity", help="check that stored files exist and match their checksums")
    p.set_defaults(func=cmd_sanity)

    p = sub.add_parser("relate", help="work out again every finding's themes, earlier twin and "
                                      "national recommendation (after an upgrade)")
    p.set_defaults(func=cmd_relate)

    p = sub.add_parser("similar-forces", help="load most similar forces for many forces from a "
                                              "TOML file (see docs/similar-forces.md)")
    p.add_argument("file", help="a TOML file: source = \"...\" and a [groups] table")
    p.set_defaults(func=cmd_similar_forces)

    p = sub.add_parser("backup", help="back up the database and every stored file to a folder")
    p.add_argument("path", help="a new folder to write the backup into")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the database and stored files with a backup's")
    p.add_argument("path", help="a folder written by `scrutiny backup`")
    p.add_argument("--yes", action="store_true", help="really replace everything")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
