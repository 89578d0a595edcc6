"""The site in a real browser: clean loads, no outside requests, axe, mobile, keyboard, JS on and off."""

from __future__ import annotations

import re

import pytest
from conftest import DESKTOP, MOBILE, PAGE_TYPES

pytestmark = pytest.mark.browser


def test_keyboard_alone_reaches_a_story_and_comes_back(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url, wait_until="networkidle")
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')") or ""
        if re.fullmatch(r"(\./)?stories/[a-z0-9-]+/", href):
            break
    else:
        pytest.fail("no story link could be reached with the Tab key from the home page")
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none", "the focused link must show a visible focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/stories/[a-z0-9-]+/$"))
    assert page.locator("h1.ss-story__name").is_visible()
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == "All stories":
            break
    else:
        pytest.fail("the way back to all stories could not be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "stories/")
    assert visit.problems() == []


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP)
    visit.page.goto(site_url + PAGE_TYPES["story"], wait_until="networkidle")
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    visit.page.keyboard.press("Enter")
    assert visit.page.evaluate("location.hash") == "#ss-main"
    visit.page.keyboard.press("Tab")
    # The next stop is inside the story, past the header, tabs and search.
    assert visit.page.evaluate("!!document.activeElement.closest('.md-content')")


def test_stories_filter_works_in_place_and_keeps_the_address(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url + "stories/", wait_until="networkidle")
    cards = page.locator(".ss-cards > .ss-card")
    assert cards.count() == 4
    # The options fold into one "Filter stories" disclosure (tests/browser/test_listing.py).
    page.get_by_text("Filter stories").click()
    page.get_by_role("link", name=re.compile(r"^Nigeria")).click()
    page.wait_for_url(site_url + "stories/?country=nigeria")
    page.locator(".ss-filter__status").filter(has_text="Showing 2 stories: Nigeria").wait_for()
    assert [card.is_visible() for card in cards.all()].count(True) == 2
    page.reload(wait_until="networkidle")
    page.locator(".ss-filter__status").filter(has_text="Showing 2 stories: Nigeria").wait_for()
    assert [card.is_visible() for card in cards.all()].count(True) == 2
    page.get_by_role("button", name="Show all stories").click()
    assert [card.is_visible() for card in cards.all()].count(True) == 4
    assert page.url == site_url + "stories/"
    assert visit.problems() == []


def test_stories_filter_without_javascript_leads_to_the_country_page(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP, javascript=False)
    page = visit.page
    page.goto(site_url + "stories/")
    page.get_by_text("Filter stories").click()  # a <details>: it opens without JavaScript
    page.get_by_role("link", name=re.compile(r"^Nigeria")).click()
    page.wait_for_url(site_url + "countries/nigeria/")
    assert page.locator("h1").inner_text() == "Stories from Nigeria"
    assert page.locator(".ss-card").count() == 2


def test_pages_read_well_without_javascript(open_tab, site_url: str) -> None:
    visit = open_tab(MOBILE, javascript=False)
    page = visit.page
    page.goto(site_url)
    assert page.locator(".ss-hero h1").is_visible()
    assert page.locator(".ss-figures .ss-figure").count() == 3
    page.goto(site_url + PAGE_TYPES["story"])
    assert page.locator(".ss-pullquote__quote").is_visible()


# What the search dialog says while its worker is still loading the index
# (overrides/partials/languages/en.html, "search.result.initializer").
SEARCH_LOADING = "Getting the stories ready"


def open_search(page) -> None:
    """Open the search dialog with its key and wait until its index is loaded: keys typed
    before that may be lost on a busy machine (a test once timed out so)."""
    page.keyboard.press("/")
    page.wait_for_function(
        "loading => { const meta = document.querySelector('.md-search-result__meta');"
        " return meta && meta.textContent.trim() !== '' && !meta.textContent.includes(loading) }",
        arg=SEARCH_LOADING,
    )


def test_search_works_under_the_content_security_policy(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url + PAGE_TYPES["story"], wait_until="networkidle")
    open_search(page)
    page.keyboard.type("forgiveness")
    page.locator(".md-search-result__item a").first.wait_for()
    found = [link.get_attribute("href") for link in page.locator(".md-search-result__item a").all()]
    assert any(href.endswith("stories/monday/") for href in found), found
    assert visit.problems() == []


@pytest.mark.parametrize(("typed", "page_with_it"), [
    # The site prints its own words with a curly apostrophe (smarty, our wording) ...
    ("speaker's", "how-we-collect-stories/"),
    # ... and testimonies keep the straight one their editors typed.
    ("didn’t", "stories/veronica-ayuba/"),
])
def test_search_finds_a_word_typed_with_either_apostrophe(open_tab, site_url: str, typed: str, page_with_it: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url + PAGE_TYPES["stories"], wait_until="networkidle")
    open_search(page)
    page.keyboard.type(typed)
    page.locator(".md-search-result__item a").first.wait_for()
    found = [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item a").all()]
    assert any(page_with_it in href for href in found), found


def matches(page, typed: str) -> int:
    """How many stories and pages the search dialog says match ``typed`` (typed key by key,
    as a reader does: Material searches on each key)."""
    search, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
    search.fill("")
    page.wait_for_function("() => !/\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.type(typed)
    page.wait_for_function("() => /\\d|No /.test(document.querySelector('.md-search-result__meta').textContent)")
    # The worker answers every key: wait until the count has stopped changing.
    counts = [meta.text_content()]
    while len(counts) < 3 or len(set(counts[-3:])) > 1:
        page.wait_for_timeout(150)
        counts.append(meta.text_content())
    found = re.search(r"\d+", counts[-1] or "")
    return int(found.group()) if found else 0


@pytest.mark.parametrize(("typed", "stem"), [
    ("women's", "women"), ("didn't", "didn"), ("didn’t", "didn"), ("DIDN'T", "didn"),
    ("girls'", "girls"),  # the sample's theme "Girls’ education": an apostrophe ending a word
])
def test_an_apostrophe_searches_for_its_word_not_every_word_of_a_letter(open_tab, site_url: str, typed: str, stem: str) -> None:
    # Cut at the apostrophe, "didn't" must not also search for every word that starts with t.
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url + PAGE_TYPES["stories"], wait_until="networkidle")
    open_search(page)
    assert matches(page, stem) > 0
    assert matches(page, typed) == matches(page, stem)
