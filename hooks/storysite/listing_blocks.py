"""The blocks that list stories: the stories index with its filter, and the pages of a
country and of a theme, each cut into pages of ``site.page_size`` cards
(:mod:`storysite.pagination`).

A block marker in a hand-written page draws a list's first page; the further pages are
generated pages (:func:`storysite.pages.plan_pages`) drawn by :func:`listing_page`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .model import Country, Story, Theme
from .pagination import Paging, page_count, page_items
from .site_data import SiteData

# The stories index's address: its first page, and the start of its further pages'.
STORIES_URL = "stories/"


@dataclass(frozen=True)
class Facet:
    """A country or theme in the stories filter, with how many stories it holds."""

    id: str  # what the filter matches on the cards: a country slug or a theme id
    label: str
    url: str
    count: int


def facets(stories: tuple[Story, ...]) -> tuple[tuple[Facet, ...], tuple[Facet, ...]]:
    """The countries and the themes of ``stories``, by name, with their story counts."""
    country_counts = Counter(story.country for story in stories)
    theme_counts: Counter[Theme] = Counter(theme for story in stories for theme in story.themes)
    countries = tuple(
        Facet(country.slug, country.name, country.url, count)
        for country, count in sorted(country_counts.items(), key=lambda item: item[0].name)
    )
    themes = tuple(
        Facet(theme.id, theme.label, theme.url, count)
        for theme, count in sorted(theme_counts.items(), key=lambda item: item[0].label)
    )
    return countries, themes


@dataclass(frozen=True)
class _Lists:
    """The lists of one tuple of stories, by country and by theme (in its order), and
    the filter's facets: worked out once per build, not once per page (a build of 10,000
    stories draws about 1,700 pages of lists)."""

    stories: tuple[Story, ...]
    countries: tuple[Facet, ...]
    themes: tuple[Facet, ...]
    by_country: dict[Country, tuple[Story, ...]]
    by_theme: dict[Theme, tuple[Story, ...]]


_last: list[_Lists] = []  # the lists of the stories last asked about (one build's)


def _lists(stories: tuple[Story, ...]) -> _Lists:
    """The :class:`_Lists` of ``stories``, kept for the next call with the same tuple."""
    if _last and _last[0].stories is stories:
        return _last[0]
    by_country: dict[Country, list[Story]] = {}
    by_theme: dict[Theme, list[Story]] = {}
    for story in stories:
        by_country.setdefault(story.country, []).append(story)
        for theme in story.themes:
            by_theme.setdefault(theme, []).append(story)
    countries, themes = facets(stories)
    lists = _Lists(
        stories, countries, themes,
        {country: tuple(listed) for country, listed in by_country.items()},
        {theme: tuple(listed) for theme, listed in by_theme.items()},
    )
    _last[:] = [lists]
    return lists


def _paged(stories: tuple[Story, ...], first: str, number: int, site: SiteData) -> dict[str, object]:
    """Page ``number`` of ``stories``, the list at ``first``: its cards and its place.
    A number past the last page gives that page's place and no cards."""
    count = page_count(len(stories), site.page_size)
    return {"stories": tuple(page_items(stories, number, site.page_size)), "paging": Paging(number, count, first)}


def stories_page(site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of every story, with the filter's countries and themes (of all
    stories, not only the page's)."""
    lists = _lists(site.stories)
    return {**_paged(site.stories, STORIES_URL, number, site), "countries": lists.countries, "themes": lists.themes}


def country_page(argument: str | None, site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of the stories of the country whose address name is ``argument``
    (``country`` None and no stories when there is none)."""
    country = next((country for country in site.countries if country.slug == argument), None)
    if country is None:
        return {"country": None, "stories": (), "paging": None}
    stories = _lists(site.stories).by_country.get(country, ())
    return {"country": country, **_paged(stories, country.url, number, site)}


def theme_page(argument: str | None, site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of the stories of the theme ``argument`` (``theme`` None and no
    stories when there is none)."""
    theme = next((theme for theme in site.themes if theme.id == argument), None)
    if theme is None:
        return {"theme": None, "stories": (), "paging": None}
    stories = _lists(site.stories).by_theme.get(theme, ())
    return {"theme": theme, **_paged(stories, theme.url, number, site)}


def all_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    """The stories index's first page (the block ``all-stories``)."""
    return stories_page(site, 1)


def country_block(argument: str | None, site: SiteData) -> dict[str, object]:
    """A country's first page (the block ``country``)."""
    return country_page(argument, site, 1)


def theme_block(argument: str | None, site: SiteData) -> dict[str, object]:
    """A theme's first page (the block ``theme``)."""
    return theme_page(argument, site, 1)


_PAGED: dict[str, Callable[[str | None, SiteData, int], dict[str, object]]] = {
    "all-stories": lambda argument, site, number: stories_page(site, number),
    "country": country_page,
    "theme": theme_page,
}


def listing_page(name: str, argument: str | None, site: SiteData, number: int) -> dict[str, object]:
    """The data of page ``number`` of the list block ``name`` (``all-stories``,
    ``country`` or ``theme``) with ``argument``; KeyError for any other block."""
    return _PAGED[name](argument, site, number)
