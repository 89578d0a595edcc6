"""A hand-written page's HTML: links to unpublished generated pages become text, comments go."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from storysite.page_html import (
    TREEPROCESSOR_PRIORITY, CurrentPage, LinkContext, UnpublishedLinks, clean_page_html, drop_comments,
    generated_targets, html_comments, unlink_raw_anchors,
)

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
    ],
)
def test_every_way_of_writing_a_generated_pages_address_is_recognised(href: str, links: LinkContext, expected: set[str]) -> None:
    assert generated_targets(href, links) == expected


def test_a_site_under_a_folder_is_recognised_by_its_own_path() -> None:
    links = LinkContext("index.md", "", frozenset(), "https://example.org/programme/")
    assert generated_targets("https://example.org/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("https://example.org/stories/x/", links) == set()


def convert(source: str, links: LinkContext | None = HOME) -> tuple[str, CurrentPage | None]:
    extension = UnpublishedLinks()
    page = CurrentPage("docs/index.md", links) if links else None
    extension.page = page
    md = Markdown(extensions=["attr_list", "toc", extension])
    return md.convert(source), page


def test_markdown_links_to_unpublished_pages_become_their_text() -> None:
    html, page = convert(
        "Read [his *own* story](stories/monday.md){ .ss-more } now, [Obadia](stories/obadia.md) too, "
        "and [ref][m].\n\n[m]: ../stories/monday/ \"Monday\"\n"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == ["stories/obadia.md"]
    assert soup.p.get_text() == "Read his own story now, Obadia too, and ref."
    assert soup.p.em.get_text() == "own"
    assert "monday" not in html.lower()
    assert page is not None and page.unlinked == [
        "docs/index.md: link to stories/monday.md shows as text: that story is not published today",
        "docs/index.md: link to ../stories/monday/ shows as text: that story is not published today",
    ]


def test_a_link_whose_text_is_the_address_leaves_nothing() -> None:
    html, page = convert("See <https://stories.example.org/stories/monday/>, [stories/monday.md](stories/monday.md).\n")
    assert "monday" not in html.lower()
    assert BeautifulSoup(html, "html.parser").p.get_text() == "See , ."


def test_headings_and_the_table_of_contents_keep_no_address() -> None:
    extension = UnpublishedLinks()
    extension.page = CurrentPage("docs/index.md", HOME)
    md = Markdown(extensions=["toc", extension])
    html = md.convert("## Read [stories/monday](stories/monday.md)\n\n## [Nigeria](countries/nigeria.md)\n")
    assert "monday" not in html and "monday" not in str(md.toc_tokens)  # type: ignore[attr-defined]
    assert 'href="countries/nigeria.md"' in html


def test_country_and_theme_notes_say_what_is_gone() -> None:
    _, page = convert("[a](countries/afghanistan.md) [b](themes/girls-education/)\n")
    assert page is not None and page.unlinked == [
        "docs/index.md: link to countries/afghanistan.md shows as text: that country has no page today",
        "docs/index.md: link to themes/girls-education/ shows as text: that theme has no page today",
    ]


def test_without_a_page_the_extension_changes_nothing() -> None:
    html, _ = convert("[his story](stories/monday.md)\n", links=None)
    assert 'href="stories/monday.md"' in html


def test_the_extension_runs_before_mkdocs_checks_links_and_after_attribute_lists() -> None:
    # MkDocs registers its link checker ("relpath") at 0; attr_list is at 8, toc at 5.
    assert 5 < TREEPROCESSOR_PRIORITY < 8


@pytest.mark.parametrize(
    ("html", "comments"),
    [
        ("a<!-- x -->b", ["<!-- x -->"]),
        ("a<!-->b", ["<!-->"]),
        ("a<!--->b", ["<!--->"]),
        ("a<!-- x --!>b -->", ["<!-- x --!>"]),
        ("a<!-- x -- > y -->b", ["<!-- x -- > y -->"]),
        ("a<!-- never closed", ["<!-- never closed"]),
        ("a &lt;!-- shown --&gt;", []),
    ],
)
def test_comments_are_read_as_browsers_read_them(html: str, comments: list[str]) -> None:
    assert [html[start:end] for start, end in html_comments(html)] == comments


def test_comments_go_but_block_markers_stay() -> None:
    html = "<p>a</p>\n<!-- SENTINEL note -->\n<!-- storysite:figures -->\n<p>b<!--SENTINEL--></p><!--\nstorysite:quote x\n-->"
    assert drop_comments(html) == "<p>a</p>\n\n<!-- storysite:figures -->\n<p>b</p><!--\nstorysite:quote x\n-->"


def test_raw_links_to_unpublished_pages_become_text() -> None:
    page = CurrentPage("docs/index.md", HOME)
    html = (
        '<p>Read <a class="x" href="stories/monday/">his <b>story</b></a>, '
        '<a href="stories/obadia/">Obadia</a>, '
        '<A HREF="https://stories.example.org/stories/monday/">https://stories.example.org/stories/monday/</A> and '
        '<a href="countries/afghanistan/">never closed</p>'
    )
    assert unlink_raw_anchors(html, page) == (
        '<p>Read his <b>story</b>, <a href="stories/obadia/">Obadia</a>,  and never closed</p>'
    )
    assert len(page.unlinked) == 3


def test_image_map_areas_to_unpublished_pages_go() -> None:
    page = CurrentPage("docs/index.md", HOME)
    html = '<map name="m"><area shape="rect" coords="0,0,1,1" href="stories/monday/" alt="his story"><area href="stories/obadia/" alt="x"></map>'
    assert unlink_raw_anchors(html, page) == '<map name="m"><area href="stories/obadia/" alt="x"></map>'


def test_clean_page_html_does_both() -> None:
    page = CurrentPage("docs/index.md", HOME)
    cleaned = clean_page_html('<p><!-- <a href="x"> --><a href="stories/monday/">his story</a><!-- storysite:counter --></p>', page)
    assert cleaned == "<p>his story<!-- storysite:counter --></p>"
