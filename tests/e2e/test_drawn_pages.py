"""Pages drawn whole from data (a story's, a list's) are not converted from Markdown.

A Markdown converter with the site's extensions costs about a fifth of a millisecond to
make, and MkDocs makes one for every page it converts: with a thousand stories that was a
twentieth of the build (0.2 s of 3.5 s in the build benchmark, commit 1fffcd4). The
adapter's ``DrawnPage`` spares the pages the build draws whole; these tests count the
conversions of a real build, through a hook added for the test, and see that thirty more
stories (a story page each, and further pages of the stories index) add none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factories import story_yaml
from sitebuild import Project, copy_project

COUNTING_HOOK = '''
"""Test only: counts the Markdown conversions of the build, by page, into a file."""
import os
from pathlib import Path

import markdown

converted = []
_convert = markdown.Markdown.convert


def _counting(self, source):
    converted.append(source[:40])
    return _convert(self, source)


markdown.Markdown.convert = _counting


def on_post_build(config):
    Path(os.environ["COUNT_FILE"]).write_text(str(len(converted)), encoding="utf-8")
'''

EXTRA_STORIES = 30


def conversions(project: Project, count_file: Path) -> int:
    built = project.build(extra_env={"COUNT_FILE": str(count_file)})
    assert built.returncode == 0, built.output
    return int(count_file.read_text(encoding="utf-8"))


def with_counting_hook(project: Project) -> Project:
    project.add_hook("count_conversions", COUNTING_HOOK, before_ours=True)
    return project


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, Path]:
    """Conversions of the sample site, then of the sample site with thirty more stories
    (and the second project's built site)."""
    folder = tmp_path_factory.mktemp("drawn")
    sample = with_counting_hook(copy_project(folder / "sample"))
    more = with_counting_hook(copy_project(folder / "more"))
    for number in range(1, EXTRA_STORIES + 1):
        more.write(f"stories/nigeria-graduate-{number}.yml",
                   story_yaml(identity="anonymous", name=None, country="Nigeria", quote=f"Words number {number} of many."))
    return conversions(sample, folder / "sample.count"), conversions(more, folder / "more.count"), more.root / "site"


def test_more_stories_add_no_markdown_conversion(counted: tuple[int, int, Path]) -> None:
    sample, more, _ = counted
    assert sample > 0, "the counting hook saw the hand-written pages"
    assert more == sample


def test_the_pages_drawn_whole_are_still_drawn(counted: tuple[int, int, Path]) -> None:
    *_, site = counted
    story = BeautifulSoup((site / "stories/nigeria-graduate-7/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Words number 7 of many." in story.select_one(".ss-pullquote").get_text()
    assert story.title.get_text().startswith("Graduate, Nigeria – ")
    second = BeautifulSoup((site / "stories/page/2/index.html").read_text(encoding="utf-8"), "html.parser")
    assert second.select(".ss-cards .ss-card"), "the stories index's second page lists stories"


def test_a_link_to_an_anchor_of_a_drawn_page_passes_a_strict_build_that_checks_anchors(project: Project) -> None:
    # MkDocs checks links to anchors before on_page_context draws the page: a drawn page
    # says it has not been read (no anchors known) rather than that it has none.
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    page = project.root / "docs" / "how-we-collect-stories.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nRead [what happened next](stories/obadia-lowiya-steven.md#ss-updates-title).\n", encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    assert "ss-updates-title" not in built.output
    soup = BeautifulSoup((built.site / "how-we-collect-stories/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('a[href="../stories/obadia-lowiya-steven/#ss-updates-title"]') is not None
