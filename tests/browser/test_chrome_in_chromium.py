"""The site's chrome in Chromium: search as an icon that opens Material's dialog, the menu
without JavaScript, a bar that never wraps on a phone, the page not found at any address,
and the printout of a story (read back from the PDF Chromium prints)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import DESKTOP, MOBILE, PAGE_TYPES, SCREENSHOTS, violations
from photo_fixtures import noise
from pypdf import PdfReader

from sitebuild import REPO, copy_project
from tool_scripts import load_tool

pytestmark = pytest.mark.browser

SETTINGS = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
SECTIONS = [next(iter(entry)) for entry in SETTINGS["nav"]]
PHONES = ({"width": 320, "height": 640}, MOBILE)
PAGES = {name: PAGE_TYPES[name] for name in ("home", "stories", "story", "country", "theme", "impact", "not-found")}
# What Chromium logs for a document served with status 404, which a missing address is.
NOT_FOUND_STATUS = "the server responded with a status of 404"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_search_is_an_icon_that_opens_the_dialog_and_counts_stories(open_tab, site_url: str, viewport: dict[str, int]) -> None:
    visit = open_tab(viewport)
    page = visit.page
    page.goto(site_url + PAGES["story"], wait_until="networkidle")
    field = page.locator("input.md-search__input")
    folded = "e => e.offsetWidth === 0 || getComputedStyle(e).opacity === '0'"
    assert page.locator(".md-search__inner").evaluate(folded), "search starts as an icon, not a field"
    icon = page.locator("label.ss-header__search")
    box = icon.bounding_box()
    assert box is not None and box["width"] <= 48, box
    icon.click()
    # Material's script moves the focus into the field once the dialog has opened.
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')", timeout=2000)
    assert field.bounding_box()["width"] > 200, "opened, the field is wide"
    page.keyboard.type("forgiveness")
    page.locator(".md-search-result__item a").first.wait_for()
    counted = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ matching (story or page|stories and pages)", counted), counted
    assert visit.problems() == []


def test_the_menu_opens_without_javascript_and_lists_every_section(open_tab, site_url: str) -> None:
    visit = open_tab(MOBILE, javascript=False)
    page = visit.page
    page.goto(site_url + PAGES["story"])
    menu = page.locator("label[for=__drawer].md-header__button")
    assert menu.is_visible()
    drawer = page.locator(".md-sidebar--primary .md-nav--primary")
    assert not drawer.is_visible() or drawer.bounding_box()["x"] < 0
    menu.click()
    links = page.locator(".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    links.first.wait_for(state="visible")
    page.wait_for_timeout(400)  # Material slides the drawer in
    visible = [" ".join(link.inner_text().split()) for link in links.all() if link.is_visible()]
    assert visible == SECTIONS
    assert all(link.bounding_box()["x"] >= 0 for link in links.all())


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_the_header_shows_the_whole_name_and_the_bar_one_row(open_tab, site_url: str, name: str, javascript: bool) -> None:
    failures: list[str] = []
    for viewport in PHONES:
        where = f"{viewport['width']}px"
        visit = open_tab(viewport, javascript=javascript)
        page = visit.page
        page.goto(site_url + PAGES[name], wait_until="networkidle")
        if (overflow := page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) > 0:
            failures.append(f"{where}: the page scrolls sideways by {overflow}px")
        name_box = page.locator(".ss-header__name")
        if name_box.inner_text().split() != SETTINGS["site_name"].split():
            failures.append(f"{where}: the site's name reads {name_box.inner_text()!r}")
        if page.evaluate("(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)(document.querySelector('.ss-header__name'))"):
            failures.append(f"{where}: the site's name is cut")
        header = page.locator(".md-header").bounding_box()
        if header["height"] > 56:
            failures.append(f"{where}: the header is {header['height']}px tall")
        tops = {round(item.bounding_box()["y"]) for item in page.locator(".md-tabs__item").all() if item.is_visible()}
        if len(tops) > 1:
            failures.append(f"{where}: the tabs wrap onto {len(tops)} rows")
        donate = page.locator("a.ss-tabs__donate")
        box = donate.bounding_box()
        if not donate.is_visible() or box["x"] < 0 or box["x"] + box["width"] > viewport["width"]:
            failures.append(f"{where}: the call to give is not wholly on the screen: {box}")
        bar = page.locator(".md-tabs").bounding_box()
        if bar["height"] > 64:
            failures.append(f"{where}: the bar under the header is {bar['height']}px tall")
        visit.page.context.close()
    assert failures == []


def test_on_a_phone_the_keyboard_reaches_every_section_from_the_bar(open_tab, site_url: str) -> None:
    # The menu's label takes no focus: the bar's hidden tabs are the keyboard's way.
    visit = open_tab(MOBILE, javascript=False)
    page = visit.page
    page.goto(site_url + PAGES["story"])
    reached: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate("(e => e.matches('.md-tabs__link') ? e.textContent.trim() : '')(document.activeElement)")
        if focused:
            link = page.locator(".md-tabs__link:focus")
            box = link.bounding_box()
            assert link.is_visible() and box["width"] > 20 and box["x"] >= 0, (focused, box)
            reached.append(focused)
        elif reached:
            break
    assert reached == SECTIONS
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_the_current_section_shows_on_a_story_page_on_phone_and_desktop(open_tab, site_url: str) -> None:
    for viewport in (MOBILE, DESKTOP):
        visit = open_tab(viewport)
        visit.page.goto(site_url + PAGES["story"], wait_until="networkidle")
        current = visit.page.locator(".md-tabs__item--active")
        assert current.count() == 1 and current.is_visible()
        assert current.inner_text().strip() == "Stories"
        # Marked by more than colour: a peach rule under the tab.
        rule = current.locator("a").evaluate("a => getComputedStyle(a).borderBottomStyle + ' ' + getComputedStyle(a).borderBottomWidth")
        assert rule.startswith("solid") and not rule.endswith(" 0px"), rule


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_missing_address_at_any_depth_gets_the_designed_page(open_tab, site_url: str, sample_site: Path, scheme: str) -> None:
    for viewport in (DESKTOP, MOBILE):
        visit = open_tab(viewport, scheme)
        page = visit.page
        # A static host serves 404.html, with status 404, for any address it does not have.
        page.route("**/stories/a-story-taken-down/", lambda route: route.fulfill(status=404, path=sample_site / "404.html"))
        response = page.goto(site_url + "stories/a-story-taken-down/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert [problem for problem in visit.problems() if NOT_FOUND_STATUS not in problem] == []
        assert page.locator("h1").inner_text() == "We couldn’t find that page"
        # Styled: the site's sheets load from the root, not from the missing folder.
        assert page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert violations(page) == []
        page.get_by_role("link", name="Read the stories").click()
        page.wait_for_url(site_url + "stories/")
        kind = "desktop" if viewport is DESKTOP else "mobile"
        page.go_back(wait_until="networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"chrome-not-found-{kind}-{scheme}.png", full_page=True)


def test_the_page_not_found_opens_search(open_tab, site_url: str) -> None:
    visit = open_tab(DESKTOP)
    page = visit.page
    page.goto(site_url + "404.html", wait_until="networkidle")
    page.locator(".ss-notfound label[for=__search]").click()
    page.locator("input.md-search__input").wait_for(state="visible")
    assert visit.problems() == []
    no_script = open_tab(DESKTOP, javascript=False).page
    no_script.goto(site_url + "404.html")
    # Search needs Material's script: without it the button is not offered.
    assert not no_script.locator(".ss-notfound label[for=__search]").is_visible()
    assert no_script.get_by_role("link", name="Read the stories").is_visible()


# --- Print ----------------------------------------------------------------------------------

STORY = "obadia-lowiya-steven"
QUOTE_START = "Since attending this training"


@pytest.fixture(scope="module")
def photo_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with a tall portrait photo on one story, served."""
    project = copy_project(tmp_path_factory.mktemp("print") / "project")
    photos = project.root / "stories" / "photos"
    photos.mkdir(exist_ok=True)
    jpeg = io.BytesIO()
    noise((1200, 1800)).save(jpeg, "JPEG")
    (photos / "portrait.jpg").write_bytes(jpeg.getvalue())
    story = project.root / "stories" / f"{STORY}.yml"
    story.write_text(
        story.read_text(encoding="utf-8")
        + "photo:\n  file: photos/portrait.jpg\n  alt: A man stands at a classroom door\n  credit: Test Photographer\n",
        encoding="utf-8",
    )
    built = project.build()
    assert built.returncode == 0, built.output
    with load_tool("story_screenshots").serve(built.site) as url:
        yield url


def printed(open_tab, url: str) -> PdfReader:
    visit = open_tab(DESKTOP)
    visit.page.goto(url, wait_until="networkidle")
    return PdfReader(io.BytesIO(visit.page.pdf(format="A4")))


def test_a_story_prints_its_photo_and_quote_together_on_the_first_page(open_tab, photo_site_url: str) -> None:
    pdf = printed(open_tab, photo_site_url + f"stories/{STORY}/")
    first = pdf.pages[0]
    assert len(first.images) >= 1, "the photo is on the first page"
    words = " ".join(first.extract_text().split())
    assert "Obadia Lowiya Steven" in words
    assert QUOTE_START in words, "the quote is on the first page, with the photo"
    assert "marriage." in words, "the whole quote is on the first page"


@pytest.mark.parametrize("address", [f"stories/{STORY}/", "stories/", "impact/", ""])
def test_every_printed_page_names_the_organisation_the_address_and_where_to_give(open_tab, photo_site_url: str, address: str) -> None:
    pdf = printed(open_tab, photo_site_url + address)
    canonical = SETTINGS["site_url"] + address
    for number, sheet in enumerate(pdf.pages, start=1):
        words = " ".join(sheet.extract_text().split())
        assert SETTINGS["extra"]["organisation"] in words, number
        assert canonical in words, number
        assert SETTINGS["extra"]["donate"]["url"] in words, number
        assert f"{number} / {len(pdf.pages)}" in words
