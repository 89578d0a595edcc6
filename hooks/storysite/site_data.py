"""What the blocks of a build draw from, gathered once per build by
:mod:`storysite.build_state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .impact import ShownFigure
from .model import Country, Story, Theme
from .pagination import PAGE_SIZE


@dataclass(frozen=True)
class SiteData:
    """What blocks draw from: the published stories, newest first, and the figures."""

    stories: tuple[Story, ...]
    figures: tuple[ShownFigure, ...]
    countries: tuple[Country, ...]  # all of data/countries.yml, with or without stories
    themes: tuple[Theme, ...]
    site_url: str  # absolute, ending in "/": share links and the feed need full addresses
    locale: str
    related: dict[str, tuple[Story, ...]] = field(default_factory=dict)  # by slug, see related_stories
    following: dict[str, Story] = field(default_factory=dict)  # by slug, see next_stories
    page_size: int = PAGE_SIZE  # cards a page of every list of stories (storysite.pagination)
    photographed: frozenset[str] = frozenset()  # the slugs of the stories with a published photo

    # The lists of stories, worked out once per build, not once per page of a list (a build
    # of 10,000 stories draws some 1,700 of them).

    @cached_property
    def by_country(self) -> dict[Country, tuple[Story, ...]]:
        """The stories of each country that has any, in :attr:`stories`' order."""
        grouped: dict[Country, list[Story]] = {}
        for story in self.stories:
            grouped.setdefault(story.country, []).append(story)
        return {country: tuple(listed) for country, listed in grouped.items()}

    @cached_property
    def by_theme(self) -> dict[Theme, tuple[Story, ...]]:
        """The stories of each theme that has any, in :attr:`stories`' order."""
        grouped: dict[Theme, list[Story]] = {}
        for story in self.stories:
            for theme in story.themes:
                grouped.setdefault(theme, []).append(story)
        return {theme: tuple(listed) for theme, listed in grouped.items()}
