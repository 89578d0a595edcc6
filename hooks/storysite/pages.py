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

from .errors import ContentError
from .fields import did_you_mean
from .model import Story

# A well-formed block marker, the one definition: lower-case name right after the colon,
# at most one argument. Comments that only look like one are errors (docs_guard).
MARKER = re.compile(r"<!--\s*storysite:(?P<name>[a-z][a-z-]*)(?:[ \t]+(?P<argument>[^\s>]+))?\s*-->")
# Block name -> what its argument names, or None when it takes none.
BLOCKS: dict[str, str | None] = {
    "story": None,  # the testimony itself: generated story pages only
    "all-stories": None,  # every story as a card, with the country and theme filters
    "featured-stories": None,
    "quote": "story",  # <!-- storysite:quote monday -->: one story's quote, linking to it
    "country": "country",  # <!-- storysite:country nigeria -->: a country and its stories
    "theme": "theme",  # <!-- storysite:theme early-marriage -->: a theme and its stories
    "figures": None,  # the programme's percentages, as big numbers
    "counter": None,  # the programme's counts ("over 50,894 men")
    "takedown": None,  # how to ask for a story to be taken down (extra.takedown)
    "impact": None,  # every figure: counters, charts, a table and the sources
}
_ARGUMENT_EXAMPLES = {"story": "monday", "country": "nigeria", "theme": "early-marriage"}
_ARGUMENT_NAMES = {"story": "a story's file name", "country": "a country's address name", "theme": "a theme id"}
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
    """A page that exists only in memory (MkDocs ``File.generated``).

    ``in_nav`` is False for the pages of stories, countries and themes: listed in the
    navigation, every page would carry all of them, and the build would grow with the
    square of their number. ``in_search`` is False for lists of stories (the index,
    countries, themes): they would only repeat each story's own entry in the search
    index, which every visitor downloads.
    """

    src_uri: str
    markdown: str
    title: str
    description: str
    story: Story | None = None
    in_nav: bool = False
    in_search: bool = True


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
            kind = BLOCKS[marker.name] or ""
            errors.append(ContentError(shown_as, marker.line, field, f"needs {_ARGUMENT_NAMES[kind]}", f"e.g. <!-- storysite:{marker.name} {_ARGUMENT_EXAMPLES[kind]} -->"))
        elif not BLOCKS[marker.name] and marker.argument is not None:
            errors.append(ContentError(shown_as, marker.line, field, f"takes nothing after its name, not '{marker.argument}'", f"write <!-- storysite:{marker.name} -->"))
    return errors


def missing_targets(markdown: str, shown_as: str, known: dict[str, list[str]]) -> list[ContentError]:
    """Blocks naming a story, country or theme that does not exist (``known`` maps each
    kind to its names). Not errors: deleting a story's file is one way to take it down,
    and a takedown must never be blocked by a page that quoted the story."""
    notes: list[ContentError] = []
    for marker in find_markers(markdown):
        kind = BLOCKS.get(marker.name)
        if kind is None or marker.argument is None or marker.argument in known.get(kind, []):
            continue
        notes.append(
            ContentError(
                shown_as, marker.line, f"storysite:{marker.name}",
                f"'{marker.argument}' is not a {kind} of this site, so the block shows nothing",
                did_you_mean(marker.argument, sorted(known.get(kind, []))),
            )
        )
    return notes


def fill_markers(html: str, render: Callable[[Marker], str]) -> str:
    """``html`` with each marker replaced by ``render(marker)``."""
    return MARKER.sub(lambda match: render(Marker(match["name"], match["argument"], 0)), html)


def newest_first(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Newest on the site first (:func:`newest_key`)."""
    return tuple(sorted(stories, key=newest_key))


def newest_key(story: Story) -> tuple[bool, int, int, str]:
    """The sort key of "newest first": the day the story went on the site (``published``),
    which the feed prints, so the site's order and the feed's dates agree. A story
    without it counts as published today (the feed dates it so) and comes first. Ties
    go to the later recording, which orders but is never printed, then to the slug, so
    the order never varies."""
    published = story.published
    return (published is not None, -published.toordinal() if published else 0, -story.collected.toordinal(), story.slug)


def story_title(story: Story) -> str:
    """The page title (:attr:`storysite.speaker.Speaker.title`)."""
    return story.speaker.title


def plan_pages(published: Iterable[Story]) -> list[GeneratedPage]:
    """The generated pages: the stories index, the impact page, a page per published
    story, and a page per country and theme that has at least one published story.

    The index and impact page are plain defaults: a hand-written ``docs/stories/index.md``
    or ``docs/impact.md`` replaces them (the adapter skips generated pages that exist)."""
    ordered = newest_first(published)
    pages = [
        GeneratedPage(STORIES_INDEX, "# Stories\n\n<!-- storysite:all-stories -->\n", "Stories",
                      "Every published testimony, newest first.", in_nav=True, in_search=False),
        GeneratedPage(IMPACT_PAGE, "# Impact\n\n<!-- storysite:impact -->\n", "Impact",
                      "The programme's figures, with their sources.", in_nav=True),
    ]
    for story in ordered:
        pages.append(GeneratedPage(f"stories/{story.slug}.md", "<!-- storysite:story -->\n", story_title(story), story.quote, story))
    countries = {story.country.code: story.country for story in ordered}
    for country in sorted(countries.values(), key=lambda c: c.name):
        pages.append(
            GeneratedPage(
                f"{country.url.rstrip('/')}.md", f"<!-- storysite:country {country.slug} -->\n",
                f"Stories from {country.name}", country.description or f"Testimonies from {country.name}.",
                in_search=False,
            )
        )
    themes = {theme.id: theme for story in ordered for theme in story.themes}
    for theme in sorted(themes.values(), key=lambda t: t.label):
        pages.append(
            GeneratedPage(
                f"{theme.url.rstrip('/')}.md", f"<!-- storysite:theme {theme.id} -->\n",
                f"Stories about {theme.label.lower()}", theme.description, in_search=False,
            )
        )
    return pages
