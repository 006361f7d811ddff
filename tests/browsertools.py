"""Browser test helpers: screenshots, accessibility checks and signing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=en-GB"]


def shoot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def upload_and_read(page: Any, *paths: Any, shot: str | None = None) -> None:
    """Upload on the page, let Scrutiny's worker read the queue (here, in the test's own
    process and database), and let the job page move on by itself once the file is read."""
    import re

    from scrutiny.inspections.jobs import run_queued

    page.set_input_files("#id_documents", [str(p) for p in paths])
    page.click("button:has-text('Upload and read')")
    if len(paths) == 1:
        page.wait_for_url(re.compile(r".*/ingest/jobs/\d+/$"))
        assert page.locator("text=Waiting to be read").count() == 1
        assert_accessible(page)
        if shot:
            shoot(page, shot)
    else:
        assert page.locator("text=queued to be read").count() == len(paths)
    run_queued()
    if len(paths) == 1:
        page.wait_for_url(re.compile(r".*/ingest/\d+/review/$"))  # app.js moves on by itself
    else:
        page.reload()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    assert_accessible(page)
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


# The outermost elements reaching past the right edge (for the failure message).
WIDE_ELEMENTS = """(width) => { const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right) + 'px');
    }
  }
  return out.slice(0, 8); }"""


def assert_fits(page: Any, name: str, width: int = 360) -> None:
    """At phone width nothing makes the page scroll sideways (wide tables scroll in their box).

    Takes a full-page screenshot at that width, kept with the others.
    """
    page.set_viewport_size({"width": width, "height": 800})
    page.wait_for_timeout(50)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    shoot(page, f"{name}-{width}px")
    if overflow > width:
        wide = page.evaluate(WIDE_ELEMENTS, width)
        raise AssertionError(f"{page.url} is {overflow}px wide at {width}px: {wide}")
    page.set_viewport_size({"width": 1280, "height": 900})
