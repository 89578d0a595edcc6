"""The pages stage: block markers, story order, generated pages, the block registry and
what each block and a story's page draw."""

from __future__ import annotations

import datetime as dt

import pytest

from storysite.impact import show_figure
from storysite.model import Baseline, Consent, Country, Figure, Role, Story, Theme
from pathlib import Path

from markupsafe import Markup

from storysite.blocks import REGISTRY, block_data
from storysite.pagination import Paging
from storysite.site_data import SiteData
from storysite.story_blocks import next_stories, story_page
from storysite.block_markers import Marker, fill_markers, find_markers
from storysite.pages import BLOCKS, GeneratedPage, check_markers, escape_settings, missing_targets, plan_pages
from storysite.story_order import newest_first

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"

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
        # A story's own page is drawn whole, from its story: no marker draws one.
        ("\n<!-- storysite:story -->", "docs/x.md:2: storysite:story: is not a block this page can show (use one of: all-stories, featured-stories, quote, country, theme, figures, counter, takedown, impact)"),
        ("<!-- storysite:quote -->", "docs/x.md:1: storysite:quote: needs a story's file name (write <!-- storysite:quote FILE-NAME -->, as in stories/FILE-NAME.yml)"),
        ("<!-- storysite:country -->", "docs/x.md:1: storysite:country: needs a country's address name (write <!-- storysite:country NAME -->, as in the address countries/NAME/)"),
        ("<!-- storysite:theme -->", "docs/x.md:1: storysite:theme: needs a theme id (write <!-- storysite:theme ID -->, an id of data/themes.yml)"),
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


def test_only_the_pages_of_markdown_are_converted_and_none_is_both() -> None:
    pages = plan_pages([story("new", "2024-01-01")], page_size=1)
    assert {page.src_uri for page in pages if not page.drawn_whole} == {"stories/index.md", "impact.md"}
    assert all(page.markdown for page in pages if not page.drawn_whole)
    with pytest.raises(ValueError, match="has no Markdown"):
        GeneratedPage("countries/x.md", "X", "", markdown="# X\n", block=Marker("country", "x", 0))


def test_plan_pages_makes_every_generated_page() -> None:
    pages = plan_pages([story("old", "2023-01-01"), story("new", "2024-01-01"), story("g", "2022-01-01", name=None, country=AFGHANISTAN)])
    assert [page.src_uri for page in pages] == [
        "stories/index.md", "impact.md", "stories/new.md", "stories/old.md", "stories/g.md",
        "countries/afghanistan.md", "countries/nigeria.md", "themes/inheritance.md",
    ]
    by_uri = {page.src_uri: page for page in pages}
    # A story's page carries its story, and a country's or theme's its block: each is
    # drawn whole, with no Markdown to convert; the index and impact page are Markdown
    # that a page of docs/ may replace.
    new = by_uri["stories/new.md"]
    assert new.story is not None and (new.story.slug, new.block, new.markdown) == ("new", None, "")
    assert (new.title, new.description) == ("Ada, Nigeria", "A quote long enough to pass.")
    assert by_uri["stories/g.md"].title == "Graduate, Afghanistan"
    assert (by_uri["countries/nigeria.md"].block, by_uri["countries/nigeria.md"].markdown) == (Marker("country", "nigeria", 0), "")
    assert by_uri["countries/nigeria.md"].title == "Stories from Nigeria"
    assert by_uri["themes/inheritance.md"].block == Marker("theme", "inheritance", 0)
    assert by_uri["themes/inheritance.md"].title == "Stories about inheritance"
    assert by_uri["stories/index.md"].markdown == "# Stories\n\n<!-- storysite:all-stories -->\n"
    # Only the index and the impact page belong in the navigation.
    assert [page.src_uri for page in pages if page.in_nav] == ["stories/index.md", "impact.md"]
    # Lists of stories stay out of the search index: each story has its own entry.
    assert [page.src_uri for page in pages if not page.in_search] == [
        "stories/index.md", "countries/afghanistan.md", "countries/nigeria.md", "themes/inheritance.md",
    ]


def test_page_settings_go_to_material_escaped() -> None:
    hostile = story("h", "2024-01-01", name="</title><script>x</script>")
    (page,) = [page for page in plan_pages([hostile]) if page.story is not None]
    settings = page.settings()
    assert settings["title"] == Markup("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;, Nigeria")
    assert settings["hide"] == ["navigation", "toc"] and "search" not in settings
    assert plan_pages([])[0].settings()["search"] == {"exclude": True}
    meta: dict[str, object] = {"title": "A <b>page</b>", "description": Markup("&amp; kept"), "lede": "<i>"}
    escape_settings(meta)
    assert meta == {"title": Markup("A &lt;b&gt;page&lt;/b&gt;"), "description": Markup("&amp; kept"), "lede": "<i>"}


def test_every_registered_block_has_its_template_and_the_checks_read_the_registry() -> None:
    assert list(REGISTRY) == ["all-stories", "featured-stories", "quote", "country", "theme", "figures", "counter", "takedown", "impact"]
    for name, block in REGISTRY.items():
        assert block.name == name and (OVERRIDES / block.template).is_file(), block.template
        assert BLOCKS[name] == (block.argument.kind if block.argument else None)
        marker = f"<!-- storysite:{name} {block.argument.placeholder.lower()} -->" if block.argument else f"<!-- storysite:{name} -->"
        assert check_markers(marker, "docs/x.md") == []
    # And no block template lies about: each one is registered.
    assert sorted(path.stem for path in (OVERRIDES / "storysite" / "blocks").glob("*.html")) == sorted(REGISTRY)


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
    assert block_data("featured-stories", None, site) == {"stories": (featured,)}
    everything = block_data("all-stories", None, site)
    assert everything["stories"] == (featured, plain)
    assert [(f.id, f.label, f.url, f.count) for f in everything["countries"]] == [("nigeria", "Nigeria", "countries/nigeria/", 2)]
    assert [(f.id, f.count) for f in everything["themes"]] == [("inheritance", 2)]
    assert block_data("quote", "p", site) == {"story": plain}
    assert block_data("quote", "gone", site) == {"story": None}
    assert [s.value_text for s in block_data("figures", None, site)["figures"]] == ["39%"]
    assert [s.value_text for s in block_data("counter", None, site)["figures"]] == ["over 50,894"]
    # A list's block draws its first page (storysite.pagination; tests/unit/test_pagination.py,
    # tests/e2e/test_paged_lists.py).
    assert everything["paging"] == Paging(1, 1, "stories/")
    assert block_data("country", "nigeria", site) == {"country": NIGERIA, "stories": (featured, plain), "paging": Paging(1, 1, "countries/nigeria/")}
    assert block_data("country", "afghanistan", site) == {"country": AFGHANISTAN, "stories": (), "paging": Paging(1, 1, "countries/afghanistan/")}
    assert block_data("theme", "inheritance", site) == {"theme": INHERITANCE, "stories": (featured, plain), "paging": Paging(1, 1, "themes/inheritance/")}
    assert block_data("theme", "gone", site) == {"theme": None, "stories": (), "paging": None}
    assert block_data("takedown", None, site) == {}
    impact = block_data("impact", None, site)
    assert [entry.footnote for entry in impact["entries"]] == [1, 2]
    assert [entry.shown.figure.id for entry in impact["counters"]] == ["men"]
    assert [entry.shown.figure.id for entry in impact["measures"]] == ["share"]
    with pytest.raises(KeyError):
        block_data("story", None, site)
    page = story_page(plain, site)
    assert (page["story"], page["next_story"], page["page_url"], page["share"]) == (plain, featured, "https://example.org/stories/p/", ())
    assert (page["original_direction"], page["original_language"], page["related"]) == (None, None, ())
