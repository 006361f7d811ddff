"""Load test: 50 users at once against `scrutiny serve` (gunicorn and the reading worker).

Loopback only, bounded in users, rounds and time.  Each user signs in, then for ROUNDS
rounds either reads a page (dashboard, registers, a finding, an inspection: 70%) or
records a dated update on a finding (30%); one user also uploads a report and waits for
the worker to read it.  Afterwards every update the server acknowledged (a redirect after
the POST) is looked for in the database.

    python bench/load.py                       # SQLite, a fresh data folder
    scripts/with-postgres python bench/load.py  # PostgreSQL (DATABASE_URL set by the script)

Passes (exit 0) with zero errors and zero lost acknowledged writes; prints p50/p95.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = Path(os.environ.get("SCRUTINY_SHARED", ROOT.parent / "shared")) / "corpus" / "documents"
USERS = int(os.environ.get("LOAD_USERS", "50"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "20"))
DEADLINE = float(os.environ.get("LOAD_SECONDS", "600"))
PASSWORD = "load-test-passphrase-7"

SEED = """
from django.contrib.auth.models import User
from scrutiny.accounts.models import Membership
from scrutiny.inspections.models import Finding, Force
force = Force.objects.get(name="Norfolk Constabulary")
for n in range({users}):
    user = User.objects.create_user(f"load{{n:02d}}", f"load{{n}}@example.invalid", "{password}")
    Membership.objects.create(user=user, force=force, role="editor")
ids = list(Finding.objects.filter(inspection__force=force).values_list("id", flat=True))
inspections = sorted({{f.inspection_id for f in Finding.objects.filter(id__in=ids)}})
print(json.dumps({{"findings": ids, "inspections": inspections}}))
"""

CHECK = """
from scrutiny.tracking.models import Update
from scrutiny.inspections.models import ReadingJob
notes = set(Update.objects.filter(note__startswith="load-").values_list("note", flat=True))
jobs = list(ReadingJob.objects.values_list("status", flat=True))
print(json.dumps({"notes": sorted(notes), "jobs": jobs}))
"""


def django_script(code: str, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    program = ("import json, django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
               "'scrutiny.web.settings')\ndjango.setup()\n" + code)
    out = subprocess.run([sys.executable, "-c", program], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class User:
    def __init__(self, base: str, name: str) -> None:
        self.base, self.name = base, name
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path: str, data: bytes | None = None,
                content_type: str = "application/x-www-form-urlencoded") -> tuple[int, bytes, float]:
        req = urllib.request.Request(self.base + path, data=data)
        if data is not None:
            req.add_header("Content-Type", content_type)
            req.add_header("Referer", self.base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as r:
                body, status = r.read(), r.status
        except urllib.error.HTTPError as e:
            body, status = e.read(), e.code
        return status, body, (time.perf_counter() - start) * 1000

    def sign_in(self) -> None:
        self.request("/login/")
        form = urllib.parse.urlencode({"username": self.name, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        status, _, _ = self.request("/login/", form)
        if status != 302:
            raise RuntimeError(f"{self.name} could not sign in ({status})")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="scrutiny-load-"))
    env = dict(os.environ, SCRUTINY_DATA_DIR=str(data_dir),
               SCRUTINY_ALLOWED_HOSTS="127.0.0.1", PYTHONUNBUFFERED="1")
    engine = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    subprocess.run([str(BIN / "scrutiny"), "demo", "--corpus", str(CORPUS)], env=env, check=True,
                   capture_output=True)
    seeded = django_script(SEED.format(users=USERS, password=PASSWORD), env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "scrutiny"), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    reads: list[float] = []
    writes: list[float] = []
    errors: list[str] = []
    acknowledged: set[str] = set()
    lock = threading.Lock()
    started = time.monotonic()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")

        def user_run(n: int) -> None:
            rng = random.Random(n)
            user = User(base, f"load{n:02d}")
            try:
                user.sign_in()
                if n == 0:
                    report = next(CORPUS.glob("004_*")).read_bytes().replace(b"2019", b"2020")
                    body, kind = multipart({"csrfmiddlewaretoken": user.csrf()}, "documents",
                                           "load-report.txt", report)
                    status, _, ms = user.request("/ingest/", body, kind)
                    with lock:
                        (writes if status == 302 else errors).append(
                            ms if status == 302 else f"upload: {status}")
                for i in range(ROUNDS):
                    if time.monotonic() - started > DEADLINE:
                        return
                    if rng.random() < 0.3:
                        finding = rng.choice(seeded["findings"])
                        note = f"load-{n:02d}-{i:03d}"
                        form = urllib.parse.urlencode({
                            "update-note": note, "update-date": "2025-06-01",
                            "csrfmiddlewaretoken": user.csrf()}).encode()
                        status, body, ms = user.request(f"/findings/{finding}/updates/", form)
                        with lock:
                            if status == 302:
                                writes.append(ms)
                                acknowledged.add(note)
                            else:
                                errors.append(f"write {finding}: {status} {body[:200]!r}")
                    else:
                        path = rng.choice([
                            "/", "/findings/", "/actions/", "/findings/?sort=-next_due&overdue=1",
                            f"/findings/{rng.choice(seeded['findings'])}/",
                            f"/inspections/{rng.choice(seeded['inspections'])}/"])
                        status, body, ms = user.request(path)
                        with lock:
                            (reads if status == 200 else errors).append(
                                ms if status == 200 else f"read {path}: {status}")
            except Exception as exc:  # a dropped connection, a timeout: an error of the run
                with lock:
                    errors.append(f"{user.name}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=user_run, args=(n,)) for n in range(USERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # The upload is read by the worker that serve started.
        for _ in range(300):
            if "queued" not in django_script(CHECK, env)["jobs"] and \
                    "running" not in django_script(CHECK, env)["jobs"]:
                break
            time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    elapsed = time.monotonic() - started
    stored = django_script(CHECK, env)
    lost = sorted(acknowledged - set(stored["notes"]))
    jobs_read = stored["jobs"].count("done")

    def pct(values: list[float], p: float) -> float:
        return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) >= 2 else 0.0

    print(f"Load test on {engine}: {USERS} users x {ROUNDS} rounds in {elapsed:.1f} s "
          f"(scrutiny serve: gunicorn 2 workers x 4 threads, and the reading worker)")
    print(f"  reads  {len(reads):5d}  p50 {pct(reads, 50):7.1f} ms  p95 {pct(reads, 95):7.1f} ms")
    print(f"  writes {len(writes):5d}  p50 {pct(writes, 50):7.1f} ms  p95 {pct(writes, 95):7.1f} ms")
    print(f"  errors {len(errors)}; acknowledged writes lost {len(lost)}; "
          f"uploads read by the worker {jobs_read}/{len(stored['jobs'])}")
    for e in errors[:10]:
        print("   ", e)
    ok = not errors and not lost and jobs_read == len(stored["jobs"]) == 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
