"""Lists of stories cut into pages: the numbers, the addresses, the generated pages and
what each page of a list draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storysite.listing_blocks import listing_page
from storysite.model import Consent, Country, Role, Story, Theme
from storysite.pagination import PAGE_SIZE, PageLink, Paging, numbers_shown, page_count, page_items, page_src_uri, page_url
from storysite.block_markers import Marker
from storysite.pages import plan_pages
from storysite.site_data import SiteData
from storysite.story_order import newest_first

NIGERIA = Country("NG", "Nigeria", "nigeria", (), False, "first-name", "")
SUDAN = Country("SS", "South Sudan", "south-sudan", (), False, "named", "")
LAND = Theme("land", "Land", "...")
WORK = Theme("work", "Work", "...")


def story(index: int, country: Country = NIGERIA, themes: tuple[Theme, ...] = (LAND,)) -> Story:
    return Story(
        slug=f"s-{index:03d}", source=f"stories/s-{index:03d}.yml", identity="named", name="Ada",
        country=country, role=Role("graduate", "Graduate", "graduate"), quote="A quote long enough to pass.",
        original=None, paragraphs=(), photo=None, themes=themes,
        collected=dt.date(2020, 1, 1) + dt.timedelta(days=index), featured=False, minor=False,
        consent=Consent(dt.date(2020, 1, 1), dt.date(2090, 1, 1), ("web",), "CF-1", None, False),
    )


def test_page_count_rounds_up_and_an_empty_list_has_one_page() -> None:
    assert [page_count(n, 24) for n in (0, 1, 24, 25, 48, 49, 10_000)] == [1, 1, 1, 2, 2, 3, 417]
    assert PAGE_SIZE == 24
    with pytest.raises(ValueError):
        page_count(3, 0)


def test_page_items_are_the_pages_slice_in_order() -> None:
    items = list(range(1, 31))
    assert page_items(items, 1, 24) == list(range(1, 25))
    assert page_items(items, 2, 24) == list(range(25, 31))
    assert page_items(items, 3, 24) == []


def test_the_first_page_keeps_the_lists_address_the_others_get_page_n() -> None:
    assert page_url("stories/", 1) == "stories/"
    assert page_url("stories/", 2) == "stories/page/2/"
    assert page_url("countries/south-sudan/", 12) == "countries/south-sudan/page/12/"
    assert page_src_uri("stories/", 2) == "stories/page/2.md"
    assert page_src_uri("themes/land/", 3) == "themes/land/page/3.md"
    with pytest.raises(ValueError):
        page_src_uri("stories/", 1)


@pytest.mark.parametrize(
    ("number", "count", "row"),
    [
        (1, 1, (1,)),
        (1, 2, (1, 2)),
        (1, 5, (1, 2, None, 5)),
        (3, 5, (1, 2, 3, 4, 5)),  # a gap of one page shows the page
        (8, 40, (1, None, 7, 8, 9, None, 40)),
        (40, 40, (1, None, 39, 40)),
        (2, 417, (1, 2, 3, None, 417)),
    ],
)
def test_the_row_of_numbers_is_compact(number: int, count: int, row: tuple[int | None, ...]) -> None:
    assert numbers_shown(number, count) == row


def test_paging_links_previous_next_and_the_current_page() -> None:
    middle = Paging(8, 40, "stories/")
    assert (middle.previous, middle.next) == ("stories/page/7/", "stories/page/9/")
    assert middle.links[:3] == (PageLink(1, "stories/"), PageLink(None, None), PageLink(7, "stories/page/7/"))
    assert [link.number for link in middle.links if link.current] == [8]
    assert middle.title_suffix == " — page 8 of 40"
    first, last = Paging(1, 40, "stories/"), Paging(40, 40, "stories/")
    assert (first.previous, first.next, first.title_suffix) == (None, "stories/page/2/", "")
    assert (last.previous, last.next) == ("stories/page/39/", None)


def test_plan_pages_generates_the_further_pages_of_every_list() -> None:
    stories = [story(i, NIGERIA if i % 3 else SUDAN, (LAND, WORK) if i % 2 else (LAND,)) for i in range(30)]
    pages = {page.src_uri: page for page in plan_pages(stories, page_size=4)}
    # 30 stories: 8 pages; Nigeria 20: 5; South Sudan 10: 3; land 30: 8; work 15: 4.
    further = sorted(uri for uri in pages if "/page/" in uri)
    assert len([uri for uri in further if uri.startswith("stories/")]) == 7
    assert len([uri for uri in further if uri.startswith("countries/nigeria/")]) == 4
    assert len([uri for uri in further if uri.startswith("countries/south-sudan/")]) == 2
    assert len([uri for uri in further if uri.startswith("themes/land/")]) == 7
    assert len([uri for uri in further if uri.startswith("themes/work/")]) == 3
    second = pages["stories/page/2.md"]
    assert (second.title, second.block, second.page_number) == ("Stories — page 2 of 8", Marker("all-stories", None, 0), 2)
    assert (second.in_nav, second.settings()["search"]) == (False, {"exclude": True})
    assert pages["countries/nigeria/page/5.md"].title == "Stories from Nigeria — page 5 of 5"
    assert pages["themes/work/page/2.md"].block == Marker("theme", "work", 0)
    assert "stories/page/9.md" not in pages and "countries/south-sudan/page/4.md" not in pages
    # One page's worth of stories makes no further page.
    assert not [uri for uri in {page.src_uri for page in plan_pages(stories[:4], page_size=4)} if "/page/" in uri]


def test_the_pages_of_a_list_hold_every_story_once_newest_first() -> None:
    stories = newest_first([story(i, NIGERIA if i % 3 else SUDAN) for i in range(30)])
    site = SiteData(stories, (), (NIGERIA, SUDAN), (LAND, WORK), "https://example.org/", "en", page_size=4)
    pages = [listing_page("all-stories", None, site, n) for n in range(1, 9)]
    assert [s for page in pages for s in page["stories"]] == list(stories)
    assert pages[1]["paging"] == Paging(2, 8, "stories/")
    # The filter offers every story's countries and themes on every page, with all counts.
    assert [(f.id, f.count) for f in pages[7]["countries"]] == [("nigeria", 20), ("south-sudan", 10)]
    nigeria = [listing_page("country", "nigeria", site, n) for n in range(1, 6)]
    assert [s for page in nigeria for s in page["stories"]] == [s for s in stories if s.country == NIGERIA]
    assert nigeria[4]["paging"] == Paging(5, 5, "countries/nigeria/")
    land = listing_page("theme", "land", site, 2)
    assert land["stories"] == stories[4:8] and land["paging"] == Paging(2, 8, "themes/land/")
    assert listing_page("theme", "gone", site, 2) == {"theme": None, "stories": (), "paging": None}
    with pytest.raises(KeyError):
        listing_page("quote", "s-001", site, 1)


# --- bench/scale.py: the checks of the scale benchmark ------------------------------------


def test_the_scale_crawl_follows_only_the_index_pages_and_counts_stories(tmp_path: Path) -> None:
    from bench.scale import crawl_index

    def write(address: str, *hrefs: str) -> None:
        (tmp_path / address).mkdir(parents=True, exist_ok=True)
        links = "".join(f'<a href="{href}">x</a>' for href in hrefs)
        (tmp_path / address / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")

    write("stories/", "a/", "page/2/", "../countries/x/", "https://elsewhere.example/stories/c/")
    write("stories/page/2/", "../../../b/", "../../", "../3/")  # ../../../b/ is /b/, not a story
    write("stories/page/3/", "../../b/")
    write("countries/x/", "../../stories/c/")  # not followed: only the index's own pages
    crawled, reached = crawl_index(tmp_path, {"stories/a/", "stories/b/", "stories/c/"})
    assert (crawled, reached) == ({"stories/", "stories/page/2/", "stories/page/3/"}, {"stories/a/", "stories/b/"})


def test_the_scale_benchmark_keeps_file_numbers_under_1000() -> None:
    from bench.build_benchmark import CountryInfo, SyntheticStory
    from bench.scale import within_file_numbers

    def synthetic(slug: str, identity: str, country: str = "Afghanistan") -> SyntheticStory:
        return SyntheticStory(slug, identity, None, country, "graduate", "Graduate", "q", (), (), dt.date(2020, 1, 1), False, "R")

    stories = [
        synthetic("afghanistan-graduate-999", "anonymous"), synthetic("afghanistan-graduate-1000", "anonymous"),
        synthetic("afghanistan-1", "anonymous"), synthetic("afghanistan-graduate-1001", "anonymous"),
        synthetic("ada-obi-1500", "named", "Nigeria"), synthetic("ada-1000", "first-name", "DR Congo"),
    ]
    countries = [CountryInfo("Afghanistan", True), CountryInfo("Nigeria", False), CountryInfo("DR Congo", False)]
    renamed = [story.slug for story in within_file_numbers(stories, countries, ["graduate", "partner"])]
    assert renamed == ["afghanistan-graduate-999", "afghanistan-2", "afghanistan-1", "afghanistan-3", "ada-obi-1500", "dr-congo-1"]
