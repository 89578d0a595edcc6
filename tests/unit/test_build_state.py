"""build_state: one build as plain data, each step without MkDocs (the e2e tests build for real)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader
from mkdocs.utils.templates import url_filter

from unit_fixtures import STORY_YML, Project, edit
from storysite.build_state import DROP, KEEP, PAGE_LEFT_OUT, BuildState, BuildStopped, LivePreview, site_address
from storysite.unpublished_links import UnpublishedLinks
from storysite.block_markers import Marker

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
PAGE = "# Home\n\n<!-- storysite:quote obadia-lowiya-steven -->\n"


@pytest.fixture
def project(tmp_project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    tmp_project.story()
    tmp_project.write("docs/index.md", PAGE)
    return tmp_project


def state_of(project: Project, *, safe_mode: bool = False) -> BuildState:
    return BuildState(
        root=project.root, docs_dir=project.root / "docs", overrides=OVERRIDES, page_links=UnpublishedLinks(), safe_mode=safe_mode,
    )


def prepare(state: BuildState, preview: LivePreview | None = None) -> list[tuple[int, str]]:
    return state.prepare(programme="A programme", locale="en", site_url="https://example.org", preview=preview).log


def rendering(state: BuildState) -> BuildState:
    env = Environment(loader=FileSystemLoader(OVERRIDES))
    env.filters["url"] = url_filter
    state.start_rendering(env, {"extra": {}, "site_name": "Site", "site_description": "", "theme": {"language": "en"}})
    return state


def test_prepare_reads_selects_and_plans_the_pages(project: Project) -> None:
    state = state_of(project)
    log = prepare(state)
    assert state.site is not None and [story.slug for story in state.site.stories] == ["obadia-lowiya-steven"]
    assert state.site.site_url == "https://example.org/"
    assert sorted(state.generated) == [
        "countries/south-sudan.md", "impact.md", "stories/index.md", "stories/obadia-lowiya-steven.md",
        "themes/early-marriage.md", "themes/girls-education.md",
    ]
    assert log[-1] == (logging.INFO, "1 stories published, 0 left out")
    assert state.media is not None and "obadia-lowiya-steven" in state.media.cards  # social consent: a share image


def test_content_errors_stop_the_build_with_every_error(project: Project) -> None:
    project.story(edit(STORY_YML, "featured: true", "featured: yes"))
    project.write("docs/index.md", "# Home\n\n<!-- storysite:figurs -->\n")
    with pytest.raises(BuildStopped) as stopped:
        prepare(state_of(project))
    assert sorted(error.path for error in stopped.value.errors) == ["docs/index.md", "stories/obadia-lowiya-steven.yml"]
    assert stopped.value.report.startswith("2 content errors in 2 files; nothing was built:")


def test_a_safe_build_leaves_out_what_has_an_error_and_says_so(project: Project) -> None:
    project.write("docs/about.md", "# About\n\n<!-- storysite:figurs -->\n")
    state = state_of(project, safe_mode=True)
    log = prepare(state)
    assert state.left_out_files == {"docs/about.md"}
    assert any(level == logging.ERROR and "left out of this safe build" in line for level, line in log)
    # The page gives way to one that says it is being updated; the others stay.
    assert state.source_file(str(project.root / "docs" / "about.md"), "about.md").replacement == PAGE_LEFT_OUT
    assert state.source_file(str(project.root / "docs" / "index.md"), "index.md") is KEEP


def test_a_live_preview_shows_the_last_good_content_after_a_bad_edit(project: Project) -> None:
    preview = LivePreview()
    prepare(state_of(project), preview)
    assert preview.last_good is not None
    project.story(edit(STORY_YML, "featured: true", "featured: yes"))
    state = state_of(project)
    prepared = state.prepare(programme="A programme", locale="en", site_url="https://example.org/", preview=preview)
    assert [error.field for error in prepared.errors] == ["featured"]  # annotated, not raised
    assert state.site is not None and [story.featured for story in state.site.stories] == [True]


def test_a_site_needs_its_address() -> None:
    assert site_address("https://example.org") == "https://example.org/"
    with pytest.raises(BuildStopped, match="site_url: missing"):
        site_address(None)


def test_only_checked_files_of_docs_are_published_and_never_our_templates(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write("docs/notes.pdf", b"%PDF-1.4")
    state = state_of(project, safe_mode=True)  # goes on without the refused file
    prepare(state)
    docs = project.root / "docs"
    assert state.source_file(str(docs / "index.md"), "index.md") is KEEP
    assert state.source_file(str(docs / "notes.pdf"), "notes.pdf") is DROP  # refused by the checks of docs/
    # Our templates are not published as they are, however MkDocs names their path
    # (mkdocs.yml given as a relative path makes every theme path relative).
    assert state.source_file(str(OVERRIDES / "storysite" / "feed.xml"), "storysite/feed.xml") is DROP
    monkeypatch.chdir(OVERRIDES.parent)
    assert state.source_file("overrides/storysite/robots.txt", "storysite/robots.txt") is DROP
    assert state.source_file("overrides/assets/stylesheets/storysite.css", "assets/stylesheets/storysite.css") is KEEP


def test_a_real_page_takes_the_place_of_a_generated_one(project: Project) -> None:
    state = state_of(project)
    prepare(state)
    added = state.pages_to_add(lambda src_uri: src_uri == "stories/index.md")
    assert "stories/index.md" not in [page.src_uri for page in added] and "stories/index.md" not in state.generated
    assert "impact.md" in state.generated


def test_page_settings_and_the_conversion_of_hand_written_pages(project: Project) -> None:
    state = state_of(project)
    prepare(state)
    meta: dict[str, object] = {}
    state.start_page("stories/obadia-lowiya-steven.md", "stories/obadia-lowiya-steven/", meta)
    assert meta["title"] == "Obadia Lowiya Steven, South Sudan" and state.page_links.page is None
    hand_written: dict[str, object] = {"title": "<b>Home</b>"}
    state.start_page("index.md", "", hand_written)
    assert hand_written["title"] == "&lt;b&gt;Home&lt;/b&gt;"
    assert state.page_links.page is not None and state.page_links.page.shown_as == "docs/index.md"
    html, notes = state.finish_page_html("<p>Hello</p><!-- a note -->")
    assert (html, notes, state.page_links.page) == ("<p>Hello</p>", [], None)


def test_refused_markup_that_got_this_far_stops_the_build_or_leaves_the_page_out(project: Project) -> None:
    for safe_mode in (False, True):
        state = state_of(project, safe_mode=safe_mode)
        prepare(state)
        state.start_page("index.md", "", {})
        if not safe_mode:
            with pytest.raises(BuildStopped, match="docs/index.md: "):
                state.finish_page_html("<p>x</p><script>alert(1)</script>")
            continue
        html, log = state.finish_page_html("<p>x</p><script>alert(1)</script>")
        assert "being updated" in html and "<script" not in html and log[-1][0] == logging.ERROR


def test_generated_pages_are_drawn_whole_and_other_pages_have_their_markers_replaced(project: Project) -> None:
    state = state_of(project)
    prepare(state)
    state = rendering(state)
    story_page = state.draw("stories/obadia-lowiya-steven.md", "", None, "../..")
    assert story_page.context["page_story"] == state.generated["stories/obadia-lowiya-steven.md"].story
    assert story_page.context["share_card"] is not None
    # One template, two parts: the testimony is the content, which search reads; the
    # rest of the page follows it outside the content.
    content = BeautifulSoup(story_page.content or "", "html.parser")
    assert content.select_one("h1.ss-story__name").get_text() == "Obadia Lowiya Steven"
    rest = BeautifulSoup(str(story_page.context["after_content"]), "html.parser")
    for selector in (".ss-share", ".ss-story__takedown", ".ss-story-nav"):
        assert content.select_one(selector) is None and rest.select_one(selector) is not None, selector
    assert rest.select_one(".ss-story") is None
    country = state.draw("countries/south-sudan.md", "", None, "../..")
    assert state.generated["countries/south-sudan.md"].block == Marker("country", "south-sudan", 0)
    assert "Stories from South Sudan" in (country.content or "") and country.context == {}
    home = state.draw("index.md", "<h1>Home</h1>\n<!-- storysite:quote obadia-lowiya-steven -->\n<!-- storysite:gone -->", None, ".")
    assert "ss-pullquote" in (home.content or "") and "storysite:" not in (home.content or "")
    assert state.draw("about.md", "<p>No blocks</p>", None, ".").content == "<p>No blocks</p>"


def test_publish_writes_the_feed_and_robots(project: Project, tmp_path: Path) -> None:
    state = state_of(project)
    prepare(state)
    state = rendering(state)
    site = tmp_path / "built"
    site.mkdir()
    log = state.publish(site)
    assert "https://example.org/stories/obadia-lowiya-steven/" in (site / "feed.xml").read_text(encoding="utf-8")
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith("Sitemap: https://example.org/sitemap.xml\n")
    # The project copy has no cms/node_modules/: the editors' form is left out, and says so.
    assert [line for _, line in log] == [
        "Feed: stories/obadia-lowiya-steven.yml has no published date, so its entry is dated today (2026-01-15) and "
        "changes with every build: add published: YYYY-MM-DD, the day it first went on the site",
        "The editors' form (/admin/) is left out: Decap CMS is not installed in cms/node_modules/ (make cms installs it)",
    ]
    assert sorted(os.listdir(site / "assets" / "share"))  # the share image, from the cache
