"""The blocks that list stories: the stories index with its filter, and the pages of a
country and of a theme."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Story, Theme
from .site_data import SiteData


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


def all_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    countries, themes = facets(site.stories)
    return {"stories": site.stories, "countries": countries, "themes": themes}


def country_block(argument: str | None, site: SiteData) -> dict[str, object]:
    country = next((country for country in site.countries if country.slug == argument), None)
    return {"country": country, "stories": tuple(story for story in site.stories if story.country == country)}


def theme_block(argument: str | None, site: SiteData) -> dict[str, object]:
    theme = next((theme for theme in site.themes if theme.id == argument), None)
    return {"theme": theme, "stories": tuple(story for story in site.stories if theme in story.themes)}
