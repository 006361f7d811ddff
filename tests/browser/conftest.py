"""Browser fixtures: a real headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from browsertools import CHROMIUM_ARGS
from webtools import _media, alice, bob  # noqa: F401

# Playwright's sync API runs an event loop; Django's ORM refuses to run inside one
# unless told it is safe.  This is test configuration only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

@pytest.fixture(autouse=True)
def _forces(transactional_db: Any) -> None:
    """Browser tests run on committed data, flushed after each test: reload the forces."""
    from scrutiny.inspections.forcelist import load_forces
    from scrutiny.inspections.models import Force

    load_forces(Force)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        message = "Chromium is not installed (Debian package chromium); `make test` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    p = context.new_page()
    p.set_default_timeout(15000)
    # Every page is served with a strict Content-Security-Policy: a refusal means a page
    # has an inline script or style (or loads from elsewhere), which is a defect.
    refused: list[str] = []
    p.on("console", lambda m: refused.append(f"{p.url}: {m.text}")
         if m.type == "error" and "Content Security Policy" in m.text else None)
    yield p
    context.close()
    assert not refused, "\n".join(refused)
