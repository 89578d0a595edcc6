"""Lists of stories cut into pages, in a real build: 30 more stories than the sample
site's, 24 cards a page. Every story is reached from /stories/ by links alone, each
further page has its own title, canonical address and place in the sitemap, and the
stories index of docs/ (the sample site has one) draws the first page in place."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.scale import crawl_index
from built_html import content, page, text
from factories import story_yaml
from sitebuild import Project, copy_project

EXTRA = 30  # South Sudan, girls' education: with the sample's 4 stories, 34 in all
SITE_URL = "https://stories.example.org/"


def add_stories(project: Project, count: int = EXTRA) -> list[str]:
    """``count`` more valid stories (South Sudan, girls' education), one a day from
    2024-05-01 (newer than the sample's, oldest last), and their slugs newest first."""
    slugs = []
    for index in range(count):
        day = dt.date(2024, 5, 1) + dt.timedelta(days=index)
        slug = f"obadia-lowiya-steven-{index + 1}"
        project.write(f"stories/{slug}.yml", story_yaml(collected=day.isoformat(), published=day.isoformat()))
        slugs.append(slug)
    return slugs[::-1]


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("paged") / "project")
    add_stories(project)
    built = project.build()
    assert built.returncode == 0, built.output
    yield built.site


def address_of(site: Path, path: Path) -> str:
    """A built page's address relative to the site's root ("stories/page/2/")."""
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def story_addresses(site: Path) -> set[str]:
    return {
        address_of(site, path) for path in (site / "stories").glob("*/index.html") if path.parent.name != "page"
    }


def test_the_index_is_cut_into_pages_newest_first(paged_site: Path) -> None:
    first = content(page(paged_site, "stories/"))
    # The docs/ page's own heading and introduction stay; its block draws page 1.
    assert text(first.select_one("h1")) == "In their own words"
    cards = first.select("[data-ss-filterable] > .ss-card")
    assert len(cards) == 24
    names = [card.select_one(".ss-card__name a")["href"] for card in cards]
    assert names[:2] == ["../stories/obadia-lowiya-steven-30/", "../stories/obadia-lowiya-steven-29/"]
    second = content(page(paged_site, "stories/page/2/"))
    assert text(second.select_one("h1")) == "Stories — page 2 of 2"
    assert len(second.select("[data-ss-filterable] > .ss-card")) == 34 - 24
    # The filter is on every page, with the counts of all stories.
    assert "South Sudan (31)" in [text(a) for a in second.select('nav.ss-filter a[data-ss-filter="country"]')]


def test_each_page_links_previous_next_and_numbers_without_javascript(paged_site: Path) -> None:
    nav = content(page(paged_site, "stories/")).select_one('nav[aria-label="Pages"]')
    assert nav.select_one('a[rel="prev"]') is None
    assert nav.select_one('a[rel="next"]')["href"] == "page/2/"
    current = nav.select('a[aria-current="page"]')
    assert [(text(a), a["href"]) for a in current] == [("1", "./")]
    nav = content(page(paged_site, "stories/page/2/")).select_one('nav[aria-label="Pages"]')
    assert nav.select_one('a[rel="prev"]')["href"] == "../../"
    assert nav.select_one('a[rel="next"]') is None
    assert [text(a) for a in nav.select('a[aria-current="page"]')] == ["2"]
    assert [a["aria-label"] for a in nav.select("a[aria-label]")] == ["Page 1", "Page 2"]
    # A list that fits on one page has no way through pages.
    assert content(page(paged_site, "countries/nigeria/")).select_one('nav[aria-label="Pages"]') is None
    assert not (paged_site / "stories" / "page" / "3").exists()


def test_further_pages_have_their_own_title_canonical_address_and_sitemap_entry(paged_site: Path) -> None:
    soup = page(paged_site, "stories/page/2/")
    assert soup.title.get_text().startswith("Stories — page 2 of 2")
    assert soup.select_one('link[rel="canonical"]')["href"] == SITE_URL + "stories/page/2/"
    assert page(paged_site, "stories/").select_one('link[rel="canonical"]')["href"] == SITE_URL + "stories/"
    country = page(paged_site, "countries/south-sudan/page/2/")
    assert text(content(country).select_one("h1")) == "Stories from South Sudan — page 2 of 2"
    assert country.select_one('link[rel="canonical"]')["href"] == SITE_URL + "countries/south-sudan/page/2/"
    theme = content(page(paged_site, "themes/girls-education/page/2/"))
    assert text(theme.select_one("h1")).endswith("— page 2 of 2")
    # The country's introduction opens its first page only.
    assert content(page(paged_site, "countries/south-sudan/")).select_one(".ss-lede") is not None
    assert content(country).select_one(".ss-lede") is None
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ET.parse(paged_site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)}
    assert {SITE_URL + "stories/page/2/", SITE_URL + "countries/south-sudan/page/2/", SITE_URL + "themes/girls-education/page/2/"} <= listed


def test_every_story_is_reached_from_the_index_by_links_alone(paged_site: Path) -> None:
    stories = story_addresses(paged_site)
    assert len(stories) == 34
    # The scale benchmark's crawl (bench/scale.py), on a real site.
    seen, reached = crawl_index(paged_site, stories)
    assert seen == {"stories/", "stories/page/2/"}
    assert reached == stories
    # A country's and a theme's pages, too, hold each of their stories once.
    for first in ("countries/south-sudan/", "themes/girls-education/"):
        cards = [
            card.select_one(".ss-card__name a")["href"]
            for address in (first, first + "page/2/")
            for card in content(page(paged_site, address)).select("[data-ss-cards] > .ss-card")
        ]
        assert len(cards) == len(set(cards)) == 31


def test_the_generated_index_is_paged_too(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project.root / "docs" / "stories" / "index.md").unlink()
    add_stories(project)
    built = project.build()
    assert built.returncode == 0, built.output
    first = content(page(built.site, "stories/"))
    assert text(first.select_one("h1")) == "Stories"
    assert len(first.select("[data-ss-filterable] > .ss-card")) == 24
    assert first.select_one('nav[aria-label="Pages"] a[rel="next"]')["href"] == "page/2/"
    assert len(content(page(built.site, "stories/page/2/")).select("[data-ss-filterable] > .ss-card")) == 10


def test_the_filter_fits_one_disclosure_and_links_without_javascript(paged_site: Path) -> None:
    nav = content(page(paged_site, "stories/")).select_one("nav.ss-filter")
    panel = nav.select_one("details")
    assert panel is not None and not panel.has_attr("open")
    assert text(panel.select_one("summary")) == "Filter stories by country or theme"
    # Every option is inside the one control, and leads to its country's or theme's page.
    options = nav.select("a[data-ss-filter]")
    assert options and all(option.find_parent("details") is panel for option in options)
    assert {a["href"] for a in options if a["data-ss-filter"] == "country"} == {
        "../countries/afghanistan/", "../countries/nigeria/", "../countries/south-sudan/",
    }
    assert nav.select_one('a[data-ss-value="south-sudan"]')["data-ss-count"] == "31"
