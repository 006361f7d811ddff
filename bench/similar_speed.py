"""Similar-findings look-up at national scale: 43 forces, 2,000 inspections, 50,000 findings.

For 300 findings picked at random, the earlier findings of the same force most like each
(inspections.similar.similar), timed one by one.  The first look-up for a force builds its
term vectors (kept until a finding of the force changes); the table reports those "cold"
look-ups apart from the rest, and the finding page's whole server time (which includes the
look-up) too.  Target: p95 under 100 ms.

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
    result = {
        "database": vendor, "sizes": sizes,
        "lookup_warm_p50_ms": statistics.median(warm), "lookup_warm_p95_ms": pct(warm, 95),
        "lookup_all_p95_ms": pct(cold + warm, 95),
        "lookup_cold_median_ms": statistics.median(cold), "cold_lookups": len(cold),
        "finding_page_p50_ms": statistics.median(pages), "finding_page_p95_ms": pct(pages, 95),
    }
    print(json.dumps(result, indent=1))
    OUT.mkdir(exist_ok=True)
    (OUT / f"similar_speed_{vendor}.json").write_text(json.dumps(result, indent=2))
    return 0 if result["lookup_all_p95_ms"] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
