"""The home page's first screens in Chromium: a person's words beside the headline on a
phone and a desktop, the stories within two phone screens, nothing sideways, axe clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SCREENSHOTS, _screenshots, violations
from sitebuild import copy_project

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}  # a small phone's first screen
DESKTOP = {"width": 1280, "height": 800}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
# Two phone screens, less a little: the first story card must start above this.
STORIES_BY_PX = 1300


@pytest.fixture(scope="module")
def site_with_photo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with a stand-in photo (portrait) on the hero's story, served."""
    from photo_fixtures import jpeg_with_everything

    project = copy_project(tmp_path_factory.mktemp("home-photo") / "project")
    folder = project.root / "stories" / "photos"
    folder.mkdir(exist_ok=True)
    (folder / "stand-in.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(800, 1000)))
    story = project.root / "stories" / "obadia-lowiya-steven.yml"
    story.write_text(
        story.read_text(encoding="utf-8")
        + "photo:\n  file: photos/stand-in.jpg\n  alt: A man in a blue shirt outside a school\n"
        + "  credit: Test Photographer\n  representative: true\n",
        encoding="utf-8",
    )
    built = project.build()
    assert built.returncode == 0, built.output
    with _screenshots.serve(built.site) as url:
        yield url


def assert_in_first_screen(page, selector: str, viewport: dict[str, int]) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not drawn"
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (selector, box)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_first_screen_carries_the_headline_and_a_persons_words(open_tab, site_url: str, screen: str, scheme: str) -> None:
    viewport = SCREENS[screen]
    visit = open_tab(viewport, scheme)
    page = visit.page
    page.goto(site_url, wait_until="networkidle")
    assert visit.problems() == []
    for part in (".ss-hero__title", ".ss-hero__quote", ".ss-hero__speaker a", ".ss-hero__actions .ss-button--primary"):
        assert_in_first_screen(page, part, viewport)
    assert no_sideways_scroll(page)
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"home-first-screen-{screen}-{scheme}.png")


def test_the_stories_start_within_two_phone_screens(open_tab, site_url: str) -> None:
    page = open_tab(PHONE).page
    page.goto(site_url, wait_until="networkidle")
    cards = page.locator(".ss-cards").first.bounding_box()
    assert cards is not None and cards["y"] < STORIES_BY_PX, cards
    # The call to give closes the page, after the counter.
    counter, give = page.locator(".ss-counter").last.bounding_box(), page.locator(".ss-give").bounding_box()
    assert give["y"] > counter["y"] + counter["height"]


def test_without_javascript_the_phone_page_keeps_its_words_and_fits(open_tab, site_url: str) -> None:
    page = open_tab(PHONE, javascript=False).page
    page.goto(site_url)
    assert_in_first_screen(page, ".ss-hero__quote", PHONE)
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_stand_in_photo_keeps_the_words_in_the_first_screen_and_says_so(open_tab, site_with_photo: str, screen: str) -> None:
    viewport = SCREENS[screen]
    visit = open_tab(viewport)
    page = visit.page
    page.goto(site_with_photo, wait_until="networkidle")
    assert visit.problems() == []
    for part in (".ss-hero__photo img", ".ss-hero__quote", ".ss-hero__speaker a", ".ss-hero__stand-in"):
        assert_in_first_screen(page, part, viewport)
    # The photo has loaded and is drawn at a sensible size, not its own 800x1000.
    photo = page.locator(".ss-hero__photo img").bounding_box()
    assert page.locator(".ss-hero__photo img").evaluate("image => image.complete && image.naturalWidth > 0")
    assert photo["height"] <= viewport["height"] / 2
    assert no_sideways_scroll(page)
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"home-first-screen-photo-{screen}.png")
