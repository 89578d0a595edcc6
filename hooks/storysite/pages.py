"""The pages generated from content, and the blocks that draw content into any page.

A *block* is an HTML comment in a page's Markdown, e.g. ``<!-- storysite:figures -->``.
Markdown keeps comments as they are, so after conversion the adapter swaps each one for
the block's template (``overrides/storysite/blocks/<name>.html``). Generated pages are
tiny Markdown documents made of blocks, which is also how a hand-written page in
``docs/`` can replace a generated one and still show the stories: editor text never
passes through Markdown, because it only ever reaches a page through a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from .errors import ContentError
from .fields import did_you_mean
from .charts import BarChart, bar_chart
from .impact import ShownFigure
from .model import Country, Story

MARKER = re.compile(r"<!--\s*storysite:(?P<name>[a-z-]*)(?:[ \t]+(?P<argument>[^\s>]+))?\s*-->")
# Block name -> whether it takes an argument (a story's slug).
BLOCKS = {
    "story": False,  # the testimony itself: generated story pages only
    "all-stories": False,
    "featured-stories": False,
    "quote": True,  # <!-- storysite:quote monday -->: one story's quote, linking to it
    "figures": False,  # the programme's percentages, as big numbers
    "counter": False,  # the programme's counts ("over 50,894 men")
    "takedown": False,  # how to ask for a story to be taken down (extra.takedown)
    "impact": False,  # every figure: counters, charts, a table and the sources
}
STORIES_INDEX = "stories/index.md"
IMPACT_PAGE = "impact.md"


@dataclass(frozen=True)
class Marker:
    """One block in a page: its name, its argument (or None) and its 1-based line."""

    name: str
    argument: str | None
    line: int


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory (MkDocs ``File.generated``)."""

    src_uri: str
    markdown: str
    title: str
    description: str
    story: Story | None = None


def find_markers(markdown: str) -> list[Marker]:
    """Every block marker in ``markdown``, in order."""
    return [
        Marker(match["name"], match["argument"], markdown.count("\n", 0, match.start()) + 1)
        for match in MARKER.finditer(markdown)
    ]


def check_markers(markdown: str, shown_as: str) -> list[ContentError]:
    """Errors for blocks a hand-written page cannot show: unknown names, bad arguments."""
    errors: list[ContentError] = []
    for marker in find_markers(markdown):
        field = f"storysite:{marker.name}"
        if marker.name == "story":
            errors.append(ContentError(shown_as, marker.line, field, "belongs on generated story pages only", "to show one story here, write <!-- storysite:quote SLUG -->"))
        elif marker.name not in BLOCKS:
            options = [name for name in BLOCKS if name != "story"]
            errors.append(ContentError(shown_as, marker.line, field, "is not a block this page can show", did_you_mean(marker.name, options)))
        elif BLOCKS[marker.name] and marker.argument is None:
            errors.append(ContentError(shown_as, marker.line, field, "needs a story's file name", f"e.g. <!-- storysite:{marker.name} monday -->"))
        elif not BLOCKS[marker.name] and marker.argument is not None:
            errors.append(ContentError(shown_as, marker.line, field, f"takes nothing after its name, not '{marker.argument}'", f"write <!-- storysite:{marker.name} -->"))
    return errors


def missing_stories(markdown: str, shown_as: str, story_slugs: Iterable[str]) -> list[ContentError]:
    """Blocks naming a story that has no file. Not errors: deleting a story's file is one
    way to take it down, and a takedown must never be blocked by a page that quoted it."""
    slugs = sorted(story_slugs)
    return [
        ContentError(shown_as, marker.line, f"storysite:{marker.name}", f"'{marker.argument}' is not a story in stories/, so the block shows nothing", did_you_mean(marker.argument, slugs))
        for marker in find_markers(markdown)
        if BLOCKS.get(marker.name) and marker.argument is not None and marker.argument not in slugs
    ]


def fill_markers(html: str, render: Callable[[Marker], str]) -> str:
    """``html`` with each marker replaced by ``render(marker)``."""
    return MARKER.sub(lambda match: render(Marker(match["name"], match["argument"], 0)), html)


def newest_first(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Newest collected first; the slug breaks ties so the order never varies."""
    return tuple(sorted(stories, key=lambda story: (-story.collected.toordinal(), story.slug)))


def next_story(story: Story, ordered: tuple[Story, ...]) -> Story | None:
    """The story after ``story`` in ``ordered``, wrapping round; None when it is alone."""
    if len(ordered) < 2:
        return None
    index = ordered.index(story)
    return ordered[(index + 1) % len(ordered)]


def story_title(story: Story) -> str:
    """The page title: "Obadia Lowiya Steven, South Sudan" or "Graduate, Afghanistan"."""
    if story.name is None:
        return story.display_name
    return f"{story.name}, {story.country.name}"


def plan_pages(published: Iterable[Story]) -> list[GeneratedPage]:
    """The generated pages: one per published story, the stories index and the impact page."""
    pages = [
        GeneratedPage(
            src_uri=STORIES_INDEX,
            # docs/stories/index.md, when it exists, replaces this plain default.
            markdown="# Stories\n\n<!-- storysite:all-stories -->\n",
            title="Stories",
            description="Every published testimony, newest first.",
        )
    ]
    pages.append(
        GeneratedPage(
            src_uri=IMPACT_PAGE,
            # docs/impact.md, when it exists, replaces this plain default.
            markdown="# Impact\n\n<!-- storysite:impact -->\n",
            title="Impact",
            description="The programme's figures, with their sources.",
        )
    )
    for story in newest_first(published):
        pages.append(
            GeneratedPage(
                src_uri=f"stories/{story.slug}.md",
                markdown="<!-- storysite:story -->\n",
                title=story_title(story),
                description=story.quote,
                story=story,
            )
        )
    return pages


@dataclass(frozen=True)
class ImpactEntry:
    """A figure on the impact page: its footnote number, chart and related stories."""

    shown: ShownFigure
    footnote: int
    chart: BarChart | None
    stories: tuple[Story, ...]


def stories_from(countries: Iterable[Country], stories: Iterable[Story]) -> tuple[Story, ...]:
    """The stories told in any of ``countries``, in the order given."""
    codes = {country.code for country in countries}
    return tuple(story for story in stories if story.country.code in codes)


@dataclass(frozen=True)
class SiteData:
    """What blocks draw from: the published stories, newest first, and the figures."""

    stories: tuple[Story, ...]
    figures: tuple[ShownFigure, ...]


def block_data(marker: Marker, page_story: Story | None, site: SiteData) -> dict[str, object]:
    """The template variables of one block on a page (``page_story`` on story pages)."""
    if marker.name == "story":
        if page_story is None:
            raise ValueError("the story block belongs on generated story pages only")
        direction = text_direction(page_story.original.lang) if page_story.original else "ltr"
        return {"story": page_story, "next_story": next_story(page_story, site.stories), "story_direction": direction}
    if marker.name == "all-stories":
        return {"stories": site.stories}
    if marker.name == "featured-stories":
        return {"stories": tuple(story for story in site.stories if story.featured)}
    if marker.name == "quote":
        # A story left out today (consent) simply is not shown: the block draws nothing.
        return {"story": next((story for story in site.stories if story.slug == marker.argument), None)}
    if marker.name == "figures":
        return {"figures": tuple(shown for shown in site.figures if shown.figure.unit != "count")}
    if marker.name == "counter":
        return {"figures": tuple(shown for shown in site.figures if shown.figure.unit == "count")}
    if marker.name == "takedown":
        return {}
    if marker.name == "impact":
        entries = tuple(
            ImpactEntry(shown, number, bar_chart(shown), stories_from(shown.figure.countries, site.stories))
            for number, shown in enumerate(site.figures, start=1)
        )
        return {
            "counters": tuple(entry for entry in entries if entry.shown.figure.unit == "count"),
            "measures": tuple(entry for entry in entries if entry.shown.figure.unit != "count"),
            "entries": entries,
        }
    raise ValueError(f"unknown block {marker.name!r}")


def text_direction(language_tag: str) -> str:
    """``rtl`` for right-to-left scripts (Dari, Pashto, Arabic), ``ltr`` for the others,
    ``auto`` when Babel does not know the language (the browser then decides)."""
    try:
        locale = Locale.parse(language_tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return "auto"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"
