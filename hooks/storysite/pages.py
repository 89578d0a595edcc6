"""The pages generated from content, and the checks of the block markers of a page's
Markdown against the blocks that exist.

A *block marker* is an HTML comment in a page's Markdown, e.g. ``<!-- storysite:figures
-->`` (found and replaced by :mod:`storysite.block_markers`). Markdown keeps comments as
they are, so after conversion each one is swapped for its block
(:data:`storysite.blocks.REGISTRY`). The stories index and the impact page are
tiny Markdown documents made of markers, which is how a hand-written page in ``docs/``
replaces one and still shows the stories. The pages of stories, countries and themes are
drawn whole by one template, from the story or block their :class:`GeneratedPage`
carries: editor text never passes through Markdown, because it only ever reaches a page
through a template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .block_markers import Marker, find_markers
from .blocks import REGISTRY
from .errors import ContentError
from .fields import did_you_mean
from .model import Story
from .pagination import PAGE_SIZE, Paging, page_count, page_src_uri
from .story_order import newest_first

# Block name -> what its argument names ("story", "country", "theme"), or None when it
# takes none: the registry's blocks, as the checks of docs/ read them.
BLOCKS: dict[str, str | None] = {
    name: block.argument.kind if block.argument else None for name, block in REGISTRY.items()
}
STORIES_INDEX = "stories/index.md"
IMPACT_PAGE = "impact.md"


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory (MkDocs ``File.generated``).

    ``markdown`` is what MkDocs converts: the stories index's and the impact page's
    default text, which a page of docs/ at the same address replaces. A story's page
    carries its ``story``, and a country's or theme's page and every further page of a
    list (``stories/page/2.md``) its ``block``; each is drawn whole by one template
    (:attr:`drawn_whole`: MkDocs never converts it), and its ``markdown`` is empty.

    ``in_nav`` is False for the pages of stories, countries and themes: listed in the
    navigation, every page would carry all of them, and the build would grow with the
    square of their number. ``in_search`` is False for lists of stories (the index,
    countries, themes): they would only repeat each story's own entry in the search
    index, which every visitor downloads. ``page_number`` is the page of its list that a
    list's ``block`` (stories index, country, theme) draws: 2 and more for the further
    pages of a list (``stories/page/2.md``).
    """

    src_uri: str
    title: str
    description: str
    markdown: str = ""
    story: Story | None = None
    block: Marker | None = None
    in_nav: bool = False
    in_search: bool = True
    page_number: int = 1  # of a list cut into pages: which page ``block`` draws

    def __post_init__(self) -> None:
        # A page drawn whole is never converted: Markdown given to it would be lost unseen.
        if self.drawn_whole and self.markdown:
            raise ValueError(f"{self.src_uri}: a page drawn from its story or block has no Markdown")

    @property
    def drawn_whole(self) -> bool:
        """Drawn whole from its story or block (BuildState.draw): there is no Markdown to
        convert, so the adapter spares MkDocs the work (a Markdown converter for each of
        thousands of pages)."""
        return self.story is not None or self.block is not None

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


def plan_pages(published: Iterable[Story], page_size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """The generated pages: the stories index, the impact page, a page per published
    story, and a page per country and theme that has at least one published story; each
    list of stories cut into pages of ``page_size`` (:mod:`storysite.pagination`), its
    first page at its own address, the further ones at ``<address>page/<n>/``.

    The index and impact page are plain defaults: a hand-written ``docs/stories/index.md``
    or ``docs/impact.md`` replaces them (the adapter skips generated pages that exist).
    The index's further pages are generated all the same: the all-stories block of such
    a page draws the first page and links them."""
    ordered = newest_first(published)
    pages = [
        GeneratedPage(STORIES_INDEX, "Stories", "Every published testimony, newest first.",
                      markdown="# Stories\n\n<!-- storysite:all-stories -->\n", in_nav=True, in_search=False),
        *_further_pages("stories/", len(ordered), page_size, "Stories", "Every published testimony, newest first.", Marker("all-stories", None, 0)),
        GeneratedPage(IMPACT_PAGE, "Impact", "The programme's figures, with their sources.",
                      markdown="# Impact\n\n<!-- storysite:impact -->\n", in_nav=True),
    ]
    for story in ordered:
        pages.append(GeneratedPage(f"stories/{story.slug}.md", story.speaker.title, story.quote, story=story))
    countries = Counter(story.country for story in ordered)
    for country in sorted(countries, key=lambda c: c.name):
        title, description = f"Stories from {country.name}", country.description or f"Testimonies from {country.name}."
        marker = Marker("country", country.slug, 0)
        pages.append(GeneratedPage(f"{country.url.rstrip('/')}.md", title, description, block=marker, in_search=False))
        pages += _further_pages(country.url, countries[country], page_size, title, description, marker)
    themes = Counter(theme for story in ordered for theme in story.themes)
    for theme in sorted(themes, key=lambda t: t.label):
        title, marker = f"Stories about {theme.label.lower()}", Marker("theme", theme.id, 0)
        pages.append(GeneratedPage(f"{theme.url.rstrip('/')}.md", title, theme.description, block=marker, in_search=False))
        pages += _further_pages(theme.url, themes[theme], page_size, title, theme.description, marker)
    return pages


def _further_pages(first: str, total: int, page_size: int, title: str, description: str, marker: Marker) -> list[GeneratedPage]:
    """Pages 2 and later of the list at ``first`` of ``total`` stories, each drawn by
    ``marker``'s block at its number, titled e.g. "Stories — page 2 of 40"."""
    count = page_count(total, page_size)
    return [
        GeneratedPage(
            page_src_uri(first, number), title + Paging(number, count, first).title_suffix, description,
            block=marker, in_search=False, page_number=number,
        )
        for number in range(2, count + 1)
    ]
