"""Browser fixtures: the sample site served on 127.0.0.1, and Debian's Chromium through Playwright.

Playwright's own browser download does not work offline, so the tests drive
``/usr/bin/chromium`` (``make test`` installs Debian's package when it is missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, sync_playwright

from sitebuild import REPO
from tool_scripts import load_tool

CHROMIUM = "/usr/bin/chromium"
# The screenshot tool's flags (Chromium must not call home: the network is closed), plus
# what running as root in a container needs.
_screenshots = load_tool("story_screenshots")
CHROMIUM_ARGS = [*_screenshots.CHROMIUM_ARGS, "--no-sandbox", "--disable-gpu"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The built sample site, served over HTTP on a free loopback port."""
    with _screenshots.serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), "Debian's chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser tab with everything it reported: console messages, errors and requests."""

    page: Page
    console: list[ConsoleMessage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors and warnings (CSP violations are reported as errors) and page errors."""
        return [f"{m.type}: {m.text}" for m in self.console if m.type in ("error", "warning")] + self.errors


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[callable]:
    """Open a tab with a viewport, colour scheme and JavaScript setting; closed after the test."""
    contexts: list[BrowserContext] = []

    def open_(viewport: dict[str, int] = DESKTOP, scheme: str = "light", javascript: bool = True) -> Visit:
        context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript)
        contexts.append(context)
        visit = Visit(context.new_page())
        visit.page.on("console", lambda message: visit.console.append(message))
        visit.page.on("pageerror", lambda error: visit.errors.append(f"pageerror: {error}"))
        visit.page.on("request", lambda request: visit.requests.append(request.url))
        return visit

    yield open_
    for context in contexts:
        context.close()


def same_origin(request_url: str, site_url: str) -> bool:
    """True for requests to the served site itself (and in-page data: URLs)."""
    return request_url.startswith(site_url) or request_url.startswith("data:")


__all__ = ["DESKTOP", "MOBILE", "SCREENSHOTS", "Request", "Visit", "same_origin"]
