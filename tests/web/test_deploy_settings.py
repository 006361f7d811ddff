"""Production settings come from the environment, and Django's deployment check is clean
with the documented production variables."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "SCRUTINY_HTTPS": "true", "SCRUTINY_PROXY_SSL_HEADER": "true", "SCRUTINY_HSTS_PRELOAD": "true",
    "SCRUTINY_ALLOWED_HOSTS": "scrutiny.example.org",
    "SCRUTINY_SECRET_KEY": "k3y-" + "Zq8#Lm2!Vr5@Tn9$Wx4%Yb7^Cd1&Fg6*Hj0" * 2,
    "SCRUTINY_DEBUG": "false",
}


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # The test run's own settings (and the browser tests' async switch) are not production's.
    full = {**{k: v for k, v in os.environ.items()
               if not k.startswith(("SCRUTINY_", "DATABASE_", "DJANGO_"))},
            "SCRUTINY_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-m", "scrutiny", "manage", *args], env=full,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_production_variables(tmp_path: Path) -> None:
    r = _run(tmp_path, PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout
    # Without them the same check names what is missing.
    r = _run(tmp_path, {}, "check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode != 0 and "W004" in r.stderr + r.stdout


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    r = _run(tmp_path, {"SCRUTINY_SECRET_KEY": "short"}, "check")
    assert r.returncode != 0 and "at least 50 characters" in r.stderr


def test_the_data_folder_and_uploads_are_private(tmp_path: Path) -> None:
    r = _run(tmp_path, {}, "check")
    assert r.returncode == 0, r.stderr
    mode = stat.S_IMODE((tmp_path / "data").stat().st_mode)
    assert mode == 0o700
    from django.conf import settings

    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
    assert "testserver" not in os.environ.get("SCRUTINY_ALLOWED_HOSTS", "localhost")
