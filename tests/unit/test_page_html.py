"""A hand-written page's HTML: links to unpublished generated pages become text, comments go."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from storysite.html_tokens import cut
from storysite.link_targets import CurrentPage, LinkContext
from storysite.page_html import clean_page_html, drop_comments, unlink_raw_anchors, without_comments
from storysite.unpublished_links import TREEPROCESSOR_PRIORITY, UnpublishedLinks

PUBLISHED = frozenset({"stories/obadia.md", "countries/nigeria.md", "themes/early-marriage.md", "impact.md"})
SITE = "https://stories.example.org/"
HOME = LinkContext("index.md", "", PUBLISHED, SITE)


# Markdown links (the extension) ----------------------------------------------------------------


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
    # Where it runs among the tree processors of a converter with the site's extensions:
    # after the links are made (inline) and given their attributes (attr_list), before the
    # table of contents copies headings; MkDocs adds its link checker ("relpath") at 0.
    md = Markdown(extensions=["attr_list", "toc", "md_in_html", "smarty", UnpublishedLinks()])
    at = md.treeprocessors.get_index_for_name  # the place in the order they run
    ours = at("storysite_unpublished_links")
    assert at("inline") < ours and at("attr_list") < ours < at("toc")
    assert TREEPROCESSOR_PRIORITY > 0  # and so before MkDocs' relpath


# Comments and raw HTML links ------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("html", "published"),
    [
        # What browsers read as comments goes like comments; what they read after it stays
        # (and is refused by the checks, or by the adapter's last look).
        ('<div><![CDATA[ ><meta http-equiv="refresh" content="0;url=x"> ]]></div>', '<div><meta http-equiv="refresh" content="0;url=x"> ]]></div>'),
        ("<p>a<?php x ?>b<!DOCTYPE html>c</ note>d<!x>e</p>", "<p>abcde</p>"),
        # A comment inside a tag: the tag goes, never joined into another.
        ("<scr<!-- a -->ipt>alert(1)</scr<!-- b -->ipt>", "ipt>alert(1)ipt>"),
        ('<p title="<!-- storysite:counter -->">x</p>', "x</p>"),
        # A "<" that was text stays text when what followed it is cut.
        ("<<!-- x -->script>alert(1)<<!---->/script>", "&lt;script>alert(1)&lt;/script>"),
        ("< <!-- x -->b and <<!-- x --> b", "< b and < b"),
        # A tag left open at the end would take in the theme's HTML that follows.
        ('<p>x</p><a href="y', "<p>x</p>"),
    ],
)
def test_drop_comments_publishes_what_browsers_would_show(html: str, published: str) -> None:
    assert drop_comments(html) == published


def test_cut_maps_back_to_the_original_and_says_where_it_joined() -> None:
    html = "ab<!-- x\ny -->c<<!-- z -->d"
    result = without_comments(html)
    assert result.text == "abc&lt;d"
    assert [html[result.origin(offset)] for offset in (0, 2, 7)] == ["a", "c", "d"]
    assert result.joins == (html.index("<<") ,)
    assert cut("<a x=1 y=2>", [(3, 6, " ")]).text == "<a   y=2>"


def test_raw_unlinking_never_joins_text_into_a_tag() -> None:
    page = CurrentPage("docs/index.md", HOME)
    html = '<div><<a href="stories/monday/">script>alert(1)<</a>/script></div>'
    assert unlink_raw_anchors(html, page) == "<div>&lt;script>alert(1)&lt;/script></div>"
    assert BeautifulSoup(unlink_raw_anchors(html, CurrentPage("docs/index.md", HOME)), "html.parser").find("script") is None


# Other attributes that lead to an unpublished page ---------------------------------------------


def test_raw_attributes_that_lead_to_an_unpublished_page_go_and_their_tags_stay() -> None:
    page = CurrentPage("docs/index.md", HOME)
    html = (
        '<q cite="stories/monday/">a</q><blockquote cite="https://stories.example.org:443/stories/monday/">b</blockquote>'
        '<del cite="../stories/monday/">c</del><ins cite="countries/afghanistan/">d</ins>'
        '<img src="stories/monday/index.html" alt="e"><img srcset="a.png 1x, stories/monday/ 2x" alt="f">'
        '<picture><source srcset="stories/monday/"></picture><video poster="/stories/monday/"></video>'
        '<img longdesc="stories/monday/" alt="g"><p data-next="stories/monday/">h</p>'
        '<a href="stories/obadia/" ping="x stories/monday/">Obadia</a>'
        '<q cite="stories/obadia/">kept</q>'
    )
    cleaned = unlink_raw_anchors(html, page)
    assert "monday" not in cleaned and "afghanistan" not in cleaned
    soup = BeautifulSoup(cleaned, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["q", "blockquote", "del", "ins", "img", "img", "picture", "source", "video", "img", "p", "a", "q"]
    assert soup.find("a")["href"] == "stories/obadia/" and soup.find_all("q")[1]["cite"] == "stories/obadia/"
    assert soup.find("img", alt="e") is not None
    assert page.unlinked[0] == "docs/index.md: cite of <q> is left out: it leads to stories/monday/, and that story is not published today"
    assert len(page.unlinked) == 11


def test_markdown_attributes_that_lead_to_an_unpublished_page_go() -> None:
    html, page = convert('![his photo](stories/monday.md)\n\nText\n{: data-next="stories/monday/" }\n\n[Obadia](stories/obadia.md){: ping="stories/monday/" }\n')
    assert "monday" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.img is None and "his photo" not in html  # MkDocs needs an image's src: the image goes
    assert soup.a["href"] == "stories/obadia.md"
    assert page is not None and "docs/index.md: src of <img> is left out: it leads to stories/monday/, and that story is not published today" in page.unlinked
    assert len(page.unlinked) == 3


# A withdrawn person's name -------------------------------------------------------------------------

NAMED = LinkContext(
    "index.md", "", PUBLISHED, SITE,
    {"veronica-ayuba": ("Veronica Ayuba",), "obadia": ("Obadia Lowiya Steven",), "afghanistan-graduate-1": (), "monday": ("Monday",)},
)


def test_link_text_that_names_the_person_of_an_unpublished_story_goes_too() -> None:
    html, page = convert(
        "Read [Veronica Ayuba](stories/veronica-ayuba.md), [V\u00e9ronica's story](stories/veronica-ayuba/), "
        "[![AYUBA at work](p.jpg)](stories/veronica-ayuba.md), [her story](stories/veronica-ayuba.md) "
        "and [Obadia](stories/obadia.md).\n\n## [Veronica](stories/veronica-ayuba.md)\n",
        NAMED,
    )
    soup = BeautifulSoup(html, "html.parser")
    assert "veronica" not in html.lower() and "ayuba" not in html.lower()
    assert soup.p.get_text() == "Read , , , her story and Obadia."
    assert soup.a["href"] == "stories/obadia.md"
    assert page is not None and page.unlinked[0] == "docs/index.md: link to stories/veronica-ayuba.md is left out, with its text: that story is not published today"


def test_raw_link_text_that_names_the_person_goes_too() -> None:
    page = CurrentPage("docs/index.md", NAMED)
    html = '<p><a href="stories/veronica-ayuba/">V&#233;ronica <b>Ayuba</b></a>, <a href="stories/veronica-ayuba/">her story</a>, <a href="/stories/veronica-ayuba/"><img src="p.jpg" alt="Veronica"></a></p>'
    assert unlink_raw_anchors(html, page) == "<p>, her story, </p>"


def test_without_a_name_the_text_stays() -> None:
    # An anonymous story has no name to hide; a published story's link is not touched;
    # without names (None), only text that spells the address goes.
    html, _ = convert("[a graduate in Afghanistan](stories/afghanistan-graduate-1.md)\n", NAMED)
    assert BeautifulSoup(html, "html.parser").p.get_text() == "a graduate in Afghanistan"
    html, _ = convert("[Obadia Lowiya](stories/obadia.md)\n", NAMED)
    assert BeautifulSoup(html, "html.parser").a["href"] == "stories/obadia.md"
    html, _ = convert("[Veronica Ayuba](stories/veronica-ayuba.md) and [Obadia Lowiya](stories/obadia.md)\n", HOME)
    assert BeautifulSoup(html, "html.parser").p.get_text() == "Veronica Ayuba and Obadia Lowiya"


def test_a_story_the_build_did_not_read_is_named_by_its_file_name() -> None:
    # Deleted, or unreadable in a safe build: a named story's file name is the name.
    html, _ = convert("[Amina Bello's story](stories/amina-bello.md), [her story](stories/amina-bello.md)\n", NAMED)
    assert BeautifulSoup(html, "html.parser").p.get_text() == ", her story"


def test_raw_links_and_attributes_to_a_further_page_not_made_become_text() -> None:
    # The list is shorter in this build: its page 2 is not made, so nothing may lead there.
    page = CurrentPage("docs/index.md", HOME)
    html = '<p><a href="stories/page/2/">More stories</a>, <a href="countries/nigeria/page/2.md">Nigeria, page 2</a>, <q cite="/stories/page/2/">q</q></p>'
    assert unlink_raw_anchors(html, page) == "<p>More stories, Nigeria, page 2, <q  >q</q></p>"
    assert page.unlinked == [
        "docs/index.md: link to stories/page/2/ shows as text: that list has fewer pages today",
        "docs/index.md: link to countries/nigeria/page/2.md shows as text: that list has fewer pages today",
        "docs/index.md: cite of <q> is left out: it leads to stories/page/2/, and that list has fewer pages today",
    ]
    made = CurrentPage("docs/index.md", LinkContext("index.md", "", PUBLISHED | {"stories/page/2.md"}, SITE))
    assert unlink_raw_anchors('<a href="stories/page/2/">More</a>', made) == '<a href="stories/page/2/">More</a>'


def test_markdown_links_to_a_further_page_not_made_become_text() -> None:
    html, page = convert("[More stories](stories/page/2.md) and [Nigeria's next page](countries/nigeria/page/2/).\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a") is None and soup.p.get_text() == "More stories and Nigeria's next page."
    assert page is not None and page.unlinked == [
        "docs/index.md: link to stories/page/2.md shows as text: that list has fewer pages today",
        "docs/index.md: link to countries/nigeria/page/2/ shows as text: that list has fewer pages today",
    ]


# Light imports ------------------------------------------------------------------------------------

def test_cleaning_a_pages_html_loads_no_block_and_no_image_library() -> None:
    # A fresh interpreter: the test run has long loaded the blocks and Pillow.
    script = (
        "import sys; import storysite.page_html; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('storysite.blocks', 'storysite.pages', 'storysite.photo', 'PIL', 'jinja2', 'markdown')))))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == []
