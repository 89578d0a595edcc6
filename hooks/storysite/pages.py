"""The pages generated from content, and the block markers of a page's Markdown.

A *block marker* is an HTML comment in a page's Markdown, e.g. ``<!-- storysite:figures
-->``. Markdown keeps comments as they are, so after conversion each one is swapped for
its block (:data:`storysite.blocks.REGISTRY`). The stories index and the impact page are
tiny Markdown documents made of markers, which is how a hand-written page in ``docs/``
replaces one and still shows the stories. The pages of stories, countries and themes are
drawn whole by one template, from the story or block their :class:`GeneratedPage`
carries: editor text never passes through Markdown, because it only ever reaches a page
through a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .blocks import REGISTRY
from .errors import ContentError
from .fields import did_you_mean
from .model import Story
from .story_order import newest_first

# A well-formed block marker, the one definition: lower-case name right after the colon,
# at most one argument. Comments that only look like one are errors (docs_guard).
MARKER = re.compile(r"<!--\s*storysite:(?P<name>[a-z][a-z-]*)(?:[ \t]+(?P<argument>[^\s>]+))?\s*-->")
# Block name -> what its argument names ("story", "country", "theme"), or None when it
# takes none: the registry's blocks, as the checks of docs/ read them.
BLOCKS: dict[str, str | None] = {
    name: block.argument.kind if block.argument else None for name, block in REGISTRY.items()
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
    """A page that exists only in memory (MkDocs ``File.generated``).

    ``markdown`` is what MkDocs converts: the stories index's and the impact page's
    default text, which a page of docs/ at the same address replaces. A story's page
    carries its ``story`` and a country's or theme's page its ``block``; each is drawn
    whole by one template, and its ``markdown`` is empty.

    ``in_nav`` is False for the pages of stories, countries and themes: listed in the
    navigation, every page would carry all of them, and the build would grow with the
    square of their number. ``in_search`` is False for lists of stories (the index,
    countries, themes): they would only repeat each story's own entry in the search
    index, which every visitor downloads.
    """

    src_uri: str
    title: str
    description: str
    markdown: str = ""
    story: Story | None = None
    block: Marker | None = None
    in_nav: bool = False
    in_search: bool = True

    def settings(self) -> dict[str, Any]:
        """The page's settings for MkDocs (``page.meta``). Title and description carry
        editor text into Material's templates, which print them without escaping (the
        header, the search index): they go in escaped, as Markup, which our autoescaping
        templates print as they are."""
        settings: dict[str, Any] = {
            "title": escape(self.title), "description": escape(self.description), "hide": ["navigation", "toc"],
        }
        if not self.in_search:
            settings["search"] = {"exclude": True}
        return settings


def escape_settings(meta: MutableMapping[str, Any]) -> None:
    """A hand-written page's title and description, escaped in place for Material's
    templates, as :meth:`GeneratedPage.settings` does (values already Markup stay)."""
    for key in ("title", "description"):
        value = meta.get(key)
        if value is not None and not isinstance(value, Markup):
            meta[key] = escape(str(value))


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
        block = REGISTRY.get(marker.name)
        if block is None:
            errors.append(ContentError(shown_as, marker.line, field, "is not a block this page can show", did_you_mean(marker.name, REGISTRY)))
        elif block.argument is not None and marker.argument is None:
            argument = block.argument
            errors.append(ContentError(
                shown_as, marker.line, field, f"needs {argument.described}",
                f"write <!-- storysite:{marker.name} {argument.placeholder} -->, {argument.where}",
            ))
        elif block.argument is None and marker.argument is not None:
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


def plan_pages(published: Iterable[Story]) -> list[GeneratedPage]:
    """The generated pages: the stories index, the impact page, a page per published
    story, and a page per country and theme that has at least one published story.

    The index and impact page are plain defaults: a hand-written ``docs/stories/index.md``
    or ``docs/impact.md`` replaces them (the adapter skips generated pages that exist)."""
    ordered = newest_first(published)
    pages = [
        GeneratedPage(STORIES_INDEX, "Stories", "Every published testimony, newest first.",
                      markdown="# Stories\n\n<!-- storysite:all-stories -->\n", in_nav=True, in_search=False),
        GeneratedPage(IMPACT_PAGE, "Impact", "The programme's figures, with their sources.",
                      markdown="# Impact\n\n<!-- storysite:impact -->\n", in_nav=True),
    ]
    for story in ordered:
        pages.append(GeneratedPage(f"stories/{story.slug}.md", story.speaker.title, story.quote, story=story))
    countries = {story.country.code: story.country for story in ordered}
    for country in sorted(countries.values(), key=lambda c: c.name):
        pages.append(
            GeneratedPage(
                f"{country.url.rstrip('/')}.md", f"Stories from {country.name}",
                country.description or f"Testimonies from {country.name}.",
                block=Marker("country", country.slug, 0), in_search=False,
            )
        )
    themes = {theme.id: theme for story in ordered for theme in story.themes}
    for theme in sorted(themes.values(), key=lambda t: t.label):
        pages.append(
            GeneratedPage(
                f"{theme.url.rstrip('/')}.md", f"Stories about {theme.label.lower()}", theme.description,
                block=Marker("theme", theme.id, 0), in_search=False,
            )
        )
    return pages
