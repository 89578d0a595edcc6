"""/impact/ on a phone and a desktop: readable chart labels, a table that never scrolls
sideways, nothing axe finds, in both schemes; screenshots at 320, 375 and 1280 px."""

from __future__ import annotations

import pytest
from conftest import DESKTOP, SCREENSHOTS, violations

pytestmark = pytest.mark.browser

PHONES = {"320": {"width": 320, "height": 720}, "375": {"width": 375, "height": 812}}
WIDTHS = {**PHONES, "1280": DESKTOP}
# Chart labels and values, table cells: rendered text sizes in CSS pixels. Text inside an
# SVG is drawn at its font size times the drawing's scale (a 640-unit drawing on a phone
# shrinks its text), so the scale counts too.
SIZES = """
(selector) => [...document.querySelectorAll(selector)].map((element) => ({
  text: element.textContent.trim(),
  size: parseFloat(getComputedStyle(element).fontSize) * (element.ownerSVGElement ? element.getScreenCTM().a : 1),
  right: element.getBoundingClientRect().right,
}))
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_impact_page_reads_at_every_width(open_tab, site_url: str, width: str, scheme: str) -> None:
    visit = open_tab(WIDTHS[width], scheme)
    page = visit.page
    page.goto(site_url + "impact/", wait_until="networkidle")
    assert visit.problems() == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    # The chart's words are HTML text at the page's size: never shrunk with a drawing.
    labels = page.evaluate(SIZES, ".ss-chart__label, .ss-chart__value")
    assert len(labels) == 8  # two charts, two bars each, a label and a value each
    assert all(label["size"] >= 14 for label in labels), labels
    assert all(label["right"] <= WIDTHS[width]["width"] for label in labels), labels
    # Nothing in the table is wider than the page or hidden inside a scrolling box.
    table = page.locator("table.ss-table")
    wrap_scroll = table.evaluate("(t) => t.parentElement.scrollWidth - t.parentElement.clientWidth")
    assert wrap_scroll <= 0
    cells = page.evaluate(SIZES, "table.ss-table tbody th, table.ss-table td")
    assert all(cell["right"] <= WIDTHS[width]["width"] for cell in cells)
    assert all(cell["size"] >= 12.8 for cell in cells)
    caption = page.locator("table.ss-table caption")
    box = caption.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"impact-{width}-{scheme}.png", full_page=True)


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_each_table_row_is_a_card_of_labelled_lines(open_tab, site_url: str, width: str) -> None:
    page = open_tab(PHONES[width]).page
    page.goto(site_url + "impact/", wait_until="networkidle")
    first = page.locator("table.ss-table tbody tr").first
    shown = first.evaluate(
        """(row) => [...row.querySelectorAll('td')]
            .filter((cell) => getComputedStyle(cell).display !== 'none')
            .map((cell) => getComputedStyle(cell, '::before').content + cell.innerText.trim())"""
    )
    assert shown == ['"Value: "39% (graduates)', '"Compared with: "15% (at enrolment)', '"Where: "Afghanistan']
    # What the data does not state (when, who was asked) is left out, not shown as a dash.
    assert "–" not in first.inner_text()
    assert page.locator("table.ss-table thead").is_hidden() is False  # still read by screen readers


def test_on_a_desktop_the_table_has_its_six_columns(open_tab, site_url: str) -> None:
    page = open_tab(DESKTOP).page
    page.goto(site_url + "impact/", wait_until="networkidle")
    headings = page.locator("table.ss-table thead th")
    assert headings.count() == 6 and headings.first.is_visible()
    tops = page.evaluate(
        "() => [...document.querySelectorAll('table.ss-table tbody tr:first-child > *')].map((c) => c.getBoundingClientRect().top)"
    )
    assert len(set(tops)) == 1  # one line of six cells
