"""Where a hand-written page's links lead: every way of writing a generated page's address."""

from __future__ import annotations

import pytest

from storysite.pagination import further_page_list, page_src_uri, page_url
from storysite.link_targets import CurrentPage, LinkContext, generated_targets, names_person, unpublished_in_attribute, unpublished_target

PUBLISHED = frozenset({"stories/obadia.md", "countries/nigeria.md", "themes/early-marriage.md", "impact.md"})
SITE = "https://stories.example.org/"
HOME = LinkContext("index.md", "", PUBLISHED, SITE)
ABOUT = LinkContext("about.md", "about/", PUBLISHED, SITE)
STORIES_INDEX = LinkContext("stories/index.md", "stories/", PUBLISHED, SITE)


@pytest.mark.parametrize(
    ("href", "links", "expected"),
    [
        ("stories/monday.md", HOME, {"stories/monday.md"}),
        ("stories/monday/", HOME, {"stories/monday.md"}),
        ("stories/monday/#part", HOME, {"stories/monday.md"}),
        ("stories/monday/index.html", HOME, {"stories/monday.md"}),
        ("stories/Monday.md?x=1", HOME, {"stories/monday.md"}),
        ("stories/%6Donday.md", HOME, {"stories/monday.md"}),
        ("/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("../stories/monday.md", STORIES_INDEX, {"stories/monday.md"}),
        ("monday.md", STORIES_INDEX, {"stories/monday.md"}),
        ("../stories/monday/", ABOUT, {"stories/monday.md"}),
        ("../../stories/monday/", HOME, {"stories/monday.md"}),
        ("..", HOME, set()),
        ("https://stories.example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("HTTP://Stories.Example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("//stories.example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("countries/afghanistan.md", HOME, {"countries/afghanistan.md"}),
        ("themes/early-marriage/", HOME, {"themes/early-marriage.md"}),
        ("stories/index.md", HOME, set()),
        ("stories/", HOME, set()),
        ("stories/photo.jpg", HOME, set()),
        ("stories/monday/extra/", HOME, set()),
        ("impact.md", HOME, set()),
        ("https://elsewhere.example/stories/monday/", HOME, set()),
        ("mailto:stories@example.org", HOME, set()),
        ("#the-problem", HOME, set()),
        # The site's host as a browser reads it: default or any port, a trailing dot, a
        # user name, any case, backslashes, slashes missing or doubled, escapes, full-width
        # letters and dots, tabs and controls.
        ("https://stories.example.org:443/stories/monday/", HOME, {"stories/monday.md"}),
        ("http://stories.example.org:80/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org:8443/stories/monday/", HOME, {"stories/monday.md"}),
        ("http://stories.example.org./stories/monday/", HOME, {"stories/monday.md"}),
        ("https://x@stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://x:y@stories.example.org:443/stories/monday/", HOME, {"stories/monday.md"}),
        ("HTTPS://STORIES.EXAMPLE.ORG/STORIES/MONDAY/", HOME, {"stories/monday.md"}),
        ("https:\\\\stories.example.org\\stories\\monday\\", HOME, {"stories/monday.md"}),
        ("https:///stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("http:stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https:stories/monday/", HOME, {"stories/monday.md"}),
        ("https:/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("\\\\stories/monday/", HOME, set()),  # a browser reads the host "stories" here
        ("/\\stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories%2Eexample.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://\uff53\uff54\uff4f\uff52\uff49\uff45\uff53\u3002example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.exam\u00adple.org/stories/monday/", HOME, {"stories/monday.md"}),
        (" \x01https://stories.exam\tple.org/stories/mon\nday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org/x/../stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org@elsewhere.example/stories/monday/", HOME, set()),
        ("https://stories.example.org.elsewhere.example/stories/monday/", HOME, set()),
        ("ftp://stories.example.org/stories/monday/", HOME, set()),
    ],
)
def test_every_way_of_writing_a_generated_pages_address_is_recognised(href: str, links: LinkContext, expected: set[str]) -> None:
    assert generated_targets(href, links) == expected


def test_a_site_under_a_folder_is_recognised_by_its_own_path() -> None:
    links = LinkContext("index.md", "", frozenset(), "https://example.org/programme/")
    assert generated_targets("https://example.org/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("https://example.org/stories/x/", links) == set()
    assert generated_targets("https://example.org/other/../programme/stories/x/", links) == {"stories/x.md"}


# Further pages of a list: a list gets shorter when stories are withdrawn or lapse --------------

PAGED = frozenset({*PUBLISHED, "stories/page/2.md", "countries/nigeria/page/2.md"})
PAGED_HOME = LinkContext("index.md", "", PAGED, SITE)
NIGERIA_PAGE = LinkContext("countries/nigeria.md", "countries/nigeria/", PAGED, SITE)


@pytest.mark.parametrize(
    ("href", "links", "expected"),
    [
        ("stories/page/2.md", HOME, {"stories/page/2.md"}),
        ("stories/page/2/", HOME, {"stories/page/2.md"}),
        ("stories/page/2", HOME, {"stories/page/2.md"}),
        ("stories/page/2/index.html", HOME, {"stories/page/2.md"}),
        ("stories/page/2/index.md", HOME, {"stories/page/2.md"}),
        ("stories/page/2.html", HOME, {"stories/page/2.md"}),
        ("stories/page/2/#cards", HOME, {"stories/page/2.md"}),
        ("Stories/PAGE/2.md", HOME, {"stories/page/2.md"}),
        ("/stories/page/3/", ABOUT, {"stories/page/3.md"}),
        ("../stories/page/2/", ABOUT, {"stories/page/2.md"}),
        ("../../stories/page/2/", HOME, {"stories/page/2.md"}),
        ("page/2.md", STORIES_INDEX, {"stories/page/2.md"}),
        ("\\\\stories/page/2/", HOME, set()),  # a browser reads the host "stories" here
        ("\\stories\\page\\2\\", ABOUT, {"stories/page/2.md"}),
        ("https://stories.example.org/stories/page/2/", ABOUT, {"stories/page/2.md"}),
        ("HTTPS://STORIES.EXAMPLE.ORG:443/STORIES/PAGE/2/", ABOUT, {"stories/page/2.md"}),
        ("countries/nigeria/page/2.md", HOME, {"countries/nigeria/page/2.md"}),
        ("countries/nigeria/page/2/", HOME, {"countries/nigeria/page/2.md"}),
        ("../countries/nigeria/page/2/index.html", ABOUT, {"countries/nigeria/page/2.md"}),
        ("themes/early-marriage/page/3/", HOME, {"themes/early-marriage/page/3.md"}),
        ("themes/early-marriage/page/3.md", HOME, {"themes/early-marriage/page/3.md"}),
        ("Themes/Early-Marriage/Page/3/", HOME, {"themes/early-marriage/page/3.md"}),
        # Pages no build makes, read as further pages all the same (when in doubt).
        ("stories/page/02/", HOME, {"stories/page/02.md"}),
        ("stories/page/1/", HOME, {"stories/page/1.md"}),
        # Not a further page of a list: a story called "page", other files, no list.
        ("stories/page.md", HOME, {"stories/page.md"}),
        ("stories/page/", HOME, {"stories/page.md"}),
        ("stories/page/two/", HOME, set()),
        ("stories/page/2/extra/", HOME, set()),
        ("countries/page/2/", HOME, set()),
        ("page/2/", HOME, set()),
    ],
)
def test_every_way_of_writing_a_further_page_of_a_list_is_recognised(href: str, links: LinkContext, expected: set[str]) -> None:
    assert generated_targets(href, links) == expected


def test_a_further_page_not_made_in_this_build_is_unpublished_and_one_made_is_not() -> None:
    assert unpublished_target("stories/page/2.md", HOME) == "stories/page/2.md"
    assert unpublished_target("countries/nigeria/page/2/", HOME) == "countries/nigeria/page/2.md"
    assert unpublished_target("stories/page/2.md", PAGED_HOME) is None
    assert unpublished_target("page/2/", NIGERIA_PAGE) is None
    assert unpublished_target("page/3/", NIGERIA_PAGE) == "countries/nigeria/page/3.md"
    assert unpublished_target("themes/early-marriage/page/2/", PAGED_HOME) == "themes/early-marriage/page/2.md"
    assert unpublished_in_attribute("srcset", "a.jpg 1x, /stories/page/3/ 2x", PAGED_HOME) == "stories/page/3.md"
    assert unpublished_in_attribute("data-next", "../stories/page/2/", LinkContext("about.md", "about/", PAGED, SITE)) is None


def test_an_address_of_a_thousand_further_pages_is_read_without_running_out_of_stack() -> None:
    # An editor's (or an attacker's) link must end in a note, never in a traceback.
    deep = "stories/" + "page/1/" * 1200 + "page/2.md"
    assert unpublished_target(deep, HOME) == deep
    assert unpublished_target("countries/nigeria/page/1/page/2/", HOME) == "countries/nigeria/page/1/page/2.md"


def test_the_log_says_the_list_is_shorter() -> None:
    page = CurrentPage("docs/index.md", HOME)
    page.note("stories/page/2.md", "stories/page/2.md")
    page.note_attribute("cite", "q", "countries/nigeria/page/2.md")
    assert page.unlinked == [
        "docs/index.md: link to stories/page/2.md shows as text: that list has fewer pages today",
        "docs/index.md: cite of <q> is left out: it leads to countries/nigeria/page/2/, and that list has fewer pages today",
    ]


def test_a_further_pages_address_names_nobody() -> None:
    # "page" is no story's speaker: the text of a link to the stories' page 2 stays.
    links = LinkContext("index.md", "", frozenset(), SITE, {"monday": ("Monday",)})
    assert not names_person("More stories, page 2", "stories/page/2.md", links)
    assert names_person("Monday's page", "stories/monday.md", links)


@pytest.mark.parametrize("first", ["stories/", "countries/nigeria/", "themes/early-marriage/"])
def test_the_further_pages_pagination_makes_are_the_ones_recognised(first: str) -> None:
    # One rule: the addresses pagination writes are the ones links are read against.
    for number in (2, 3, 40):
        assert generated_targets(page_url(first, number), HOME) == {page_src_uri(first, number)}
        assert further_page_list(page_src_uri(first, number)) == first
