"""Content-Security-Policy: every page's scripts and styles come from the site's own files.

No page has an inline script or style, so the policy allows none.  The stand-alone HTML
documents (a response as a web page) carry their stylesheet inside them, to be saved and
opened anywhere; they get a policy that allows exactly that stylesheet, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
BASE = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(style_hashes: Iterable[str] = ()) -> str:
    directives = dict(BASE)
    hashes = " ".join(f"'sha256-{h}'" for h in style_hashes)
    if hashes:
        directives["style-src"] = f"'self' {hashes}"
    return "; ".join(f"{k} {v}" for k, v in directives.items())


STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.S)


def allow_own_styles(response: HttpResponse, html: str) -> None:
    """Let a stand-alone document use the <style> elements it carries, and nothing else."""
    hashes = [base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
              for m in STYLE_ELEMENT.finditer(html)]
    response[HEADER] = policy(hashes)


class ContentSecurityPolicy:
    """Adds the policy to every response that has not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and not request.path.startswith("/admin/"):
            response[HEADER] = self.header
        return response
