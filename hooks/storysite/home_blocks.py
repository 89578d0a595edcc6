"""The blocks of the home page and of hand-written pages: the featured stories, one
story's quote, the figures, the counter and the takedown notice."""

from __future__ import annotations

from .site_data import SiteData


def featured_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"stories": tuple(story for story in site.stories if story.featured)}


def quote_block(argument: str | None, site: SiteData) -> dict[str, object]:
    # A story left out today (consent) simply is not shown: the block draws nothing.
    return {"story": next((story for story in site.stories if story.slug == argument), None)}


def figures_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit != "count")}


def counter_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit == "count")}


def takedown_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {}  # the template reads extra.takedown of mkdocs.yml
