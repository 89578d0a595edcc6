"""Every page type the site publishes, in a real browser: at 320, 375 and 1280 px, in both
colour schemes, with and without JavaScript, each page loads cleanly (no console error, no
request to anyone else), scrolls only up and down, and axe finds no WCAG 2.2 AA violation.

The site is the sample site and 30 more stories (tests/browser/conftest.py, paged_site_url),
so that every list has a second page. One test per page and scheme visits every width and both JavaScript settings and reports
every failure at once, so that a broken page says everything that is wrong with it. axe
runs at every width with JavaScript, and at phone width on the page as it reads without
JavaScript (its scripts removed, its <noscript> shown: axe is itself a script, and a tab
with JavaScript off never runs it); the sideways check runs everywhere. Screenshots of each page at 375 and 1280 px go to
test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest
from conftest import PAGE_TYPES, SCREENSHOTS, same_origin, violations, violations_without_javascript

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1280)
PHONE, SHOT_WIDTHS = 375, (375, 1280)
HEIGHT = {320: 640, 375: 812, 1280: 900}


def sideways(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_loads_cleanly_and_passes_axe(open_tab, paged_site_url: str, name: str, scheme: str) -> None:
    failures: list[str] = []
    for width in WIDTHS:
        for javascript in (True, False):
            where = f"{width}px, JavaScript {'on' if javascript else 'off'}"
            visit = open_tab({"width": width, "height": HEIGHT[width]}, scheme, javascript)
            # Without JavaScript nothing loads after the load event: waiting for the network
            # to stay idle (half a second each time) would only slow the suite.
            response = visit.page.goto(paged_site_url + PAGE_TYPES[name], wait_until="networkidle" if javascript else "load")
            if response is None or response.status != 200:
                failures.append(f"{where}: HTTP {response.status if response else 'no response'}")
                continue
            failures += [f"{where}: {problem}" for problem in visit.problems()]
            failures += [f"{where}: outside request {url}" for url in visit.requests if not same_origin(url, paged_site_url)]
            if (overflow := sideways(visit.page)) > 0:
                failures.append(f"{where}: scrolls sideways by {overflow}px")
            if javascript:
                failures += [f"{where}: {violation}" for violation in violations(visit.page)]
            if javascript and width in SHOT_WIDTHS:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                kind = "mobile" if width == PHONE else "desktop"
                visit.page.screenshot(path=SCREENSHOTS / f"{name}-{kind}-{scheme}.png", full_page=True)
            visit.page.context.close()
    # axe without JavaScript, at phone width: the page's HTML as such a browser shows it
    # (axe itself is a script, so it runs in a tab that allows scripts).
    visit = open_tab({"width": PHONE, "height": HEIGHT[PHONE]}, scheme)
    failures += [f"{PHONE}px, JavaScript off: {violation}"
                 for violation in violations_without_javascript(visit, paged_site_url + PAGE_TYPES[name])]
    assert failures == []
