"""The lists of stories in Chromium, on a site of 34 stories (24 cards a page): the first
card in a phone's first screen, the filter in one disclosure that finds every story of a
country or theme with JavaScript and leads to its page without, the way through pages
without JavaScript; axe, no sideways scrolling, both schemes, phone and desktop."""

from __future__ import annotations

import re

import pytest
from conftest import DESKTOP, SCREENSHOTS, same_origin, violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}  # the first screen the brief names (iPhone SE)
VIEWPORTS = {"narrow": {"width": 320, "height": 568}, "mobile": PHONE, "desktop": DESKTOP}
PAGES = {
    "stories-paged": "stories/",
    "stories-page-2": "stories/page/2/",
    "country-paged": "countries/south-sudan/",
    "country-page-2": "countries/south-sudan/page/2/",
}


def visible_cards(page) -> int:
    return page.locator(".ss-cards > .ss-card:visible").count()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_first_card_is_in_a_phones_first_screen(open_tab, paged_site_url: str, javascript: bool) -> None:
    visit = open_tab(PHONE, javascript=javascript)
    visit.page.goto(paged_site_url + "stories/", wait_until="networkidle")
    card = visit.page.locator(".ss-cards > .ss-card").first.bounding_box()
    # Its top, and a good part of it (the name or the art), above the fold.
    assert card is not None and card["y"] + 120 <= PHONE["height"], card


def test_filter_finds_every_story_of_a_country_not_only_the_pages(open_tab, paged_site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(paged_site_url + "stories/", wait_until="networkidle")
    assert visible_cards(page) == 24
    page.get_by_text("Filter stories").click()
    page.get_by_role("link", name=re.compile(r"^South Sudan")).click()
    page.wait_for_url(paged_site_url + "stories/?country=south-sudan")
    status = page.locator(".ss-filter__status")
    status.filter(has_text="Showing 24 of 31 stories: South Sudan").wait_for()
    assert page.locator('nav[aria-label="Pages"]').is_hidden()
    page.get_by_role("button", name="Show more stories").click()
    status.filter(has_text="Showing 31 stories: South Sudan").wait_for()
    results = page.locator("[data-ss-results] > .ss-card")
    assert results.count() == 31 and visible_cards(page) == 31
    # Focus moves to the first of the cards just added, for keyboard users.
    assert page.evaluate("document.activeElement.closest('.ss-card') !== null")
    assert page.get_by_role("button", name="Show more stories").is_hidden()
    # The cards came from the country's pages, their links made good for this page.
    hrefs = results.locator(".ss-card__name a").evaluate_all("links => links.map(a => a.href)")
    assert len(set(hrefs)) == 31 and all(re.fullmatch(re.escape(paged_site_url) + r"stories/[a-z0-9-]+/", h) for h in hrefs)
    results.nth(30).locator(".ss-card__name a").click()
    page.wait_for_url(re.compile(re.escape(paged_site_url) + r"stories/[a-z0-9-]+/$"))
    assert page.locator("h1").count() == 1
    page.go_back()
    status.filter(has_text="Showing 24 of 31 stories: South Sudan").wait_for()
    page.get_by_role("button", name="Show all stories").click()
    assert visible_cards(page) == 24 and page.url == paged_site_url + "stories/"
    assert page.locator('nav[aria-label="Pages"]').is_visible()
    assert visit.problems() == []
    assert [url for url in visit.requests if not same_origin(url, paged_site_url)] == []


def test_cards_fetched_from_a_shallower_page_keep_working_links_and_photos(open_tab, paged_site_url: str) -> None:
    # /countries/south-sudan/ writes "../../stories/x/"; on /stories/page/2/ that would
    # lead to /stories/stories/x/ had the filter not made the addresses absolute.
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(paged_site_url + "stories/page/2/?country=south-sudan", wait_until="networkidle")
    page.locator(".ss-filter__status").filter(has_text="Showing 24 of 31 stories: South Sudan").wait_for()
    results = page.locator("[data-ss-results] > .ss-card")
    hrefs = results.locator(".ss-card__name a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 24 and all(re.fullmatch(re.escape(paged_site_url) + r"stories/obadia-lowiya-steven-\d+/", h) for h in hrefs)
    image = results.first.locator(".ss-card__photo img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").startswith(paged_site_url + "assets/")
    assert visit.problems() == []


def test_filter_by_theme_from_a_further_page_survives_a_reload(open_tab, paged_site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(paged_site_url + "stories/page/2/?theme=early-marriage", wait_until="networkidle")
    page.locator(".ss-filter__status").filter(has_text=re.compile(r"^Showing 2 stories: ")).wait_for()
    assert visible_cards(page) == 2
    assert visit.problems() == []


def test_the_filter_and_pages_work_by_keyboard_with_24px_targets(open_tab, paged_site_url: str) -> None:
    visit = open_tab(PHONE)
    page = visit.page
    page.goto(paged_site_url + "stories/", wait_until="networkidle")
    summary = page.locator(".ss-filter__summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".ss-filter__panel").evaluate("panel => panel.open")
    targets = [summary, *page.locator("a[data-ss-filter]").all(), *page.locator('nav[aria-label="Pages"] a').all()]
    for target in targets:
        box = target.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, target
    assert violations(page) == []  # with the panel open too
    page.locator("a[data-ss-filter]").first.focus()
    page.keyboard.press("Enter")
    page.locator(".ss-filter__status").filter(has_text="Showing 1 story: Afghanistan").wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Show all stories"
    page.keyboard.press("Enter")
    assert visible_cards(page) == 24


def test_without_javascript_pages_and_filter_are_links(open_tab, paged_site_url: str) -> None:
    visit = open_tab(PHONE, javascript=False)
    page = visit.page
    page.goto(paged_site_url + "stories/")
    pages = page.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url(paged_site_url + "stories/page/2/")
    assert page.locator("h1").inner_text() == "Stories — page 2 of 2"
    assert page.locator(".ss-card").count() == 10
    assert page.get_by_role("navigation", name="Pages").get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Page 1").click()
    page.wait_for_url(paged_site_url + "stories/")
    page.get_by_text("Filter stories").click()
    page.get_by_role("link", name=re.compile(r"^South Sudan")).click()
    page.wait_for_url(paged_site_url + "countries/south-sudan/")
    assert page.locator(".ss-card").count() == 24
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    page.wait_for_url(paged_site_url + "countries/south-sudan/page/2/")
    assert page.locator(".ss-card").count() == 7


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_list_pages_are_accessible_and_fit(open_tab, paged_site_url: str, name: str, viewport: str, scheme: str) -> None:
    visit = open_tab(VIEWPORTS[viewport], scheme)
    visit.page.goto(paged_site_url + PAGES[name], wait_until="networkidle")
    assert visit.problems() == []
    assert visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert violations(visit.page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}-{scheme}.png", full_page=True)
