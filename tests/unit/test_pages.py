"""The pages stage: block markers, story order, generated pages, block data."""

from __future__ import annotations

import datetime as dt

import pytest

from storysite.impact import show_figure
from storysite.model import Baseline, Consent, Country, Figure, Role, Story, Theme
from storysite.blocks import SiteData, block_data, next_stories, story_page_extras
from storysite.pages import (
    Marker, check_markers, fill_markers, find_markers, missing_targets, newest_first, plan_pages,
    story_title,
)

NIGERIA = Country("NG", "Nigeria", "nigeria", (), False, "first-name", "")
INHERITANCE = Theme("inheritance", "Inheritance", "...")
AFGHANISTAN = Country("AF", "Afghanistan", "afghanistan", (), True, "anonymous", "")


def story(slug: str, collected: str, *, name: str | None = "Ada", featured: bool = False, country: Country = NIGERIA) -> Story:
    return Story(
        slug=slug, source=f"stories/{slug}.yml", identity="named" if name else "anonymous", name=name,
        country=country, role=Role("graduate", "Graduate", "graduate"), quote="A quote long enough to pass.", original=None, paragraphs=(),
        photo=None, themes=(INHERITANCE,), collected=dt.date.fromisoformat(collected),
        featured=featured, minor=False,
        consent=Consent(dt.date(2024, 1, 1), dt.date(2030, 1, 1), ("web",), "CF-1", None, False),
    )


def test_find_markers_gives_names_arguments_and_lines() -> None:
    markdown = "# Home\n\n<!-- storysite:figures -->\n\ntext\n<!--storysite:quote monday-->\n"
    assert find_markers(markdown) == [Marker("figures", None, 3), Marker("quote", "monday", 6)]


def test_plain_comments_are_not_markers() -> None:
    assert find_markers("<!-- a note about storysite:figures -->\n<!-- storysite figures -->") == []


@pytest.mark.parametrize("comment", ["<!-- storysite: figures -->", "<!-- storysite: -->", "<!-- storysite:Figures -->", "<!-- storysite:-x -->"])
def test_a_marker_names_its_block_right_after_the_colon_in_lower_case(comment: str) -> None:
    # Not markers, so the checks of docs/ report them as misspelt (storysite.docs_guard).
    assert find_markers(comment) == []


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("<!-- storysite:figurs -->", "docs/x.md:1: storysite:figurs: is not a block this page can show (did you mean 'figures'?)"),
        ("\n<!-- storysite:story -->", "docs/x.md:2: storysite:story: belongs on generated story pages only (to show one story here, write <!-- storysite:quote SLUG -->)"),
        ("<!-- storysite:quote -->", "docs/x.md:1: storysite:quote: needs a story's file name (e.g. <!-- storysite:quote monday -->)"),
        ("<!-- storysite:country -->", "docs/x.md:1: storysite:country: needs a country's address name (e.g. <!-- storysite:country nigeria -->)"),
        ("<!-- storysite:counter now -->", "docs/x.md:1: storysite:counter: takes nothing after its name, not 'now' (write <!-- storysite:counter -->)"),
    ],
)
def test_check_markers_refuses_what_a_page_cannot_show(markdown: str, expected: str) -> None:
    assert [str(error) for error in check_markers(markdown, "docs/x.md")] == [expected]


def test_check_markers_accepts_known_blocks() -> None:
    markdown = "<!-- storysite:figures -->\n<!-- storysite:quote monday -->\n<!-- storysite:all-stories -->"
    assert check_markers(markdown, "docs/x.md") == []


def test_a_quote_of_a_deleted_story_is_a_note_not_an_error() -> None:
    markdown = "<!-- storysite:quote mondy -->\n<!-- storysite:quote monday -->"
    assert check_markers(markdown, "docs/x.md") == []
    notes = missing_targets(markdown, "docs/x.md", {"story": ["monday", "obadia"]})
    assert [str(note) for note in notes] == [
        "docs/x.md:1: storysite:quote: 'mondy' is not a story of this site, so the block shows nothing (did you mean 'monday'?)"
    ]


def test_fill_markers_replaces_each_marker_once() -> None:
    html = "<p>a</p>\n<!-- storysite:figures -->\n<!-- storysite:quote monday -->"
    seen: list[Marker] = []

    def render(marker: Marker) -> str:
        seen.append(marker)
        return f"<div>{marker.name}</div><!-- storysite:figures -->"

    filled = fill_markers(html, render)
    assert filled == "<p>a</p>\n<div>figures</div><!-- storysite:figures -->\n<div>quote</div><!-- storysite:figures -->"
    assert [(m.name, m.argument) for m in seen] == [("figures", None), ("quote", "monday")]


def test_newest_first_is_stable_by_slug() -> None:
    stories = [story("b", "2024-01-01"), story("c", "2024-05-01"), story("a", "2024-01-01")]
    assert [s.slug for s in newest_first(stories)] == ["c", "a", "b"]


def test_next_story_wraps_round_and_is_none_when_alone() -> None:
    ordered = newest_first([story("a", "2024-03-01"), story("b", "2024-02-01")])
    assert next_stories(ordered) == {"a": ordered[1], "b": ordered[0]}
    assert next_stories(ordered[:1]) == {}


def test_story_title_names_the_country_once() -> None:
    assert story_title(story("a", "2024-01-01", name="Ada")) == "Ada, Nigeria"
    assert story_title(story("g", "2024-01-01", name=None, country=AFGHANISTAN)) == "Graduate, Afghanistan"


def test_plan_pages_makes_every_generated_page() -> None:
    pages = plan_pages([story("old", "2023-01-01"), story("new", "2024-01-01"), story("g", "2022-01-01", name=None, country=AFGHANISTAN)])
    assert [page.src_uri for page in pages] == [
        "stories/index.md", "impact.md", "stories/new.md", "stories/old.md", "stories/g.md",
        "countries/afghanistan.md", "countries/nigeria.md", "themes/inheritance.md",
    ]
    by_uri = {page.src_uri: page for page in pages}
    assert by_uri["stories/new.md"].markdown == "<!-- storysite:story -->\n"
    assert by_uri["stories/new.md"].description == "A quote long enough to pass."
    assert by_uri["countries/nigeria.md"].markdown == "<!-- storysite:country nigeria -->\n"
    assert by_uri["countries/nigeria.md"].title == "Stories from Nigeria"
    assert by_uri["themes/inheritance.md"].title == "Stories about inheritance"
    # Only the index and the impact page belong in the navigation.
    assert [page.src_uri for page in pages if page.in_nav] == ["stories/index.md", "impact.md"]
    # Lists of stories stay out of the search index: each story has its own entry.
    assert [page.src_uri for page in pages if not page.in_search] == [
        "stories/index.md", "countries/afghanistan.md", "countries/nigeria.md", "themes/inheritance.md",
    ]


def test_block_data_selects_what_each_block_draws() -> None:
    featured, plain = story("f", "2024-02-01", featured=True), story("p", "2024-01-01")
    count = Figure(
        id="men", statement="men took part", countries=(), unit="count", value=50894, value_label="",
        qualifier="over", baseline=None, period="since 2002", source="src", sample="n/a", note=None,
    )
    share = Figure(
        id="share", statement="of graduates", countries=(AFGHANISTAN,), unit="percent", value=39,
        value_label="graduates", qualifier=None, baseline=Baseline(15, "at enrolment"), period="x",
        source="src", sample="n/a", note=None,
    )
    site = SiteData(
        (featured, plain), (show_figure(share, "en"), show_figure(count, "en")), (NIGERIA, AFGHANISTAN),
        (INHERITANCE,), "https://example.org/", "en", following=next_stories((featured, plain)),
    )
    assert block_data(Marker("featured-stories", None, 0), None, site) == {"stories": (featured,)}
    everything = block_data(Marker("all-stories", None, 0), None, site)
    assert everything["stories"] == (featured, plain)
    assert [(f.id, f.label, f.url, f.count) for f in everything["countries"]] == [("nigeria", "Nigeria", "countries/nigeria/", 2)]
    assert [(f.id, f.count) for f in everything["themes"]] == [("inheritance", 2)]
    assert block_data(Marker("quote", "p", 0), None, site) == {"story": plain}
    assert block_data(Marker("quote", "gone", 0), None, site) == {"story": None}
    assert [s.value_text for s in block_data(Marker("figures", None, 0), None, site)["figures"]] == ["39%"]
    assert [s.value_text for s in block_data(Marker("counter", None, 0), None, site)["figures"]] == ["over 50,894"]
    assert block_data(Marker("story", None, 0), plain, site) == {
        "story": plain, "original_direction": None, "original_language": None,
    }
    extras = story_page_extras(plain, site)
    assert (extras["next_story"], extras["page_url"], extras["share"]) == (featured, "https://example.org/stories/p/", ())
    assert block_data(Marker("country", "nigeria", 0), None, site) == {"country": NIGERIA, "stories": (featured, plain)}
    assert block_data(Marker("country", "afghanistan", 0), None, site) == {"country": AFGHANISTAN, "stories": ()}
    assert block_data(Marker("theme", "inheritance", 0), None, site) == {"theme": INHERITANCE, "stories": (featured, plain)}
    assert block_data(Marker("theme", "gone", 0), None, site) == {"theme": None, "stories": ()}
    with pytest.raises(ValueError):
        block_data(Marker("story", None, 0), None, site)
