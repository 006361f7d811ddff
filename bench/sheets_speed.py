"""Spreadsheets in and out at an office's scale, in one run.

Import: a 20,000-row tracker (XLSX, 200 reports of 100 findings, with statuses, owners,
due dates and updates) read, planned (every row matched or new), committed, then imported
again (every row unchanged).  Export: the findings register of one force holding 50,000
findings, as XLSX and CSV, through the register's own download.  Targets: import under
30 s, export under 10 s.  Peak memory is the process's maximum resident size.

    python bench/sheets_speed.py                       # SQLite
    scripts/with-postgres python bench/sheets_speed.py  # PostgreSQL
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from web_speed import OUT, OWNERS, WORDS, fill, sentence, setup  # noqa: E402

ROWS = 20_000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tracker(rows: int, seed: int = 5) -> bytes:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Tracker")
    ws.append(["Report", "Published", "Type", "Ref", "Recommendation / AFI", "Due date", "Owner",
               "Status", "Latest update", "Date of update"])
    start = date(2019, 1, 1)
    titles = [f"Inspection {r}: {' '.join(rng.sample(WORDS, 3))}" for r in range(rows // 100 + 1)]
    for n in range(rows):
        report = n // 100
        published = start + timedelta(days=report * 9)
        ws.append([titles[report], published,
                   rng.choice(["Recommendation", "AFI"]), str(n % 100 + 1), sentence(rng),
                   published + timedelta(days=rng.randrange(60, 600)), rng.choice(OWNERS),
                   rng.choice(["Open", "Ongoing", "Complete"]), sentence(rng, 8),
                   published + timedelta(days=rng.randrange(1, 60))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> int:
    vendor = setup(os.environ.get("DATABASE_URL"))
    from django.contrib.auth.models import User

    from scrutiny.accounts.models import Membership
    from scrutiny.inspections.models import Finding, Force
    from scrutiny.tracking import importer
    from scrutiny.tracking.sheets import read_sheets

    force = Force.objects.get(name="Norfolk Constabulary")
    user = User.objects.create_user("bench-importer", password="bench-password-1")
    Membership.objects.create(user=user, force=force, role=Membership.Role.EDITOR)
    data = tracker(ROWS)
    results: dict[str, float] = {"xlsx_mb": len(data) / 1e6}
    statuses = {"Open": "open", "Ongoing": "in_progress", "Complete": "closed"}
    types = {"Recommendation": "recommendation", "AFI": "area_for_improvement"}
    for label in ("first", "again"):
        t0 = time.perf_counter()
        sheet = read_sheets(data, "tracker.xlsx")[0]
        t1 = time.perf_counter()
        mapping = importer.suggest_mapping(sheet.header)
        planned = importer.plan(sheet, force, mapping, types, statuses)
        t2 = time.perf_counter()
        outcome = importer.commit(planned, force, user, "tracker.xlsx")
        t3 = time.perf_counter()
        counts = importer.summary(planned)
        print(f"import {label}: read {t1 - t0:.1f} s, plan {t2 - t1:.1f} s, commit {t3 - t2:.1f} s, "
              f"total {t3 - t0:.1f} s; {counts}; {outcome}")
        results[f"import_{label}_s"] = t3 - t0
    results["import_peak_rss_mb"] = rss_mb()
    assert Finding.objects.filter(inspection__force=force).count() == ROWS

    # Export: one force holding 50,000 findings (the generator spreads inspections over
    # forces; the register is asked as a system administrator, who sees them all).
    fill(2000, 25)
    from django.test import Client

    admin = User.objects.create_superuser("bench-admin", "a@example.invalid", "bench-password-1")
    client = Client()
    client.force_login(admin)
    total = Finding.objects.count()
    listed = Finding.objects.exclude(type__in=["innovative_practice", "promising_practice"]).count()
    for fmt in ("xlsx", "csv"):
        t0 = time.perf_counter()
        response = client.get("/findings/", {"format": fmt})
        body = response.content
        elapsed = time.perf_counter() - t0
        rows = body.count(b"\n") if fmt == "csv" else None
        print(f"export {fmt}: the register's {listed:,} findings (of {total:,} stored; practice "
              f"is not tracked) in {elapsed:.1f} s, {len(body) / 1e6:.1f} MB"
              + (f", {rows:,} lines" if rows else ""))
        results[f"export_{fmt}_s"] = elapsed
    results["peak_rss_mb"] = rss_mb()
    results["exported_findings"] = listed
    print(f"peak memory {results['peak_rss_mb']:.0f} MB "
          f"(import alone {results['import_peak_rss_mb']:.0f} MB)")
    OUT.mkdir(exist_ok=True)
    (OUT / f"sheets_speed_{vendor}.json").write_text(json.dumps(results, indent=2))
    ok = results["import_first_s"] < 30 and results["export_xlsx_s"] < 10
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
