"""Browser fixtures: the sample site served on 127.0.0.1, and Debian's Chromium through Playwright.

Playwright's own browser download does not work offline, so the tests drive
``/usr/bin/chromium`` (``make test`` installs Debian's package when it is missing).
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, sync_playwright

from factories import story_yaml
from photo_fixtures import jpeg_with_everything
from sitebuild import REPO, copy_project
from tool_scripts import load_tool

CHROMIUM = "/usr/bin/chromium"
# The screenshot tool's flags (Chromium must not call home: the network is closed), plus
# what running as root in a container needs.
_screenshots = load_tool("story_screenshots")
CHROMIUM_ARGS = [*_screenshots.CHROMIUM_ARGS, "--no-sandbox", "--disable-gpu"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Every page type the site publishes, by a name used in test ids and screenshots' file
# names, at its address in the paged test site (paged_site_url; the sample site has all but
# the further pages).
PAGE_TYPES = {
    "home": "",
    "stories": "stories/",
    "stories-page-2": "stories/page/2/",
    "story": "stories/obadia-lowiya-steven/",
    "anonymous-story": "stories/afghanistan-graduate-1/",
    "impact": "impact/",
    "country": "countries/nigeria/",
    "country-page-2": "countries/south-sudan/page/2/",
    "theme": "themes/early-marriage/",
    "theme-page-2": "themes/girls-education/page/2/",
    "how-we-collect-stories": "how-we-collect-stories/",
    "not-found": "404.html",
}


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The built sample site, served over HTTP on a free loopback port."""
    with _screenshots.serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def paged_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site and 30 more stories from South Sudan about girls' education (31 of
    its 34 stories, 24 cards a page: every list has a second page), served on 127.0.0.1.
    The newest of them, first on every list, has a photo."""
    project = copy_project(tmp_path_factory.mktemp("paged") / "project")
    (project.root / "stories" / "photos").mkdir(exist_ok=True)
    (project.root / "stories" / "photos" / "class.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(1200, 900)))
    photo = {"file": "photos/class.jpg", "alt": "A man sits outside a classroom", "credit": "Test Photographer"}
    for index in range(30):
        day = (dt.date(2024, 5, 1) + dt.timedelta(days=index)).isoformat()
        story = story_yaml(collected=day, published=day, **({"photo": photo} if index == 29 else {}))
        project.write(f"stories/obadia-lowiya-steven-{index + 1}.yml", story)
    built = project.build()
    assert built.returncode == 0, built.output
    with _screenshots.serve(built.site) as url:
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


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 AA and all below it
_AXE = Axe()


def violations(page: Page) -> list[str]:
    """axe's WCAG 2.2 AA violations on ``page``, one line per element (empty when none)."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def as_without_javascript(html: str) -> str:
    """``html`` as a browser with JavaScript off shows it, for a tab that can still run axe
    (axe is a script: in a tab with JavaScript off it never returns): no script elements,
    and the content of every ``<noscript>`` in its place."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        script.decompose()
    for noscript in soup.find_all("noscript"):
        noscript.unwrap()
    return str(soup)


def violations_without_javascript(visit: Visit, url: str) -> list[str]:
    """axe's violations on ``url`` as it reads with JavaScript off, in ``visit``'s tab (which
    must allow scripts, for axe): the page's HTML is served to it without its scripts."""
    with urllib.request.urlopen(url, timeout=30) as response:  # the local test server
        html = as_without_javascript(response.read().decode("utf-8"))
    visit.page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    visit.page.goto(url, wait_until="networkidle")
    return violations(visit.page)


def same_origin(request_url: str, site_url: str) -> bool:
    """True for requests to the served site itself (and in-page data: URLs)."""
    return request_url.startswith(site_url) or request_url.startswith("data:")


__all__ = ["DESKTOP", "MOBILE", "PAGE_TYPES", "SCREENSHOTS", "WCAG_TAGS", "Request", "Visit", "same_origin", "violations", "violations_without_javascript"]
