"""The pages a failed build publishes, in a real browser: the holding page of make build,
and a safe build's stand-in for a hand-written page that has an error.

They are page types of the site like any other (threat A4): clean, accessible, readable
on a phone, in both colour schemes, with nothing loaded from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DESKTOP, MOBILE, SCREENSHOTS, _screenshots, same_origin, violations

from sitebuild import REPO, copy_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def holding_url() -> Iterator[str]:
    with _screenshots.serve(REPO / "tools" / "holding_page") as url:
        yield url


@pytest.fixture(scope="module")
def safe_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A safe build of the sample site whose "How we collect stories" page has an error."""
    project = copy_project(tmp_path_factory.mktemp("safe") / "project")
    page = project.root / "docs" / "how-we-collect-stories.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- storysite:figurez -->\n", encoding="utf-8")
    built = project.build(strict=False, extra_env={"STORYSITE_SAFE_MODE": "1"})
    assert built.returncode == 0, built.output
    with _screenshots.serve(built.site) as url:
        yield url


def check(visit, site: str, address: str, name: str, viewport: str) -> None:
    visit.page.goto(site + address, wait_until="networkidle")
    assert visit.problems() == []  # a style refused by its own policy would be reported here
    assert [request for request in visit.requests if not same_origin(request, site)] == []
    assert visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert violations(visit.page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_the_holding_page(open_tab, holding_url: str, viewport: str, scheme: str) -> None:
    visit = open_tab(MOBILE if viewport == "mobile" else DESKTOP, scheme)
    check(visit, holding_url, "", f"holding-page-{scheme}", viewport)
    assert visit.page.locator("h1").inner_text() == "This site is being updated"
    # Its policy lets its own style apply: the dark scheme really is dark.
    background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(22, 22, 22)" if scheme == "dark" else "rgb(255, 255, 255)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_a_safe_builds_stand_in_page(open_tab, safe_site_url: str, viewport: str, scheme: str) -> None:
    visit = open_tab(MOBILE if viewport == "mobile" else DESKTOP, scheme)
    check(visit, safe_site_url, "how-we-collect-stories/", f"page-left-out-{scheme}", viewport)
    assert visit.page.locator("article h1").inner_text() == "This page is being updated"
