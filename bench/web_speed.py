"""Benchmark: server time of the main pages on a national-scale data set.

Fills a fresh database with 43 forces, 10 years, about 2,000 inspections and
50,000 findings, each with an action and progress updates, and a section 55 response
record per inspection, then requests the
dashboard, the findings and actions registers (plain, filtered and sorted), the
inspection list, search and finding page as force users (the office staff who use
them), and the register and search across all forces as a system administrator,
and reports p50 and p95 server time and the number of queries per page.  Server
time is the time Django takes to answer a request (routing, database, templates),
measured in-process with the test client so that network and browser time are left
out.

    python bench/web_speed.py                       # SQLite (a fresh file)
    scripts/with-postgres python bench/web_speed.py # PostgreSQL
    make bench-web                                  # both

Target: p95 under 150 ms for each page on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

WORDS = [
    "supervision", "investigation", "safeguarding", "vulnerable", "victims", "domestic",
    "abuse", "call", "handling", "risk", "assessment", "crime", "recording", "stop", "search",
    "custody", "vetting", "counter", "corruption", "workforce", "wellbeing", "demand",
    "analysis", "neighbourhood", "policing", "problem", "solving", "digital", "evidence",
    "case", "files", "charging", "outcomes", "training", "accreditation", "professional",
    "standards", "missing", "children", "exploitation", "fraud", "cybercrime", "performance",
    "governance", "data", "quality",
]
AREAS = ["Investigating crime", "Protecting vulnerable people", "Responding to the public",
         "Preventing crime", "Managing offenders", "Treatment of the public",
         "Developing a positive workplace", "Good use of resources"]
TYPES = ["peel", "thematic", "crime_data_integrity", "joint", "other"]
FINDING_TYPES = (["recommendation"] * 4 + ["area_for_improvement"] * 5 + ["cause_of_concern"]
                 + ["innovative_practice"])
STATUSES = ["open", "in_progress", "proposed_closure", "closed"]
OWNERS = ["DCI Hart", "Supt Rowe", "Ch Insp Moss", "Head of Contact", "Force Crime Registrar", ""]


def sentence(rng: random.Random, n: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return "The force should improve " + " ".join(words) + "."


def setup(database_url: str | None) -> str:
    data_dir = tempfile.mkdtemp(prefix="scrutiny-bench-")
    os.environ["SCRUTINY_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.web.settings")
    os.environ.setdefault("SCRUTINY_ALLOWED_HOSTS", "testserver")  # Django's test client
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # a clean schema on a reused server
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", interactive=False, verbosity=0)
    return str(connection.vendor)


def fill(inspections: int, findings_per: int, seed: int = 7) -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.db import transaction

    from scrutiny.accounts.models import Membership
    from scrutiny.inspections.models import Finding, Force, Grade, Inspection
    from scrutiny.tracking.models import Action, Board, Update

    rng = random.Random(seed)
    forces = list(Force.objects.filter(territorial=True))
    today = date.today()
    with transaction.atomic():
        boards = Board.objects.bulk_create(
            Board(force=f, name=f"{f.name} improvement board") for f in forces)
        board_of = {b.force_id: b for b in boards}
        for f in forces:
            user = User.objects.create_user(f"user-{f.slug}", password="bench-password-1")
            Membership.objects.create(user=user, force=f, role=Membership.Role.EDITOR)
        rows = []
        for n in range(inspections):
            force = forces[n % len(forces)]
            published = today - timedelta(days=rng.randrange(0, 3650))
            rows.append(Inspection(
                force=force, title=f"{rng.choice(['PEEL', 'An inspection of', 'Thematic review of'])} "
                                   f"{' '.join(rng.sample(WORDS, 4))} {published.year}",
                inspection_type=rng.choice(TYPES), published=published,
                section55_due=published + timedelta(days=55), section55_basis="statutory"))
        inspections_made = Inspection.objects.bulk_create(rows, batch_size=1000)
        grades, findings = [], []
        for insp in inspections_made:
            if insp.inspection_type == "peel":
                grades.extend(Grade(inspection=insp, force_id=insp.force_id, area=a,
                                    grade=rng.choice(["good", "adequate", "requires_improvement",
                                                      "outstanding", "inadequate"]))
                              for a in AREAS)
            for k in range(findings_per):
                kind = rng.choice(FINDING_TYPES)
                due = insp.published + timedelta(days=rng.randrange(30, 900)) if insp.published else None
                findings.append(Finding(
                    inspection=insp, type=kind, ref=str(k + 1) if kind == "recommendation" else "",
                    text=sentence(rng), due=due, addressee="the force", area=rng.choice(AREAS),
                    status=rng.choice(STATUSES), position=k, has_progress=True,
                    force_to_act=kind != "innovative_practice", next_due=due,
                    owner=rng.choice(OWNERS), board=board_of[insp.force_id] if k % 3 else None))
        Grade.objects.bulk_create(grades, batch_size=2000)
        made = Finding.objects.bulk_create(findings, batch_size=2000)
        actions, updates = [], []
        for f in made:
            actions.append(Action(finding=f, description=sentence(rng, 10), owner="Chief Inspector",
                                  board=board_of[f.inspection.force_id],
                                  due=f.due, status=rng.choice(["not_started", "in_progress", "complete"])))
        actions = Action.objects.bulk_create(actions, batch_size=2000)
        for a in actions:
            for _ in range(rng.choice([1, 1, 2])):
                updates.append(Update(finding_id=a.finding_id, action=a, note=sentence(rng, 14),
                                      date=today - timedelta(days=rng.randrange(0, 700))))
        Update.objects.bulk_create(updates, batch_size=2000)
        # What tracking.services.refresh_tracking keeps: the latest update's date.
        latest: dict[int, date] = {}
        for u in updates:
            latest[u.finding_id] = max(u.date, latest.get(u.finding_id, u.date))
        for f in made:
            f.last_activity = latest.get(f.pk, today)
        Finding.objects.bulk_update(made, ["last_activity"], batch_size=2000)
        from scrutiny.responses.models import Response

        Response.objects.bulk_create(
            (Response(inspection=i, status=rng.choice([s.value for s in Response.Status]))
             for i in inspections_made), batch_size=2000)
    from django.db import connection

    with connection.cursor() as cur:  # planner statistics, as autovacuum would gather
        cur.execute("ANALYZE")
    return {"forces": len(forces), "inspections": len(inspections_made), "findings": len(made),
            "actions": len(actions), "updates": len(updates), "grades": len(grades)}


def measure(requests_per_page: int, seed: int = 11) -> dict[str, dict[str, float]]:
    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scrutiny.inspections.models import Finding
    from scrutiny.tracking.models import Board

    rng = random.Random(seed)
    users = list(User.objects.filter(username__startswith="user-").select_related("membership"))
    clients = {}
    for u in users:
        c = Client()
        c.force_login(u)
        clients[u.membership.force_id] = c
    force_ids = list(clients)
    admin = User.objects.create_superuser("bench-admin", "a@example.invalid", "bench-password-1")
    admin_client = Client()
    admin_client.force_login(admin)
    finding_ids: dict[int, list[int]] = {}
    for fid, force_id in Finding.objects.values_list("id", "inspection__force_id"):
        finding_ids.setdefault(force_id, []).append(fid)

    boards = dict(Board.objects.values_list("force_id", "id"))
    pages = {
        "dashboard": lambda f: "/",
        "register": lambda f: "/findings/",
        "register, filtered": lambda f: (f"/findings/?overdue=on&board={boards[f]}&sort=-rag"
                                         f"&owner={rng.choice(['hart', 'rowe', 'moss'])}"),
        "register, sorted": lambda f: "/findings/?sort=" + rng.choice(
            ["rag", "-updated", "inspection", "owner", "-due"]) + "&page=" + str(rng.randint(1, 5)),
        "actions register": lambda f: "/actions/?status=open&sort=due",
        "register, all forces": lambda f: "/findings/?status=not_closed&page=" + str(
            rng.randint(1, 50)),
        "inspection list": lambda f: "/inspections/?page=" + str(rng.randint(1, 2)),
        "search": lambda f: "/search/?q=" + rng.choice(WORDS),
        "finding page": lambda f: f"/findings/{rng.choice(finding_ids[f])}/",
        "search, all forces": lambda f: "/search/?q=" + rng.choice(WORDS),
    }
    results = {}
    for name, url_for in pages.items():
        times, queries = [], []
        for i in range(requests_per_page + 5):
            force_id = rng.choice(force_ids)
            url = url_for(force_id)
            reset_queries()  # the query log keeps 9,000 entries; start each request afresh
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                client = admin_client if name.endswith("all forces") else clients[force_id]
                response = client.get(url)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            if i >= 5:  # the first few warm caches
                times.append(elapsed * 1000)
                queries.append(len(ctx.captured_queries))
        times.sort()
        results[name] = {
            "p50_ms": statistics.median(times),
            "p95_ms": times[int(len(times) * 0.95) - 1],
            "max_queries": max(queries),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=2000)
    parser.add_argument("--findings-per-inspection", type=int, default=25)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    vendor = setup(os.environ.get("DATABASE_URL"))
    start = time.perf_counter()
    sizes = fill(args.inspections, args.findings_per_inspection)
    fill_s = time.perf_counter() - start
    print(f"{vendor}: {sizes} (filled in {fill_s:.0f} s)")
    results = measure(args.requests)
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, r in results.items():
        print(f"{name:<22}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_queries']:>9}")
    OUT.mkdir(exist_ok=True)
    (OUT / f"web_speed_{vendor}.json").write_text(json.dumps(
        {"database": vendor, "sizes": sizes, "pages": results}, indent=2))
    return 0 if all(r["p95_ms"] < 150 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
