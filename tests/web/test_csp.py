"""A strict Content-Security-Policy on every page, and no page that needs it relaxed."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from scrutiny.web.csp import HEADER
from webtools import CUSTODY_REPORT, client_for, record_report

SRC = Path(__file__).resolve().parents[2] / "src" / "scrutiny"
# Stand-alone documents carry their stylesheet inside (allowed by hash on their own response).
STANDALONE = {"responses/document.html", "tracking/pack_document.html",
              "tracking/panel_document.html"}
INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.I)


def test_no_template_has_an_inline_script_style_or_handler() -> None:
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        name = str(path).split("/templates/", 1)[1]
        if name in STANDALONE:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{name}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def test_every_page_carries_the_policy(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    for url in ["/", "/findings/", norfolk_peel.get_absolute_url(), "/calendar/"]:
        r = c.get(url)
        policy = r[HEADER]
        assert "script-src 'self';" in policy and "style-src 'self';" in policy, url
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert not INLINE.search(r.content.decode()), url
    assert HEADER in Client().get("/public/")


def test_a_standalone_document_may_use_only_its_own_stylesheet(alice) -> None:  # type: ignore[no-untyped-def]
    import base64
    import hashlib

    inspection = record_report(CUSTODY_REPORT, alice)
    r = client_for(alice).get(f"/inspections/{inspection.pk}/response/document.html")
    css = re.search(r"<style>(.*?)</style>", r.content.decode(), re.S)
    assert css is not None
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}';" in r[HEADER]
    assert "unsafe-inline" not in r[HEADER]
