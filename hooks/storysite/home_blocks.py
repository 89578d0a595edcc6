"""The blocks of the home page and of hand-written pages: the featured stories, one
story's quote, the figures, the counter and the takedown notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .excerpt import card_excerpt
from .model import Story
from .photos import ProcessedPhoto
from .site_data import SiteData

# The hero's words must fit a phone's first screen beside the headline: about five lines.
HERO_QUOTE_LIMIT = 200


@dataclass(frozen=True)
class Hero:
    """The testimony a page's hero opens with (home.html reads it as ``hero``): the
    story, its photo (None without one) and its words as the hero shows them."""

    story: Story
    photo: ProcessedPhoto | None
    quote: str  # whole sentences from the start (excerpt.card_excerpt), the story links to the rest


def hero_story(site: SiteData) -> Story | None:
    """The story the hero opens with: the first featured story with a photo, else the
    first featured story, else the newest story; None when nothing is published."""
    featured = [story for story in site.stories if story.featured] or list(site.stories[:1])
    return next((story for story in featured if story.slug in site.photographed), featured[0] if featured else None)


def hero(site: SiteData, photos: Mapping[str, ProcessedPhoto]) -> Hero | None:
    """The hero of :func:`hero_story`, with its photo and its words; None without stories."""
    story = hero_story(site)
    if story is None:
        return None
    return Hero(story, photos.get(story.slug), card_excerpt(story.quote, HERO_QUOTE_LIMIT))


def featured_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    """The featured stories but the hero's, whose words the page already opens with (its
    card stays when it is the only one: the section is never left empty by the hero)."""
    opening = hero_story(site)
    featured = tuple(story for story in site.stories if story.featured)
    return {"stories": tuple(story for story in featured if story is not opening) or featured}


def quote_block(argument: str | None, site: SiteData) -> dict[str, object]:
    # A story left out today (consent) simply is not shown: the block draws nothing.
    return {"story": next((story for story in site.stories if story.slug == argument), None)}


def figures_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit != "count")}


def counter_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit == "count")}


def takedown_block(argument: str | None, site: SiteData) -> dict[str, object]:
    return {}  # the template reads extra.takedown of mkdocs.yml
