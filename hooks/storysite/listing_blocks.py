"""The blocks that list stories: the stories index with its filter, and the pages of a
country and of a theme, each cut into pages of ``site.page_size`` cards
(:mod:`storysite.pagination`).

A block marker in a hand-written page draws a list's first page; the further pages are
generated pages (:func:`storysite.pages.plan_pages`) drawn by :func:`listing_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Story
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


def facets(site: SiteData) -> tuple[tuple[Facet, ...], tuple[Facet, ...]]:
    """The countries and the themes of the site's stories, by name, with their story counts."""
    countries = tuple(
        Facet(country.slug, country.name, country.url, len(listed))
        for country, listed in sorted(site.by_country.items(), key=lambda item: item[0].name)
    )
    themes = tuple(
        Facet(theme.id, theme.label, theme.url, len(listed))
        for theme, listed in sorted(site.by_theme.items(), key=lambda item: item[0].label)
    )
    return countries, themes


def _paged(stories: tuple[Story, ...], first: str, number: int, site: SiteData) -> dict[str, object]:
    """Page ``number`` of ``stories``, the list at ``first``: its cards and its place.
    A number past the last page gives that page's place and no cards."""
    count = page_count(len(stories), site.page_size)
    return {"stories": tuple(page_items(stories, number, site.page_size)), "paging": Paging(number, count, first)}


def stories_page(site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of every story, with the filter's countries and themes (of all
    stories, not only the page's)."""
    countries, themes = facets(site)
    return {**_paged(site.stories, STORIES_URL, number, site), "countries": countries, "themes": themes}


def country_page(argument: str | None, site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of the stories of the country whose address name is ``argument``
    (``country`` None and no stories when there is none)."""
    country = next((country for country in site.countries if country.slug == argument), None)
    if country is None:
        return {"country": None, "stories": (), "paging": None}
    stories = site.by_country.get(country, ())
    return {"country": country, **_paged(stories, country.url, number, site)}


def theme_page(argument: str | None, site: SiteData, number: int) -> dict[str, object]:
    """Page ``number`` of the stories of the theme ``argument`` (``theme`` None and no
    stories when there is none)."""
    theme = next((theme for theme in site.themes if theme.id == argument), None)
    if theme is None:
        return {"theme": None, "stories": (), "paging": None}
    stories = site.by_theme.get(theme, ())
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
