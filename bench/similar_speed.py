"""Similar-findings look-up at national scale: 43 forces, 2,000 inspections, 50,000 findings.

For 300 findings picked at random, the earlier findings of the same force most like each
(inspections.similar.similar), timed one by one.  The first look-up for a force builds its
term vectors (kept until a finding of the force changes); the table reports those "cold"
look-ups apart from the rest, and the finding page's whole server time (which includes the
look-up) too.  Target: p95 under 100 ms.

Then, for each force, one finding changes and the next look-up is timed (the terms of
unchanged findings are reused), against building the same forces' vectors from nothing
(the baseline: the ratio is measured in this one run); and the grade comparison page of
each force, over the data set's PEEL grades.

    python bench/similar_speed.py                       # SQLite
    scripts/with-postgres python bench/similar_speed.py  # PostgreSQL
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from web_speed import OUT, fill, setup  # noqa: E402


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def main() -> int:
    vendor = setup(os.environ.get("DATABASE_URL"))
    sizes = fill(2000, 25)
    from django.test import Client

    from scrutiny.inspections.models import Finding
    from scrutiny.inspections.similar import similar

    rng = random.Random(3)
    picked = rng.sample(list(Finding.objects.values_list("pk", "inspection__force_id")), 300)
    cold, warm, seen = [], [], set()
    for pk, force_id in picked:
        t = time.perf_counter()
        similar(pk, force_id)
        ms = (time.perf_counter() - t) * 1000
        (warm if force_id in seen else cold).append(ms)
        seen.add(force_id)
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("bench-similar", "s@example.invalid", "bench-password-1")
    client = Client()
    client.force_login(admin)
    pages = []
    for pk, _ in picked[:100]:
        t = time.perf_counter()
        assert client.get(f"/findings/{pk}/").status_code == 200
        pages.append((time.perf_counter() - t) * 1000)
    # One finding of each force changes (its status); the next look-up weighs the force's
    # findings again but takes the unchanged ones' terms from the vectors kept.
    from django.utils import timezone

    from scrutiny.inspections.models import Force
    from scrutiny.inspections.similar import _CACHE

    changed, rebuilt = [], []
    for pk, force_id in picked:
        if force_id in {f for _, f in changed}:
            continue
        finding = Finding.objects.get(pk=pk)
        finding.status = "closed" if finding.status != "closed" else "open"
        finding.updated_at = timezone.now()  # as the services do on every change
        finding.save(update_fields=["status", "updated_at"])
        t = time.perf_counter()
        similar(pk, force_id)
        rebuilt.append((time.perf_counter() - t) * 1000)
        changed.append((pk, force_id))
    # The same forces built from nothing (the cache emptied), for the ratio.
    _CACHE.clear()
    scratch = []
    for pk, force_id in changed:
        t = time.perf_counter()
        similar(pk, force_id)
        scratch.append((time.perf_counter() - t) * 1000)
    # Grade comparison pages: each force against every force's PEEL grades.
    comparison = []
    for slug in Force.objects.filter(territorial=True).values_list("slug", flat=True)[:43]:
        t = time.perf_counter()
        assert client.get(f"/forces/{slug}/grades/").status_code == 200
        comparison.append((time.perf_counter() - t) * 1000)
    result = {
        "database": vendor, "sizes": sizes,
        "lookup_warm_p50_ms": statistics.median(warm), "lookup_warm_p95_ms": pct(warm, 95),
        "lookup_all_p95_ms": pct(cold + warm, 95),
        "lookup_cold_median_ms": statistics.median(cold), "cold_lookups": len(cold),
        "finding_page_p50_ms": statistics.median(pages), "finding_page_p95_ms": pct(pages, 95),
        "after_a_change_median_ms": statistics.median(rebuilt),
        "from_nothing_median_ms": statistics.median(scratch),
        "after_a_change_vs_from_nothing": statistics.median(rebuilt) / statistics.median(scratch),
        "grade_comparison_page_p50_ms": statistics.median(comparison),
        "grade_comparison_page_p95_ms": pct(comparison, 95),
    }
    print(json.dumps(result, indent=1))
    OUT.mkdir(exist_ok=True)
    (OUT / f"similar_speed_{vendor}.json").write_text(json.dumps(result, indent=2))
    return 0 if result["lookup_all_p95_ms"] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
