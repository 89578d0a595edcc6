"""Story pages and cards in Chromium, on a copy of the sample with photos: a portrait stand-in
photo leaves the quote in the first screen, its caption sits at the photo's edge, the cards of
a grid share one media height, country pages keep their cards in the text's column, nothing
scrolls sideways and axe finds nothing, in both schemes at 375 and 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SCREENSHOTS, violations
from photo_fixtures import jpeg_with_everything

from sitebuild import copy_project
from tool_scripts import load_tool

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
# By the name their screenshots take.
PAGES = {
    "story-with-photo": "stories/afghanistan-graduate-1/",
    "story-with-updates": "stories/obadia-lowiya-steven/",
    "story-without-photo": "stories/monday/",
    "stories-with-photos": "stories/",
}


def _append(root: Path, slug: str, text: str) -> None:
    path = root / "stories" / f"{slug}.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def photo_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample with a portrait stand-in photo (an at-risk country's story), a landscape
    photo of the speaker with follow-ups, and two stories without photos; served locally."""
    project = copy_project(tmp_path_factory.mktemp("photo-site") / "project")
    photos = project.root / "stories" / "photos"
    photos.mkdir(exist_ok=True)
    (photos / "portrait.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(800, 1000)))
    (photos / "wide.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(1200, 800)))
    _append(project.root, "afghanistan-graduate-1", (
        "photo:\n  file: photos/portrait.jpg\n  alt: A man stands by a wall\n  credit: Test Photographer\n  representative: true\n"
    ))
    _append(project.root, "obadia-lowiya-steven", (
        "took_part: 2022\n"
        "photo:\n  file: photos/wide.jpg\n  alt: A man outside a classroom\n  credit: Charles Lomodong\n"
        "updates:\n  - date: 2025-06-01\n    text: A year on, his eldest daughter has started secondary school.\n"
    ))
    built = project.build()
    assert built.returncode == 0, built.output
    with load_tool("story_screenshots").serve(built.site) as url:
        yield url


def box(page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375x667", "1280x800"])
def test_a_portrait_photo_leaves_the_quote_in_the_first_screen(open_tab, photo_site_url: str, viewport: dict[str, int]) -> None:
    visit = open_tab(viewport)
    visit.page.goto(photo_site_url + PAGES["story-with-photo"], wait_until="networkidle")
    photo = box(visit.page, ".ss-photo img")
    assert photo["height"] > photo["width"]  # the portrait keeps its shape, only smaller
    assert photo["height"] <= viewport["height"] / 3 + 1
    # The quote's first line, not just its opening mark, is inside the first screen.
    words = visit.page.evaluate(
        "(() => { const range = document.createRange();"
        " range.selectNodeContents(document.querySelector('.ss-pullquote__quote p'));"
        " return range.getClientRects()[0].bottom; })()"
    )
    assert words <= viewport["height"], words


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375x667", "1280x800"])
def test_the_caption_starts_at_the_photos_edge_and_is_at_least_as_wide(open_tab, photo_site_url: str, viewport: dict[str, int]) -> None:
    visit = open_tab(viewport)
    visit.page.goto(photo_site_url + PAGES["story-with-photo"], wait_until="networkidle")
    photo, caption, heading = box(visit.page, ".ss-photo img"), box(visit.page, ".ss-photo__credit"), box(visit.page, "h1")
    assert abs(caption["x"] - photo["x"]) < 1 and abs(photo["x"] - heading["x"]) < 1
    assert caption["width"] >= photo["width"] - 1
    assert caption["y"] >= photo["y"] + photo["height"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
@pytest.mark.parametrize("address", ["stories/", "", "stories/obadia-lowiya-steven/"], ids=["stories", "home", "related"])
def test_the_cards_of_a_grid_share_one_media_height(open_tab, photo_site_url: str, viewport: dict[str, int], address: str) -> None:
    visit = open_tab(viewport)
    visit.page.goto(photo_site_url + address, wait_until="networkidle")
    heights = visit.page.evaluate(
        "Array.from(document.querySelectorAll('.ss-cards')).filter(grid => grid.children.length).map(grid =>"
        " Array.from(grid.querySelectorAll(':scope > .ss-card > :is(.ss-card__photo, .ss-card__art)'))"
        "  .map(media => Math.round(media.getBoundingClientRect().height)))"
    )
    assert heights and all(grid for grid in heights)  # every card has its media box
    assert any(len(grid) > 1 for grid in heights) or address.startswith("stories/obadia")
    for grid in heights:
        assert max(grid) - min(grid) <= 1, heights


def test_a_lists_cards_start_at_the_headings_edge(open_tab, photo_site_url: str) -> None:
    visit = open_tab(DESKTOP)
    for address, text in (("countries/nigeria/", ".ss-lede"), ("themes/early-marriage/", ".ss-lede"), ("stories/", ".ss-filter")):
        visit.page.goto(photo_site_url + address, wait_until="networkidle")
        heading, grid = box(visit.page, "h1"), box(visit.page, ".ss-cards")
        above = box(visit.page, text)
        assert abs(grid["x"] - heading["x"]) < 1, address
        assert grid["x"] + grid["width"] <= above["x"] + above["width"] + 1, address


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["mobile", "desktop"])
def test_story_pages_and_cards_fit_and_pass_axe(open_tab, photo_site_url: str, viewport: dict[str, int], scheme: str) -> None:
    problems: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "mobile" if viewport is PHONE else "desktop"
    for page_name, address in PAGES.items():
        visit = open_tab(viewport, scheme)
        visit.page.goto(photo_site_url + address, wait_until="networkidle")
        overflow = visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{page_name}: scrolls {overflow}px sideways")
        problems += [f"{page_name}: {problem}" for problem in visit.problems()]
        problems += [f"{page_name}: {violation}" for violation in violations(visit.page)]
        # Lazy card photos load before the full-page picture is taken.
        visit.page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
        visit.page.wait_for_load_state("networkidle")
        visit.page.screenshot(path=SCREENSHOTS / f"{page_name}-{name}-{scheme}.png", full_page=True)
    assert problems == []
